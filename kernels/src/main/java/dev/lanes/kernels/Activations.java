package dev.lanes.kernels;

/**
 * Elementwise activations, their derivatives, and row-wise softmax / log-softmax.
 *
 * <p>Conventions for every method: outputs first, then inputs, then scalar parameters, then
 * dimensions; each array is followed by its offset. Forward methods write ({@code =}); backward
 * methods accumulate ({@code +=}) into the input gradient {@code dx}. A forward output may be the
 * same array region as its input (in place); any other overlap is undefined. NaN inputs give NaN
 * outputs. Errors are stated against a double-precision evaluation of the same formula, in units
 * of float ulp of the exact result unless stated otherwise; the SIMD and scalar implementations
 * both meet the stated bound (they need not agree bit for bit).
 */
public interface Activations {

    /** {@code y[i] = 1 / (1 + exp(-x[i]))}. */
    void sigmoid(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * y[i] * (1 - y[i])}, where {@code y} is the forward output. */
    void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    /** {@code y[i] = tanh(x[i])}. */
    void tanh(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * (1 - y[i]^2)}, where {@code y} is the forward output. */
    void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    /** {@code y[i] = max(x[i], 0)} (exact; NaN stays NaN). */
    void relu(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : 0} (derivative at 0 taken as 0, as PyTorch). */
    void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /** {@code y[i] = x[i] > 0 ? x[i] : slope * x[i]} (exact up to the one product). */
    void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : slope * dy[i]}. */
    void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n);

    /** {@code y[i] = x[i] > 0 ? x[i] : alpha * (exp(x[i]) - 1)}. */
    void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : dy[i] * alpha * exp(x[i])}. */
    void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n);

    /** Exact GELU: {@code y[i] = x[i] * 0.5 * (1 + erf(x[i] / sqrt(2)))}. */
    void gelu(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * (Phi(x) + x * phi(x))}, Phi/phi the standard normal CDF/PDF. */
    void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /** Tanh GELU: {@code y = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))}. */
    void geluTanh(float[] y, int yOff, float[] x, int xOff, int n);

    /** Derivative of {@link #geluTanh}: {@code dx[i] += dy[i] * d/dx geluTanh(x[i])}. */
    void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /** SiLU (swish): {@code y[i] = x[i] * sigmoid(x[i])}. */
    void silu(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * s * (1 + x[i] * (1 - s))}, {@code s = sigmoid(x[i])}. */
    void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /**
     * Softplus as PyTorch: {@code y[i] = beta*x[i] > threshold ? x[i] : log1p(exp(beta*x[i])) / beta}.
     */
    void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n);

    /** {@code dx[i] += beta*x[i] > threshold ? dy[i] : dy[i] * sigmoid(beta*x[i])}. */
    void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                          float beta, float threshold, int n);

    /**
     * Row-wise softmax over a contiguous {@code rows x cols} block:
     * {@code y[r,c] = exp(x[r,c] - max_r) / sum_c' exp(x[r,c'] - max_r)} (stable for any finite input).
     */
    void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols);

    /** {@code dx[r,c] += y[r,c] * (dy[r,c] - sum_c' dy[r,c'] * y[r,c'])}, {@code y} the softmax output. */
    void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols);

    /** Row-wise log-softmax: {@code y[r,c] = x[r,c] - max_r - log(sum_c' exp(x[r,c'] - max_r))}. */
    void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols);

    /** {@code dx[r,c] += dy[r,c] - exp(y[r,c]) * sum_c' dy[r,c']}, {@code y} the log-softmax output. */
    void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols);
}
