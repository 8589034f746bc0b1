package dev.lanes.kernels;

import static dev.lanes.kernels.VectorShapes.FLOAT;
import static dev.lanes.kernels.VectorShapes.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@link Vectors} on the Vector API. Every method: vector body up to {@code FLOAT.loopBound(n)},
 * then one masked vector op for the tail. All results equal {@link ScalarVectors} bit for bit:
 * each lane does the same single IEEE operation (or the same fused multiply-add, or
 * {@code Math.max}/{@code Math.min}, which the lanewise MAX/MIN follow, NaN and signed zeros
 * included), and {@link #columnSums} adds each column in row order like the scalar loop.
 *
 * <p>The element-wise loops are not unrolled by hand: C2 unrolls these one-vector loops itself
 * and they run at the load/store limit (see {@code VectorsBench}).
 */
final class SimdVectors implements Vectors {

    /**
     * Column vectors kept in registers per pass of {@link #columnSums}: four accumulators amortise
     * the loads and stores of {@code s} over all rows while leaving plenty of registers free.
     */
    private static final int COLUMN_BLOCK = 4;

    @Override public void fill(float[] x, int xOff, float value, int n) {
        FloatVector v = FloatVector.broadcast(FLOAT, value);
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            v.intoArray(x, xOff + i);
        }
        if (i < n) {
            v.intoArray(x, xOff + i, FLOAT.indexInRange(i, n));
        }
    }

    @Override public void copy(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector.fromArray(FLOAT, x, xOff + i).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector.fromArray(FLOAT, x, xOff + i, m).intoArray(y, yOff + i, m);
        }
    }

    @Override public void scale(float[] x, int xOff, float alpha, int n) {
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector.fromArray(FLOAT, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector.fromArray(FLOAT, x, xOff + i, m).mul(alpha).intoArray(x, xOff + i, m);
        }
    }

    @Override public void axpy(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        FloatVector a = FloatVector.broadcast(FLOAT, alpha);
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i);
            a.fma(xv, yv).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            a.fma(xv, yv).intoArray(y, yOff + i, m);
        }
    }

    @Override public void add(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i);
            xv.add(yv).intoArray(z, zOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            xv.add(yv).intoArray(z, zOff + i, m);
        }
    }

    @Override public void sub(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i);
            xv.sub(yv).intoArray(z, zOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            xv.sub(yv).intoArray(z, zOff + i, m);
        }
    }

    @Override public void mul(float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i);
            xv.mul(yv).intoArray(z, zOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            xv.mul(yv).intoArray(z, zOff + i, m);
        }
    }

    @Override public void addRow(float[] y, int yOff, float[] b, int bOff, int rows, int cols) {
        int upper = FLOAT.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = yOff + r * cols;
            int c = 0;
            for (; c < upper; c += LANES) {
                FloatVector yv = FloatVector.fromArray(FLOAT, y, row + c);
                yv.add(FloatVector.fromArray(FLOAT, b, bOff + c)).intoArray(y, row + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector yv = FloatVector.fromArray(FLOAT, y, row + c, m);
                yv.add(FloatVector.fromArray(FLOAT, b, bOff + c, m)).intoArray(y, row + c, m);
            }
        }
    }

    @Override public void columnSums(float[] s, int sOff, float[] x, int xOff, int rows, int cols) {
        // Each lane owns one column and adds x[0,c], x[1,c], ... in row order: the scalar order.
        int c = 0;
        int blockUpper = cols - cols % (COLUMN_BLOCK * LANES);
        for (; c < blockUpper; c += COLUMN_BLOCK * LANES) {
            FloatVector a0 = FloatVector.fromArray(FLOAT, s, sOff + c);
            FloatVector a1 = FloatVector.fromArray(FLOAT, s, sOff + c + LANES);
            FloatVector a2 = FloatVector.fromArray(FLOAT, s, sOff + c + 2 * LANES);
            FloatVector a3 = FloatVector.fromArray(FLOAT, s, sOff + c + 3 * LANES);
            for (int r = 0; r < rows; r++) {
                int p = xOff + r * cols + c;
                a0 = a0.add(FloatVector.fromArray(FLOAT, x, p));
                a1 = a1.add(FloatVector.fromArray(FLOAT, x, p + LANES));
                a2 = a2.add(FloatVector.fromArray(FLOAT, x, p + 2 * LANES));
                a3 = a3.add(FloatVector.fromArray(FLOAT, x, p + 3 * LANES));
            }
            a0.intoArray(s, sOff + c);
            a1.intoArray(s, sOff + c + LANES);
            a2.intoArray(s, sOff + c + 2 * LANES);
            a3.intoArray(s, sOff + c + 3 * LANES);
        }
        int upper = FLOAT.loopBound(cols);
        for (; c < upper; c += LANES) {
            FloatVector a = FloatVector.fromArray(FLOAT, s, sOff + c);
            for (int r = 0; r < rows; r++) {
                a = a.add(FloatVector.fromArray(FLOAT, x, xOff + r * cols + c));
            }
            a.intoArray(s, sOff + c);
        }
        if (c < cols) {
            VectorMask<Float> m = FLOAT.indexInRange(c, cols);
            FloatVector a = FloatVector.fromArray(FLOAT, s, sOff + c, m);
            for (int r = 0; r < rows; r++) {
                a = a.add(FloatVector.fromArray(FLOAT, x, xOff + r * cols + c, m));
            }
            a.intoArray(s, sOff + c, m);
        }
    }

    @Override public void clamp(float[] y, int yOff, float[] x, int xOff, float lo, float hi, int n) {
        // Lanewise MAX/MIN follow Math.max/Math.min: NaN stays NaN, -0 < +0, like the scalar twin.
        FloatVector lov = FloatVector.broadcast(FLOAT, lo);
        FloatVector hiv = FloatVector.broadcast(FLOAT, hi);
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector.fromArray(FLOAT, x, xOff + i).max(lov).min(hiv).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector.fromArray(FLOAT, x, xOff + i, m).max(lov).min(hiv).intoArray(y, yOff + i, m);
        }
    }
}
