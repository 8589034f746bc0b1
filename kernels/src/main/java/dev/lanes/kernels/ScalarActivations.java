package dev.lanes.kernels;

/** PLACEHOLDER (skeleton only, replaced before landing). */
final class ScalarActivations implements Activations {
    @Override public void sigmoid(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.sigmoid: not yet written");
    }
    @Override public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.sigmoidBackward: not yet written");
    }
    @Override public void tanh(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.tanh: not yet written");
    }
    @Override public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.tanhBackward: not yet written");
    }
    @Override public void relu(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.relu: not yet written");
    }
    @Override public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.reluBackward: not yet written");
    }
    @Override public void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n) {
        throw new UnsupportedOperationException("ScalarActivations.leakyRelu: not yet written");
    }
    @Override public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n) {
        throw new UnsupportedOperationException("ScalarActivations.leakyReluBackward: not yet written");
    }
    @Override public void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        throw new UnsupportedOperationException("ScalarActivations.elu: not yet written");
    }
    @Override public void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        throw new UnsupportedOperationException("ScalarActivations.eluBackward: not yet written");
    }
    @Override public void gelu(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.gelu: not yet written");
    }
    @Override public void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.geluBackward: not yet written");
    }
    @Override public void geluTanh(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.geluTanh: not yet written");
    }
    @Override public void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.geluTanhBackward: not yet written");
    }
    @Override public void silu(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.silu: not yet written");
    }
    @Override public void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("ScalarActivations.siluBackward: not yet written");
    }
    @Override public void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n) {
        throw new UnsupportedOperationException("ScalarActivations.softplus: not yet written");
    }
    @Override public void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float beta, float threshold, int n) {
        throw new UnsupportedOperationException("ScalarActivations.softplusBackward: not yet written");
    }
    @Override public void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("ScalarActivations.softmax: not yet written");
    }
    @Override public void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        throw new UnsupportedOperationException("ScalarActivations.softmaxBackward: not yet written");
    }
    @Override public void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("ScalarActivations.logSoftmax: not yet written");
    }
    @Override public void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        throw new UnsupportedOperationException("ScalarActivations.logSoftmaxBackward: not yet written");
    }
}
