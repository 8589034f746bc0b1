package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMV on the Vector API, for batch-1 inference: {@code y := alpha*op(A)*x + beta*y}. Not
 * transposed, four rows of A share each loaded x vector and each row's dot product is reduced
 * across lanes at the end; transposed, four vectors of y accumulate in registers while the rows of
 * A stream past, so y is written once. Runs on the calling thread; allocates nothing.
 *
 * <p>Same bits in every JIT tier: the non-transposed dot products end in a horizontal sum in lane
 * order, {@code ((s0 + s1) + s2) + ...} as {@link LaneSums#sum} (the accumulators are stored to a
 * per-thread scratch array and added as floats; the four rows of a pass as four independent
 * chains), not {@code reduceLanes(ADD)}, whose order is unspecified (C2 adds in a tree, the
 * interpreter and C1 in lane order). Every other operation here (FMA, masked loads, multiply) is
 * defined bit for bit.
 */
final class Sgemv {
    private static final VectorSpecies<Float> F = VectorShapes.FLOAT;
    private static final int L = F.length();

    private Sgemv() {}

    /** Rows of A per pass of the non-transposed SGEMV: each x vector loaded once feeds this many rows. */
    private static final int GEMV_ROWS = 4;
    /** Column vectors per pass of the transposed SGEMV: accumulators held in registers over all rows. */
    private static final int GEMV_COLS = 4;

    /** {@link Gemm#sgemv}; arguments already checked. */
    static void sgemv(float[] y, int yOff, float[] a, int aOff, int lda, boolean transA,
                      float[] x, int xOff, int m, int n, float alpha, float beta) {
        if (transA) {
            gemvT(y, yOff, a, aOff, lda, x, xOff, m, n, alpha, beta);
        } else {
            gemvN(y, yOff, a, aOff, lda, x, xOff, m, n, alpha, beta);
        }
    }

    /** y[i] := alpha * dot(A row i, x) + beta * y[i], four rows at a time. */
    private static void gemvN(float[] y, int yOff, float[] a, int aOff, int lda,
                              float[] x, int xOff, int m, int n, float alpha, float beta) {
        int bound = F.loopBound(n);
        float[] t = scratch();
        int i = 0;
        for (; i + GEMV_ROWS <= m; i += GEMV_ROWS) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + j);
                s0 = FloatVector.fromArray(F, a, r0 + j).fma(xv, s0);
                s1 = FloatVector.fromArray(F, a, r1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(F, a, r2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(F, a, r3 + j).fma(xv, s3);
            }
            if (j < n) {
                VectorMask<Float> mask = F.indexInRange(j, n);
                FloatVector xv = FloatVector.fromArray(F, x, xOff + j, mask);
                s0 = FloatVector.fromArray(F, a, r0 + j, mask).fma(xv, s0);
                s1 = FloatVector.fromArray(F, a, r1 + j, mask).fma(xv, s1);
                s2 = FloatVector.fromArray(F, a, r2 + j, mask).fma(xv, s2);
                s3 = FloatVector.fromArray(F, a, r3 + j, mask).fma(xv, s3);
            }
            s0.intoArray(t, 0);
            s1.intoArray(t, L);
            s2.intoArray(t, 2 * L);
            s3.intoArray(t, 3 * L);
            // Each row's lanes added in lane order; the four rows as four independent chains.
            float d0 = t[0];
            float d1 = t[L];
            float d2 = t[2 * L];
            float d3 = t[3 * L];
            for (int l = 1; l < L; l++) {
                d0 += t[l];
                d1 += t[L + l];
                d2 += t[2 * L + l];
                d3 += t[3 * L + l];
            }
            gemvStore(y, yOff + i, d0, alpha, beta);
            gemvStore(y, yOff + i + 1, d1, alpha, beta);
            gemvStore(y, yOff + i + 2, d2, alpha, beta);
            gemvStore(y, yOff + i + 3, d3, alpha, beta);
        }
        for (; i < m; i++) {
            int r0 = aOff + i * lda;
            FloatVector s0 = FloatVector.zero(F);
            int j = 0;
            for (; j < bound; j += L) {
                s0 = FloatVector.fromArray(F, a, r0 + j).fma(FloatVector.fromArray(F, x, xOff + j), s0);
            }
            if (j < n) {
                VectorMask<Float> mask = F.indexInRange(j, n);
                s0 = FloatVector.fromArray(F, a, r0 + j, mask).fma(FloatVector.fromArray(F, x, xOff + j, mask), s0);
            }
            s0.intoArray(t, 0);
            gemvStore(y, yOff + i, LaneSums.sum(t, L), alpha, beta);
        }
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[GEMV_ROWS * L]);

    /** This thread's scratch for GEMV_ROWS accumulator vectors. */
    private static float[] scratch() {
        return SCRATCH.get();
    }

    private static void gemvStore(float[] y, int at, float dot, float alpha, float beta) {
        y[at] = beta == 0f ? alpha * dot : Math.fma(beta, y[at], alpha * dot);
    }

    /**
     * y[j] := alpha * sum_i A[i, j] * x[i] + beta * y[j]: column blocks of GEMV_COLS vectors kept in
     * registers while the rows of A stream past, so y is written once.
     */
    private static void gemvT(float[] y, int yOff, float[] a, int aOff, int lda,
                              float[] x, int xOff, int m, int n, float alpha, float beta) {
        final int block = GEMV_COLS * L;
        FloatVector vb = FloatVector.broadcast(F, beta);
        int j = 0;
        for (; j + block <= n; j += block) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int i = 0; i < m; i++) {
                int r = aOff + i * lda + j;
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i]);
                s0 = FloatVector.fromArray(F, a, r).fma(xi, s0);
                s1 = FloatVector.fromArray(F, a, r + L).fma(xi, s1);
                s2 = FloatVector.fromArray(F, a, r + 2 * L).fma(xi, s2);
                s3 = FloatVector.fromArray(F, a, r + 3 * L).fma(xi, s3);
            }
            int yj = yOff + j;
            if (beta == 0f) {
                s0.mul(alpha).intoArray(y, yj);
                s1.mul(alpha).intoArray(y, yj + L);
                s2.mul(alpha).intoArray(y, yj + 2 * L);
                s3.mul(alpha).intoArray(y, yj + 3 * L);
            } else {
                FloatVector.fromArray(F, y, yj).fma(vb, s0.mul(alpha)).intoArray(y, yj);
                FloatVector.fromArray(F, y, yj + L).fma(vb, s1.mul(alpha)).intoArray(y, yj + L);
                FloatVector.fromArray(F, y, yj + 2 * L).fma(vb, s2.mul(alpha)).intoArray(y, yj + 2 * L);
                FloatVector.fromArray(F, y, yj + 3 * L).fma(vb, s3.mul(alpha)).intoArray(y, yj + 3 * L);
            }
        }
        for (; j < n; j += L) {
            VectorMask<Float> mask = F.indexInRange(j, n);
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0; i < m; i++) {
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i]);
                s0 = FloatVector.fromArray(F, a, aOff + i * lda + j, mask).fma(xi, s0);
            }
            int yj = yOff + j;
            if (beta == 0f) {
                s0.mul(alpha).intoArray(y, yj, mask);
            } else {
                FloatVector.fromArray(F, y, yj, mask).fma(vb, s0.mul(alpha)).intoArray(y, yj, mask);
            }
        }
    }
}
