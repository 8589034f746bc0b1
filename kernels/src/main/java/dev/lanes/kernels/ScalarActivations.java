package dev.lanes.kernels;

/**
 * The specification of {@link Activations}: plain loops that evaluate each formula in double
 * precision ({@link Math#exp}, {@link Math#expm1}, {@link Math#tanh}, {@link Math#log1p},
 * {@link Erfc#erfc}) and round once to float. The scalar results are therefore within about
 * 0.5 ulp (plus the rounding of the double evaluation, far below 0.01 ulp) of the exact value of
 * the formula at the float inputs; the exceptions are stated per method.
 *
 * <p>Limits at infinite inputs are taken instead of the NaN that {@code inf * 0} would give:
 * {@code gelu(-inf) = geluTanh(-inf) = silu(-inf) = -0}, and the derivatives of gelu, geluTanh
 * and silu are 0 at {@code -inf} and 1 at {@code +inf}.
 */
final class ScalarActivations implements Activations {

    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;
    /** sqrt(2/pi), the scale inside tanh-GELU. */
    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;
    /** The cubic coefficient of tanh-GELU. */
    private static final double GELU_CUBIC = 0.044715;

    /** Clamps +-inf to +-Float.MAX_VALUE so that {@code x * 0} is 0 at the limits. */
    private static double finite(double x) {
        return Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, x));
    }

    /** sigmoid(z) in double; exact limits 0 and 1, no NaN for finite or infinite z. */
    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** sigmoid(z) * (1 - sigmoid(z)) without cancellation: e / (1+e)^2 with e = exp(-|z|). */
    private static double sigmoidSlope(double z) {
        double e = Math.exp(-Math.abs(z));
        return e / ((1 + e) * (1 + e));
    }

    @Override public void sigmoid(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) sigmoid(x[xOff + i]);
        }
    }

    @Override public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            double s = y[yOff + i];
            dx[dxOff + i] = (float) (dx[dxOff + i] + (double) dy[dyOff + i] * s * (1 - s));
        }
    }

    @Override public void tanh(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            double t = y[yOff + i];
            dx[dxOff + i] = (float) (dx[dxOff + i] + (double) dy[dyOff + i] * (1 - t * t));
        }
    }

    @Override public void relu(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.max(x[xOff + i], 0f); // NaN stays NaN, relu(-0) = +0
        }
    }

    @Override public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] += x[xOff + i] > 0 ? dy[dyOff + i] : 0f;
        }
    }

    @Override public void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0 ? v : slope * v;
        }
    }

    @Override public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n) {
        for (int i = 0; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] += x[xOff + i] > 0 ? g : slope * g;
        }
    }

    @Override public void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0 ? v : (float) (alpha * Math.expm1(v));
        }
    }

    @Override public void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            double g = dy[dyOff + i];
            double d = v > 0 ? g : g * alpha * Math.exp(v);
            dx[dxOff + i] = (float) (dx[dxOff + i] + d);
        }
    }

    /** Standard normal CDF, accurate in relative terms in both tails. */
    private static double phiCdf(double x) {
        return 0.5 * Erfc.erfc(-x * INV_SQRT2);
    }

    @Override public void gelu(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            y[yOff + i] = (float) (Math.max(v, -Float.MAX_VALUE) * phiCdf(v));
        }
    }

    @Override public void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = finite(x[xOff + i]);
            double d = phiCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
            dx[dxOff + i] = (float) (dx[dxOff + i] + dy[dyOff + i] * d);
        }
    }

    /** 2u = 2*sqrt(2/pi)*(x + 0.044715 x^3), the sigmoid argument of tanh-GELU. */
    private static double geluTanhArg(double x) {
        return 2 * SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
    }

    @Override public void geluTanh(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            // 0.5*(1 + tanh(u)) = sigmoid(2u): same function, no cancellation for x << 0.
            y[yOff + i] = (float) (Math.max(v, -Float.MAX_VALUE) * sigmoid(geluTanhArg(v)));
        }
    }

    @Override public void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = finite(x[xOff + i]);
            double u2 = geluTanhArg(v);
            double du2 = 2 * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * v * v);
            double d = sigmoid(u2) + v * du2 * sigmoidSlope(u2);
            dx[dxOff + i] = (float) (dx[dxOff + i] + dy[dyOff + i] * d);
        }
    }

    @Override public void silu(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            y[yOff + i] = (float) (Math.max(v, -Float.MAX_VALUE) * sigmoid(v));
        }
    }

    @Override public void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = finite(x[xOff + i]);
            double s = sigmoid(v);
            double oneMinusS = sigmoid(-v);
            dx[dxOff + i] = (float) (dx[dxOff + i] + dy[dyOff + i] * s * (1 + v * oneMinusS));
        }
    }

    /**
     * {@code log1p(exp(z)) / beta} without overflow: {@code (max(z, 0) + log1p(exp(-|z|))) / beta}.
     * {@code z = beta*x} is exact in double (a product of two floats).
     */
    private static double softplusValue(double z, double beta) {
        return (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta;
    }

    @Override public void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            // The branch compares the float product, as PyTorch does in the tensor's dtype.
            y[yOff + i] = beta * v > threshold ? v : (float) softplusValue((double) beta * v, beta);
        }
    }

    @Override public void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                           float beta, float threshold, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            double g = dy[dyOff + i];
            double d = beta * v > threshold ? g : g * sigmoid((double) beta * v);
            dx[dxOff + i] = (float) (dx[dxOff + i] + d);
        }
    }

    /** Row maximum with NaN propagating (Math.max); -inf for an all -inf row. */
    private static float rowMax(float[] x, int base, int cols) {
        float m = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            m = Math.max(m, x[base + c]);
        }
        return m;
    }

    /** sum_c exp(x[c] - m) in double. */
    private static double rowSumExp(float[] x, int base, int cols, double m) {
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp(x[base + c] - m);
        }
        return sum;
    }

    @Override public void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols;
            int yb = yOff + r * cols;
            double m = rowMax(x, xb, cols);
            double sum = rowSumExp(x, xb, cols, m);
            for (int c = 0; c < cols; c++) {
                y[yb + c] = (float) (Math.exp(x[xb + c] - m) / sum);
            }
        }
    }

    @Override public void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) dy[dyOff + base + c] * y[yOff + base + c];
            }
            for (int c = 0; c < cols; c++) {
                double d = y[yOff + base + c] * (dy[dyOff + base + c] - dot);
                dx[dxOff + base + c] = (float) (dx[dxOff + base + c] + d);
            }
        }
    }

    @Override public void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols;
            int yb = yOff + r * cols;
            double m = rowMax(x, xb, cols);
            double lse = Math.log(rowSumExp(x, xb, cols, m));
            for (int c = 0; c < cols; c++) {
                y[yb + c] = (float) (x[xb + c] - m - lse);
            }
        }
    }

    @Override public void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += dy[dyOff + base + c];
            }
            for (int c = 0; c < cols; c++) {
                double d = dy[dyOff + base + c] - Math.exp(y[yOff + base + c]) * sum;
                dx[dxOff + base + c] = (float) (dx[dxOff + base + c] + d);
            }
        }
    }
}
