package dev.lanes.kernels;

import static dev.lanes.kernels.ActivationCases.LANES;
import static dev.lanes.kernels.ActivationCases.SCALAR;
import static dev.lanes.kernels.ActivationCases.SIMD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lanes.kernels.ActivationCases.BackwardCase;
import dev.lanes.kernels.ActivationCases.UnaryCase;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIMD against the scalar twin for every elementwise activation and its backward, over sizes 0,
 * 1, every tail residue up to four vectors and random sizes up to 5000, random offsets, and
 * special values mixed in. Tolerances are those of {@link ActivationCases} (documented in the
 * {@link Activations} Javadoc). Elements outside the written range must stay untouched.
 */
class ActivationsTest {

    static java.util.List<UnaryCase> unaryCases() {
        return ActivationCases.unaryCases();
    }

    static java.util.List<BackwardCase> backwardCases() {
        return ActivationCases.backwardCases();
    }

    /** Runs one unary case on n elements; returns null or a failure description. */
    static String checkUnary(UnaryCase c, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = ActivationCases.values(rnd, n, true);
        int xOff = rnd.nextInt(9);
        int yOff = rnd.nextInt(9);
        float[] x = ActivationCases.placed(v, xOff, 3);
        float[] xCopy = x.clone();
        float[] ys = ActivationCases.placed(new float[n], yOff, 5);
        float[] yv = ys.clone();
        c.op().run(SCALAR, ys, yOff, x, xOff, n);
        c.op().run(SIMD, yv, yOff, x, xOff, n);
        if (!Arrays.equals(x, xCopy)) {
            return c + ": input modified";
        }
        for (int i = 0; i < yv.length; i++) {
            boolean inside = i >= yOff && i < yOff + n;
            if (!inside) {
                if (Float.floatToRawIntBits(yv[i]) != Float.floatToRawIntBits(12345.5f)) {
                    return c + ": wrote outside the range at " + i + " (n=" + n + ", yOff=" + yOff + ")";
                }
                continue;
            }
            float xi = v[i - yOff];
            String m = ActivationCases.mismatch(yv[i], ys[i], c.tol().allowed(xi, ys[i]));
            if (m != null) {
                return c + "(" + xi + "): simd " + yv[i] + " scalar " + ys[i] + ": " + m + " (n=" + n + ")";
            }
        }
        return null;
    }

