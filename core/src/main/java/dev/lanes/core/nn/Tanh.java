package dev.lanes.core.nn;

/** Tanh: {@code y = tanh(x)}; backward from the output: {@code dx = dy * (1 - y^2)}. */
public final class Tanh extends ActivationLayer {

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.tanh(y, 0, x, 0, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.tanhBackward(dx, 0, dy, 0, y, 0, n);
    }

    @Override
    public String describe() {
        return "Tanh";
    }
}
