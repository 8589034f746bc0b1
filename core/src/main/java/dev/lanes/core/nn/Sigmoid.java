package dev.lanes.core.nn;

/** Sigmoid: {@code y = 1 / (1 + exp(-x))}; backward from the output: {@code dx = dy * y * (1 - y)}. */
public final class Sigmoid extends ActivationLayer {

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.sigmoid(y, 0, x, 0, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.sigmoidBackward(dx, 0, dy, 0, y, 0, n);
    }

    @Override
    public String describe() {
        return "Sigmoid";
    }
}
