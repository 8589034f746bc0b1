package dev.lanes.kernels;

/**
 * Elementwise activations, their derivatives, and row-wise softmax / log-softmax.
 *
 * <p><b>Accuracy.</b> The scalar twin evaluates every formula in double and rounds once, so
 * its forward results are within 0.5 ulp of the exact value (checked against independent
 * double references over dense sweeps of floats). The bounds stated per method below are
 * those of the SIMD implementation, measured at 512 bits over every 256th float bit pattern in
 * the stated ranges (about 8.7 million inputs each) and enforced by the tests (SIMD vs scalar
 * and SIMD vs reference). Below {@link Float#MIN_NORMAL} a float has no relative precision, so
 * bounds for results that small are absolute, in units of {@link Float#MIN_VALUE}. Backward
 * methods are held to a relative 2^-20 of {@code |dx| + |dy * f'|} plus an absolute
 * {@code 2^-22 |dy|} (derivatives computed from rounded float intermediates).
 *
 * <p><b>How the SIMD transcendentals are computed.</b> exp, tanh, expm1 and log1p come from
 * the Vector API's lanewise {@code EXP}, {@code TANH}, {@code EXPM1}, {@code LOG1P} (Intel SVML
 * on x86-64 Linux/Windows), chosen over an own range-reduction + polynomial exp because they
 * measured both faster and more accurate here (see {@code SimdActivations}). On a platform
 * where the JDK has no intrinsic for them the Vector API falls back to per-lane Java code: the
 * results stay correct but the SIMD kernels can then be slower than the scalar twin.
 *
 * <p><b>Limits.</b> Where {@code inf * 0} would give NaN, the limit is returned instead:
 * {@code gelu(-inf) = geluTanh(-inf) = silu(-inf) = -0}, and the derivatives of gelu, geluTanh
 * and silu are 0 at {@code -inf} and 1 at {@code +inf}. Large negative inputs give {@code -0}
 * (gelu, geluTanh below about -14) or a tiny subnormal (silu, sigmoid, softplus), never NaN.
 *
 * <p>Conventions (argument order, write or accumulate, overlap, validation): see the
 * {@linkplain dev.lanes.kernels package documentation}. Backward methods accumulate into the input
 * gradient {@code dx}. Errors are stated against a double-precision evaluation of the same formula, in units
 * of float ulp of the exact result unless stated otherwise; the SIMD and scalar implementations
 * both meet the stated bound (they need not agree bit for bit).
 */
public interface Activations {

