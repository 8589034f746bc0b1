package dev.lanes.core.nn;

/** Log-softmax over the last dimension: {@code y[r,c] = x[r,c] - log(sum_c' exp(x[r,c']))}. */
public final class LogSoftmax extends ActivationLayer {

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.logSoftmax(y, 0, x, 0, n / cols, cols);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.logSoftmaxBackward(dx, 0, dy, 0, y, 0, n / cols, cols);
    }

    @Override
    public String describe() {
        return "LogSoftmax(dim=-1)";
    }
}
