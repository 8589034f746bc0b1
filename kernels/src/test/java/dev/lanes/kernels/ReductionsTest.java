package dev.lanes.kernels;

import static dev.lanes.kernels.VectorTestData.FINITE_SPECIALS;
import static dev.lanes.kernels.VectorTestData.LANES;
import static dev.lanes.kernels.VectorTestData.SMALL;
import static dev.lanes.kernels.VectorTestData.array;
import static dev.lanes.kernels.VectorTestData.cases;
import static dev.lanes.kernels.VectorTestData.describe;
import static dev.lanes.kernels.VectorTestData.everySize;
import static dev.lanes.kernels.VectorsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lanes.kernels.VectorTestData.Case;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdReductions} and {@link ScalarReductions} against exact references (BigDecimal) with
 * the error bounds the {@link Reductions} Javadoc documents ({@code u = 2^-24}), and against each
 * other exactly where the interface promises it (max, min, argmax, argmaxRows).
 */
class ReductionsTest {
    private static final Reductions SIMD = new SimdReductions();
    private static final Reductions SCALAR = new ScalarReductions();
    private static final Reductions[] BOTH = {SIMD, SCALAR};
    private static final int EXAMPLES = 150;
    private static final double U = 0x1p-24;
    private static final MathContext MC = new MathContext(60);

    private static void property(Consumer<Case> check) {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(check::accept);
        everySize(check);
    }

    private static String name(Reductions k) {
        return k == SIMD ? "simd" : "scalar";
    }

    // ---- references ------------------------------------------------------------------------

    /** Expected result of a sum of these terms when one of them is not finite, else null. */
    private static Float nonFinite(double[] terms) {
        boolean nan = false;
        boolean pos = false;
        boolean neg = false;
        for (double t : terms) {
            nan |= Double.isNaN(t);
            pos |= t == Double.POSITIVE_INFINITY;
            neg |= t == Double.NEGATIVE_INFINITY;
        }
        if (nan || (pos && neg)) {
            return Float.NaN;
        }
        if (pos || neg) {
            return pos ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        return null;
    }

    private static double[] terms(float[] x, int off, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = x[off + i];
        }
        return t;
    }

    private static BigDecimal exactSum(double[] terms) {
        BigDecimal s = BigDecimal.ZERO;
        for (double t : terms) {
            s = s.add(new BigDecimal(t));
        }
        return s;
    }

    private static double sumAbs(double[] terms) {
        double s = 0;
        for (double t : terms) {
            s += Math.abs(t);
        }
        return s * (1 + 0x1p-40); // rounding of this double sum, generously
    }

    /**
     * {@code |got - exact| <= bound}, or, when got is an infinity, that exact lies beyond the
     * float range up to the bound with the same sign.
     */
    private static void assertWithin(String what, float got, BigDecimal exact, double bound) {
        if (Float.isNaN(got)) {
            throw new AssertionError(what + ": NaN for finite input, exact " + exact.doubleValue());
        }
        if (Float.isInfinite(got)) {
            boolean ok = exact.signum() == (got > 0 ? 1 : -1)
                    && exact.abs().doubleValue() + bound >= Float.MAX_VALUE;
            assertTrue(ok, () -> what + ": " + got + " but exact " + exact.doubleValue());
            return;
        }
        BigDecimal err = new BigDecimal(got).subtract(exact).abs();
        if (err.compareTo(new BigDecimal(bound)) > 0) {
            throw new AssertionError(what + ": got " + got + " exact " + exact.doubleValue() + " error "
                    + err.doubleValue() + " > bound " + bound);
        }
    }

