package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdUpdates} against {@link ScalarUpdates}, and the scalar twin against a double-precision
 * reference.
 *
 * <p>Tolerance SIMD vs scalar: 0 (bit-identical, NaN compared as NaN whatever its payload). Both
 * run the same correctly rounded IEEE operations in the same order and neither uses FMA; this
 * test holds them to that for every rule, every flag combination, every tail residue around
 * {@code VectorShapes.LANES}, random sizes up to 5000, random offsets and special values
 * (+-0, subnormals, +-Inf, NaN, +-MAX) in parameters, gradients, state and scalars.
 *
 * <p>Tolerance scalar vs double reference (one step on benign inputs): {@code 4e-6 * max(1, |ref|)}
 * per element; each rule is at most ~12 float operations, each within half an ulp (6e-8
 * relative), and the inputs keep cancellation away (second moments well above the squared mean).
 */
class UpdatesTest {
    private static final int L = VectorShapes.LANES;
    private static final Updates SCALAR = new ScalarUpdates();
    private static final Updates SIMD = new SimdUpdates();

    enum Rule {
        SGD(2), RMSPROP(4), ADAGRAD(2), ADADELTA(3), ADAM(4), ADAMAX(3), NADAM(3), RADAM(3), LION(2);
        /** p plus the state buffers. */
        final int arrays;

        Rule(int arrays) {
            this.arrays = arrays;
        }
    }

