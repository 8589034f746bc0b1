package dev.lanes.kernels;

import static dev.lanes.kernels.Checks.range;

/** Validates every argument, then calls the wrapped implementation. */
final class CheckedReductions implements Reductions {
    private final Reductions k;

    CheckedReductions(Reductions k) {
        this.k = k;
    }

    private static void nonEmpty(float[] x, int xOff, int n) {
        Checks.positive(n, "n");
        range(x, xOff, n, "x");
    }

    @Override public float sum(float[] x, int xOff, int n) {
        range(x, xOff, n, "x");
        return k.sum(x, xOff, n);
    }

    @Override public float max(float[] x, int xOff, int n) {
        nonEmpty(x, xOff, n);
        return k.max(x, xOff, n);
    }

    @Override public float min(float[] x, int xOff, int n) {
        nonEmpty(x, xOff, n);
        return k.min(x, xOff, n);
    }

    @Override public int argmax(float[] x, int xOff, int n) {
        nonEmpty(x, xOff, n);
        return k.argmax(x, xOff, n);
    }

    @Override public void argmaxRows(int[] idx, int idxOff, float[] x, int xOff, int rows, int cols) {
        Checks.positive(cols, "cols");
        range(x, xOff, Checks.elements(rows, cols, "x"), "x");
        range(idx, idxOff, rows, "idx");
        k.argmaxRows(idx, idxOff, x, xOff, rows, cols);
    }

    @Override public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        range(x, xOff, n, "x");
        range(y, yOff, n, "y");
        return k.dot(x, xOff, y, yOff, n);
    }

    @Override public float sumSquares(float[] x, int xOff, int n) {
        range(x, xOff, n, "x");
        return k.sumSquares(x, xOff, n);
    }

    @Override public float norm2(float[] x, int xOff, int n) {
        range(x, xOff, n, "x");
        return k.norm2(x, xOff, n);
    }

    @Override public void meanVariance(float[] out, int outOff, float[] x, int xOff, int n) {
        nonEmpty(x, xOff, n);
        range(out, outOff, 2, "out");
        k.meanVariance(out, outOff, x, xOff, n);
    }

    @Override public void logSumExpRows(float[] out, int outOff, float[] x, int xOff, int rows, int cols) {
        Checks.positive(cols, "cols");
        range(x, xOff, Checks.elements(rows, cols, "x"), "x");
        range(out, outOff, rows, "out");
        k.logSumExpRows(out, outOff, x, xOff, rows, cols);
    }
}
