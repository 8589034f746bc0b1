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
        if (c == a && overlaps(cOff, m, n, ldc, aOff, transA ? k : m, transA ? m : k, lda)) {
            throw aliased("C", cOff, m, n, ldc, "A", aOff, transA ? k : m, transA ? m : k, lda);
        }
        if (c == b && overlaps(cOff, m, n, ldc, bOff, transB ? n : k, transB ? k : n, ldb)) {
            throw aliased("C", cOff, m, n, ldc, "B", bOff, transB ? n : k, transB ? k : n, ldb);
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
        int yLen = transA ? n : m;
        int xLen = transA ? m : n;
        if (y == a && overlaps(yOff, 1, yLen, Math.max(1, yLen), aOff, m, n, lda)) {
            throw aliased("y", yOff, 1, yLen, Math.max(1, yLen), "A", aOff, m, n, lda);
        }
        if (y == x && overlaps(yOff, 1, yLen, Math.max(1, yLen), xOff, 1, xLen, Math.max(1, xLen))) {
            throw aliased("y", yOff, 1, yLen, Math.max(1, yLen), "x", xOff, 1, xLen, Math.max(1, xLen));
        }
        k.sgemv(y, yOff, a, aOff, lda, transA, x, xOff, m, n, alpha, beta);
    }

    /**
     * Whether two strided matrices in one array share an element: X has {@code rows1 x cols1}
     * elements at {@code off1 + i*ld1 + j}, Y likewise. Exact (disjoint column blocks of one buffer
     * do not overlap), and O(rows1): for each row of X, the rows of Y whose span meets it.
     */
    static boolean overlaps(int off1, int rows1, int cols1, int ld1, int off2, int rows2, int cols2, int ld2) {
        if (rows1 == 0 || cols1 == 0 || rows2 == 0 || cols2 == 0) {
            return false;
        }
        long end1 = off1 + (long) (rows1 - 1) * ld1 + cols1;
        long end2 = off2 + (long) (rows2 - 1) * ld2 + cols2;
        if (end1 <= off2 || end2 <= off1) {
            return false;  // the common case: spans apart
        }
        for (long i = 0; i < rows1; i++) {
            long s = off1 + i * ld1;       // X's row i covers [s, s + cols1)
            long e = s + cols1;
            // rows r of Y with off2 + r*ld2 < e and off2 + r*ld2 + cols2 > s
            long lo = Math.max(0, Math.floorDiv(s - cols2 - off2, (long) ld2) + 1);
            long hi = Math.min(rows2 - 1, Math.floorDiv(e - 1 - off2, (long) ld2));
            if (lo <= hi) {
                return true;
            }
        }
        return false;
    }

    private static IllegalArgumentException aliased(String out, int outOff, int outRows, int outCols, int outLd,
                                                    String in, int inOff, int inRows, int inCols, int inLd) {
        return new IllegalArgumentException(out + " must not overlap " + in + ": they are the same array and share "
                + "elements (" + out + ": offset " + outOff + ", " + outRows + " x " + outCols + ", leading dimension "
                + outLd + "; " + in + ": offset " + inOff + ", " + inRows + " x " + inCols + ", leading dimension "
                + inLd + "); pass a separate output array");
    }
}
