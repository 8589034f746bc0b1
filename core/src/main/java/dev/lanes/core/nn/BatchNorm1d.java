package dev.lanes.core.nn;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.kernels.Norms;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalization over {@code [batch, features]}, with PyTorch's {@code nn.BatchNorm1d}
 * semantics.
 *
 * <pre>
 * training:  y = (x - mean_B) / sqrt(var_B + eps) * gamma + beta       (var_B biased, 1/B)
 *            runningMean = (1 - momentum) * runningMean + momentum * mean_B
 *            runningVar  = (1 - momentum) * runningVar  + momentum * var_B * B/(B-1)   (unbiased)
 * eval:      y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta
 * </pre>
 * Defaults as PyTorch: {@code eps = 1e-5}, {@code momentum = 0.1}, affine ({@code gamma = 1},
 * {@code beta = 0}, parameters named {@code weight} and {@code bias}), running mean 0 and running
 * variance 1. Training needs at least 2 rows. The backward follows the mode of the last forward:
 * through the batch statistics in training, with the running statistics as constants in eval.
 * All the math runs in the {@link Norms} kernels.
 */
public final class BatchNorm1d extends AbstractLayer {
    private final int features;
    private final float eps;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final List<Parameter> params;
    private final float[] ones;
    private final float[] zeros;
    private final float[] scratchGrad;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Map<String, Tensor> buffers;
    /** Per-feature statistics of the last forward (written in both modes; own arrays per inference copy). */
    private float[] mean;
    private float[] rstd;
    private boolean lastForwardTrained;
    private long numBatchesTracked;

    /** Affine, eps 1e-5, momentum 0.1. */
    public BatchNorm1d(int features) {
        this(features, 1e-5f, 0.1f, true);
    }

    public BatchNorm1d(int features, float eps, float momentum, boolean affine) {
        if (features < 1) {
            throw new IllegalArgumentException("BatchNorm1d: features must be >= 1, got " + features);
        }
        if (!(eps >= 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("BatchNorm1d: eps must be finite and >= 0, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
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
        runningMean = new Tensor(features);
        runningVar = new Tensor(features);
        Arrays.fill(runningVar.data(), 1f);
        Map<String, Tensor> bufs = new LinkedHashMap<>();
        bufs.put("running_mean", runningMean);
        bufs.put("running_var", runningVar);
        buffers = Collections.unmodifiableMap(bufs);
        mean = new float[features];
        rstd = new float[features];
    }

    public int features() {
        return features;
    }

    /** The running mean {@code [features]} (a live view: updated by every training forward). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance {@code [features]} (a live view). */
    public Tensor runningVar() {
        return runningVar;
    }

    /**
     * PyTorch's {@code num_batches_tracked}: the number of training forwards so far. It does not
     * enter the math here (the momentum is fixed); it is kept so that model files carry PyTorch's
     * full state dict.
     */
    public long numBatchesTracked() {
        return numBatchesTracked;
    }

    /** Sets {@link #numBatchesTracked()} (when loading a model file or a checkpoint). */
    public void setNumBatchesTracked(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("BatchNorm1d: numBatchesTracked must be >= 0, got " + n);
        }
        numBatchesTracked = n;
    }

    /** {@code running_mean} and {@code running_var}, live (PyTorch's buffer names). */
    @Override
    public Map<String, Tensor> buffers() {
        return buffers;
    }

    /** gamma, or {@code null} when not affine. */
    public Parameter weight() {
        return gamma;
    }

    /** beta, or {@code null} when not affine. */
    public Parameter bias() {
        return beta;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public Tensor forward(Tensor x) {
        check2d(x, features);
        int batch = x.dim(0);
        Tensor y = outputLike(x);
        input = x;
        Norms norms = kernels.norms();
        float[] g = gamma != null ? gamma.value().data() : ones;
        float[] b = beta != null ? beta.value().data() : zeros;
        if (training) {
            if (batch < 2) {
                throw new IllegalArgumentException("BatchNorm1d: training needs more than 1 value per feature,"
                        + " got input shape " + x.shapeString() + " (use eval mode for single rows)");
            }
            norms.batchNormTrain(y.data(), 0, mean, 0, rstd, 0, runningMean.data(), 0, runningVar.data(), 0,
                    x.data(), 0, g, 0, b, 0, momentum, eps, batch, features);
            numBatchesTracked++;
        } else {
            norms.batchNormEval(y.data(), 0, mean, 0, rstd, 0, x.data(), 0, runningMean.data(), 0,
                    runningVar.data(), 0, g, 0, b, 0, eps, batch, features);
        }
        lastForwardTrained = training;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkBackward(dy);
        int batch = input.dim(0);
        Tensor dx = gradInputLike(input);
        kernels.vectors().fill(dx.data(), 0, 0f, dx.size());
        float[] dg;
        float[] db;
        int dbOff;
        if (gamma != null) {
            dg = gamma.grad().data();
            db = beta.grad().data();
            dbOff = 0;
        } else {
            dg = scratchGrad;
            db = scratchGrad;
            dbOff = features;
        }
        float[] g = gamma != null ? gamma.value().data() : ones;
        kernels.norms().batchNormBackward(dx.data(), 0, dg, 0, db, dbOff, dy.data(), 0, input.data(), 0,
                mean, 0, rstd, 0, g, 0, lastForwardTrained, batch, features);
        return inputGradient ? dx : null;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return check2dShape(inputShape, features, describe()).clone();
    }

    @Override
    public String describe() {
        return "BatchNorm1d(" + features + ", eps=" + eps + ", momentum=" + momentum
                + (gamma != null ? ")" : ", affine=false)");
    }

    @Override
    protected void detachScratch() {
        mean = new float[features];
        rstd = new float[features];
    }
}
