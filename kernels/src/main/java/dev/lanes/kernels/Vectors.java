package dev.lanes.kernels;

/**
 * The vector helpers layers and optimizers need (BLAS level 1 and friends). Conventions as in
 * the {@linkplain dev.lanes.kernels package documentation}. Every result is the correctly rounded float of the operation written (one
 * IEEE operation, or one fused multiply-add in {@link #axpy}), so SIMD and scalar agree bit for
 * bit in every method, NaN, infinities and signed zeros included (error allowed: none).
 *
 * <p>An output may be the very same range as an input (in place, e.g. {@code add(x, 0, x, 0, y,
 * 0, n)}); partially overlapping ranges of one array give unspecified results.
 */
public interface Vectors {

    /** {@code x[i] = value}. */
    void fill(float[] x, int xOff, float value, int n);

    /** {@code y[i] = x[i]}. */
    void copy(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code x[i] = alpha * x[i]} (in place). */
    void scale(float[] x, int xOff, float alpha, int n);

    /**
     * {@code y[i] = fma(alpha, x[i], y[i])}: {@code y + alpha*x} with a single rounding (so within
     * 1/2 ulp of the exact value, and up to 1 ulp away from the unfused {@code y + alpha*x}); SIMD
     * and scalar both fuse and agree bit for bit.
     */
    void axpy(float[] y, int yOff, float[] x, int xOff, float alpha, int n);

    /** {@code z[i] = x[i] + y[i]}. */
    void add(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code z[i] = x[i] - y[i]}. */
    void sub(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code z[i] = x[i] * y[i]}. */
    void mul(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** Bias add over a contiguous {@code rows x cols} block: {@code y[r,c] += b[c]} (accumulates into y). */
    void addRow(float[] y, int yOff, float[] b, int bOff, int rows, int cols);

    /**
     * Column sums (bias gradient), accumulating: {@code s[c] += sum_r x[r,c]} over a contiguous
     * {@code rows x cols} block. Each column is summed in row order, so the result is the same
     * bit for bit in SIMD and scalar.
     */
    void columnSums(float[] s, int sOff, float[] x, int xOff, int rows, int cols);

    /**
     * {@code y[i] = min(max(x[i], lo), hi)} with {@code Math.max}/{@code Math.min} semantics;
     * requires {@code lo <= hi} (neither NaN); NaN stays NaN; -0 counts as less than +0 (so
     * {@code clamp(-0, lo = +0, ...)} gives +0).
     */
    void clamp(float[] y, int yOff, float[] x, int xOff, float lo, float hi, int n);
}
