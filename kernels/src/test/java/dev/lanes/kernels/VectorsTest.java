package dev.lanes.kernels;

import static dev.lanes.kernels.VectorTestData.LANES;
import static dev.lanes.kernels.VectorTestData.array;
import static dev.lanes.kernels.VectorTestData.cases;
import static dev.lanes.kernels.VectorTestData.describe;
import static dev.lanes.kernels.VectorTestData.everySize;
import static dev.lanes.kernels.VectorTestData.firstDifference;
import static dev.lanes.kernels.VectorTestData.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lanes.kernels.VectorTestData.Case;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdVectors} against {@link ScalarVectors}: every method must agree bit for bit (the
 * interface promises exact results), over whole arrays, so elements outside the range must stay
 * untouched too. The scalar twin is checked against a double-precision reference, and bad
 * arguments against the checked wrapper.
 */
class VectorsTest {
    private static final Vectors SIMD = new SimdVectors();
    private static final Vectors SCALAR = new ScalarVectors();
    private static final int EXAMPLES = 150;

    private static void property(Consumer<Case> check) {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(check::accept);
        everySize(check);
    }

    private static void assertSame(String what, Case c, float[] expected, float[] actual) {
        int d = firstDifference(expected, actual);
        if (d >= 0) {
            throw new AssertionError(what + ": SIMD differs from scalar at array index " + d + " (expected "
                    + expected[d] + ", got " + actual[d] + "), " + describe(c));
        }
    }