    static String checkBackward(BackwardCase c, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] xin = ActivationCases.values(rnd, n, true);
        float[] s = xin;
        if (c.forwardForInput() != null) { // backward takes the forward output
            s = new float[n];
            c.forwardForInput().run(SCALAR, s, 0, xin, 0, n);
        }
        float[] g = ActivationCases.values(rnd, n, false);
        float[] d0 = ActivationCases.values(rnd, n, false);
        int sOff = rnd.nextInt(9);
        int gOff = rnd.nextInt(9);
        int dOff = rnd.nextInt(9);
        float[] sa = ActivationCases.placed(s, sOff, 2);
        float[] ga = ActivationCases.placed(g, gOff, 2);
        float[] ds = ActivationCases.placed(d0, dOff, 4);
        float[] dv = ds.clone();
        c.op().run(SCALAR, ds, dOff, ga, gOff, sa, sOff, n);
        c.op().run(SIMD, dv, dOff, ga, gOff, sa, sOff, n);
        for (int i = 0; i < dv.length; i++) {
            boolean inside = i >= dOff && i < dOff + n;
            if (!inside) {
                if (Float.floatToRawIntBits(dv[i]) != Float.floatToRawIntBits(12345.5f)) {
                    return c + ": wrote outside the range at " + i;
                }
                continue;
            }
            int k = i - dOff;
            double tol = c.rel() * (Math.abs(d0[k]) + Math.abs((double) ds[i] - d0[k])) + c.absPerDy() * Math.abs(g[k]);
            String m = ActivationCases.mismatch(dv[i], ds[i], tol);
            if (m != null) {
                return c + "(s=" + s[k] + ", dy=" + g[k] + ", dx0=" + d0[k] + "): simd " + dv[i] + " scalar " + ds[i]
                        + ": " + m + " (n=" + n + ")";
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("unaryCases")
    void forwardMatchesScalarOnEveryTail(UnaryCase c) {
        for (int n : ActivationCases.tailSizes()) {
            for (long seed = 0; seed < 6; seed++) {
                assertNull(checkUnary(c, seed * 1000 + n, n));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("unaryCases")
    void forwardMatchesScalarOnRandomSizes(UnaryCase c) {
        qt().withExamples(150).forAll(longs().all(), integers().between(0, 5000))
                .check((seed, n) -> checkUnary(c, seed, n) == null);
    }

    @ParameterizedTest
    @MethodSource("backwardCases")
    void backwardMatchesScalarOnEveryTail(BackwardCase c) {
        for (int n : ActivationCases.tailSizes()) {
            for (long seed = 0; seed < 6; seed++) {
                assertNull(checkBackward(c, seed * 1000 + n, n));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backwardCases")
    void backwardMatchesScalarOnRandomSizes(BackwardCase c) {
        qt().withExamples(150).forAll(longs().all(), integers().between(0, 5000))
                .check((seed, n) -> checkBackward(c, seed, n) == null);
    }

    // ---- softmax / log-softmax ------------------------------------------------------------

    interface RowOp {
        void run(Activations a, float[] y, int yOff, float[] x, int xOff, int rows, int cols);
    }

    interface RowBackward {
        void run(Activations a, float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols);
    }

    static float[] rowValues(SplittableRandom rnd, int rows, int cols) {
        float[] v = ActivationCases.values(rnd, rows * cols, false);
        for (int r = 0; r < rows; r++) {
            if (rnd.nextInt(4) == 0 && cols > 1) { // some -inf entries, never the whole row
                v[r * cols + rnd.nextInt(cols - 1) + 1] = Float.NEGATIVE_INFINITY;
            }
            if (rnd.nextInt(10) == 0) { // a shifted row: stability against large values
                for (int c = 0; c < cols; c++) {
                    v[r * cols + c] += 1000f;
                }
            }
        }
        return v;
    }

    /**
     * Softmax tolerance: the SIMD row sum is a float sum (relative error up to about
     * (cols/LANES + 8) * 2^-24); the rounding of x - max costs |x - max| * 2^-24 relative,
     * which the absolute 2^-30 covers for every probability where it matters.
     */
    static String checkSoftmax(boolean log, long seed, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = rowValues(rnd, rows, cols);
        int xOff = rnd.nextInt(9);
        int yOff = rnd.nextInt(9);
        float[] x = ActivationCases.placed(v, xOff, 3);
        float[] ys = ActivationCases.placed(new float[rows * cols], yOff, 5);
        float[] yv = ys.clone();
        RowOp op = log ? (a, y, yo, xx, xo, r, c) -> a.logSoftmax(y, yo, xx, xo, r, c)
                       : (a, y, yo, xx, xo, r, c) -> a.softmax(y, yo, xx, xo, r, c);
        op.run(SCALAR, ys, yOff, x, xOff, rows, cols);
        op.run(SIMD, yv, yOff, x, xOff, rows, cols);
        double sumRel = (cols / (double) LANES + 8) * 0x1p-24;
        for (int i = 0; i < yv.length; i++) {
            boolean inside = i >= yOff && i < yOff + rows * cols;
            if (!inside) {
                if (Float.floatToRawIntBits(yv[i]) != Float.floatToRawIntBits(12345.5f)) {
                    return "wrote outside the range at " + i;
                }
                continue;
            }
            double tol = log ? 4 * ActivationCases.ulp(ys[i]) + sumRel
                             : (4 * 0x1p-24 + sumRel) * Math.abs(ys[i]) + 0x1p-30;
            String m = ActivationCases.mismatch(yv[i], ys[i], tol);
            if (m != null) {
                return (log ? "logSoftmax" : "softmax") + " rows=" + rows + " cols=" + cols + " at " + (i - yOff)
                        + ": simd " + yv[i] + " scalar " + ys[i] + ": " + m;
            }
        }
        return null;
    }

    static String checkSoftmaxBackward(boolean log, long seed, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = rowValues(rnd, rows, cols);
        float[] y = new float[rows * cols];
        if (log) {
            SCALAR.logSoftmax(y, 0, x, 0, rows, cols);
        } else {
            SCALAR.softmax(y, 0, x, 0, rows, cols);
        }
        float[] g = ActivationCases.values(rnd, rows * cols, false);
        float[] d0 = ActivationCases.values(rnd, rows * cols, false);
        int yOff = rnd.nextInt(9);
        int gOff = rnd.nextInt(9);
        int dOff = rnd.nextInt(9);
        float[] ya = ActivationCases.placed(y, yOff, 2);
        float[] ga = ActivationCases.placed(g, gOff, 2);
        float[] ds = ActivationCases.placed(d0, dOff, 4);
        float[] dv = ds.clone();
        RowBackward op = log ? (a, dx, dxo, dy, dyo, yy, yo, r, c) -> a.logSoftmaxBackward(dx, dxo, dy, dyo, yy, yo, r, c)
                             : (a, dx, dxo, dy, dyo, yy, yo, r, c) -> a.softmaxBackward(dx, dxo, dy, dyo, yy, yo, r, c);
        op.run(SCALAR, ds, dOff, ga, gOff, ya, yOff, rows, cols);
        op.run(SIMD, dv, dOff, ga, gOff, ya, yOff, rows, cols);
        double sumRel = (cols / (double) LANES + 8) * 0x1p-24;
        for (int r = 0; r < rows; r++) {
            double rowScale = 0; // sum |dy*y| (softmax) or sum |dy| (log-softmax): the reduced quantity
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                rowScale += log ? Math.abs(g[k]) : Math.abs((double) g[k] * y[k]);
            }
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                double p = log ? Math.exp(y[k]) : Math.abs(y[k]);
                double tol = 0x1p-21 * (Math.abs(d0[k]) + Math.abs(g[k]) * (log ? 1 : p) + p * rowScale)
                        + p * rowScale * sumRel;
                String m = ActivationCases.mismatch(dv[dOff + k], ds[dOff + k], tol);
                if (m != null) {
                    return (log ? "logSoftmaxBackward" : "softmaxBackward") + " rows=" + rows + " cols=" + cols
                            + " at " + k + ": simd " + dv[dOff + k] + " scalar " + ds[dOff + k] + ": " + m;
                }
            }
        }
        for (int i = 0; i < dOff; i++) {
            if (dv[i] != 12345.5f) {
                return "wrote before the range";
            }
        }
        for (int i = dOff + rows * cols; i < dv.length; i++) {
            if (dv[i] != 12345.5f) {
                return "wrote after the range";
            }
        }
        return null;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void softmaxMatchesScalarOnEveryRowTail(boolean log) {
        for (int cols = 0; cols <= 4 * LANES + 1; cols++) {
            for (int rows : new int[] {0, 1, 3}) {
                long seed = cols * 31L + rows;
                assertNull(checkSoftmax(log, seed, rows, cols));
                assertNull(checkSoftmaxBackward(log, seed, rows, cols));
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void softmaxMatchesScalarOnRandomShapes(boolean log) {
        qt().withExamples(120).forAll(longs().all(), integers().between(0, 6), integers().between(1, 1200))
                .check((seed, rows, cols) -> checkSoftmax(log, seed, rows, cols) == null
                        && checkSoftmaxBackward(log, seed, rows, cols) == null);
    }

    @ParameterizedTest
    @MethodSource("unaryCases")
    void forwardWorksInPlace(UnaryCase c) {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 3 * LANES + 5;
        float[] v = ActivationCases.values(rnd, n, true);
        float[] expected = new float[n];
        c.op().run(SIMD, expected, 0, v, 0, n);
        float[] inPlace = v.clone();
        c.op().run(SIMD, inPlace, 0, inPlace, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(inPlace[i]), c + " at " + i);
        }
        assertTrue(n > LANES);
    }
}
