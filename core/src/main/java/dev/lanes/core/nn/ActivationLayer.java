package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import dev.lanes.kernels.Activations;

/**
 * Base of the parameter-free activation layers: an input of any shape maps to an output of the
 * same shape through one {@link Activations} kernel; the backward zeroes the owned input-gradient
 * buffer and lets the backward kernel accumulate into it. Row-wise activations (softmax,
 * log-softmax) treat the last dimension as the row.
 */
public abstract class ActivationLayer extends AbstractLayer {
    protected final Activations act = kernels.activations();

    ActivationLayer() {
    }

    /** Writes the activation of {@code x} into {@code y} ({@code n} elements, last dim {@code cols}). */
    abstract void apply(float[] y, float[] x, int n, int cols);

    /** Accumulates {@code dx += dy * f'(...)} given the forward's input {@code x} and output {@code y}. */
    abstract void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols);

    @Override
    public Tensor forward(Tensor x) {
        requireNonNull(x, "input", this);
        Tensor y = outputLike(x);
        input = x;
        int n = x.size();
        if (n > 0) {
            apply(y.data(), x.data(), n, x.lastDim());
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkBackward(dy);
        if (!inputGradient) {
            return null;
        }
        Tensor dx = gradInputLike(input);
        int n = dx.size();
        if (n > 0) {
            kernels.vectors().fill(dx.data(), 0, 0f, n);
            derive(dx.data(), dy.data(), input.data(), output.data(), n, input.lastDim());
        }
        return dx;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape == null) {
            throw new IllegalArgumentException(describe() + ": input shape must not be null");
        }
        return inputShape.clone();
    }
}
