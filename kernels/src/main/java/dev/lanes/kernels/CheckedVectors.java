package dev.lanes.kernels;

import static dev.lanes.kernels.Checks.range;

/** Validates every argument, then calls the wrapped implementation. */
final class CheckedVectors implements Vectors {
    private final Vectors k;

    CheckedVectors(Vectors k) {
        this.k = k;
    }

    private static void binary(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        range(z, zOff, n, "z");
        range(x, xOff, n, "x");
        range(y, yOff, n, "y");
    }

    @Override public void fill(float[] x, int xOff, float value, int n) {
        range(x, xOff, n, "x");
        k.fill(x, xOff, value, n);
    }

    @Override public void copy(float[] y, int yOff, float[] x, int xOff, int n) {
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
        k.copy(y, yOff, x, xOff, n);
    }

    @Override public void scale(float[] x, int xOff, float alpha, int n) {
        range(x, xOff, n, "x");
        k.scale(x, xOff, alpha, n);
    }

    @Override public void axpy(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
        k.axpy(y, yOff, x, xOff, alpha, n);
    }

    @Override public void add(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        binary(z, zOff, x, xOff, y, yOff, n);
        k.add(z, zOff, x, xOff, y, yOff, n);
    }

    @Override public void sub(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        binary(z, zOff, x, xOff, y, yOff, n);
        k.sub(z, zOff, x, xOff, y, yOff, n);
    }

    @Override public void mul(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        binary(z, zOff, x, xOff, y, yOff, n);
        k.mul(z, zOff, x, xOff, y, yOff, n);
    }

    @Override public void addRow(float[] y, int yOff, float[] b, int bOff, int rows, int cols) {
        range(y, yOff, Checks.elements(rows, cols, "y"), "y");
        range(b, bOff, cols, "b");
        k.addRow(y, yOff, b, bOff, rows, cols);
    }

    @Override public void columnSums(float[] s, int sOff, float[] x, int xOff, int rows, int cols) {
        range(x, xOff, Checks.elements(rows, cols, "x"), "x");
        range(s, sOff, cols, "s");
        k.columnSums(s, sOff, x, xOff, rows, cols);
    }

    @Override public void clamp(float[] y, int yOff, float[] x, int xOff, float lo, float hi, int n) {
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp needs lo <= hi (neither NaN), got lo = " + lo + ", hi = " + hi);
        }
        k.clamp(y, yOff, x, xOff, lo, hi, n);
    }
}
