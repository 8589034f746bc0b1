package dev.lanes.kernels;

import static dev.lanes.kernels.Checks.matrix;
import static dev.lanes.kernels.Checks.nonNegative;
import static dev.lanes.kernels.Checks.range;

/** Validates every argument, then calls the wrapped implementation. */
final class CheckedGemm implements Gemm {
    private final Gemm k;

    CheckedGemm(Gemm k) {
        this.k = k;
    }

    @Override
    public void sgemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                      float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        nonNegative(m, "m");
        nonNegative(n, "n");
        nonNegative(k, "k");
        matrix(c, cOff, m, n, ldc, "C");
        if (transA) {
            matrix(a, aOff, k, m, lda, "A (transposed, stored k x m)");
        } else {
            matrix(a, aOff, m, k, lda, "A (stored m x k)");
        }
        if (transB) {
            matrix(b, bOff, n, k, ldb, "B (transposed, stored n x k)");
        } else {
            matrix(b, bOff, k, n, ldb, "B (stored k x n)");
        }
        this.k.sgemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }

    @Override
    public void sgemv(float[] y, int yOff, float[] a, int aOff, int lda, boolean transA,
                      float[] x, int xOff, int m, int n, float alpha, float beta) {
        nonNegative(m, "m");
        nonNegative(n, "n");
        matrix(a, aOff, m, n, lda, "A (stored m x n)");
        range(x, xOff, transA ? m : n, "x");
        range(y, yOff, transA ? n : m, "y");
        k.sgemv(y, yOff, a, aOff, lda, transA, x, xOff, m, n, alpha, beta);
    }
}
