package dev.lanes.core.nn;

/** ELU: {@code y = x > 0 ? x : alpha * (exp(x) - 1)} (PyTorch's default alpha 1). */
public final class ELU extends ActivationLayer {
    private final float alpha;

    /** Alpha 1, as PyTorch. */
    public ELU() {
        this(1f);
    }

    public ELU(float alpha) {
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    public float alpha() {
        return alpha;
    }

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.elu(y, 0, x, 0, alpha, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.eluBackward(dx, 0, dy, 0, x, 0, alpha, n);
    }

    @Override
    public String describe() {
        return "ELU(" + alpha + ")";
    }
}
