package dev.lanes.core.nn;

/** Leaky ReLU: {@code y = x > 0 ? x : slope * x} (PyTorch's default slope 0.01). */
public final class LeakyReLU extends ActivationLayer {
    private final float slope;

    /** Slope 0.01, as PyTorch. */
    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + slope);
        }
        this.slope = slope;
    }

    public float slope() {
        return slope;
    }

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.leakyRelu(y, 0, x, 0, slope, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.leakyReluBackward(dx, 0, dy, 0, x, 0, slope, n);
    }

    @Override
    public String describe() {
        return "LeakyReLU(" + slope + ")";
    }
}