    /** Bits of the correctly rounded float of a double value (float+-*float is exact in double). */
    private static void assertRounded(String what, double exact, float actual) {
        float expected = (float) exact;
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
            throw new AssertionError(what + ": expected " + expected + " got " + actual);
        }
    }

    @Test void fillMatchesScalar() {
        property(c -> {
            float v = scalar(c, 9);
            float[] a = array(c, 1, c.off1());
            float[] b = a.clone();
            SCALAR.fill(a, c.off1(), v, c.n());
            SIMD.fill(b, c.off1(), v, c.n());
            assertSame("fill", c, a, b);
            for (int i = 0; i < c.n(); i++) {
                assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(a[c.off1() + i]));
            }
        });
    }

    @Test void copyMatchesScalar() {
        property(c -> {
            float[] x = array(c, 1, c.off1());
            float[] y = array(c, 2, c.off2());
            float[] y2 = y.clone();
            float[] before = y.clone();
            SCALAR.copy(y, c.off2(), x, c.off1(), c.n());
            SIMD.copy(y2, c.off2(), x, c.off1(), c.n());
            assertSame("copy", c, y, y2);
            for (int i = 0; i < y.length; i++) {
                boolean inside = i >= c.off2() && i < c.off2() + c.n();
                float expected = inside ? x[c.off1() + i - c.off2()] : before[i];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]), "copy index " + i);
            }
        });
    }

    @Test void scaleMatchesScalar() {
        property(c -> {
            float alpha = scalar(c, 9);
            float[] x = array(c, 1, c.off1());
            float[] original = x.clone();
            float[] x2 = x.clone();
            SCALAR.scale(x, c.off1(), alpha, c.n());
            SIMD.scale(x2, c.off1(), alpha, c.n());
            assertSame("scale", c, x, x2);
            for (int i = 0; i < c.n(); i++) {
                int p = c.off1() + i;
                assertRounded("scale", (double) alpha * original[p], x[p]);
            }
        });
    }

    @Test void axpyMatchesScalar() {
        property(c -> {
            float alpha = scalar(c, 9);
            float[] x = array(c, 1, c.off1());
            float[] y = array(c, 2, c.off2());
            float[] original = y.clone();
            float[] y2 = y.clone();
            SCALAR.axpy(y, c.off2(), x, c.off1(), alpha, c.n());
            SIMD.axpy(y2, c.off2(), x, c.off1(), alpha, c.n());
            assertSame("axpy", c, y, y2);
            for (int i = 0; i < c.n(); i++) {
                // alpha*x is exact in double; adding y rounds once in double, then to float: within 1 ulp
                double ref = (double) alpha * x[c.off1() + i] + original[c.off2() + i];
                float got = y[c.off2() + i];
                if (Double.isFinite(ref) && Math.abs(ref) <= Float.MAX_VALUE) {
                    assertTrue(Math.abs(got - ref) <= Math.ulp((float) ref),
                            () -> "axpy scalar twin " + got + " vs reference " + ref);
                }
            }
        });
    }

    private interface Binary {
        void apply(Vectors k, float[] z, int zOff, float[] x, int xOff, float[] y, int yOff, int n);
    }

    private interface DoubleOp {
        double apply(double a, double b);
    }

    private static void binaryMatchesScalar(String what, Binary op, DoubleOp ref) {
        property(c -> {
            float[] x = array(c, 1, c.off1());
            float[] y = array(c, 2, c.off2());
            float[] z = array(c, 3, c.off3());
            float[] z2 = z.clone();
            op.apply(SCALAR, z, c.off3(), x, c.off1(), y, c.off2(), c.n());
            op.apply(SIMD, z2, c.off3(), x, c.off1(), y, c.off2(), c.n());
            assertSame(what, c, z, z2);
            for (int i = 0; i < c.n(); i++) {
                assertRounded(what, ref.apply(x[c.off1() + i], y[c.off2() + i]), z[c.off3() + i]);
            }
            // in place: the output is the first input's very range
            float[] xs = x.clone();
            float[] xv = x.clone();
            op.apply(SCALAR, xs, c.off1(), xs, c.off1(), y, c.off2(), c.n());
            op.apply(SIMD, xv, c.off1(), xv, c.off1(), y, c.off2(), c.n());
            assertSame(what + " in place", c, xs, xv);
        });
    }

    @Test void addMatchesScalar() {
        binaryMatchesScalar("add", Vectors::add, (a, b) -> a + b);
    }

    @Test void subMatchesScalar() {
        binaryMatchesScalar("sub", Vectors::sub, (a, b) -> a - b);
    }

    @Test void mulMatchesScalar() {
        binaryMatchesScalar("mul", Vectors::mul, (a, b) -> a * b);
    }

    @Test void clampMatchesScalar() {
        property(c -> {
            float a = scalar(c, 9);
            float b = scalar(c, 10);
            if (Float.isNaN(a)) {
                a = -1f;
            }
            if (Float.isNaN(b)) {
                b = 1f;
            }
            float lo = Math.min(a, b);
            float hi = Math.max(a, b);
            float[] x = array(c, 1, c.off1());
            float[] y = array(c, 2, c.off2());
            float[] y2 = y.clone();
            SCALAR.clamp(y, c.off2(), x, c.off1(), lo, hi, c.n());
            SIMD.clamp(y2, c.off2(), x, c.off1(), lo, hi, c.n());
            assertSame("clamp", c, y, y2);
            for (int i = 0; i < c.n(); i++) {
                float v = x[c.off1() + i];
                float got = y[c.off2() + i];
                if (Float.isNaN(v)) {
                    assertTrue(Float.isNaN(got), "clamp keeps NaN");
                } else {
                    // Float.compare orders -0 below +0, as Math.max/min do
                    float expected = Float.compare(v, lo) < 0 ? lo : (Float.compare(v, hi) > 0 ? hi : v);
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got),
                            "clamp(" + v + ", " + lo + ", " + hi + ")");
                }
            }
        });
    }

    @Test void clampSignedZerosAndNaN() {
        float[] x = {-0f, 0f, Float.NaN, -1f, 1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (Vectors k : new Vectors[] {SIMD, SCALAR}) {
            float[] y = new float[x.length];
            k.clamp(y, 0, x, 0, 0f, 0.5f, x.length);
            assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(y[0]), "-0 clamped to [+0, .5] is +0");
            assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(y[1]));
            assertTrue(Float.isNaN(y[2]));
            assertEquals(0f, y[3]);
            assertEquals(0.5f, y[4]);
            assertEquals(0f, y[5]);
            assertEquals(0.5f, y[6]);
        }
    }

    /** rows 0..12, cols covering every residue up to 5 vectors or up to 300. */
    private record Block(int rows, int cols, int off1, int off2, long seed) {}

    private static void blockProperty(Consumer<Block> check) {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 12), integers().between(0, VectorTestData.SMALL)
                        .mix(integers().between(0, 300), 30), integers().between(0, LANES + 3), longs().all())
                .checkAssert((rows, cols, off, seed) -> check.accept(new Block(rows, cols, off, (off * 7) % 11, seed)));
        for (int cols = 0; cols <= VectorTestData.SMALL; cols++) {
            for (int rows : new int[] {0, 1, 3}) {
                check.accept(new Block(rows, cols, cols % 5, cols % 3, cols * 131L + rows));
            }
        }
    }

    private static float[] blockArray(Block b, int stream, int off, int len) {
        Case c = new Case(len, off, 0, 0, b.seed() * 17 + stream);
        float[] a = array(c, stream, off);
        return a;
    }

    @Test void addRowMatchesScalar() {
        blockProperty(b -> {
            int len = b.rows() * b.cols();
            float[] y = blockArray(b, 1, b.off1(), len);
            float[] bias = blockArray(b, 2, b.off2(), b.cols());
            float[] original = y.clone();
            float[] y2 = y.clone();
            SCALAR.addRow(y, b.off1(), bias, b.off2(), b.rows(), b.cols());
            SIMD.addRow(y2, b.off1(), bias, b.off2(), b.rows(), b.cols());
            int d = firstDifference(y, y2);
            assertEquals(-1, d, () -> "addRow differs at " + d + " " + b);
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    int p = b.off1() + r * b.cols() + c;
                    assertRounded("addRow", (double) original[p] + bias[b.off2() + c], y[p]);
                }
            }
        });
    }

    @Test void columnSumsMatchesScalar() {
        blockProperty(b -> {
            int len = b.rows() * b.cols();
            float[] x = blockArray(b, 1, b.off1(), len);
            float[] s = blockArray(b, 2, b.off2(), b.cols());
            float[] original = s.clone();
            float[] s2 = s.clone();
            SCALAR.columnSums(s, b.off2(), x, b.off1(), b.rows(), b.cols());
            SIMD.columnSums(s2, b.off2(), x, b.off1(), b.rows(), b.cols());
            int d = firstDifference(s, s2);
            assertEquals(-1, d, () -> "columnSums differs at " + d + " " + b);
            // the scalar twin: naive float summation in row order, bound rows * 2^-24 * sum|terms|
            for (int c = 0; c < b.cols(); c++) {
                double exact = original[b.off2() + c];
                double abs = Math.abs(exact);
                for (int r = 0; r < b.rows(); r++) {
                    float v = x[b.off1() + r * b.cols() + c];
                    exact += v;
                    abs += Math.abs(v);
                }
                float got = s[b.off2() + c];
                if (Double.isFinite(abs) && Math.abs(exact) < Float.MAX_VALUE / 2 && abs < Float.MAX_VALUE) {
                    double bound = (b.rows() + 1) * 0x1p-24 * abs + Float.MIN_VALUE;
                    assertTrue(Math.abs(got - exact) <= bound, "columnSums " + got + " vs " + exact);
                }
            }
        });
    }

    @Test void columnSumsAccumulates() {
        float[] x = {1, 2, 3, 4, 5, 6};
        for (Vectors k : new Vectors[] {SIMD, SCALAR}) {
            float[] s = {10, 20, 30};
            k.columnSums(s, 0, x, 0, 2, 3);
            assertEquals(15f, s[0]);
            assertEquals(27f, s[1]);
            assertEquals(39f, s[2]);
        }
    }

    @Test void badArgumentsNameTheArgument() {
        Vectors v = Kernels.get().vectors();
        float[] a = new float[8];
        assertMessage("x", () -> v.fill(null, 0, 1f, 1));
        assertMessage("x", () -> v.fill(a, 0, 1f, -1));
        assertMessage("x", () -> v.fill(a, 9, 1f, 0));
        assertMessage("x", () -> v.fill(a, -1, 1f, 1));
        assertMessage("y", () -> v.copy(null, 0, a, 0, 1));
        assertMessage("x", () -> v.copy(a, 0, a, 5, 4));
        assertMessage("x", () -> v.scale(a, 6, 2f, 3));
        assertMessage("y", () -> v.axpy(a, 7, a, 0, 2f, 2));
        assertMessage("x", () -> v.axpy(a, 0, null, 0, 2f, 2));
        assertMessage("z", () -> v.add(new float[1], 0, a, 0, a, 0, 2));
        assertMessage("y", () -> v.sub(a, 0, a, 0, new float[1], 0, 2));
        assertMessage("x", () -> v.mul(a, 0, null, 0, a, 0, 2));
        assertMessage("y", () -> v.addRow(a, 0, a, 0, 3, 3));
        assertMessage("b", () -> v.addRow(a, 0, new float[2], 0, 2, 3));
        assertMessage("rows", () -> v.addRow(a, 0, a, 0, -1, 3));
        assertMessage("x", () -> v.columnSums(a, 0, a, 0, 3, 3));
        assertMessage("s", () -> v.columnSums(new float[2], 0, a, 0, 2, 3));
        assertMessage("lo", () -> v.clamp(a, 0, a, 0, 2f, 1f, 4));
        assertMessage("lo", () -> v.clamp(a, 0, a, 0, Float.NaN, 1f, 4));
        assertMessage("y", () -> v.clamp(null, 0, a, 0, 0f, 1f, 4));
    }

    static void assertMessage(String name, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(name),
                () -> "message should name '" + name + "': " + e.getMessage());
    }
}
