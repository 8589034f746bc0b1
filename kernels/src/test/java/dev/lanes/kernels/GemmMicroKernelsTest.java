package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every generated micro-kernel, bit for bit against its scalar definition: per element, fused
 * multiply-adds over p in order from 0, one multiply by alpha, then (beta != 0) one fused
 * {@code C*beta + t}; every partial tile (mr, nr) and both C update paths; nothing outside the
 * tile written.
 */
class GemmMicroKernelsTest {
    private static final int L = VectorShapes.LANES;
    private static final int NR = GemmMicroKernels.NR;

    @FunctionalInterface
    interface Kernel {
        void run(float[] a, int ap, int lda, float[] pb, int bp, int kc,
                 float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile);
    }

    record Case(String name, int rows, int vectors, boolean direct, Kernel k) {}

    static final Case[] KERNELS = {
        new Case("6x3", 6, 3, false, (a, ap, lda, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t) -> GemmMicroKernels.kernel6x3(a, ap, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t)),
        new Case("6x2", 6, 2, false, (a, ap, lda, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t) -> GemmMicroKernels.kernel6x2(a, ap, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t)),
        new Case("6x1", 6, 1, false, (a, ap, lda, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t) -> GemmMicroKernels.kernel6x1(a, ap, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t)),
        new Case("4x3", 4, 3, false, (a, ap, lda, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t) -> GemmMicroKernels.kernel4x3(a, ap, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t)),
        new Case("4x2", 4, 2, false, (a, ap, lda, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t) -> GemmMicroKernels.kernel4x2(a, ap, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t)),
        new Case("4x1", 4, 1, false, (a, ap, lda, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t) -> GemmMicroKernels.kernel4x1(a, ap, pb, bp, kc, c, cp, ldc, al, be, mr, nr, t)),
        new Case("6x3a", 6, 3, true, GemmMicroKernels::kernel6x3a),
        new Case("6x2a", 6, 2, true, GemmMicroKernels::kernel6x2a),
        new Case("6x1a", 6, 1, true, GemmMicroKernels::kernel6x1a),
        new Case("4x3a", 4, 3, true, GemmMicroKernels::kernel4x3a),
        new Case("4x2a", 4, 2, true, GemmMicroKernels::kernel4x2a),
        new Case("4x1a", 4, 1, true, GemmMicroKernels::kernel4x1a),
    };

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-2, 2);
        }
        return x;
    }

    @Test
    void everyKernelMatchesItsScalarDefinitionBitForBit() {
        SplittableRandom r = new SplittableRandom(17);
        float[] tile = new float[6 * NR];
        for (Case kc : KERNELS) {
            for (int depth : new int[] {0, 1, 7, 33}) {
                for (int mr = 1; mr <= kc.rows; mr++) {
                    for (int nr = 1; nr <= kc.vectors * L; nr += (nr < 3 ? 1 : Math.max(1, L / 4))) {
                        for (float beta : new float[] {0f, 1.5f}) {
                            check(kc, depth, mr, nr, 0.75f, beta, r, tile);
                        }
                    }
                    check(kc, depth, mr, kc.vectors * L, -1.25f, 1f, r, tile);
                }
            }
        }
    }

    private static void check(Case kc, int depth, int mr, int nr, float alpha, float beta, SplittableRandom r,
                              float[] tile) {
        int ap = r.nextInt(0, 5), bp = r.nextInt(0, 5), cp = r.nextInt(0, 5);
        int lda = depth + r.nextInt(0, 4) + 1;
        int ldc = kc.vectors * L + r.nextInt(0, 9);
        // packed A: step p holds rows at a[ap + p*rows + i]; direct A: row i at a[ap + i*lda + p]
        float[] a = random(r, ap + (kc.direct ? mr * lda : depth * kc.rows) + 1);
        float[] pb = random(r, bp + depth * NR + 1);
        float[] c = random(r, cp + kc.rows * ldc + 1);
        float[] out = c.clone();
        kc.k.run(a, ap, lda, pb, bp, depth, out, cp, ldc, alpha, beta, mr, nr, tile);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cp;
            int i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
            float want;
            if (i >= 0 && i < mr && j < nr) {
                float acc = 0f;
                for (int p = 0; p < depth; p++) {
                    float av = kc.direct ? a[ap + i * lda + p] : a[ap + p * kc.rows + i];
                    acc = Math.fma(av, pb[bp + p * NR + j], acc);
                }
                float t = acc * alpha;
                want = beta == 0f ? t : Math.fma(c[idx], beta, t);
            } else {
                want = c[idx];
            }
            if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(out[idx])) {
                fail("kernel" + kc.name + " kc=" + depth + " mr=" + mr + " nr=" + nr + " beta=" + beta
                        + ": C(" + i + "," + j + ") = " + out[idx] + ", want " + want);
            }
        }
    }

    @Test
    void storeTileWritesOnlyThePartialTile() {
        float[] tile = {1, 2, 3, 4, 5, 6};
        float[] c = {10, 10, 10, 10, 10, 10, 10};
        GemmMicroKernels.storeTile(tile, 3, c, 1, 3, 0f, 2, 2);
        assertEquals("[10.0, 1.0, 2.0, 10.0, 4.0, 5.0, 10.0]", java.util.Arrays.toString(c));
        GemmMicroKernels.storeTile(tile, 3, c, 1, 3, 2f, 1, 1);
        assertEquals(3f, c[1]);  // fma(1, 2, 1)
    }

    /** Whole vectors and the partial last one, both beta forms: every element as Math.fma, nothing outside. */
    @Test
    void storeTileWritesWholeVectorsAndTheTailWithOneRounding() {
        int l = VectorShapes.LANES;
        int nrTile = 3 * l;
        int ldc = 3 * l + 5;
        for (float beta : new float[] {0f, 0.1f, -3f}) {
            for (int nr : new int[] {1, l - 1, l, l + 3, 2 * l, 3 * l - 1, 3 * l}) {
                for (int mr = 1; mr <= 3; mr++) {
                    float[] tile = new float[3 * nrTile];
                    for (int i = 0; i < tile.length; i++) {
                        tile[i] = 1f / (i + 3);
                    }
                    float[] c = new float[4 * ldc];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = 0.7f * i + 0.3f;
                    }
                    float[] before = c.clone();
                    int cp = 2;
                    GemmMicroKernels.storeTile(tile, nrTile, c, cp, ldc, beta, mr, nr);
                    for (int idx = 0; idx < c.length; idx++) {
                        int r = (idx - cp) / ldc;
                        int col = (idx - cp) % ldc;
                        boolean inside = idx >= cp && r < mr && col < nr;
                        float want = !inside ? before[idx]
                                : beta == 0f ? tile[r * nrTile + col] : Math.fma(before[idx], beta, tile[r * nrTile + col]);
                        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(c[idx]),
                                "beta=" + beta + " nr=" + nr + " mr=" + mr + " at " + idx);
                    }
                }
            }
        }
    }
}
