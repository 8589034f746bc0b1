package dev.lanes.core.nn;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Layer normalization over the last dimension, as PyTorch's {@code nn.LayerNorm(normalized_shape=features)}:
 * <pre>
 * y[r, :] = (x[r, :] - mean_r) / sqrt(var_r + eps) * gamma + beta     (var_r biased, 1/features)
 * </pre>
 * for every row {@code r} of an input of any rank whose last dimension is {@code features}. Same in
 * training and eval. Defaults: {@code eps = 1e-5}, affine ({@code weight = 1}, {@code bias = 0}).
 * The math runs in the {@code Norms} kernels.
 */
public final class LayerNorm extends AbstractLayer {
    private final int features;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final List<Parameter> params;
    private final float[] ones;
    private final float[] zeros;
    private final float[] scratchGrad;
    private float[] mean = new float[0];
    private float[] rstd = new float[0];

    /** Affine, eps 1e-5. */
    public LayerNorm(int features) {
        this(features, 1e-5f, true);
    }

    public LayerNorm(int features, float eps, boolean affine) {
        if (features < 1) {
            throw new IllegalArgumentException("LayerNorm: features must be >= 1, got " + features);
        }
        if (!(eps >= 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be finite and >= 0, got " + eps);
        }
        this.features = features;
        this.eps = eps;
        if (affine) {
            gamma = new Parameter("weight", features);
            beta = new Parameter("bias", features);
            Arrays.fill(gamma.value().data(), 1f);
            params = List.of(gamma, beta);
            ones = null;
            zeros = null;
            scratchGrad = null;
        } else {
            gamma = null;
            beta = null;
            params = List.of();
            ones = new float[features];
            Arrays.fill(ones, 1f);
            zeros = new float[features];
            scratchGrad = new float[2 * features];
        }
    }

    public Parameter weight() {
        return gamma;
    }

    public Parameter bias() {
        return beta;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    private void checkInput(Tensor x) {
        requireNonNull(x, "input", this);
        if (x.rank() < 1 || x.lastDim() != features) {
            throw new IllegalArgumentException(describe() + ": input's last dimension must be " + features
                    + ", got shape " + x.shapeString());
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        int rows = x.size() / features;
        Tensor y = outputLike(x);
        if (mean.length != rows) {
            mean = new float[rows];
            rstd = new float[rows];
        }
        input = x;
        kernels.norms().layerNorm(y.data(), 0, mean, 0, rstd, 0, x.data(), 0,
                gamma != null ? gamma.value().data() : ones, 0, beta != null ? beta.value().data() : zeros, 0,
                eps, rows, features);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkBackward(dy);
        int rows = input.size() / features;
        Tensor dx = gradInputLike(input);
        kernels.vectors().fill(dx.data(), 0, 0f, dx.size());
        float[] dg = gamma != null ? gamma.grad().data() : scratchGrad;
        float[] db = beta != null ? beta.grad().data() : scratchGrad;
        kernels.norms().layerNormBackward(dx.data(), 0, dg, 0, db, beta != null ? 0 : features, dy.data(), 0,
                input.data(), 0, mean, 0, rstd, 0, gamma != null ? gamma.value().data() : ones, 0, rows, features);
        return inputGradient ? dx : null;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape == null || inputShape.length < 1 || inputShape[inputShape.length - 1] != features) {
            throw new IllegalArgumentException(describe() + ": input's last dimension must be " + features
                    + ", got shape " + Arrays.toString(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return "LayerNorm(" + features + ", eps=" + eps + (gamma != null ? ")" : ", affine=false)");
    }

    @Override
    protected void detachScratch() {
        mean = new float[0];
        rstd = new float[0];
    }
}
