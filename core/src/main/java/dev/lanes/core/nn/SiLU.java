package dev.lanes.core.nn;

/** SiLU (swish): {@code y = x * sigmoid(x)}. */
public final class SiLU extends ActivationLayer {

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.silu(y, 0, x, 0, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.siluBackward(dx, 0, dy, 0, x, 0, n);
    }

    @Override
    public String describe() {
        return "SiLU";
    }
}
