package dev.lanes.kernels;

import static dev.lanes.kernels.ActivationCases.ALPHA;
import static dev.lanes.kernels.ActivationCases.BETA;
import static dev.lanes.kernels.ActivationCases.SCALAR;
import static dev.lanes.kernels.ActivationCases.SIMD;
import static dev.lanes.kernels.ActivationCases.SLOPE;
import static dev.lanes.kernels.ActivationCases.THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both implementations against references evaluated in double by formulas independent of the
 * kernels' (sigmoid as exp(x)/(1+exp(x)) for x < 0, tanh from expm1, erfc from its power series
 * and continued fraction), over a dense sweep of floats: every 4099th float bit pattern between
 * the given bounds (about 250k points per kernel) plus the special values. Errors are in ulp of
 * the exact result (below Float.MIN_NORMAL the ulp is Float.MIN_VALUE, so there the bound is
 * absolute).
 */
class ActivationsAccuracyTest {

    /** erfc(z) in double: series for |z| < 1.5, continued fraction beyond (test reference). */
    static double erfcRef(double z) {
        if (Double.isNaN(z)) {
            return z;
        }
        if (z < 0) {
            return 2 - erfcRef(-z);
        }
        if (z < 1.5) {
            // erf(z) = 2/sqrt(pi) * exp(-z^2) * sum_n 2^n z^(2n+1) / (1*3*...*(2n+1)), all terms positive.
            double term = z;
            double sum = z;
            for (int n = 1; n < 200; n++) {
                term *= 2 * z * z / (2 * n + 1);
                sum += term;
                if (term < 1e-18 * sum) {
                    break;
                }
            }
            return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum;
        }
        if (z > 27) {
            return 0;
        }
        // erfc(z) = exp(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))), evaluated backwards.
        double f = z;
        for (int n = 300; n >= 1; n--) {
            f = z + (n / 2.0) / f;
        }
        return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
    }

    static double sigmoidRef(double x) {
        if (x < 0) {
            double e = Math.exp(x);
            return e / (1 + e);
        }
        return 1 / (1 + Math.exp(-x));
    }

    static double tanhRef(double x) {
        if (Math.abs(x) > 20) {
            return Math.signum(x);
        }
        double e = Math.expm1(2 * x);
        return e / (e + 2);
    }

    static double finiteTimes(double x, double f) {
        return f == 0 ? 0 * Math.signum(x) : x * f;
    }

    record Ref(String name, ActivationCases.Unary op, DoubleUnaryOperator ref, double lo, double hi,
               double simdUlps, double simdAbs) {
        @Override public String toString() {
            return name;
        }
    }

    /**
     * The documented error bounds of the SIMD kernels vs the exact value (the scalar twin is held
     * to 0.5 ulp + 1e-3 of rounding slack). geluTanh's bound grows in the far negative tail; it is
     * checked there separately below.
     */
    static List<Ref> refs() {
        return List.of(
            new Ref("sigmoid", (a, y, yo, x, xo, n) -> a.sigmoid(y, yo, x, xo, n), ActivationsAccuracyTest::sigmoidRef, -110, 110, 2.5, 2 * ActivationCases.TINY),
            new Ref("tanh", (a, y, yo, x, xo, n) -> a.tanh(y, yo, x, xo, n), ActivationsAccuracyTest::tanhRef, -30, 30, 1.5, 0),
            new Ref("elu", (a, y, yo, x, xo, n) -> a.elu(y, yo, x, xo, ALPHA, n), x -> x > 0 ? x : ALPHA * Math.expm1(x), -120, 30, 1.7, 0),
            new Ref("leakyRelu", (a, y, yo, x, xo, n) -> a.leakyRelu(y, yo, x, xo, SLOPE, n), x -> x > 0 ? x : SLOPE * x, -1e30, 1e30, 0.5, 0),
            new Ref("gelu", (a, y, yo, x, xo, n) -> a.gelu(y, yo, x, xo, n), x -> finiteTimes(x, 0.5 * erfcRef(-x / Math.sqrt(2))), -30, 30, 7, 2 * ActivationCases.TINY),
            new Ref("silu", (a, y, yo, x, xo, n) -> a.silu(y, yo, x, xo, n), x -> finiteTimes(x, sigmoidRef(x)), -87, 110, 3.5, 0),
            new Ref("siluTail", (a, y, yo, x, xo, n) -> a.silu(y, yo, x, xo, n), x -> finiteTimes(x, sigmoidRef(x)), -120, -87, 0, 64 * ActivationCases.TINY),
            new Ref("softplus", (a, y, yo, x, xo, n) -> a.softplus(y, yo, x, xo, BETA, THRESHOLD, n),
                    x -> BETA * (float) x > THRESHOLD ? x : Math.log1p(Math.exp(BETA * x)) / BETA, -120, 40, 4, 2 * ActivationCases.TINY));
    }

