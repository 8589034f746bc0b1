package dev.lanes.core.nn;

/** Softmax over the last dimension: {@code y[r,c] = exp(x[r,c]) / sum_c' exp(x[r,c'])} (max subtracted). */
public final class Softmax extends ActivationLayer {

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.softmax(y, 0, x, 0, n / cols, cols);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.softmaxBackward(dx, 0, dy, 0, y, 0, n / cols, cols);
    }

    @Override
    public String describe() {
        return "Softmax(dim=-1)";
    }
}
