package dev.lanes.core.nn;

/** Softplus as PyTorch: {@code y = beta*x > threshold ? x : log(1 + exp(beta*x)) / beta} (defaults beta 1, threshold 20). */
public final class Softplus extends ActivationLayer {
    private final float beta;
    private final float threshold;

    /** Beta 1, threshold 20, as PyTorch. */
    public Softplus() {
        this(1f, 20f);
    }

    public Softplus(float beta, float threshold) {
        if (!(beta > 0) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("Softplus: beta must be finite and > 0, got " + beta);
        }
        if (Float.isNaN(threshold)) {
            throw new IllegalArgumentException("Softplus: threshold must not be NaN");
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.softplus(y, 0, x, 0, beta, threshold, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.softplusBackward(dx, 0, dy, 0, x, 0, beta, threshold, n);
    }

    @Override
    public String describe() {
        return "Softplus(beta=" + beta + ", threshold=" + threshold + ")";
    }
}
