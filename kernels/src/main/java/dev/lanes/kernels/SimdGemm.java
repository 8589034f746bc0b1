package dev.lanes.kernels;

/** PLACEHOLDER (skeleton only, replaced before landing). */
final class SimdGemm implements Gemm {
    @Override public void sgemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        throw new UnsupportedOperationException("SimdGemm.sgemm: not yet written");
    }
    @Override public void sgemv(float[] y, int yOff, float[] a, int aOff, int lda, boolean transA, float[] x, int xOff, int m, int n, float alpha, float beta) {
        throw new UnsupportedOperationException("SimdGemm.sgemv: not yet written");
    }
}