    static float[] sweep(double lo, double hi) {
        List<Float> xs = new ArrayList<>();
        for (float s : ActivationCases.SPECIALS) {
            if (s >= lo && s <= hi) {
                xs.add(s);
            }
        }
        float v = (float) lo;
        while (v <= hi) {
            xs.add(v);
            int b = Float.floatToRawIntBits(v);
            if (b >= 0) {
                v = Float.intBitsToFloat(b + 4099);
            } else if ((b & 0x7fffffff) < 4099) {
                v = 0f;
            } else {
                v = Float.intBitsToFloat(b - 4099);
            }
        }
        float[] a = new float[xs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = xs.get(i);
        }
        return a;
    }

    /** |got - exact| in ulp of the exact value (ulp of the float nearest it, halved below a power of two). */
    static double ulpError(float got, double exact) {
        if (Double.isNaN(exact)) {
            return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || Float.isInfinite(got) || Float.isNaN(got)) {
            return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        double u = Math.ulp(rounded);
        float ar = Math.abs(rounded);
        if (Math.abs(exact) < ar && ar >= 2 * Float.MIN_NORMAL && ar == Math.scalb(1f, Math.getExponent(ar))) {
            u /= 2;
        }
        return Math.abs(got - exact) / u;
    }

    @ParameterizedTest
    @MethodSource("refs")
    void scalarAndSimdMeetTheirBoundsAgainstDouble(Ref r) {
        float[] x = sweep(r.lo(), r.hi());
        float[] ys = new float[x.length];
        float[] yv = new float[x.length];
        r.op().run(SCALAR, ys, 0, x, 0, x.length);
        r.op().run(SIMD, yv, 0, x, 0, x.length);
        double worstS = 0;
        double worstV = 0;
        float atS = 0;
        float atV = 0;
        for (int i = 0; i < x.length; i++) {
            double exact = r.ref().applyAsDouble(x[i]);
            double es = ulpError(ys[i], exact);
            // The SIMD allowance: simdUlps ulp plus an absolute simdAbs (which matters only in the
            // subnormal range, where float has no relative precision left).
            double ev = ulpError(yv[i], exact);
            if (Double.isFinite(ev)) {
                double u = Math.abs((double) yv[i] - exact) / Math.max(ev, 1e-300);
                ev = Math.max(0, ev - r.simdAbs() / u);
            }
            if (es > worstS) {
                worstS = es;
                atS = x[i];
            }
            if (ev > worstV) {
                worstV = ev;
                atV = x[i];
            }
        }
        assertTrue(x.length > 1000, "sweep too small");
        assertTrue(worstS <= 0.501, r + " scalar: " + worstS + " ulp at x=" + atS);
        assertTrue(worstV <= Math.max(r.simdUlps(), 0.501), r + " simd: " + worstV + " ulp (beyond the absolute allowance) at x=" + atV);
    }

    @Test
    void geluTanhNegativeTailErrorGrowsOnlyWithTheArgument() {
        // The float rounding of 2u = 2*sqrt(2/pi)*(x + 0.044715x^3) moves exp(2u) by |2u| * ~2 ulp.
        float[] x = sweep(-14, 30);
        float[] ys = new float[x.length];
        float[] yv = new float[x.length];
        SCALAR.geluTanh(ys, 0, x, 0, x.length);
        SIMD.geluTanh(yv, 0, x, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double u2 = 2 * Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * x[i] * x[i] * x[i]);
            double exact = x[i] * sigmoidRef(u2);
            assertTrue(ulpError(ys[i], exact) <= 0.501, "scalar at " + x[i]);
            if (Math.abs(exact) >= Float.MIN_NORMAL) {
                double ev = ulpError(yv[i], exact);
                assertTrue(ev <= 4 + 3 * Math.abs(u2), "simd at " + x[i] + ": " + ev + " ulp, 2u = " + u2);
            }
        }
    }

