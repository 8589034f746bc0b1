package dev.lanes.kernels;

/** PLACEHOLDER (skeleton only, replaced before landing). */
final class SimdReductions implements Reductions {
    @Override public float sum(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.sum: not yet written");
    }
    @Override public float max(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.max: not yet written");
    }
    @Override public float min(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.min: not yet written");
    }
    @Override public int argmax(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.argmax: not yet written");
    }
    @Override public void argmaxRows(int[] idx, int idxOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdReductions.argmaxRows: not yet written");
    }
    @Override public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.dot: not yet written");
    }
    @Override public float sumSquares(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.sumSquares: not yet written");
    }
    @Override public float norm2(float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.norm2: not yet written");
    }
    @Override public void meanVariance(float[] out, int outOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdReductions.meanVariance: not yet written");
    }
    @Override public void logSumExpRows(float[] out, int outOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdReductions.logSumExpRows: not yet written");
    }
}
