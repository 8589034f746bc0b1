package dev.lanes.core.nn;

/** ReLU: {@code y = max(x, 0)}; gradient 0 at 0, as PyTorch. */
public final class ReLU extends ActivationLayer {

    @Override
    void apply(float[] y, float[] x, int n, int cols) {
        act.relu(y, 0, x, 0, n);
    }

    @Override
    void derive(float[] dx, float[] dy, float[] x, float[] y, int n, int cols) {
        act.reluBackward(dx, 0, dy, 0, x, 0, n);
    }

    @Override
    public String describe() {
        return "ReLU";
    }
}
