package dev.lanes.core.nn;

/**
 * GELU, as PyTorch's {@code nn.GELU(approximate=...)}: exact
 * {@code y = x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}, or the tanh approximation
 * {@code y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
 */
public final class GELU extends ActivationLayer {
    /** Which formula. */
    public enum Approximation { NONE, TANH }

    private final Approximation approximation;

    /** Exact GELU. */
    public GELU() {
        this(Approximation.NONE);
    }

    public GELU(Approximation approximation) {
        if (approximation == null) {
            throw new IllegalArgumentException("GELU: approximation must not be null");
        }
        this.approximation = approximation;
    }

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        if (approximation == Approximation.TANH) {
            act.geluTanh(y, 0, x, 0, n);
        } else {
            act.gelu(y, 0, x, 0, n);
        }
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        if (approximation == Approximation.TANH) {
            act.geluTanhBackward(dx, 0, dy, 0, x, 0, n);
        } else {
            act.geluBackward(dx, 0, dy, 0, x, 0, n);
        }
    }

    @Override
    public String describe() {
        return approximation == Approximation.TANH ? "GELU(tanh)" : "GELU";
    }
}