    @Test
    void testReferenceErfcAgreesWithKnownValues() {
        // Published values (Abramowitz & Stegun table 7.1 and its extensions).
        assertTrue(Math.abs(erfcRef(0.5) - 0.4795001221869535) < 1e-15);
        assertTrue(Math.abs(erfcRef(1) - 0.15729920705028513) < 1e-15);
        assertTrue(Math.abs(erfcRef(3) / 2.209049699858544e-05 - 1) < 1e-12);
        assertTrue(Math.abs(erfcRef(10) / 2.088487583762545e-45 - 1) < 1e-12);
        for (double z = -6; z <= 26; z += 0.01) {
            double a = Erfc.erfc(z);
            double b = erfcRef(z);
            assertTrue(Math.abs(a - b) <= 1e-12 * b + 1e-300, "Erfc.erfc(" + z + ") = " + a + " vs " + b);
        }
    }

    // ---- finite differences (in double) for every backward ---------------------------------

    static final double H = 1e-4;

    interface Fd {
        double f(double x);
    }

    record FdCase(String name, ActivationCases.Backward op, Fd f, boolean takesOutput, double lo, double hi) {
        @Override public String toString() {
            return name;
        }
    }

    static List<FdCase> fdCases() {
        double c = Math.sqrt(2 / Math.PI);
        return List.of(
            new FdCase("sigmoidBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.sigmoidBackward(dx, dxo, dy, dyo, s, so, n), ActivationsAccuracyTest::sigmoidRef, true, -12, 12),
            new FdCase("tanhBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.tanhBackward(dx, dxo, dy, dyo, s, so, n), ActivationsAccuracyTest::tanhRef, true, -6, 6),
            new FdCase("reluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.reluBackward(dx, dxo, dy, dyo, s, so, n), x -> Math.max(x, 0), false, -5, 5),
            new FdCase("leakyReluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.leakyReluBackward(dx, dxo, dy, dyo, s, so, SLOPE, n), x -> x > 0 ? x : SLOPE * x, false, -5, 5),
            new FdCase("eluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.eluBackward(dx, dxo, dy, dyo, s, so, ALPHA, n), x -> x > 0 ? x : ALPHA * Math.expm1(x), false, -8, 5),
            new FdCase("geluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.geluBackward(dx, dxo, dy, dyo, s, so, n), x -> x * 0.5 * erfcRef(-x / Math.sqrt(2)), false, -9, 9),
            new FdCase("geluTanhBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.geluTanhBackward(dx, dxo, dy, dyo, s, so, n),
                    x -> 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * x * x * x))), false, -9, 9),
            new FdCase("siluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.siluBackward(dx, dxo, dy, dyo, s, so, n), x -> x * sigmoidRef(x), false, -20, 20),
            new FdCase("softplusBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.softplusBackward(dx, dxo, dy, dyo, s, so, BETA, THRESHOLD, n),
                    x -> BETA * x > THRESHOLD ? x : Math.log1p(Math.exp(BETA * x)) / BETA, false, -15, 15));
    }

    @ParameterizedTest
    @MethodSource("fdCases")
    void backwardMatchesFiniteDifferencesAndAccumulates(FdCase c) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(c.name().hashCode());
        int n = 5 * ActivationCases.LANES + 3;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = (float) rnd.nextDouble(c.lo(), c.hi());
            } while (Math.abs(v) < 10 * H || Math.abs(BETA * v - THRESHOLD) < 10 * H); // away from kinks
            x[i] = v;
        }
        float[] s = x;
        if (c.takesOutput()) {
            s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = (float) c.f().f(x[i]);
            }
        }
        float[] dy = new float[n];
        float[] dx0 = new float[n];
        for (int i = 0; i < n; i++) {
            dy[i] = (float) (rnd.nextDouble(-2, 2));
            dx0[i] = (float) (rnd.nextDouble(-3, 3));
        }
        for (Activations k : new Activations[] {SCALAR, SIMD}) {
            float[] dx = dx0.clone();
            c.op().run(k, dx, 0, dy, 0, s, 0, n);
            for (int i = 0; i < n; i++) {
                double fd = (c.f().f(x[i] + H) - c.f().f(x[i] - H)) / (2 * H);
                double want = dx0[i] + dy[i] * fd;
                // 1e-5: float inputs/outputs (the y-based derivatives see y rounded) plus O(H^2) truncation.
                double tol = 1e-5 * (Math.abs(dx0[i]) + Math.abs(dy[i]) * (Math.abs(fd) + 1));
                assertTrue(Math.abs(dx[i] - want) <= tol, c + (k == SIMD ? " simd" : " scalar") + " at x=" + x[i]
                        + ": dx=" + dx[i] + " want " + want + " (fd " + fd + ")");
            }
        }
    }

