package dev.lanes.kernels;

/**
 * Single-precision general matrix multiply, row-major, with the BLAS argument set.
 *
 * <pre>C := alpha*op(A)*op(B) + beta*C,   op(X) = X or X^T</pre>
 *
 * <p>{@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, {@code C} is {@code m x n}.
 * Element {@code (i, j)} of a stored matrix X with leading dimension {@code ldx} is
 * {@code x[xOff + i*ldx + j]}; so A is stored {@code m x k} ({@code lda >= k}) when not transposed
 * and {@code k x m} ({@code lda >= m}) when transposed, and likewise B. When {@code beta == 0}, C is
 * never read (it may hold NaN or garbage). Writes C; never accumulates beyond what beta says.
 *
 * <p>Error allowed, for every element and for every implementation (the SIMD one against the
 * scalar twin, both against the exact result):
 * <pre>|C_ij - exact_ij| &lt;= (k + 2) * 2^-23 * (|alpha| * sum_p |op(A)_ip * op(B)_pj| + |beta * C_ij|)</pre>
 * (the float dot-product bound gamma_k with slack, plus the roundings of alpha and beta; an
 * absolute (k + 2) * 2^-149 more where products underflow). The SIMD kernel uses fused
 * multiply-adds and sums k in equal blocks of at most KC ({@link GemmBlocking}, derived from the
 * machine's caches), so its bits differ from the scalar twin's within that bound, and may differ
 * between machines whose KC differs; KC is the only block size that changes bits. NaN and infinities propagate as in the exact sum. Results are bit-identical for every
 * thread count ({@link Parallelism}): work is split over tiles of C, never over k.
 *
 * <p>Zero sizes are valid, as in BLAS: m or n equal to 0 does nothing; k equal to 0 gives
 * {@code C := beta*C} (and {@code C := 0} when beta is 0).
 *
 * <p>Aliasing: C must not share any element with A or B (nor y with A or x in {@code sgemv}):
 * the result would be silently wrong, as in BLAS. The implementations from {@link Kernels}
 * reject the case they can see, the same array object passed as C and as A or B with at least
 * one element in common, with an {@code IllegalArgumentException} naming both arguments.
 * Disjoint parts of one array (say A and C side by side in one buffer) are accepted.
 *
 * <p>Buffers: the SIMD implementation packs A and B into workspaces taken from a shared pool
 * (not one per thread), so a new thread, virtual or not, does not allocate packing buffers for
 * its first product once the pool is warm.
 */
public interface Gemm {

    /** Full BLAS form; see the class comment. */
    void sgemm(float[] c, int cOff, int ldc,
               float[] a, int aOff, int lda, boolean transA,
               float[] b, int bOff, int ldb, boolean transB,
               int m, int n, int k, float alpha, float beta);

    /**
     * Tightly packed whole arrays at offset 0: {@code ldc = n}, {@code lda = transA ? m : k},
     * {@code ldb = transB ? k : n} (each at least 1, so that zero sizes are accepted).
     */
    default void sgemm(float[] c, float[] a, boolean transA, float[] b, boolean transB,
                       int m, int n, int k, float alpha, float beta) {
        sgemm(c, 0, Math.max(1, n), a, 0, Math.max(1, transA ? m : k), transA,
                b, 0, Math.max(1, transB ? k : n), transB, m, n, k, alpha, beta);
    }

    /**
     * Matrix-vector product for batch-1 inference: {@code y := alpha*op(A)*x + beta*y}, where A is
     * stored {@code m x n} with leading dimension {@code lda >= n}; {@code op(A)} is {@code m x n}
     * (x has n elements, y has m) or, transposed, {@code n x m} (x has m elements, y has n). When
     * {@code beta == 0}, y is never read. Writes y. Error allowed: as for {@code sgemm}, with the
     * dot length (n, or m when transposed) in place of k. Runs on the calling thread.
     */
    void sgemv(float[] y, int yOff, float[] a, int aOff, int lda, boolean transA,
               float[] x, int xOff, int m, int n, float alpha, float beta);
}
