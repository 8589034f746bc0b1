package dev.lanes.kernels;

/**
 * The vector helpers layers and optimizers need (BLAS level 1 and friends). Same argument
 * conventions as {@link Activations}: outputs first, each array followed by its offset, scalars,
 * then dimensions. Unless stated otherwise every result is the correctly rounded float of the
 * one or two operations written (SIMD and scalar agree bit for bit, FMA excepted where noted).
 */
public interface Vectors {

    /** {@code x[i] = value}. */
    void fill(float[] x, int xOff, float value, int n);

    /** {@code y[i] = x[i]}. */
    void copy(float[] y, int yOff, float[] x, int xOff, int n);

    /** {@code x[i] = alpha * x[i]} (in place). */
    void scale(float[] x, int xOff, float alpha, int n);

    /** {@code y[i] = y[i] + alpha * x[i]} (may use FMA: within 1 ulp of the unfused result). */
    void axpy(float[] y, int yOff, float[] x, int xOff, float alpha, int n);

    /** {@code z[i] = x[i] + y[i]}. */
    void add(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code z[i] = x[i] - y[i]}. */
    void sub(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code z[i] = x[i] * y[i]}. */
    void mul(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);

    /** Bias add over a contiguous {@code rows x cols} block: {@code y[r,c] += b[c]}. */
    void addRow(float[] y, int yOff, float[] b, int bOff, int rows, int cols);

    /**
     * Column sums (bias gradient), accumulating: {@code s[c] += sum_r x[r,c]} over a contiguous
     * {@code rows x cols} block. Each column is summed in row order, so the result is the same
     * bit for bit in SIMD and scalar.
     */
    void columnSums(float[] s, int sOff, float[] x, int xOff, int rows, int cols);

    /** {@code y[i] = min(max(x[i], lo), hi)}; requires {@code lo <= hi}; NaN stays NaN. */
    void clamp(float[] y, int yOff, float[] x, int xOff, float lo, float hi, int n);
}
