package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import dev.lanes.kernels.Kernels;

/**
 * Shared plumbing of the layers: training flag, the cached input, and the output and
 * input-gradient buffers that are reallocated only when the input shape changes.
 */
abstract class AbstractLayer implements Layer, Cloneable {
    /** The kernel set every layer computes with. */
    protected final Kernels kernels = Kernels.get();
    protected boolean training = true;
    protected boolean inputGradient = true;
    /** Set on an {@link #inferenceCopy()}: evaluation mode only, no backward. */
    private boolean inferenceOnly;
    /** The input of the last forward (not owned: the caller keeps it unchanged until backward). */
    protected Tensor input;
    /** Owned output buffer. */
    protected Tensor output;
    /** Owned input-gradient buffer. */
    protected Tensor gradInput;

    @Override
    public void train(boolean training) {
        if (training && inferenceOnly) {
            throw new IllegalStateException(describe() + ": an inference copy stays in evaluation mode");
        }
        this.training = training;
    }

    /**
     * A shallow copy (parameters, running statistics and kernels shared, read only) with its own
     * output buffers and per-call scratch, in evaluation mode; see {@link Layer#inferenceCopy()}.
     */
    @Override
    public Layer inferenceCopy() {
        AbstractLayer c;
        try {
            c = (AbstractLayer) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        c.inferenceOnly = true;
        c.training = false;
        c.input = null;
        c.output = null;
        c.gradInput = null;
        c.detachScratch();
        return c;
    }

    /**
     * Gives an inference copy its own arrays for whatever an evaluation-mode forward writes besides
     * {@link #output} (e.g. batch norm's per-feature mean and rstd); a layer whose eval forward
     * writes only its output has nothing to do.
     */
    protected void detachScratch() {
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public void computeInputGradient(boolean required) {
        this.inputGradient = required;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Hot-path check: the message (and the layer's description) is built only on failure. */
    static void requireNonNull(Tensor t, String name, Layer layer) {
        if (t == null) {
            throw new IllegalArgumentException(layer.describe() + ": " + name + " must not be null");
        }
    }

    /** An output buffer with the input's shape (reused when the shape is unchanged). */
    protected final Tensor outputLike(Tensor x) {
        if (output == null || !output.sameShape(x)) {
            output = new Tensor(x.shape());
        }
        return output;
    }

    /** An input-gradient buffer with the input's shape (reused when the shape is unchanged). */
    protected final Tensor gradInputLike(Tensor x) {
        if (gradInput == null || !gradInput.sameShape(x)) {
            gradInput = new Tensor(x.shape());
        }
        return gradInput;
    }

    /** Checks that a forward ran and that {@code gradOutput} has the last output's shape. */
    protected final void checkBackward(Tensor gradOutput) {
        if (inferenceOnly) {
            throw new IllegalStateException(describe() + ": an inference copy has no backward (it shares the"
                    + " parameters' gradients); train the original");
        }
        if (input == null || output == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (gradOutput == null) {
            throw new IllegalArgumentException(describe() + ": gradOutput must not be null");
        }
        if (!gradOutput.sameShape(output)) {
            throw new IllegalArgumentException(describe() + ": gradOutput must have the output's shape "
                    + output.shapeString() + ", got " + gradOutput.shapeString());
        }
    }

    /** Requires a 2-D input {@code [batch, features]} with the given feature count. */
    protected final void check2d(Tensor x, int features) {
        requireNonNull(x, "input", this);
        if (x.rank() != 2 || x.dim(1) != features) {
            throw new IllegalArgumentException(describe() + ": input must have shape [batch, " + features
                    + "], got " + x.shapeString());
        }
    }

    static int[] check2dShape(int[] shape, int features, String layer) {
        if (shape == null || shape.length != 2 || shape[1] != features) {
            throw new IllegalArgumentException(layer + ": input must have shape [batch, " + features + "], got "
                    + java.util.Arrays.toString(shape));
        }
        return shape;
    }
}
