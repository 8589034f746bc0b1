package dev.lanes.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shared material for the activation tests: the kernel sets, the special values, random inputs
 * and the documented tolerances (SIMD vs the scalar twin), one entry per kernel.
 */
final class ActivationCases {
    private ActivationCases() {}

    static final Activations SCALAR = Kernels.scalar().activations();
    static final Activations SIMD = Kernels.simd().activations();
    static final int LANES = VectorShapes.LANES;

    /** Float ulp of the smallest subnormal: the absolute unit below Float.MIN_NORMAL. */
    static final double TINY = Float.MIN_VALUE;

    static final float[] SPECIALS = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE, -Float.MAX_VALUE,
        100f, -100f, 90f, -90f, 88f, -88f, 1e-7f, -1e-7f, 20f, -20f, 14f, -14f, 9f, -9f,
    };

    /** Sizes 0, 1 and every residue around the first four multiples of the lane count. */
    static List<Integer> tailSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (int n = 0; n <= 4 * LANES + 1; n++) {
            sizes.add(n);
        }
        return sizes;
    }

    /** n random floats at a random scale, with about 5% special values mixed in. */
    static float[] values(SplittableRandom rnd, int n, boolean specials) {
        float[] scales = {0.01f, 0.5f, 1f, 3f, 10f, 40f, 120f};
        float scale = scales[rnd.nextInt(scales.length)];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            if (specials && rnd.nextInt(20) == 0) {
                v[i] = SPECIALS[rnd.nextInt(SPECIALS.length)];
            } else {
                v[i] = (float) (gaussian(rnd) * scale);
            }
        }
        return v;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble(1e-300, 1);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** An array holding v at offset off, padded with a sentinel on both sides. */
    static float[] placed(float[] v, int off, int pad) {
        float[] a = new float[off + v.length + pad];
        java.util.Arrays.fill(a, 12345.5f);
        System.arraycopy(v, 0, a, off, v.length);
        return a;
    }

    /**
     * Checks {@code got} against {@code want} with allowance {@code tol}; NaN must match NaN and
     * infinities must match exactly. Returns null when fine, else a description.
     */
    static String mismatch(float got, float want, double tol) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) && Float.isNaN(got) ? null : "NaN mismatch";
        }
        if (Float.isInfinite(want) || Float.isInfinite(got)) {
            return got == want ? null : "infinity mismatch";
        }
        double d = Math.abs((double) got - want);
        return d <= tol ? null : "difference " + d + " > allowed " + tol;
    }

    static double ulp(float v) {
        return Math.ulp(Math.abs(v));
    }

    // ---- kernel shapes ----

    interface Unary {
        void run(Activations a, float[] y, int yOff, float[] x, int xOff, int n);
    }

    interface Backward {
        void run(Activations a, float[] dx, int dxOff, float[] dy, int dyOff, float[] s, int sOff, int n);
    }

    /** Allowed |simd - scalar| for input x and scalar result want. */
    interface Tolerance {
        double allowed(float x, float want);
    }

    record UnaryCase(String name, Unary op, Tolerance tol) {
        @Override public String toString() {
            return name;
        }
    }

    /** @param input what the backward's third array holds: "x" (the input) or a forward whose output it is */
    record BackwardCase(String name, Backward op, Unary forwardForInput, double absPerDy, double rel) {
        @Override public String toString() {
            return name;
        }
    }

    static Tolerance ulps(double ulps, double absolute) {
        return (x, want) -> ulps * ulp(want) + absolute;
    }

    /** tanh-GELU: float rounding of 2u = 2 sqrt(2/pi)(x + 0.044715 x^3) costs about |2u| * 2.4 ulp in the tail. */
    static double geluTanhArg(float x) {
        double v = Math.max(-20, Math.min(20, x));
        return 2 * 0.7978845608028654 * (v + 0.044715 * v * v * v);
    }

    static final float ALPHA = 1.3f;
    static final float SLOPE = 0.02f;
    static final float BETA = 1.7f;
    static final float THRESHOLD = 20f;

    /**
     * The documented SIMD-vs-scalar tolerances (the scalar twin is within 0.5 ulp of the exact
     * value, so these are the SIMD error bounds plus half an ulp).
     */
    static List<UnaryCase> unaryCases() {
        return List.of(
            new UnaryCase("sigmoid", (a, y, yo, x, xo, n) -> a.sigmoid(y, yo, x, xo, n), ulps(3, 2 * TINY)),
            new UnaryCase("tanh", (a, y, yo, x, xo, n) -> a.tanh(y, yo, x, xo, n), ulps(2, 0)),
            new UnaryCase("relu", (a, y, yo, x, xo, n) -> a.relu(y, yo, x, xo, n), ulps(0, 0)),
            new UnaryCase("leakyRelu", (a, y, yo, x, xo, n) -> a.leakyRelu(y, yo, x, xo, SLOPE, n), ulps(0, 0)),
            new UnaryCase("elu", (a, y, yo, x, xo, n) -> a.elu(y, yo, x, xo, ALPHA, n), ulps(2.2, 0)),
            new UnaryCase("gelu", (a, y, yo, x, xo, n) -> a.gelu(y, yo, x, xo, n), ulps(8, 4 * TINY)),
            new UnaryCase("geluTanh", (a, y, yo, x, xo, n) -> a.geluTanh(y, yo, x, xo, n),
                    (x, want) -> (4 + 3 * Math.abs(geluTanhArg(x))) * ulp(want) + 4 * TINY),
            new UnaryCase("silu", (a, y, yo, x, xo, n) -> a.silu(y, yo, x, xo, n), ulps(3, 64 * TINY)),
            new UnaryCase("softplus", (a, y, yo, x, xo, n) -> a.softplus(y, yo, x, xo, BETA, THRESHOLD, n), ulps(4.5, 2 * TINY)));
    }

    private static final Unary SIGMOID = (a, y, yo, x, xo, n) -> a.sigmoid(y, yo, x, xo, n);
    private static final Unary TANH = (a, y, yo, x, xo, n) -> a.tanh(y, yo, x, xo, n);

    /** Backward tolerance: rel * (|dx0| + |dy * f'|) + absPerDy * |dy|. */
    static List<BackwardCase> backwardCases() {
        double r = 0x1p-20;
        double a = 0x1p-22;
        return List.of(
            new BackwardCase("sigmoidBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.sigmoidBackward(dx, dxo, dy, dyo, s, so, n), SIGMOID, a, r),
            new BackwardCase("tanhBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.tanhBackward(dx, dxo, dy, dyo, s, so, n), TANH, a, r),
            new BackwardCase("reluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.reluBackward(dx, dxo, dy, dyo, s, so, n), null, 0, 0),
            new BackwardCase("leakyReluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.leakyReluBackward(dx, dxo, dy, dyo, s, so, SLOPE, n), null, 0, 0),
            new BackwardCase("eluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.eluBackward(dx, dxo, dy, dyo, s, so, ALPHA, n), null, a, r),
            new BackwardCase("geluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.geluBackward(dx, dxo, dy, dyo, s, so, n), null, a, r),
            new BackwardCase("geluTanhBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.geluTanhBackward(dx, dxo, dy, dyo, s, so, n), null, a, r),
            new BackwardCase("siluBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.siluBackward(dx, dxo, dy, dyo, s, so, n), null, a, r),
            new BackwardCase("softplusBackward", (k, dx, dxo, dy, dyo, s, so, n) -> k.softplusBackward(dx, dxo, dy, dyo, s, so, BETA, THRESHOLD, n), null, a, r));
    }
}