    /** Runs one rule: a[0] = p, a[1..] = state, s = scalars, f = flags (f[0] = maximize). */
    static void run(Rule r, Updates k, float[][] a, int[] off, float[] g, int gOff, float[] s,
                    boolean[] f, int n) {
        switch (r) {
            case SGD -> k.sgd(a[0], off[0], a[1], off[1], g, gOff, s[0], s[1], s[2], s[3], f[1], f[0], f[2], n);
            case RMSPROP -> k.rmsprop(a[0], off[0], a[1], off[1], f[1] ? a[2] : null, off[2],
                    f[2] ? a[3] : null, off[3], g, gOff, s[0], s[1], s[2], s[3], s[4], s[5], f[0], n);
            case ADAGRAD -> k.adagrad(a[0], off[0], a[1], off[1], g, gOff, s[0], s[1], s[2], f[0], n);
            case ADADELTA -> k.adadelta(a[0], off[0], a[1], off[1], a[2], off[2], g, gOff,
                    s[0], s[1], s[2], s[3], s[4], f[0], n);
            case ADAM -> k.adam(a[0], off[0], a[1], off[1], a[2], off[2], f[1] ? a[3] : null, off[3],
                    g, gOff, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], f[0], n);
            case ADAMAX -> k.adamax(a[0], off[0], a[1], off[1], a[2], off[2], g, gOff,
                    s[0], s[1], s[2], s[3], s[4], f[0], n);
            case NADAM -> k.nadam(a[0], off[0], a[1], off[1], a[2], off[2], g, gOff,
                    s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], f[0], n);
            case RADAM -> k.radam(a[0], off[0], a[1], off[1], a[2], off[2], g, gOff,
                    s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], f[1], s[9], f[0], n);
            case LION -> k.lion(a[0], off[0], a[1], off[1], g, gOff, s[0], s[1], s[2], s[3], s[4], s[5], f[0], n);
        }
    }

    private static final float[] SPECIALS = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f,
        -3e-39f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.MIN_NORMAL};

    private static float value(SplittableRandom rnd, double specialRate) {
        if (rnd.nextDouble() < specialRate) {
            return SPECIALS[rnd.nextInt(SPECIALS.length)];
        }
        double scale = switch (rnd.nextInt(4)) {
            case 0 -> 1e-3;
            case 1 -> 1e3;
            default -> 1;
        };
        return (float) (rnd.nextGaussian() * scale);
    }

    private static float scalar(SplittableRandom rnd, double specialRate) {
        if (rnd.nextDouble() < specialRate) {
            return SPECIALS[rnd.nextInt(SPECIALS.length)];
        }
        return rnd.nextInt(8) == 0 ? 0f : (float) rnd.nextDouble();
    }

    /** Runs a rule on SIMD and scalar from identical inputs and requires bit-identical outputs. */
    private static void compare(Rule r, int n, int offSeed, long seed, double specialRate) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (31L * n + r.ordinal()));
        int[] off = new int[r.arrays];
        float[][] a = new float[r.arrays][];
        for (int j = 0; j < r.arrays; j++) {
            off[j] = (offSeed * (j + 3)) % 19;
            a[j] = new float[off[j] + n + rnd.nextInt(3)];
            for (int i = 0; i < a[j].length; i++) {
                a[j][i] = value(rnd, specialRate);
            }
        }
        int gOff = offSeed % 7;
        float[] g = new float[gOff + n + 1];
        for (int i = 0; i < g.length; i++) {
            g[i] = value(rnd, specialRate);
        }
        float[] s = new float[10];
        for (int i = 0; i < s.length; i++) {
            s[i] = scalar(rnd, specialRate);
        }
        boolean[] f = {rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()};
        float[][] a2 = new float[r.arrays][];
        for (int j = 0; j < r.arrays; j++) {
            a2[j] = a[j].clone();
        }
        float[] g0 = g.clone();
        run(r, SCALAR, a, off, g, gOff, s, f, n);
        run(r, SIMD, a2, off, g, gOff, s, f, n);
        assertTrue(Arrays.equals(g0, g), "gradient must not be written");
        for (int j = 0; j < r.arrays; j++) {
            for (int i = 0; i < a[j].length; i++) {
                if (Float.floatToIntBits(a[j][i]) != Float.floatToIntBits(a2[j][i])) {
                    fail(r + " array " + j + " element " + i + " (n=" + n + ", off=" + off[j] + ", flags="
                            + Arrays.toString(f) + ", scalars=" + Arrays.toString(s) + "): scalar "
                            + a[j][i] + " vs simd " + a2[j][i]);
                }
            }
        }
    }

    @Test
    void everyTailResidueUpToFourVectorsIsBitIdentical() {
        for (Rule r : Rule.values()) {
            for (int n = 0; n <= 4 * L + 3; n++) {
                for (int seed = 0; seed < 4; seed++) {
                    compare(r, n, seed * 5 + n, seed, seed == 0 ? 0 : 0.05);
                }
            }
        }
    }

    @Test
    void randomSizesOffsetsAndSpecialValuesAreBitIdentical() {
        qt().withExamples(300).forAll(integers().between(0, Rule.values().length - 1),
                integers().between(0, 5000), integers().between(0, 40), longs().all())
                .checkAssert((rule, n, offSeed, seed) ->
                        compare(Rule.values()[rule], n, offSeed, seed, (seed & 3) == 0 ? 0.3 : 0.02));
    }

    /**
     * Flush to zero: with zero gradients and state at or just above {@code Float.MIN_NORMAL} (and
     * already subnormal), every rule's stored state ends normal or zero on both sets (bit-identical),
     * Adamax's u excepted (documented: never flushed, it stays >= eps); a normal state value that does
     * not decay below MIN_NORMAL is left exactly as the formula gives it.
     */
    @Test
    void subnormalStateIsFlushedToZeroOnBothSets() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (Rule r : Rule.values()) {
            for (int n : new int[] {1, L - 1, 3 * L + 5}) {
                float[][] a = new float[r.arrays][n];
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    a[0][i] = (float) rnd.nextGaussian();
                    for (int j = 1; j < r.arrays; j++) {
                        float mag = switch (i % 3) {
                            case 0 -> Float.MIN_NORMAL * 1.05f;
                            case 1 -> Float.MIN_VALUE * (1 + rnd.nextInt(1000));
                            default -> Float.MIN_NORMAL * 1.5f;
                        };
                        a[j][i] = rnd.nextBoolean() ? mag : -mag;
                        if (r != Rule.SGD && r != Rule.LION && j > 1 || r == Rule.RMSPROP || r == Rule.ADAGRAD
                                || r == Rule.ADADELTA) {
                            a[j][i] = Math.abs(a[j][i]); // squares and sums are non-negative
                        }
                    }
                }
                // decay factors 0.9; eps 1e-8; lr 1e-3; bias terms 1; no weight decay, no maximize
                float[] s = switch (r) {
                    case SGD -> new float[] {1e-3f, 0f, 0.9f, 1f, 0, 0, 0, 0, 0, 0};
                    case RMSPROP -> new float[] {1e-3f, 0.9f, 0.1f, 1e-8f, 0f, 0.9f, 0, 0, 0, 0};
                    case ADAGRAD -> new float[] {1e-3f, 0f, 1e-8f, 0, 0, 0, 0, 0, 0, 0};
                    case ADADELTA -> new float[] {1f, 0.9f, 0.1f, 1e-8f, 0f, 0, 0, 0, 0, 0};
                    case ADAM -> new float[] {1f, 0f, 0.1f, 0.9f, 0.1f, 1e-3f, 1f, 1e-8f, 0, 0};
                    case ADAMAX -> new float[] {0f, 0.1f, 0.9f, 1e-8f, 1e-3f, 0, 0, 0, 0, 0};
                    case NADAM -> new float[] {1f, 0f, 0.1f, 0.9f, 0.1f, 1f, 1e-8f, -1e-3f, -1e-3f, 0};
                    case RADAM -> new float[] {1f, 0f, 0.1f, 0.9f, 0.1f, 1f, 1e-3f, 1f, 1e-8f, 1f};
                    case LION -> new float[] {1e-3f, 0f, 0.9f, 0.1f, 0.9f, 0.1f, 0, 0, 0, 0};
                };
                boolean[] f = {false, true, r == Rule.RMSPROP};
                float[][] a2 = new float[r.arrays][];
                for (int j = 0; j < r.arrays; j++) {
                    a2[j] = a[j].clone();
                }
                run(r, SCALAR, a, new int[r.arrays], g, 0, s, f, n);
                run(r, SIMD, a2, new int[r.arrays], g, 0, s, f, n);
                int flushed = 0;
                for (int j = 1; j < r.arrays; j++) {
                    if (r == Rule.ADAMAX && j == 2) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        float v = a[j][i];
                        assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(a2[j][i]),
                                r + " array " + j + " element " + i + ": SIMD and scalar differ");
                        assertTrue(v == 0f || Math.abs(v) >= Float.MIN_NORMAL,
                                r + " array " + j + " element " + i + " is subnormal: " + v);
                        if (v == 0f) {
                            flushed++;
                        }
                    }
                }
                assertTrue(n == 1 || flushed > 0, r + ": nothing was flushed, the test does not exercise the flush");
            }
        }
    }

    @Test
    void adamStateUnderZeroGradientsReachesExactZero() {
        int n = 2 * L + 3;
        float[][] a = {new float[n], new float[n], new float[n], new float[n]};
        float[][] b = {new float[n], new float[n], new float[n], new float[n]};
        for (int i = 0; i < n; i++) {
            a[1][i] = b[1][i] = 0.01f * (i + 1);
            a[2][i] = b[2][i] = 1e-4f * (i + 1);
        }
        float[] s = {1f, 0f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f, 0, 0};
        boolean[] f = {false, false, false};
        float[] g = new float[n];
        for (int step = 0; step < 100_000; step++) {
            run(Rule.ADAM, SCALAR, a, new int[4], g, 0, s, f, n);
            run(Rule.ADAM, SIMD, b, new int[4], g, 0, s, f, n);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(0f, a[1][i], "exp_avg " + i);
            assertEquals(0f, a[2][i], "exp_avg_sq " + i);
            assertEquals(Float.floatToIntBits(a[0][i]), Float.floatToIntBits(b[0][i]), "p " + i);
            assertEquals(0f, b[1][i], "simd exp_avg " + i);
            assertEquals(0f, b[2][i], "simd exp_avg_sq " + i);
        }
    }

    // ---- scalar twin vs a double-precision reference -------------------------------------

    private static double lerp(double a, double b, double w) {
        return a + w * (b - a);
    }

    /** One element of each rule in double, from the same float inputs and scalars. */
    private static double[] reference(Rule r, double[] x, double gi, float[] s, boolean[] f) {
        double d = f[0] ? -gi : gi;
        double[] y = x.clone();
        switch (r) {
            case SGD -> {
                if (s[1] != 0) d += s[1] * x[0];
                if (s[2] != 0) {
                    double b = f[2] ? d : x[1] * s[2] + s[3] * d;
                    y[1] = b;
                    d = f[1] ? d + s[2] * b : b;
                }
                y[0] = x[0] - s[0] * d;
            }
            case RMSPROP -> {
                if (s[4] != 0) d += s[4] * x[0];
                double sq = x[1] * s[1] + s[2] * d * d;
                y[1] = sq;
                double avg;
                if (f[1]) {
                    double ga = lerp(x[2], d, s[2]);
                    y[2] = ga;
                    avg = Math.sqrt(sq - ga * ga) + s[3];
                } else {
                    avg = Math.sqrt(sq) + s[3];
                }
                if (f[2]) {
                    double b = x[3] * s[5] + d / avg;
                    y[3] = b;
                    y[0] = x[0] - s[0] * b;
                } else {
                    y[0] = x[0] - s[0] * d / avg;
                }
            }
            case ADAGRAD -> {
                if (s[1] != 0) d += s[1] * x[0];
                y[1] = x[1] + d * d;
                y[0] = x[0] - s[0] * d / (Math.sqrt(y[1]) + s[2]);
            }
            case ADADELTA -> {
                if (s[4] != 0) d += s[4] * x[0];
                y[1] = x[1] * s[1] + s[2] * d * d;
                double delta = Math.sqrt(x[2] + s[3]) / Math.sqrt(y[1] + s[3]) * d;
                y[2] = x[2] * s[1] + s[2] * delta * delta;
                y[0] = x[0] - s[0] * delta;
            }
            case ADAM -> {
                double p = x[0] * s[0];
                if (s[1] != 0) d += s[1] * p;
                y[1] = lerp(x[1], d, s[2]);
                y[2] = x[2] * s[3] + s[4] * d * d;
                double v = y[2];
                if (f[1]) {
                    v = Math.max(x[3], v);
                    y[3] = v;
                }
                y[0] = p - s[5] * y[1] / (Math.sqrt(v) / s[6] + s[7]);
            }
            case ADAMAX -> {
                if (s[0] != 0) d += s[0] * x[0];
                y[1] = lerp(x[1], d, s[1]);
                y[2] = Math.max(x[2] * s[2], Math.abs(d) + s[3]);
                y[0] = x[0] - s[4] * y[1] / y[2];
            }
            case NADAM -> {
                double p = x[0] * s[0];
                if (s[1] != 0) d += s[1] * p;
                y[1] = lerp(x[1], d, s[2]);
                y[2] = x[2] * s[3] + s[4] * d * d;
                double den = Math.sqrt(y[2] / s[5]) + s[6];
                y[0] = p + s[7] * d / den + s[8] * y[1] / den;
            }
            case RADAM -> {
                double p = x[0] * s[0];
                if (s[1] != 0) d += s[1] * p;
                y[1] = lerp(x[1], d, s[2]);
                y[2] = x[2] * s[3] + s[4] * d * d;
                double step = y[1] / s[5] * s[6];
                if (f[1]) {
                    step = step * s[7] / (Math.sqrt(y[2]) + s[8]) * s[9];
                }
                y[0] = p - step;
            }
            case LION -> {
                double c = s[2] * x[1] + s[3] * d;
                y[0] = x[0] - s[0] * (Math.signum(c) + s[1] * x[0]);
                y[1] = s[4] * x[1] + s[5] * d;
            }
        }
        return y;
    }

    @Test
    void scalarTwinMatchesDoubleReference() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Rule r : Rule.values()) {
            for (int trial = 0; trial < 40; trial++) {
                int n = 1 + rnd.nextInt(60);
                float[][] a = new float[r.arrays][n];
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    a[0][i] = (float) rnd.nextGaussian();
                    g[i] = (float) (0.5 * rnd.nextGaussian());
                    for (int j = 1; j < r.arrays; j++) {
                        a[j][i] = (float) (0.1 * rnd.nextGaussian());
                    }
                    // second-moment-like buffers: positive and well above the squared mean
                    if (r == Rule.RMSPROP || r == Rule.ADAGRAD || r == Rule.ADADELTA || r == Rule.ADAM
                            || r == Rule.NADAM || r == Rule.RADAM) {
                        a[1 + (r == Rule.RMSPROP || r == Rule.ADAGRAD || r == Rule.ADADELTA ? 0 : 1)][i] =
                                (float) (0.5 + rnd.nextDouble());
                        if (r == Rule.ADADELTA || r == Rule.ADAM) {
                            a[r.arrays - 1][i] = (float) (0.5 + rnd.nextDouble());
                        }
                    }
                    if (r == Rule.ADAMAX) {
                        a[2][i] = (float) (0.5 + rnd.nextDouble());
                    }
                }
                float[] s = new float[10];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (float) (0.05 + 0.9 * rnd.nextDouble());
                }
                if (r == Rule.RMSPROP) {
                    s[2] = 1 - s[1];
                }
                boolean[] f = {rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()};
                double[][] ref = new double[n][];
                for (int i = 0; i < n; i++) {
                    double[] x = new double[r.arrays];
                    for (int j = 0; j < r.arrays; j++) {
                        x[j] = a[j][i];
                    }
                    ref[i] = reference(r, x, g[i], s, f);
                }
                run(r, SCALAR, a, new int[r.arrays], g, 0, s, f, n);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < r.arrays; j++) {
                        double want = ref[i][j];
                        double tol = 4e-6 * Math.max(1, Math.abs(want));
                        assertEquals(want, a[j][i], tol, r + " array " + j + " element " + i + " flags "
                                + Arrays.toString(f));
                    }
                }
            }
        }
    }

    // ---- argument checks through the public provider --------------------------------------

    @Test
    void badArgumentsAreRejectedNamingTheArgument() {
        Updates k = Kernels.get().updates();
        float[] p = new float[8];
        float[] g = new float[8];
        float[] m = new float[8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.adam(p, 0, new float[4], 0, m, 0, null, 0, g, 0, 1, 0, 0.1f, 0.999f, 0.001f, 1, 1, 1e-8f, false, 8));
        assertTrue(e.getMessage().startsWith("m:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.adam(p, 0, m, 0, m, 0, new float[2], 0, g, 0, 1, 0, 0.1f, 0.999f, 0.001f, 1, 1, 1e-8f, false, 8));
        assertTrue(e.getMessage().startsWith("vMax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.sgd(p, 0, null, 0, g, 0, 0.1f, 0, 0.9f, 1, false, false, false, 8));
        assertTrue(e.getMessage().startsWith("buf"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.lion(null, 0, m, 0, g, 0, 1e-4f, 0, 0.9f, 0.1f, 0.99f, 0.01f, false, 8));
        assertTrue(e.getMessage().startsWith("p "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.adagrad(p, 0, m, 0, g, 3, 0.1f, 0, 1e-10f, false, 8));
        assertTrue(e.getMessage().startsWith("g:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.adadelta(p, -1, m, 0, m, 0, g, 0, 1, 0.9f, 0.1f, 1e-6f, 0, false, 4));
        assertTrue(e.getMessage().startsWith("p offset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.radam(p, 0, m, 0, m, 0, g, 0, 1, 0, 0.1f, 0.999f, 0.001f, 1, 1, 1, 1e-8f, true, 1, false, -1));
        assertTrue(e.getMessage().startsWith("n must be >= 0"), e.getMessage());
        // SGD without momentum needs no buffer; n = 0 touches nothing
        k.sgd(p, 0, null, 0, g, 0, 0.1f, 0, 0, 1, false, false, false, 8);
        k.nadam(new float[0], 0, new float[0], 0, new float[0], 0, new float[0], 0, 1, 0, 0.1f, 0.9f, 0.1f, 1, 1e-8f, -1, -1, false, 0);
    }
}
