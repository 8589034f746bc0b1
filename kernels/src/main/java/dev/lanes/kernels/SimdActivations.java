package dev.lanes.kernels;

/** PLACEHOLDER (skeleton only, replaced before landing). */
final class SimdActivations implements Activations {
    @Override public void sigmoid(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.sigmoid: not yet written");
    }
    @Override public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.sigmoidBackward: not yet written");
    }
    @Override public void tanh(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.tanh: not yet written");
    }
    @Override public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.tanhBackward: not yet written");
    }
    @Override public void relu(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.relu: not yet written");
    }
    @Override public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.reluBackward: not yet written");
    }
    @Override public void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n) {
        throw new UnsupportedOperationException("SimdActivations.leakyRelu: not yet written");
    }
    @Override public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n) {
        throw new UnsupportedOperationException("SimdActivations.leakyReluBackward: not yet written");
    }
    @Override public void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        throw new UnsupportedOperationException("SimdActivations.elu: not yet written");
    }
    @Override public void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        throw new UnsupportedOperationException("SimdActivations.eluBackward: not yet written");
    }
    @Override public void gelu(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.gelu: not yet written");
    }
    @Override public void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.geluBackward: not yet written");
    }
    @Override public void geluTanh(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.geluTanh: not yet written");
    }
    @Override public void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.geluTanhBackward: not yet written");
    }
    @Override public void silu(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.silu: not yet written");
    }
    @Override public void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdActivations.siluBackward: not yet written");
    }
    @Override public void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n) {
        throw new UnsupportedOperationException("SimdActivations.softplus: not yet written");
    }
    @Override public void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float beta, float threshold, int n) {
        throw new UnsupportedOperationException("SimdActivations.softplusBackward: not yet written");
    }
    @Override public void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdActivations.softmax: not yet written");
    }
    @Override public void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdActivations.softmaxBackward: not yet written");
    }
    @Override public void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdActivations.logSoftmax: not yet written");
    }
    @Override public void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdActivations.logSoftmaxBackward: not yet written");
    }
}
