package dev.lanes.kernels;

/**
 * Reductions over float vectors and row-wise reductions over contiguous {@code rows x cols}
 * blocks. Sums are accurate far beyond naive float summation: each method documents its error
 * bound against the exact result ({@code u = 2^-24}, the float unit roundoff). Both
 * implementations accumulate in double, so the bounds hold for SIMD and scalar alike; they may
 * differ from each other by at most the sum of two bounds (in practice by at most one float
 * rounding step). For comparison, a plain {@code float s += x[i]} loop only guarantees
 * {@code (n-1) * u * sum|x[i]|}, about {@code 0.6 * sum|x[i]|} for n = 10^7. Every bound also
 * allows an absolute {@code 2^-149} (one step of float's subnormal range) for tiny results.
 *
 * <p>Any NaN in the input makes a sum, dot, max or min NaN; +Inf and -Inf together make a sum
 * NaN; a sum whose exact value lies beyond the float range rounds to an infinity.
 */
public interface Reductions {

    /**
     * {@code sum_i x[i]}; +0 for {@code n == 0}. Error bound, S the exact sum:
     * {@code |result - S| <= u * |S| + n * 2^-52 * sum_i |x[i]|} (double accumulation in some
     * order, then one rounding to float): for any n up to 10^7 the result is the correctly
     * rounded S or one of its float neighbours.
     */
    float sum(float[] x, int xOff, int n);

    /**
     * {@code max_i x[i]} with {@code Math.max} semantics; requires {@code n >= 1}; NaN if any
     * element is NaN; +0 counts as larger than -0. Exact: SIMD and scalar agree bit for bit.
     */
    float max(float[] x, int xOff, int n);

    /**
     * {@code min_i x[i]} with {@code Math.min} semantics; requires {@code n >= 1}; NaN if any
     * element is NaN; -0 counts as smaller than +0. Exact: SIMD and scalar agree bit for bit.
     */
    float min(float[] x, int xOff, int n);

    /**
     * Index (relative to {@code xOff}) of the first maximum; NaN counts as larger than every
     * number (as PyTorch), so the first NaN wins; -0 and +0 are equal (the first zero wins when
     * zero is the maximum). Requires {@code n >= 1}. Exact: SIMD and scalar agree.
     */
    int argmax(float[] x, int xOff, int n);

    /**
     * {@code idx[r] = argmax(x[r, 0..cols))} (index within the row) for each row of a contiguous
     * block; {@code cols >= 1}. Exact, as {@link #argmax}.
     */
    void argmaxRows(int[] idx, int idxOff, float[] x, int xOff, int rows, int cols);

    /**
     * {@code sum_i x[i] * y[i]}; +0 for {@code n == 0}. Each product is exact in double, so, D the
     * exact dot product: {@code |result - D| <= u * |D| + n * 2^-52 * sum_i |x[i] * y[i]|}.
     */
    float dot(float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * {@code sum_i x[i]^2}; relative error at most {@code u + n * 2^-52} (squares are exact in
     * double); +Inf only if the exact value exceeds the float range.
     */
    float sumSquares(float[] x, int xOff, int n);

    /**
     * Euclidean norm {@code sqrt(sum_i x[i]^2)}, without overflow or underflow for any finite input
     * (the squares are summed in double, where a float's square is exact and in range); relative
     * error at most {@code u + n * 2^-53}; +Inf only if the exact norm exceeds Float.MAX_VALUE.
     */
    float norm2(float[] x, int xOff, int n);

    /**
     * Mean and population variance in one numerically stable pass:
     * {@code out[outOff] = mean}, {@code out[outOff + 1] = sum_i (x[i] - mean)^2 / n}.
     * Requires {@code n >= 1}. Computed in double with Welford's update (per lane in SIMD, merged
     * with Chan's formula), so a large mean costs no accuracy the way {@code E[x^2] - E[x]^2}
     * would: with mu, sigma^2 the exact mean and variance of the float data,
     * {@code |mean - mu| <= u * |mu| + n * 2^-52 * max|x[i]|} and
     * {@code |var - sigma^2| <= u * sigma^2 + n * 2^-50 * sqrt(1 + mu^2 / sigma^2) * sigma^2}
     * (Welford's error grows with the condition number {@code sqrt(1 + mu^2/sigma^2)}: Chan,
     * Golub and LeVeque 1983). Any non-finite element makes the variance NaN.
     */
    void meanVariance(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * {@code out[r] = log(sum_c exp(x[r,c]))}, computed stably as
     * {@code m + log(sum_c exp(x[r,c] - m))} with m the row maximum; {@code cols >= 1}. A row with
     * a NaN gives NaN, a row with +Inf gives +Inf, a row of -Inf gives -Inf, and -Inf entries in a
     * row with a finite maximum contribute 0. Error, L the exact value:
     * {@code |out - L| <= 2^-23 * |L| + (2 + ln(cols)) * 2^-23} (the subtraction {@code x - m} in
     * float and the exp each cost about u relative per term; terms are summed in double).
     */
    void logSumExpRows(float[] out, int outOff, float[] x, int xOff, int rows, int cols);
}
