package dev.lanes.kernels;

/** PLACEHOLDER (skeleton only, replaced before landing). */
final class SimdVectors implements Vectors {
    @Override public void fill(float[] x, int xOff, float value, int n) {
        throw new UnsupportedOperationException("SimdVectors.fill: not yet written");
    }
    @Override public void copy(float[] y, int yOff, float[] x, int xOff, int n) {
        throw new UnsupportedOperationException("SimdVectors.copy: not yet written");
    }
    @Override public void scale(float[] x, int xOff, float alpha, int n) {
        throw new UnsupportedOperationException("SimdVectors.scale: not yet written");
    }
    @Override public void axpy(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        throw new UnsupportedOperationException("SimdVectors.axpy: not yet written");
    }
    @Override public void add(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("SimdVectors.add: not yet written");
    }
    @Override public void sub(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("SimdVectors.sub: not yet written");
    }
    @Override public void mul(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        throw new UnsupportedOperationException("SimdVectors.mul: not yet written");
    }
    @Override public void addRow(float[] y, int yOff, float[] b, int bOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdVectors.addRow: not yet written");
    }
    @Override public void columnSums(float[] s, int sOff, float[] x, int xOff, int rows, int cols) {
        throw new UnsupportedOperationException("SimdVectors.columnSums: not yet written");
    }
    @Override public void clamp(float[] y, int yOff, float[] x, int xOff, float lo, float hi, int n) {
        throw new UnsupportedOperationException("SimdVectors.clamp: not yet written");
    }
}
