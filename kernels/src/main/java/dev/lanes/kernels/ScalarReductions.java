package dev.lanes.kernels;

/**
 * The specification of {@link Reductions}: plain loops accumulating in double, so the results
 * are the correctly rounded float of a sum whose own error is at most
 * {@code (n-1) * 2^-53 * sum|terms|} (far below float resolution for any n that fits an array).
 */
final class ScalarReductions implements Reductions {

    @Override public float sum(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return (float) s;
    }

    @Override public float max(float[] x, int xOff, int n) {
        float m = x[xOff];
        for (int i = 1; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override public float min(float[] x, int xOff, int n) {
        float m = x[xOff];
        for (int i = 1; i < n; i++) {
            m = Math.min(m, x[xOff + i]);
        }
        return m;
    }

    @Override public int argmax(float[] x, int xOff, int n) {
        int best = 0;
        float m = x[xOff];
        if (Float.isNaN(m)) {
            return 0;
        }
        for (int i = 1; i < n; i++) {
            float v = x[xOff + i];
            if (Float.isNaN(v)) {
                return i;
            }
            if (v > m) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    @Override public void argmaxRows(int[] idx, int idxOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            idx[idxOff + r] = argmax(x, xOff + r * cols, cols);
        }
    }

    @Override public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[xOff + i] * y[yOff + i];
        }
        return (float) s;
    }

    @Override public float sumSquares(float[] x, int xOff, int n) {
        return (float) sumSquaresDouble(x, xOff, n);
    }

    @Override public float norm2(float[] x, int xOff, int n) {
        // Squares of floats cannot overflow or underflow in double (float exponents span +-2^128).
        return (float) Math.sqrt(sumSquaresDouble(x, xOff, n));
    }

    private static double sumSquaresDouble(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            s += v * v;
        }
        return s;
    }

    @Override public void meanVariance(float[] out, int outOff, float[] x, int xOff, int n) {
        // Welford's update: stable for data with a large mean.
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            double d = v - mean;
            mean += d / (i + 1);
            m2 += d * (v - mean);
        }
        out[outOff] = (float) mean;
        out[outOff + 1] = (float) (m2 / n);
    }

    @Override public void logSumExpRows(float[] out, int outOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            float m = max(x, base, cols);
            if (Float.isInfinite(m)) {
                // all -inf gives -inf; any +inf gives +inf (the max itself)
                out[outOff + r] = m;
                continue;
            }
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[base + c] - m);
            }
            out[outOff + r] = (float) (m + Math.log(s));
        }
    }
}
