package dev.lanes.kernels;

/** The specification of {@link Vectors}: plain loops. */
final class ScalarVectors implements Vectors {

    @Override public void fill(float[] x, int xOff, float value, int n) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] = value;
        }
    }

    @Override public void copy(float[] y, int yOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = x[xOff + i];
        }
    }

    @Override public void scale(float[] x, int xOff, float alpha, int n) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] = alpha * x[xOff + i];
        }
    }

    @Override public void axpy(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override public void add(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] + y[yOff + i];
        }
    }

    @Override public void sub(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] - y[yOff + i];
        }
    }

    @Override public void mul(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override public void addRow(float[] y, int yOff, float[] b, int bOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                y[yOff + r * cols + c] += b[bOff + c];
            }
        }
    }

    @Override public void columnSums(float[] s, int sOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                s[sOff + c] += x[xOff + r * cols + c];
            }
        }
    }

    @Override public void clamp(float[] y, int yOff, float[] x, int xOff, float lo, float hi, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }
}
