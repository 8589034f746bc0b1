package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saturation, signed zeros, infinities and NaN, asserted one by one for both implementations,
 * and the argument checks of the public entry point.
 */
class ActivationsSpecialValuesTest {

    static List<Activations> impls() {
        return List.of(ActivationCases.SCALAR, ActivationCases.SIMD);
    }

    /** f at a single x, computed inside a vector-sized array so the SIMD body (not only the tail) runs. */
    static float at(ActivationCases.Unary op, Activations a, float v) {
        int n = 2 * ActivationCases.LANES + 1;
        float[] x = new float[n];
        java.util.Arrays.fill(x, v);
        float[] y = new float[n];
        op.run(a, y, 0, x, 0, n);
        for (int i = 1; i < n; i++) {
            assertEquals(Float.floatToIntBits(y[0]), Float.floatToIntBits(y[i]), "body and tail disagree at x=" + v); // any NaN equals any NaN
        }
        return y[0];
    }

    static void bits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                what + ": expected " + expected + " got " + actual);
    }

    static void near(double expected, float actual, double rel, String what) {
        assertTrue(Math.abs(actual - expected) <= rel * Math.abs(expected), what + ": expected " + expected + " got " + actual);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void sigmoidSaturates(Activations a) {
        ActivationCases.Unary f = (k, y, yo, x, xo, n) -> k.sigmoid(y, yo, x, xo, n);
        bits(1f, at(f, a, 100f), "sigmoid(100)");
        bits(1f, at(f, a, 90f), "sigmoid(90)");
        bits(1f, at(f, a, Float.POSITIVE_INFINITY), "sigmoid(inf)");
        bits(0f, at(f, a, Float.NEGATIVE_INFINITY), "sigmoid(-inf)");
        bits(0.5f, at(f, a, 0f), "sigmoid(0)");
        bits(0.5f, at(f, a, -0f), "sigmoid(-0)");
        // sigmoid(-100) = exp(-100)/(1+exp(-100)) = 3.7835e-44: a subnormal, within 2 of its last place.
        float s100 = at(f, a, -100f);
        assertTrue(Math.abs(s100 - 3.7835058e-44) <= 2 * Float.MIN_VALUE, "sigmoid(-100) = " + s100);
        near(Math.exp(-88) / (1 + Math.exp(-88)), at(f, a, -88f), 1e-6, "sigmoid(-88)");
        near(Math.exp(-90), at(f, a, -90f), 1e-3, "sigmoid(-90) (subnormal)");
        near(0.5 + 0.25e-7, at(f, a, 1e-7f), 1e-7, "sigmoid(1e-7)");
        assertTrue(Float.isNaN(at(f, a, Float.NaN)));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void tanhSaturatesAndKeepsTinyArguments(Activations a) {
        ActivationCases.Unary f = (k, y, yo, x, xo, n) -> k.tanh(y, yo, x, xo, n);
        bits(1f, at(f, a, 100f), "tanh(100)");
        bits(-1f, at(f, a, -100f), "tanh(-100)");
        bits(1f, at(f, a, 88f), "tanh(88)");
        bits(-1f, at(f, a, Float.NEGATIVE_INFINITY), "tanh(-inf)");
        bits(1e-7f, at(f, a, 1e-7f), "tanh(1e-7)");
        bits(-1e-7f, at(f, a, -1e-7f), "tanh(-1e-7)");
        bits(-0f, at(f, a, -0f), "tanh(-0)");
        bits(0f, at(f, a, 0f), "tanh(0)");
        bits(Float.MIN_VALUE, at(f, a, Float.MIN_VALUE), "tanh(MIN_VALUE)");
        assertTrue(Float.isNaN(at(f, a, Float.NaN)));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void reluFamilyIsExact(Activations a) {
        ActivationCases.Unary relu = (k, y, yo, x, xo, n) -> k.relu(y, yo, x, xo, n);
        ActivationCases.Unary leaky = (k, y, yo, x, xo, n) -> k.leakyRelu(y, yo, x, xo, 0.1f, n);
        bits(0f, at(relu, a, -0f), "relu(-0)");
        bits(0f, at(relu, a, -100f), "relu(-100)");
        bits(3.5f, at(relu, a, 3.5f), "relu(3.5)");
        bits(Float.POSITIVE_INFINITY, at(relu, a, Float.POSITIVE_INFINITY), "relu(inf)");
        assertTrue(Float.isNaN(at(relu, a, Float.NaN)), "relu(NaN)");
        bits(-10f * 0.1f, at(leaky, a, -10f), "leakyRelu(-10)");
        bits(Float.NEGATIVE_INFINITY, at(leaky, a, Float.NEGATIVE_INFINITY), "leakyRelu(-inf)");
        assertTrue(Float.isNaN(at(leaky, a, Float.NaN)), "leakyRelu(NaN)");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void eluIsAccurateNearZeroAndSaturates(Activations a) {
        ActivationCases.Unary f = (k, y, yo, x, xo, n) -> k.elu(y, yo, x, xo, 2f, n);
        bits(-2f, at(f, a, -100f), "elu(-100)");
        bits(-2f, at(f, a, Float.NEGATIVE_INFINITY), "elu(-inf)");
        bits(100f, at(f, a, 100f), "elu(100)");
        bits(Float.POSITIVE_INFINITY, at(f, a, Float.POSITIVE_INFINITY), "elu(inf)");
        near(2 * Math.expm1(-1e-7), at(f, a, -1e-7f), 2e-7, "elu(-1e-7) (needs expm1, not exp - 1)");
        near(2 * Math.expm1(-88), at(f, a, -88f), 1e-7, "elu(-88)");
        assertEquals(0f, at(f, a, 0f));
        assertTrue(Float.isNaN(at(f, a, Float.NaN)));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void siluAndGeluTailsAreSignedZeroOrTiny(Activations a) {
        ActivationCases.Unary silu = (k, y, yo, x, xo, n) -> k.silu(y, yo, x, xo, n);
        ActivationCases.Unary gelu = (k, y, yo, x, xo, n) -> k.gelu(y, yo, x, xo, n);
        ActivationCases.Unary geluTanh = (k, y, yo, x, xo, n) -> k.geluTanh(y, yo, x, xo, n);
        float s = at(silu, a, -100f); // exact -3.78e-42
        assertTrue(s <= 0 && s > -1e-40 && Math.abs(s + 3.7835e-42) < 1e-43, "silu(-100) = " + s);
        bits(100f, at(silu, a, 100f), "silu(100)");
        bits(-0f, at(silu, a, Float.NEGATIVE_INFINITY), "silu(-inf)");
        bits(Float.POSITIVE_INFINITY, at(silu, a, Float.POSITIVE_INFINITY), "silu(inf)");
        bits(-0f, at(silu, a, -0f), "silu(-0)");
        for (ActivationCases.Unary g : List.of(gelu, geluTanh)) {
            bits(-0f, at(g, a, -100f), "gelu(-100)");
            bits(-0f, at(g, a, -90f), "gelu(-90)");
            bits(-0f, at(g, a, Float.NEGATIVE_INFINITY), "gelu(-inf)");
            bits(100f, at(g, a, 100f), "gelu(100)");
            bits(88f, at(g, a, 88f), "gelu(88)");
            bits(Float.POSITIVE_INFINITY, at(g, a, Float.POSITIVE_INFINITY), "gelu(inf)");
            bits(0f, at(g, a, 0f), "gelu(0)");
            near(0.5e-7, at(g, a, 1e-7f), 1e-6, "gelu(1e-7)");
            near(-0.5e-7, at(g, a, -1e-7f), 1e-6, "gelu(-1e-7)");
            assertTrue(Float.isNaN(at(g, a, Float.NaN)));
        }
        // Exact GELU keeps relative accuracy deep in the negative tail: gelu(-10) = -10 * Phi(-10) = -7.6199e-23.
        near(-10 * 7.619853024160527e-24, at(gelu, a, -10f), 1e-5, "gelu(-10)");
        near(-5 * 2.866515718791939e-07, at(gelu, a, -5f), 1e-6, "gelu(-5)");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void softplusFollowsPyTorch(Activations a) {
        ActivationCases.Unary f = (k, y, yo, x, xo, n) -> k.softplus(y, yo, x, xo, 1f, 20f, n);
        bits(100f, at(f, a, 100f), "softplus(100)");
        bits(Float.POSITIVE_INFINITY, at(f, a, Float.POSITIVE_INFINITY), "softplus(inf)");
        bits(0f, at(f, a, Float.NEGATIVE_INFINITY), "softplus(-inf)");
        near(Math.log(2), at(f, a, 0f), 1e-7, "softplus(0)");
        near(Math.log1p(Math.exp(-80)), at(f, a, -80f), 1e-6, "softplus(-80)");
        float t = at(f, a, -100f);
        assertTrue(t >= 0 && Math.abs(t - 3.7835e-44) <= 2 * Float.MIN_VALUE, "softplus(-100) = " + t);
        near(Math.log1p(Math.exp(19.5)), at(f, a, 19.5f), 1e-7, "softplus(19.5)");
        // beta and threshold: beta*x > threshold returns x itself.
        ActivationCases.Unary g = (k, y, yo, x, xo, n) -> k.softplus(y, yo, x, xo, 2f, 1f, n);
        bits(0.75f, at(g, a, 0.75f), "softplus_{beta 2, thr 1}(0.75)");
        near(Math.log1p(Math.exp(0.8)) / 2, at(g, a, 0.4f), 1e-7, "softplus_{beta 2, thr 1}(0.4)");
        assertTrue(Float.isNaN(at(f, a, Float.NaN)));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void backwardsAtTheLimitsAreFinite(Activations a) {
        float[] x = {Float.NEGATIVE_INFINITY, -100f, -1e-7f, -0f, 0f, 1e-7f, 100f, Float.POSITIVE_INFINITY};
        float[] dy = new float[x.length];
        java.util.Arrays.fill(dy, 1f);
        float[][] want = {
            {0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 1, 1}, // gelu'
            {0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 1, 1}, // geluTanh'
            {0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 1, 1}, // silu'
        };
        for (int f = 0; f < 3; f++) {
            float[] dx = new float[x.length];
            switch (f) {
                case 0 -> a.geluBackward(dx, 0, dy, 0, x, 0, x.length);
                case 1 -> a.geluTanhBackward(dx, 0, dy, 0, x, 0, x.length);
                default -> a.siluBackward(dx, 0, dy, 0, x, 0, x.length);
            }
            for (int i = 0; i < x.length; i++) {
                assertTrue(Math.abs(dx[i] - want[f][i]) <= 1e-6, "backward " + f + " at " + x[i] + ": " + dx[i]);
            }
        }
        float[] dx = new float[x.length];
        a.softplusBackward(dx, 0, dy, 0, x, 0, 1f, 20f, x.length);
        assertEquals(0f, dx[0]);
        assertEquals(1f, dx[7]);
        assertEquals(1f, dx[6]);
        assertEquals(0.5f, dx[3], 1e-7f);
    }

    @ParameterizedTest
    @MethodSource("impls")
    void softmaxHandlesInfinitiesAndLargeValues(Activations a) {
        float ninf = Float.NEGATIVE_INFINITY;
        int cols = ActivationCases.LANES + 3;
        float[] x = new float[3 * cols];
        for (int c = 0; c < cols; c++) {
            x[c] = c == 2 ? 1000f : (c == 1 ? 999f : ninf);  // row 0: two finite entries, the rest -inf
            x[cols + c] = ninf;                              // row 1: all -inf -> NaN (as PyTorch)
            x[2 * cols + c] = 1e4f + c;                      // row 2: large values, stable
        }
        float[] y = new float[x.length];
        a.softmax(y, 0, x, 0, 3, cols);
        near(1 / (1 + Math.exp(-1)), y[2], 1e-6, "softmax row 0, entry 1000");
        near(Math.exp(-1) / (1 + Math.exp(-1)), y[1], 1e-6, "softmax row 0, entry 999");
        bits(0f, y[0], "softmax of -inf");
        for (int c = 0; c < cols; c++) {
            assertTrue(Float.isNaN(y[cols + c]), "all -inf row gives NaN");
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += y[2 * cols + c];
            assertTrue(Float.isFinite(y[2 * cols + c]));
        }
        assertEquals(1, sum, 1e-5);
        float[] ly = new float[x.length];
        a.logSoftmax(ly, 0, x, 0, 3, cols);
        near(-Math.log1p(Math.exp(-1)), ly[2], 1e-6, "logSoftmax row 0");
        bits(ninf, ly[0], "logSoftmax of -inf");
        assertTrue(Float.isNaN(ly[cols]), "all -inf row gives NaN");
        near(-Math.log1p(Math.exp(-1)) - 1, ly[1], 1e-6, "logSoftmax 999");
        float[] nan = {1f, Float.NaN, 2f};
        float[] out = new float[3];
        a.softmax(out, 0, nan, 0, 1, 3);
        for (float v : out) {
            assertTrue(Float.isNaN(v), "a NaN in the row makes the row NaN");
        }
    }

    /** Finite extremes whose difference overflows: -3e38 - 3e38 = -inf (issue 12, item 5). */
    @ParameterizedTest
    @MethodSource("impls")
    void softmaxOfFiniteExtremesIsStable(Activations a) {
        for (int cols : new int[] {3, ActivationCases.LANES + 3}) {
            float[] x = new float[cols];
            x[0] = -3e38f;
            x[1] = 3e38f;
            for (int c = 3; c < cols; c++) {
                x[c] = c % 2 == 0 ? -Float.MAX_VALUE : 1f;
            }
            float[] y = new float[cols];
            a.softmax(y, 0, x, 0, 1, cols);
            for (int c = 0; c < cols; c++) {
                bits(c == 1 ? 1f : 0f, y[c], "softmax of finite extremes, cols " + cols + ", entry " + c);
            }
            float[] ly = new float[cols];
            a.logSoftmax(ly, 0, x, 0, 1, cols);
            bits(0f, ly[1], "logSoftmax of the maximum, cols " + cols);
            assertTrue(ly[0] < -1e38f, "logSoftmax of -3e38: " + ly[0]);
        }
    }

    // ---- argument checks through the public entry point ------------------------------------

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void badArgumentsAreRejectedNamingTheArgument() {
        Activations a = Kernels.get().activations();
        float[] v = new float[8];
        assertEquals("x must not be null", message(() -> a.sigmoid(v, 0, null, 0, 4)));
        assertEquals("y must not be null", message(() -> a.gelu(null, 0, v, 0, 4)));
        assertEquals("length of y must be >= 0, got -1", message(() -> a.tanh(v, 0, v, 0, -1)));
        assertEquals("x: offset 6 + length 4 = 10 exceeds the array length 8", message(() -> a.silu(v, 0, v, 6, 4)));
        assertEquals("y offset must be >= 0, got -2", message(() -> a.relu(v, -2, v, 0, 4)));
        assertEquals("dx: offset 5 + length 4 = 9 exceeds the array length 8",
                message(() -> a.geluBackward(v, 5, v, 0, v, 0, 4)));
        assertEquals("dy must not be null", message(() -> a.sigmoidBackward(v, 0, null, 0, v, 0, 4)));
        assertEquals("y must not be null", message(() -> a.tanhBackward(v, 0, v, 0, null, 0, 4)));
        assertTrue(message(() -> a.softplus(v, 0, v, 0, 0f, 20f, 4)).startsWith("beta must be finite and > 0"));
        assertTrue(message(() -> a.softplus(v, 0, v, 0, -1f, 20f, 4)).contains("beta"));
        assertTrue(message(() -> a.softplusBackward(v, 0, v, 0, v, 0, Float.NaN, 20f, 4)).contains("beta"));
        assertTrue(message(() -> a.softplus(v, 0, v, 0, 1f, Float.NaN, 4)).contains("threshold"));
        assertTrue(message(() -> a.elu(v, 0, v, 0, Float.NaN, 4)).contains("alpha"));
        assertTrue(message(() -> a.leakyRelu(v, 0, v, 0, Float.POSITIVE_INFINITY, 4)).contains("slope"));
        assertEquals("rows of the row block must be >= 0, got -1", message(() -> a.softmax(v, 0, v, 0, -1, 2)));
        assertEquals("x: offset 0 + length 9 = 9 exceeds the array length 8", message(() -> a.logSoftmax(new float[9], 0, v, 0, 3, 3)));
        assertEquals("dy: offset 1 + length 8 = 9 exceeds the array length 8",
                message(() -> a.softmaxBackward(v, 0, v, 1, v, 0, 2, 4)));
    }
}