    private static void assertSameFloat(String what, float expected, float got) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(got)) {
            throw new AssertionError(what + ": expected " + expected + " got " + got);
        }
    }

    // ---- sum, dot, sumSquares, norm2 ----------------------------------------------------------

    @Test void sumWithinDocumentedBound() {
        property(c -> {
            float[] x = array(c, 1, c.off1());
            double[] t = terms(x, c.off1(), c.n());
            Float special = nonFinite(t);
            for (Reductions k : BOTH) {
                float got = k.sum(x, c.off1(), c.n());
                String what = "sum " + name(k) + " " + describe(c);
                if (special != null) {
                    assertSameFloat(what, special, got);
                } else {
                    BigDecimal exact = exactSum(t);
                    double bound = U * Math.abs(exact.doubleValue()) + c.n() * 0x1p-52 * sumAbs(t) + Float.MIN_VALUE;
                    assertWithin(what, got, exact, bound);
                }
            }
            if (c.n() == 0) {
                assertSameFloat("empty sum", 0f, SIMD.sum(x, c.off1(), 0));
            }
        });
    }

    @Test void sumOfManyValuesIsCorrectlyRoundedOrNeighbour() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 300_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(2) == 0 ? r.nextFloat() : (float) r.nextGaussian() * 1000;
        }
        BigDecimal exact = exactSum(terms(x, 0, n));
        float rounded = exact.floatValue();
        for (Reductions k : BOTH) {
            float got = k.sum(x, 0, n);
            assertTrue(Math.abs(got - rounded) <= Math.ulp(rounded),
                    () -> name(k) + " sum " + got + " vs correctly rounded " + rounded);
        }
    }

    @Test void dotWithinDocumentedBound() {
        property(c -> {
            float[] x = array(c, 1, c.off1());
            float[] y = array(c, 2, c.off2());
            double[] t = new double[c.n()];
            for (int i = 0; i < c.n(); i++) {
                t[i] = (double) x[c.off1() + i] * y[c.off2() + i]; // exact in double
            }
            Float special = nonFinite(t);
            for (Reductions k : BOTH) {
                float got = k.dot(x, c.off1(), y, c.off2(), c.n());
                String what = "dot " + name(k) + " " + describe(c);
                if (special != null) {
                    assertSameFloat(what, special, got);
                } else {
                    BigDecimal exact = exactSum(t);
                    double bound = U * Math.abs(exact.doubleValue()) + c.n() * 0x1p-52 * sumAbs(t) + Float.MIN_VALUE;
                    assertWithin(what, got, exact, bound);
                }
            }
        });
    }

    @Test void sumSquaresAndNorm2WithinDocumentedBound() {
        property(c -> {
            float[] x = array(c, 1, c.off1());
            double[] t = new double[c.n()];
            for (int i = 0; i < c.n(); i++) {
                t[i] = (double) x[c.off1() + i] * x[c.off1() + i];
            }
            Float special = nonFinite(t);
            for (Reductions k : BOTH) {
                float ss = k.sumSquares(x, c.off1(), c.n());
                float nrm = k.norm2(x, c.off1(), c.n());
                String what = name(k) + " " + describe(c);
                if (special != null) {
                    assertSameFloat("sumSquares " + what, special, ss);
                    assertSameFloat("norm2 " + what, special, nrm);
                } else {
                    BigDecimal exact = exactSum(t);
                    double e = exact.doubleValue();
                    assertWithin("sumSquares " + what, ss, exact, (U + c.n() * 0x1p-52) * e + Float.MIN_VALUE);
                    BigDecimal exactNorm = exact.sqrt(MC);
                    assertWithin("norm2 " + what, nrm, exactNorm,
                            (U + c.n() * 0x1p-53) * exactNorm.doubleValue() + Float.MIN_VALUE);
                }
            }
        });
    }

    @Test void norm2NeitherOverflowsNorUnderflows() {
        int n = 1000;
        for (float v : new float[] {1e30f, -1e30f, 1e-30f, 3e38f / 64, Float.MIN_NORMAL, Float.MIN_VALUE}) {
            float[] x = new float[n];
            java.util.Arrays.fill(x, v);
            double expected = Math.abs((double) v) * Math.sqrt(n);
            for (Reductions k : BOTH) {
                float got = k.norm2(x, 0, n);
                double rel = Math.abs(got - expected) / expected;
                // float results below MIN_NORMAL are subnormal: allow half their spacing
                double allowed = U + n * 0x1p-53 + Float.MIN_VALUE / 2.0 / expected;
                assertTrue(rel <= allowed, () -> name(k) + " norm2 of " + n + " x " + v + ": " + got + " vs " + expected);
            }
        }
        for (Reductions k : BOTH) {
            assertEquals(Float.MAX_VALUE, k.norm2(new float[] {-Float.MAX_VALUE}, 0, 1));
            assertEquals(2 * Float.MIN_VALUE, k.norm2(new float[] {Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MIN_VALUE, Float.MIN_VALUE}, 0, 4));
            // the exact norm, sqrt(2) * MAX, is beyond the float range
            assertEquals(Float.POSITIVE_INFINITY, k.norm2(new float[] {Float.MAX_VALUE, Float.MAX_VALUE}, 0, 2));
            assertEquals(5f, k.norm2(new float[] {3f, 4f}, 0, 2));
            assertEquals(0f, k.norm2(new float[0], 0, 0));
        }
    }

    // ---- max, min, argmax -------------------------------------------------------------------

    /** Float.compare order (-0 < +0), NaN if any NaN. */
    private static float referenceExtreme(float[] x, int off, int n, int sign) {
        float m = x[off];
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            if (Float.isNaN(v)) {
                return Float.NaN;
            }
            if (sign * Float.compare(v, m) > 0) {
                m = v;
            }
        }
        return m;
    }

    /** First NaN, else the first index holding the numeric maximum (-0 == +0). */
    private static int referenceArgmax(float[] x, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[off + i])) {
                return i;
            }
        }
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = x[off + i] > m ? x[off + i] : m;
        }
        for (int i = 0; i < n; i++) {
            if (x[off + i] == m) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Arrays with many ties and signed zeros half of the time, general data otherwise. */
    private static float[] tieArray(Case c, int stream, int off) {
        float[] a = array(c, stream, off);
        if ((c.seed() & 1) == 0) {
            SplittableRandom r = c.random(stream + 100);
            int rate = c.specialRate();
            for (int i = 0; i < a.length; i++) {
                if (r.nextInt(1000) >= rate) {
                    int v = r.nextInt(6);
                    a[i] = v == 5 ? -0f : v - 2;
                }
            }
        }
        return a;
    }

    @Test void maxMinArgmaxExactlyMatchReference() {
        property(c -> {
            if (c.n() == 0) {
                return;
            }
            float[] x = tieArray(c, 1, c.off1());
            float max = referenceExtreme(x, c.off1(), c.n(), 1);
            float min = referenceExtreme(x, c.off1(), c.n(), -1);
            int arg = referenceArgmax(x, c.off1(), c.n());
            for (Reductions k : BOTH) {
                String what = name(k) + " " + describe(c);
                assertSameFloat("max " + what, max, k.max(x, c.off1(), c.n()));
                assertSameFloat("min " + what, min, k.min(x, c.off1(), c.n()));
                assertEquals(arg, k.argmax(x, c.off1(), c.n()), "argmax " + what);
            }
        });
    }

    @Test void maxSignedZerosAndNaN() {
        for (Reductions k : BOTH) {
            float[] z = {-0f, 0f, -0f};
            assertSameFloat("max(-0, +0)", 0f, k.max(z, 0, 3));
            assertSameFloat("min(-0, +0)", -0f, k.min(z, 0, 3));
            assertEquals(0, k.argmax(z, 0, 3), "first zero wins");
            float[] nan = new float[2 * LANES + 3];
            nan[LANES + 1] = Float.NaN;
            nan[LANES + 2] = Float.POSITIVE_INFINITY;
            nan[2 * LANES + 1] = Float.NaN;
            assertTrue(Float.isNaN(k.max(nan, 0, nan.length)));
            assertTrue(Float.isNaN(k.min(nan, 0, nan.length)));
            assertEquals(LANES + 1, k.argmax(nan, 0, nan.length), "first NaN wins");
            assertEquals(LANES - 1, k.argmax(nan, 2, nan.length - 2 - LANES), "index relative to the offset");
        }
    }

    @Test void argmaxRowsMatchesReference() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 12), integers().between(1, SMALL).mix(integers().between(1, 400), 30),
                        integers().between(0, LANES + 3), longs().all())
                .checkAssert(ReductionsTest::checkArgmaxRows);
        for (int cols = 1; cols <= SMALL; cols++) {
            checkArgmaxRows(3, cols, cols % 4, cols * 7L);
        }
    }

    private static void checkArgmaxRows(int rows, int cols, int off, long seed) {
        Case c = new Case(rows * cols, off, 0, 0, seed);
        float[] x = tieArray(c, 1, off);
        int[] expected = new int[rows + 2];
        java.util.Arrays.fill(expected, -7);
        for (int r = 0; r < rows; r++) {
            expected[1 + r] = referenceArgmax(x, off + r * cols, cols);
        }
        for (Reductions k : BOTH) {
            int[] idx = new int[rows + 2];
            java.util.Arrays.fill(idx, -7);
            k.argmaxRows(idx, 1, x, off, rows, cols);
            assertTrue(java.util.Arrays.equals(expected, idx),
                    () -> name(k) + " argmaxRows rows=" + rows + " cols=" + cols + " seed=" + seed
                            + " expected " + java.util.Arrays.toString(expected) + " got " + java.util.Arrays.toString(idx));
        }
    }

    // ---- meanVariance -----------------------------------------------------------------------

    /** Kind 0: general finite; 1: 1e4 + N(0,1); 2: 1e4 + N(0, 0.01); 3: constant; 4: with non-finite. */
    private static float[] varianceData(Case c) {
        int kind = (int) Math.floorMod(c.seed() >>> 16, 5L);
        SplittableRandom r = c.random(7);
        return switch (kind) {
            case 0 -> array(c, 1, c.off1(), FINITE_SPECIALS);
            case 1, 2 -> {
                float[] a = new float[c.off1() + c.n() + c.slack()];
                double sd = kind == 1 ? 1 : 0.01;
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (1e4 + sd * r.nextGaussian());
                }
                yield a;
            }
            case 3 -> {
                float[] a = new float[c.off1() + c.n() + c.slack()];
                java.util.Arrays.fill(a, VectorTestData.value(r));
                yield a;
            }
            default -> array(c, 1, c.off1());
        };
    }

    @Test void meanVarianceWithinDocumentedBound() {
        property(c -> {
            if (c.n() == 0) {
                return;
            }
            float[] x = varianceData(c);
            int n = c.n();
            boolean finite = true;
            double maxAbs = 0;
            for (int i = 0; i < n; i++) {
                finite &= Float.isFinite(x[c.off1() + i]);
                maxAbs = Math.max(maxAbs, Math.abs(x[c.off1() + i]));
            }
            BigDecimal mu = null;
            BigDecimal var = null;
            if (finite) {
                mu = exactSum(terms(x, c.off1(), n)).divide(BigDecimal.valueOf(n), MC);
                BigDecimal q = BigDecimal.ZERO;
                for (int i = 0; i < n; i++) {
                    BigDecimal d = new BigDecimal(x[c.off1() + i]).subtract(mu);
                    q = q.add(d.multiply(d));
                }
                var = q.divide(BigDecimal.valueOf(n), MC);
            }
            for (Reductions k : BOTH) {
                float[] out = {-7f, -7f, -7f, -7f};
                k.meanVariance(out, 1, x, c.off1(), n);
                String what = "meanVariance " + name(k) + " " + describe(c);
                assertEquals(-7f, out[0], what + " wrote before out");
                assertEquals(-7f, out[3], what + " wrote after out");
                if (!finite) {
                    assertTrue(Float.isNaN(out[2]), what + ": variance of non-finite data must be NaN, got " + out[2]);
                    continue;
                }
                double m = mu.doubleValue();
                double v = var.doubleValue();
                double sigma = Math.sqrt(v);
                assertWithin(what + " mean", out[1], mu, U * Math.abs(m) + n * 0x1p-52 * maxAbs + Float.MIN_VALUE);
                assertWithin(what + " variance", out[2], var,
                        U * v + n * 0x1p-50 * sigma * Math.sqrt(v + m * m) + Float.MIN_VALUE);
            }
        });
    }

    @Test void varianceOfLargeMeanSmallNoiseIsAccurate() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (1e4 + 0.1 * r.nextGaussian());
        }
        // two-pass in double with the correction term: accurate to ~1e-12 relative here
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        double q = 0;
        double s = 0;
        for (float v : x) {
            q += (v - mean) * (v - mean);
            s += v - mean;
        }
        double var = (q - s * s / n) / n;
        for (Reductions k : BOTH) {
            float[] out = new float[2];
            k.meanVariance(out, 0, x, 0, n);
            assertTrue(Math.abs(out[0] - mean) <= Math.ulp((float) mean), name(k) + " mean " + out[0] + " vs " + mean);
            assertTrue(Math.abs(out[1] - var) <= 4 * U * var, name(k) + " variance " + out[1] + " vs " + var);
        }
    }

    // ---- logSumExpRows ----------------------------------------------------------------------

    private static float[] logitRows(int rows, int cols, int off, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[off + rows * cols + (int) Math.floorMod(seed, 3L)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 * r.nextGaussian());
        }
        for (int row = 0; row < rows; row++) {
            int base = off + row * cols;
            int kind = r.nextInt(10);
            for (int c = 0; c < cols; c++) {
                float v = x[base + c];
                x[base + c] = switch (kind) {
                    case 0 -> Float.NEGATIVE_INFINITY; // whole row -Inf
                    case 1 -> r.nextInt(3) == 0 ? Float.NEGATIVE_INFINITY : v; // some -Inf
                    case 2 -> c == cols / 2 ? Float.POSITIVE_INFINITY : v;
                    case 3 -> c == cols - 1 ? Float.NaN : v;
                    case 4 -> v * 1e30f; // huge spread
                    case 5 -> r.nextInt(4) == 0 ? Float.MAX_VALUE : (r.nextInt(2) == 0 ? -Float.MAX_VALUE : v);
                    case 6 -> 1e4f + v * 1e-3f; // large, nearly equal
                    default -> v;
                };
            }
        }
        return x;
    }

    private static double referenceLogSumExp(float[] x, int base, int cols) {
        double m = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            float v = x[base + c];
            if (Float.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        if (Double.isInfinite(m)) {
            return m;
        }
        double s = 0;
        for (int c = 0; c < cols; c++) {
            s += Math.exp(x[base + c] - m); // in double
        }
        return m + Math.log(s);
    }

    @Test void logSumExpRowsWithinDocumentedBound() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 12), integers().between(1, SMALL).mix(integers().between(1, 600), 30),
                        integers().between(0, LANES + 3), longs().all())
                .checkAssert(ReductionsTest::checkLogSumExp);
        for (int cols = 1; cols <= SMALL; cols++) {
            checkLogSumExp(10, cols, cols % 5, cols * 13L);
        }
    }

    private static void checkLogSumExp(int rows, int cols, int off, long seed) {
        float[] x = logitRows(rows, cols, off, seed);
        for (Reductions k : BOTH) {
            float[] out = new float[rows + 2];
            out[0] = -7f;
            out[rows + 1] = -7f;
            k.logSumExpRows(out, 1, x, off, rows, cols);
            assertEquals(-7f, out[0]);
            assertEquals(-7f, out[rows + 1]);
            for (int r = 0; r < rows; r++) {
                double ref = referenceLogSumExp(x, off + r * cols, cols);
                float got = out[1 + r];
                String what = name(k) + " logSumExp row " + r + " rows=" + rows + " cols=" + cols + " seed=" + seed;
                if (!Double.isFinite(ref)) {
                    assertSameFloat(what, (float) ref, got);
                } else {
                    double bound = 0x1p-23 * Math.abs(ref) + (2 + Math.log(cols)) * 0x1p-23;
                    assertTrue(Math.abs(got - ref) <= bound, () -> what + ": " + got + " vs " + ref + " bound " + bound);
                }
            }
        }
    }

    // ---- bad arguments ----------------------------------------------------------------------

    @Test void badArgumentsNameTheArgument() {
        Reductions k = Kernels.get().reductions();
        float[] a = new float[8];
        assertMessage("x", () -> k.sum(null, 0, 1));
        assertMessage("x", () -> k.sum(a, 0, -1));
        assertMessage("x", () -> k.sum(a, 9, 0));
        assertMessage("x", () -> k.sum(a, 4, 5));
        assertMessage("n", () -> k.max(a, 0, 0));
        assertMessage("n", () -> k.min(a, 0, 0));
        assertMessage("n", () -> k.argmax(a, 0, 0));
        assertMessage("x", () -> k.max(a, -1, 2));
        assertMessage("cols", () -> k.argmaxRows(new int[2], 0, a, 0, 2, 0));
        assertMessage("idx", () -> k.argmaxRows(new int[1], 0, a, 0, 2, 4));
        assertMessage("idx", () -> k.argmaxRows(null, 0, a, 0, 2, 4));
        assertMessage("x", () -> k.argmaxRows(new int[3], 0, a, 0, 3, 4));
        assertMessage("y", () -> k.dot(a, 0, null, 0, 2));
        assertMessage("y", () -> k.dot(a, 0, a, 7, 2));
        assertMessage("x", () -> k.sumSquares(a, 0, 9));
        assertMessage("x", () -> k.norm2(a, -2, 1));
        assertMessage("n", () -> k.meanVariance(a, 0, a, 0, 0));
        assertMessage("out", () -> k.meanVariance(a, 7, a, 0, 3));
        assertMessage("cols", () -> k.logSumExpRows(a, 0, a, 0, 2, 0));
        assertMessage("out", () -> k.logSumExpRows(new float[1], 0, a, 0, 2, 4));
        assertMessage("rows", () -> k.logSumExpRows(a, 0, a, 0, -1, 4));
    }
}
