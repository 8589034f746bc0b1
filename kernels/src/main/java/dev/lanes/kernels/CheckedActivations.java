package dev.lanes.kernels;

import static dev.lanes.kernels.Checks.range;

/** Validates every argument, then calls the wrapped implementation. */
final class CheckedActivations implements Activations {
    private final Activations k;

    CheckedActivations(Activations k) {
        this.k = k;
    }

    private static void unary(float[] y, int yOff, float[] x, int xOff, int n) {
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
    }

    private static void backward(float[] dx, int dxOff, float[] dy, int dyOff, float[] s, int sOff, String sName, int n) {
        range(dx, dxOff, n, "dx");
        range(dy, dyOff, n, "dy");
        range(s, sOff, n, sName);
    }

    private static int rows(int rows, int cols) {
        return Checks.elements(rows, cols, "the row block");
    }

    @Override public void sigmoid(float[] y, int yOff, float[] x, int xOff, int n) {
        unary(y, yOff, x, xOff, n);
        k.sigmoid(y, yOff, x, xOff, n);
    }

    @Override public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        backward(dx, dxOff, dy, dyOff, y, yOff, "y", n);
        k.sigmoidBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    @Override public void tanh(float[] y, int yOff, float[] x, int xOff, int n) {
        unary(y, yOff, x, xOff, n);
        k.tanh(y, yOff, x, xOff, n);
    }

    @Override public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        backward(dx, dxOff, dy, dyOff, y, yOff, "y", n);
        k.tanhBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    @Override public void relu(float[] y, int yOff, float[] x, int xOff, int n) {
        unary(y, yOff, x, xOff, n);
        k.relu(y, yOff, x, xOff, n);
    }

    @Override public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        k.reluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
    }

    @Override public void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n) {
        unary(y, yOff, x, xOff, n);
        Checks.finite(slope, "slope");
        k.leakyRelu(y, yOff, x, xOff, slope, n);
    }

    @Override public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        Checks.finite(slope, "slope");
        k.leakyReluBackward(dx, dxOff, dy, dyOff, x, xOff, slope, n);
    }

    @Override public void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        unary(y, yOff, x, xOff, n);
        Checks.finite(alpha, "alpha");
        k.elu(y, yOff, x, xOff, alpha, n);
    }

    @Override public void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        Checks.finite(alpha, "alpha");
        k.eluBackward(dx, dxOff, dy, dyOff, x, xOff, alpha, n);
    }

    @Override public void gelu(float[] y, int yOff, float[] x, int xOff, int n) {
        unary(y, yOff, x, xOff, n);
        k.gelu(y, yOff, x, xOff, n);
    }

    @Override public void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        k.geluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
    }

    @Override public void geluTanh(float[] y, int yOff, float[] x, int xOff, int n) {
        unary(y, yOff, x, xOff, n);
        k.geluTanh(y, yOff, x, xOff, n);
    }

    @Override public void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        k.geluTanhBackward(dx, dxOff, dy, dyOff, x, xOff, n);
    }

    @Override public void silu(float[] y, int yOff, float[] x, int xOff, int n) {
        unary(y, yOff, x, xOff, n);
        k.silu(y, yOff, x, xOff, n);
    }

    @Override public void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        k.siluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
    }

    private static void softplusParams(float beta, float threshold) {
        if (!(beta > 0) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
        }
        if (Float.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
    }

    @Override public void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n) {
        unary(y, yOff, x, xOff, n);
        softplusParams(beta, threshold);
        k.softplus(y, yOff, x, xOff, beta, threshold, n);
    }

    @Override public void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                           float beta, float threshold, int n) {
        backward(dx, dxOff, dy, dyOff, x, xOff, "x", n);
        softplusParams(beta, threshold);
        k.softplusBackward(dx, dxOff, dy, dyOff, x, xOff, beta, threshold, n);
    }

    @Override public void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        unary(y, yOff, x, xOff, rows(rows, cols));
        k.softmax(y, yOff, x, xOff, rows, cols);
    }

    @Override public void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        backward(dx, dxOff, dy, dyOff, y, yOff, "y", rows(rows, cols));
        k.softmaxBackward(dx, dxOff, dy, dyOff, y, yOff, rows, cols);
    }

    @Override public void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        unary(y, yOff, x, xOff, rows(rows, cols));
        k.logSoftmax(y, yOff, x, xOff, rows, cols);
    }

    @Override public void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        backward(dx, dxOff, dy, dyOff, y, yOff, "y", rows(rows, cols));
        k.logSoftmaxBackward(dx, dxOff, dy, dyOff, y, yOff, rows, cols);
    }
}