    /**
     * {@code y[i] = 1 / (1 + exp(-x[i]))}. SIMD error: 2.2 ulp (x in [-110, 110]); saturates to
     * exactly 1 above 17.4; {@code sigmoid(-100)} is the subnormal 3.78e-44 (within 2 MIN_VALUE).
     */
    void sigmoid(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * y[i] * (1 - y[i])}, where {@code y} is the forward output (accumulates). */
    void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    /** {@code y[i] = tanh(x[i])}. SIMD error: 1.5 ulp (own polynomial, see SimdActivations); {@code tanh(+-100) = +-1}, tiny x returns x. */
    void tanh(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * (1 - y[i]^2)}, where {@code y} is the forward output (accumulates). */
    void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    /** {@code y[i] = max(x[i], 0)} (exact, as Math.max: NaN stays NaN, relu(-0) = +0). */
    void relu(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : 0} (derivative at 0 taken as 0, as PyTorch). */
    void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /** {@code y[i] = x[i] > 0 ? x[i] : slope * x[i]} (exact up to the one product). */
    void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : slope * dy[i]}. */
    void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n);

    /**
     * {@code y[i] = x[i] > 0 ? x[i] : alpha * (exp(x[i]) - 1)}, computed with expm1 so that
     * {@code elu(-1e-7)} keeps its digits. SIMD error: 1.7 ulp (own expm1 polynomial plus the
     * product by alpha; measured 1.59 at alpha = 1.3).
     */
    void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n);

    /** {@code dx[i] += x[i] > 0 ? dy[i] : dy[i] * alpha * exp(x[i])}. */
    void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n);

    /**
     * Exact GELU: {@code y[i] = x[i] * 0.5 * (1 + erf(x[i] / sqrt(2)))}, evaluated as
     * {@code x * 0.5 * erfc(-x/sqrt(2))} so that the negative tail keeps its relative accuracy
     * (e.g. {@code gelu(-10) = -7.62e-23} to 6 ulp). SIMD error: 6 ulp (x in [-25, 25]), largest
     * near x = -0.34; results below MIN_NORMAL within 2 MIN_VALUE; {@code gelu(x) = -0} for
     * x below about -14.5.
     */
    void gelu(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * (Phi(x) + x * phi(x))}, Phi/phi the standard normal CDF/PDF (accumulates). */
    void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /**
     * Tanh GELU: {@code y = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))}, evaluated
     * as the identical {@code x * sigmoid(2u)}, {@code u = sqrt(2/pi) * (x + 0.044715 x^3)}, which
     * has no cancellation for x below 0. SIMD error: (4 + 3|2u|) ulp; measured 2.7 ulp for
     * x >= -1 and 13.5 for x >= -3,
     * growing in the negative tail because {@code 2u} is rounded to float before the exponential
     * (197 ulp measured at x = -9.76, where y = -2e-35). The scalar twin is within 0.5 ulp.
     */
    void geluTanh(float[] y, int yOff, float[] x, int xOff, int n);

    /** Derivative of {@link #geluTanh}: {@code dx[i] += dy[i] * d/dx geluTanh(x[i])}. */
    void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /**
     * SiLU (swish): {@code y[i] = x[i] * sigmoid(x[i])}. SIMD error: 2.9 ulp for x >= -87; below,
     * where {@code sigmoid(x)} is subnormal, within 64 MIN_VALUE (absolute, 4.5e-44).
     */
    void silu(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code dx[i] += dy[i] * s * (1 + x[i] * (1 - s))}, {@code s = sigmoid(x[i])} (accumulates). */
    void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /**
     * Softplus as PyTorch: {@code y[i] = beta*x[i] > threshold ? x[i] : log1p(exp(beta*x[i])) / beta}.
     * The comparison uses the float product {@code beta*x[i]} (as PyTorch in float32); the value
     * is evaluated overflow-free as {@code (max(z,0) + log1p(exp(-|z|))) / beta} with the exact
     * product. SIMD error: 4 ulp (own exp and log1p polynomials; measured 2.83 ulp on a sweep at beta = 3,
     * and 4 ulp against the scalar twin at beta = 1.7, x = -2.68).
     */
    void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n);

    /** {@code dx[i] += beta*x[i] > threshold ? dy[i] : dy[i] * sigmoid(beta*x[i])} (accumulates). */
    void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                          float beta, float threshold, int n);

    /**
     * Row-wise softmax over a contiguous {@code rows x cols} block:
     * {@code y[r,c] = exp(x[r,c] - max_r) / sum_c' exp(x[r,c'] - max_r)} (stable for any finite input).
     * {@code -inf} entries give 0 as long as the row has a finite entry; a row of all
     * {@code -inf}, or with a NaN or {@code +inf}, gives NaN throughout (as PyTorch). SIMD error:
     * relative {@code (12 + cols/LANES) * 2^-24} (the row sum is a float sum over
     * {@code cols/LANES} vector steps; measured 6.9 / 8.4 / 12.5 ulp for rows of 10 / 100 / 1000), plus {@code 2^-30} absolute for
     * probabilities far below the largest (their {@code x - max} is rounded to float).
     */
    void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols);

    /** {@code dx[r,c] += y[r,c] * (dy[r,c] - sum_c' dy[r,c'] * y[r,c'])}, {@code y} the softmax output (accumulates). */
    void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols);

    /**
     * Row-wise log-softmax: {@code y[r,c] = x[r,c] - max_r - log(sum_c' exp(x[r,c'] - max_r))}.
     * {@code -inf} entries give {@code -inf}; all {@code -inf} rows give NaN. SIMD error: 4 ulp
     * plus the row sum's relative error as an absolute error ({@code (cols/LANES + 8) * 2^-24}).
     */
    void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols);

    /** {@code dx[r,c] += dy[r,c] - exp(y[r,c]) * sum_c' dy[r,c']}, {@code y} the log-softmax output (accumulates). */
    void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols);
}
