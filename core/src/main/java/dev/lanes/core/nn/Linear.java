package dev.lanes.core.nn;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.init.Init;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer, PyTorch layout: {@code weight [out, in]}, {@code bias [out]}.
 *
 * <pre>
 * forward:   y = x W^T + b                       x [batch, in], y [batch, out]
 * backward:  dW += dy^T x;  db += sum_rows dy;  dx = dy W
 * </pre>
 * All three products run through {@code Gemm.sgemm}; the bias add and the bias gradient through
 * {@code Vectors.addRow} / {@code Vectors.columnSums}.
 *
 * <p>Initialization as PyTorch's {@code nn.Linear.reset_parameters}: weight and bias from
 * {@code U(-1/sqrt(in), 1/sqrt(in))} (that is Kaiming-uniform with {@code a = sqrt(5)}), drawn
 * from the given generator; {@link Init} offers the other schemes.
 */
public final class Linear extends AbstractLayer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> params;

    /** A layer with bias, initialized as PyTorch does, from {@code rng}. */
    public Linear(int in, int out, RandomGenerator rng) {
        this(in, out, true, rng);
    }

    /** A layer with or without bias, initialized as PyTorch does, from {@code rng}. */
    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        if (in < 1) {
            throw new IllegalArgumentException("Linear: in must be >= 1, got " + in);
        }
        if (out < 1) {
            throw new IllegalArgumentException("Linear: out must be >= 1, got " + out);
        }
        if (rng == null) {
            throw new IllegalArgumentException("Linear: rng must not be null");
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", out, in);
        this.bias = bias ? new Parameter("bias", out) : null;
        this.params = bias ? List.of(weight, this.bias) : List.of(weight);
        double bound = 1 / Math.sqrt(in);
        Init.uniform(weight.value(), -bound, bound, rng);
        if (bias) {
            Init.uniform(this.bias.value(), -bound, bound, rng);
        }
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    /** The weight {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}, or {@code null} for a layer without bias. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public Tensor forward(Tensor x) {
        check2d(x, in);
        int batch = x.dim(0);
        if (output == null || !output.is2d(batch, out)) {
            output = new Tensor(batch, out);
        }
        input = x;
        float[] y = output.data();
        kernels.gemm().sgemm(y, 0, out, x.data(), 0, in, false, weight.value().data(), 0, in, true,
                batch, out, in, 1f, 0f);
        if (bias != null) {
            kernels.vectors().addRow(y, 0, bias.value().data(), 0, batch, out);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkBackward(dy);
        int batch = input.dim(0);
        float[] g = dy.data();
        // dW [out, in] += dy^T [out, batch] * x [batch, in]
        kernels.gemm().sgemm(weight.grad().data(), 0, in, g, 0, out, true, input.data(), 0, in, false,
                out, in, batch, 1f, 1f);
        if (bias != null) {
            kernels.vectors().columnSums(bias.grad().data(), 0, g, 0, batch, out);
        }
        if (!inputGradient) {
            return null;
        }
        if (gradInput == null || !gradInput.is2d(batch, in)) {
            gradInput = new Tensor(batch, in);
        }
        // dx [batch, in] = dy [batch, out] * W [out, in]
        kernels.gemm().sgemm(gradInput.data(), 0, in, g, 0, out, false, weight.value().data(), 0, in, false,
                batch, in, out, 1f, 0f);
        return gradInput;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        check2dShape(inputShape, in, describe());
        return new int[] {inputShape[0], out};
    }

    @Override
    public String describe() {
        return "Linear(" + in + " -> " + out + (bias != null ? ", bias)" : ", no bias)");
    }
}
