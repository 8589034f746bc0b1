package dev.lanes.kernels;

/** The specification of {@link Gemm}: the naive triple loop, accumulating each dot product in float. */
final class ScalarGemm implements Gemm {

    @Override
    public void sgemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                      float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        if (k == 0) {
            scaleC(c, cOff, ldc, m, n, beta);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float dot = 0f;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    dot += aip * bpj;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * dot : alpha * dot + beta * c[ci];
            }
        }
    }

    /** {@code C := beta*C} (k = 0, as in BLAS: alpha*A*B is an empty sum, not alpha*0); beta = 0 writes +0. */
    static void scaleC(float[] c, int cOff, int ldc, int m, int n, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }

    @Override
    public void sgemv(float[] y, int yOff, float[] a, int aOff, int lda, boolean transA,
                      float[] x, int xOff, int m, int n, float alpha, float beta) {
        int rows = transA ? n : m;
        int len = transA ? m : n;
        for (int i = 0; i < rows; i++) {
            float dot = 0f;
            for (int p = 0; p < len; p++) {
                float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                dot += aip * x[xOff + p];
            }
            y[yOff + i] = beta == 0f ? alpha * dot : alpha * dot + beta * y[yOff + i];
        }
    }
}
