package dev.lanes.kernels;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.quicktheories.core.Gen;

/**
 * Test inputs shared by {@link VectorsTest} and {@link ReductionsTest}: sizes that cover every
 * tail residue, random offsets, arrays that end exactly at the last element or run past it, and
 * special values mixed in.
 */
final class VectorTestData {
    private VectorTestData() {}

    /** Lane count of the species the SIMD kernels run with in this JVM. */
    static final int LANES = VectorShapes.LANES;

    /** Sizes 0 .. 5 vectors: every tail residue around 0, 1, 2, 3 and 4 whole vectors. */
    static final int SMALL = 5 * LANES;

    /** Largest random size. */
    static final int LARGE = 5000;

    /** The special values every generator mixes in. */
    static final float[] SPECIALS = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 3, -Float.MIN_NORMAL / 7,
        Float.MIN_NORMAL, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
    };

    /** The finite special values (for kernels whose tolerance needs finite input). */
    static final float[] FINITE_SPECIALS = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 3, -Float.MIN_NORMAL / 7,
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
    };

    /**
     * One generated case. Arrays built from it hold {@code off + n + slack} elements; slack is 0
     * in about a third of the cases, so masked tails that end exactly at the array end are tried.
     */
    record Case(int n, int off1, int off2, int off3, long seed) {
        int slack() {
            int s = (int) Math.floorMod(seed, 3L * LANES);
            return s < LANES ? 0 : s - LANES;
        }

        /** Per-mille of elements replaced by a special value: 0 in a quarter of the cases. */
        int specialRate() {
            int k = (int) Math.floorMod(seed >>> 8, 4L);
            return k == 0 ? 0 : (k == 1 ? 5 : (k == 2 ? 50 : 300));
        }

        SplittableRandom random(int stream) {
            return new SplittableRandom(seed * 31 + stream);
        }
    }

    /** Sizes: small ones (all residues) half of the time, up to {@link #LARGE} otherwise. */
    static Gen<Integer> sizes() {
        return integers().between(0, SMALL).mix(integers().between(0, LARGE), 50);
    }

    static Gen<Case> cases() {
        Gen<Integer> offsets = integers().between(0, 2 * LANES + 3);
        return sizes().zip(offsets, offsets, offsets, longs().all(), Case::new);
    }

    /** Runs {@code check} for every size 0 .. SMALL, with a few seeds and offsets each. */
    static void everySize(Consumer<Case> check) {
        for (int n = 0; n <= SMALL; n++) {
            for (long seed = 0; seed < 4; seed++) {
                int o = (int) (seed * 5 + n) % (LANES + 3);
                check.accept(new Case(n, o, (o + 3) % 7, (o + 1) % 5, seed * 7919 + n));
            }
        }
    }

    /** Random value of varied magnitude: normal times 2^e, e in [-20, 20]. */
    static float value(SplittableRandom r) {
        return (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(-20, 21)));
    }

    /** An array of {@code off + n + slack} values with special values at the case's rate. */
    static float[] array(Case c, int stream, int off, float[] specials) {
        SplittableRandom r = c.random(stream);
        float[] a = new float[off + c.n() + c.slack()];
        int rate = c.specialRate();
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(1000) < rate ? specials[r.nextInt(specials.length)] : value(r);
        }
        return a;
    }

    static float[] array(Case c, int stream, int off) {
        return array(c, stream, off, SPECIALS);
    }

    /** A scalar argument: a special value one time in four, else a random value. */
    static float scalar(Case c, int stream) {
        SplittableRandom r = c.random(stream);
        return r.nextInt(4) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)] : value(r);
    }

    /** First index where the two arrays differ as floats (NaNs equal), or -1. */
    static int firstDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }

    static String describe(Case c) {
        return "n=" + c.n() + " offsets=" + c.off1() + "," + c.off2() + "," + c.off3() + " slack=" + c.slack()
                + " seed=" + c.seed() + " specials/1000=" + c.specialRate() + " lanes=" + LANES;
    }
}
