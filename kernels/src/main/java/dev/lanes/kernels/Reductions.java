package dev.lanes.kernels;

/**
 * Reductions over float vectors and row-wise reductions over contiguous {@code rows x cols}
 * blocks. Sums are accurate beyond naive float summation: each method documents its error bound
 * against the exact (double-precision) result. Any NaN in the input makes a sum, dot, max or min
 * NaN.
 */
public interface Reductions {

    /** {@code sum_i x[i]}; 0 for {@code n == 0}. */
    float sum(float[] x, int xOff, int n);

    /** {@code max_i x[i]}; requires {@code n >= 1}; NaN if any element is NaN. */
    float max(float[] x, int xOff, int n);

    /** {@code min_i x[i]}; requires {@code n >= 1}; NaN if any element is NaN. */
    float min(float[] x, int xOff, int n);

    /**
     * Index (relative to {@code xOff}) of the first maximum; NaN counts as larger than every
     * number (as PyTorch), so the first NaN wins. Requires {@code n >= 1}.
     */
    int argmax(float[] x, int xOff, int n);

    /** {@code idx[r] = argmax(x[r, 0..cols))} for each row of a contiguous block; {@code cols >= 1}. */
    void argmaxRows(int[] idx, int idxOff, float[] x, int xOff, int rows, int cols);

    /** {@code sum_i x[i] * y[i]}. */
    float dot(float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code sum_i x[i]^2}. */
    float sumSquares(float[] x, int xOff, int n);

    /** Euclidean norm {@code sqrt(sum_i x[i]^2)}, without overflow or underflow for any finite input. */
    float norm2(float[] x, int xOff, int n);

    /**
     * Mean and population variance in one numerically stable pass:
     * {@code out[outOff] = mean}, {@code out[outOff + 1] = sum_i (x[i] - mean)^2 / n}.
     * Requires {@code n >= 1}.
     */
    void meanVariance(float[] out, int outOff, float[] x, int xOff, int n);

    /** {@code out[r] = log(sum_c exp(x[r,c]))}, computed stably (max subtracted); {@code cols >= 1}. */
    void logSumExpRows(float[] out, int outOff, float[] x, int xOff, int rows, int cols);
}
