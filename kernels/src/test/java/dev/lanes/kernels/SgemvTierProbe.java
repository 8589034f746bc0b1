package dev.lanes.kernels;

import java.util.SplittableRandom;

/**
 * Started in child JVMs by {@link SgemvTest}: runs {@link Sgemv} (not transposed and transposed)
 * on seeded random data for lengths around the vector width and the 4-row blocks, and prints one
 * hash of every result bit ({@code hash=<hex>}), so the test can compare JIT tiers.
 */
public final class SgemvTierProbe {
    private SgemvTierProbe() {}

    public static void main(String[] args) {
        // Optional: rounds run first, so tiered compilation reaches C2 before the hashed round.
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        for (int k = 0; k < rounds; k++) {
            hash();
        }
        System.out.println("hash=" + Long.toHexString(hash()));
    }

    private static long hash() {
        SplittableRandom r = new SplittableRandom(7);
        long h = 1125899906842597L;
        int[] sizes = {1, 5, VectorShapes.LANES - 1, VectorShapes.LANES, VectorShapes.LANES + 3, 37, 100, 257};
        for (int m : sizes) {
            for (int n : sizes) {
                float[] a = new float[m * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextDouble() - 0.5);
                }
                for (boolean trans : new boolean[] {false, true}) {
                    float[] x = new float[trans ? m : n];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (r.nextDouble() - 0.5);
                    }
                    float[] y = new float[trans ? n : m];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = (float) r.nextDouble();
                    }
                    Sgemv.sgemv(y, 0, a, 0, n, trans, x, 0, m, n, 1.5f, 0.5f);
                    for (float v : y) {
                        h = 31 * h + Float.floatToRawIntBits(v);
                    }
                }
            }
        }
        return h;
    }
}