    /** L(x) = sum_c w_c * softmax(x)_c (or log-softmax) for one row, in double. */
    static double rowLoss(double[] x, double[] w, boolean log) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - m);
        }
        double l = 0;
        for (int c = 0; c < x.length; c++) {
            l += w[c] * (log ? x[c] - m - Math.log(sum) : Math.exp(x[c] - m) / sum);
        }
        return l;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void softmaxBackwardMatchesFiniteDifferencesAndAccumulates(boolean log) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(log ? 11 : 12);
        for (int cols : new int[] {1, 3, ActivationCases.LANES, ActivationCases.LANES + 3, 2 * ActivationCases.LANES + 1}) {
            int rows = 3;
            float[] x = new float[rows * cols];
            float[] dy = new float[rows * cols];
            float[] dx0 = new float[rows * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextDouble(-4, 4);
                dy[i] = (float) rnd.nextDouble(-2, 2);
                dx0[i] = (float) rnd.nextDouble(-1, 1);
            }
            float[] y = new float[x.length];
            if (log) {
                SCALAR.logSoftmax(y, 0, x, 0, rows, cols);
            } else {
                SCALAR.softmax(y, 0, x, 0, rows, cols);
            }
            for (Activations k : new Activations[] {SCALAR, SIMD}) {
                float[] dx = dx0.clone();
                if (log) {
                    k.logSoftmaxBackward(dx, 0, dy, 0, y, 0, rows, cols);
                } else {
                    k.softmaxBackward(dx, 0, dy, 0, y, 0, rows, cols);
                }
                for (int r = 0; r < rows; r++) {
                    double[] xr = new double[cols];
                    double[] wr = new double[cols];
                    for (int c = 0; c < cols; c++) {
                        xr[c] = x[r * cols + c];
                        wr[c] = dy[r * cols + c];
                    }
                    for (int c = 0; c < cols; c++) {
                        double[] xp = xr.clone();
                        double[] xm = xr.clone();
                        xp[c] += H;
                        xm[c] -= H;
                        double fd = (rowLoss(xp, wr, log) - rowLoss(xm, wr, log)) / (2 * H);
                        int i = r * cols + c;
                        double want = dx0[i] + fd;
                        assertTrue(Math.abs(dx[i] - want) <= 2e-5 * (1 + Math.abs(want)),
                                (log ? "logSoftmaxBackward" : "softmaxBackward") + (k == SIMD ? " simd" : " scalar")
                                        + " cols=" + cols + " at " + i + ": " + dx[i] + " want " + want);
                    }
                }
            }
        }
    }
}
