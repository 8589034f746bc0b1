package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SGEMM and SGEMV, SIMD and scalar, against a reference accumulated in double.
 *
 * <p>Tolerance (both implementations): for every element,
 * {@code |C - ref| <= (k + 2) * 2^-23 * (|alpha| * sum_p |a_ip * b_pj| + |beta * c_ij|) + (k + 2) * 2^-149},
 * i.e. the classic bound gamma_k for a dot product of length k summed in float (unit roundoff
 * u = 2^-24; here 2u per step for slack), plus two roundings for alpha and beta, plus one
 * smallest subnormal per step for underflow. The SIMD kernel sums each element in the same order
 * as the scalar twin (fused) but splits k into blocks of KC, which stays inside this bound.
 */
class GemmTest {
    private static final Gemm SIMD = new SimdGemm();
    private static final Gemm SCALAR = new ScalarGemm();
    private static final boolean[][] TRANSPOSES = {{false, false}, {false, true}, {true, false}, {true, true}};

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** One random problem: op(A) m x k, op(B) k x n, C m x n, with padding and offsets. */
    static final class Problem {
        final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
        final boolean ta, tb;
        final float alpha, beta;
        final float[] a, b, c;

        Problem(int m, int n, int k, boolean ta, boolean tb, long seed, float alpha, float beta, boolean special) {
            SplittableRandom r = new SplittableRandom(seed);
            this.m = m;
            this.n = n;
            this.k = k;
            this.ta = ta;
            this.tb = tb;
            this.alpha = alpha;
            this.beta = beta;
            int aCols = ta ? m : k, aRows = ta ? k : m;
            int bCols = tb ? k : n, bRows = tb ? n : k;
            lda = Math.max(1, aCols) + (r.nextBoolean() ? 0 : r.nextInt(1, 20));
            ldb = Math.max(1, bCols) + (r.nextBoolean() ? 0 : r.nextInt(1, 20));
            ldc = Math.max(1, n) + (r.nextBoolean() ? 0 : r.nextInt(1, 20));
            aOff = r.nextInt(0, 17);
            bOff = r.nextInt(0, 17);
            cOff = r.nextInt(0, 17);
            a = fill(r, aOff + aRows * lda + r.nextInt(0, 5), special);
            b = fill(r, bOff + bRows * ldb + r.nextInt(0, 5), special);
            c = fill(r, cOff + m * ldc + r.nextInt(0, 5), false);
            if (beta == 0f) {
                java.util.Arrays.fill(c, Float.NaN); // beta == 0 must never read C
            }
        }

        private static float[] fill(SplittableRandom r, int size, boolean special) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) r.nextDouble(-1, 1);
                if (special && r.nextInt(40) == 0) {
                    x[i] = switch (r.nextInt(7)) {
                        case 0 -> 0f;
                        case 1 -> -0f;
                        case 2 -> Float.MIN_VALUE * r.nextInt(1, 1000);
                        case 3 -> Float.POSITIVE_INFINITY;
                        case 4 -> Float.NEGATIVE_INFINITY;
                        case 5 -> Float.NaN;
                        default -> 1000f * (float) r.nextDouble(-1, 1);
                    };
                }
            }
            return x;
        }

        float aAt(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float bAt(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(Gemm g) {
            float[] out = c.clone();
            g.sgemm(out, cOff, ldc, a, aOff, lda, ta, b, bOff, ldb, tb, m, n, k, alpha, beta);
            return out;
        }

        /** Checks {@code out} against the double reference; also that nothing outside C changed. */
        void check(float[] out, String who) {
            for (int idx = 0; idx < out.length; idx++) {
                int rel = idx - cOff;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside && Float.floatToRawIntBits(out[idx]) != Float.floatToRawIntBits(c[idx])) {
                    fail(who + ": wrote outside C at index " + idx + " " + this);
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0, mag = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = (double) aAt(i, p) * bAt(p, j);
                        dot += prod;
                        mag += Math.abs(prod);
                    }
                    double cij = c[cOff + i * ldc + j];
                    double ref = beta == 0f ? alpha * dot : alpha * dot + beta * cij;
                    double scale = Math.abs(alpha) * mag + (beta == 0f ? 0 : Math.abs(beta * cij));
                    double tol = (k + 2) * 0x1p-23 * scale + (k + 2) * 0x1p-149;
                    float got = out[cOff + i * ldc + j];
                    String where = who + ": C(" + i + "," + j + ") = " + got + ", reference " + ref + " " + this;
                    if (Double.isNaN(ref)) {
                        assertTrue(Float.isNaN(got), where);
                    } else if (Double.isInfinite(ref)) {
                        assertEquals(ref, got, 0.0, where);
                    } else if (!(Math.abs(got - ref) <= tol)) {
                        fail(where + " |err| = " + Math.abs(got - ref) + " > tol " + tol);
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "[m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " lda=" + lda
                    + " ldb=" + ldb + " ldc=" + ldc + " offs=" + aOff + "," + bOff + "," + cOff
                    + " alpha=" + alpha + " beta=" + beta + "]";
        }
    }

    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {0.75f, -1.5f}, {-2f, 0f}, {0f, 0.5f}, {1.25f, 1f}};

    /** Dimensions 0..300 (crossing KC = 256 and MC); every transpose; padding, offsets, alpha/beta. */
    @Test
    void simdAndScalarMatchTheDoubleReference() {
        qt().withExamples(20).withShrinkCycles(50)
                .forAll(integers().between(0, 300), integers().between(0, 300), integers().between(0, 300), longs().all())
                .checkAssert((m, n, k, seed) -> {
                    float[] ab = ALPHA_BETA[(int) Math.floorMod(seed, (long) ALPHA_BETA.length)];
                    for (boolean[] t : TRANSPOSES) {
                        Problem pr = new Problem(m, n, k, t[0], t[1], seed, ab[0], ab[1], false);
                        pr.check(pr.run(SIMD), "simd");
                        pr.check(pr.run(SCALAR), "scalar");
                    }
                });
    }

    /** Small dimensions around the register tile (every residue of MR and of the vector length). */
    @Test
    void smallShapesAroundTheTileMatchTheReference() {
        qt().withExamples(120)
                .forAll(integers().between(0, 2 * SimdGemm.MR + 1), integers().between(0, 2 * SimdGemm.NR + 1),
                        integers().between(0, 40), longs().all())
                .checkAssert((m, n, k, seed) -> {
                    float[] ab = ALPHA_BETA[(int) Math.floorMod(seed, (long) ALPHA_BETA.length)];
                    for (boolean[] t : TRANSPOSES) {
                        Problem pr = new Problem(m, n, k, t[0], t[1], seed, ab[0], ab[1], false);
                        pr.check(pr.run(SIMD), "simd");
                    }
                });
    }

    /** Zeros, subnormals, infinities and NaN in A and B: NaN and infinities where the reference has them. */
    @Test
    void specialValuesPropagateLikeTheReference() {
        qt().withExamples(30)
                .forAll(integers().between(1, 70), integers().between(1, 120), integers().between(1, 70), longs().all())
                .checkAssert((m, n, k, seed) -> {
                    for (boolean[] t : TRANSPOSES) {
                        Problem pr = new Problem(m, n, k, t[0], t[1], seed, 1f, seed % 2 == 0 ? 0f : 1f, true);
                        pr.check(pr.run(SIMD), "simd");
                        pr.check(pr.run(SCALAR), "scalar");
                    }
                });
    }

    /** Shapes that cross the NC column block and several KC and MC blocks. */
    @Test
    void blockBoundariesAreHandled() {
        int[][] shapes = {{3, SimdGemm.NC + 37, 5}, {SimdGemm.MC + 1, 17, SimdGemm.KC + 1}, {1, 1, 2 * SimdGemm.KC + 3},
            {2 * SimdGemm.MC + 5, 2 * SimdGemm.NR + 1, 3}, {1, 1, 1}, {0, 5, 5}, {5, 0, 5}, {5, 5, 0}};
        long seed = 7;
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                for (float[] ab : ALPHA_BETA) {
                    Problem pr = new Problem(s[0], s[1], s[2], t[0], t[1], seed++, ab[0], ab[1], false);
                    pr.check(pr.run(SIMD), "simd");
                }
            }
        }
    }

    @Test
    void betaZeroNeverReadsC() {
        for (boolean[] t : TRANSPOSES) {
            Problem pr = new Problem(37, 53, 29, t[0], t[1], 11, 1f, 0f, false);
            float[] out = pr.run(SIMD);
            for (int i = 0; i < pr.m; i++) {
                for (int j = 0; j < pr.n; j++) {
                    assertFalse(Float.isNaN(out[pr.cOff + i * pr.ldc + j]), "NaN leaked from C at " + i + "," + j);
                }
            }
            pr.check(out, "simd");
        }
    }

    /** Parallel splits (by rows and by columns) give the same bits for 1, 2 and 3 threads. */
    @Test
    void resultsAreBitIdenticalForEveryThreadCount() {
        Gemm g = Kernels.get().gemm();
        int[][] shapes = {{150, 200, 170}, {20, 400, 300}, {301, 97, 260}};
        for (int[] s : shapes) {
            assertTrue(2.0 * s[0] * s[1] * s[2] >= SimdGemm.PARALLEL_MIN_FLOPS, "shape too small to split");
            for (boolean[] t : TRANSPOSES) {
                Problem pr = new Problem(s[0], s[1], s[2], t[0], t[1], 5, 0.5f, 1f, false);
                float[][] outs = new float[3][];
                for (int threads = 1; threads <= 3; threads++) {
                    Parallelism.setThreads(threads);
                    outs[threads - 1] = pr.run(g);
                }
                assertArrayEquals(outs[0], outs[1], "1 vs 2 threads " + pr);
                assertArrayEquals(outs[0], outs[2], "1 vs 3 threads " + pr);
                pr.check(outs[0], Kernels.get().name());
            }
        }
    }

    @Test
    void parallelCallsFromManyThreadsAreCorrect() throws Exception {
        Gemm g = Kernels.get().gemm();
        Problem pr = new Problem(130, 140, 150, false, true, 3, 1f, 0f, false);
        float[] expected = pr.run(g);
        Thread[] ts = new Thread[3];
        float[][] outs = new float[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            int id = i;
            ts[i] = new Thread(() -> {
                for (int r = 0; r < 5; r++) {
                    outs[id] = pr.run(g);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        for (float[] o : outs) {
            assertArrayEquals(expected, o);
        }
    }

    // ---------------------------------------------------------------- SGEMV

    /**
     * SGEMV against a double reference, same tolerance form as SGEMM with k = the dot length;
     * lengths 0..600 cover every tail residue of the vector length and the 4-row/4-vector blocks.
     */
    @Test
    void sgemvMatchesTheDoubleReference() {
        qt().withExamples(80)
                .forAll(integers().between(0, 300), integers().between(0, 300), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] ab = ALPHA_BETA[(int) Math.floorMod(seed, (long) ALPHA_BETA.length)];
                    int lda = Math.max(1, n) + r.nextInt(0, 9);
                    int aOff = r.nextInt(0, 9), xOff = r.nextInt(0, 9), yOff = r.nextInt(0, 9);
                    float[] a = Problem.fill(r, aOff + m * lda, false);
                    for (boolean trans : new boolean[] {false, true}) {
                        int xLen = trans ? m : n, yLen = trans ? n : m;
                        float[] x = Problem.fill(r, xOff + xLen, false);
                        float[] y0 = Problem.fill(r, yOff + yLen + 3, false);
                        if (ab[1] == 0f) {
                            java.util.Arrays.fill(y0, yOff, yOff + yLen, Float.NaN);
                        }
                        for (Gemm g : new Gemm[] {SIMD, SCALAR}) {
                            float[] y = y0.clone();
                            g.sgemv(y, yOff, a, aOff, lda, trans, x, xOff, m, n, ab[0], ab[1]);
                            for (int i = 0; i < y.length; i++) {
                                if (i < yOff || i >= yOff + yLen) {
                                    assertEquals(Float.floatToRawIntBits(y0[i]), Float.floatToRawIntBits(y[i]),
                                            "sgemv wrote outside y at " + i);
                                    continue;
                                }
                                int row = i - yOff;
                                double dot = 0, mag = 0;
                                for (int p = 0; p < xLen; p++) {
                                    double prod = (double) (trans ? a[aOff + p * lda + row] : a[aOff + row * lda + p])
                                            * x[xOff + p];
                                    dot += prod;
                                    mag += Math.abs(prod);
                                }
                                double ref = ab[1] == 0f ? ab[0] * dot : ab[0] * dot + ab[1] * (double) y0[i];
                                double tol = (xLen + 2) * 0x1p-23 * (Math.abs(ab[0]) * mag
                                        + (ab[1] == 0f ? 0 : Math.abs(ab[1] * y0[i]))) + (xLen + 2) * 0x1p-149;
                                assertTrue(Math.abs(y[i] - ref) <= tol, (g == SIMD ? "simd" : "scalar")
                                        + " sgemv trans=" + trans + " m=" + m + " n=" + n + " y[" + row + "]=" + y[i]
                                        + " ref " + ref + " tol " + tol);
                            }
                        }
                    }
                });
    }

    // ---------------------------------------------------------------- argument checks

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void badArgumentsAreRejectedByName() {
        Gemm g = Kernels.get().gemm();
        float[] a = new float[6], b = new float[6], c = new float[4];
        assertTrue(message(() -> g.sgemm(c, 0, 2, a, 0, 3, false, b, 0, 2, false, -1, 2, 3, 1f, 0f)).contains("m must be >= 0"));
        assertTrue(message(() -> g.sgemm(c, 0, 2, a, 0, 3, false, b, 0, 2, false, 2, 2, -3, 1f, 0f)).contains("k must be >= 0"));
        assertTrue(message(() -> g.sgemm(c, 0, 2, a, 0, 2, false, b, 0, 2, false, 2, 2, 3, 1f, 0f))
                .contains("leading dimension of A (stored m x k)"));
        assertTrue(message(() -> g.sgemm(c, 0, 2, a, 0, 3, false, b, 0, 2, true, 2, 2, 3, 1f, 0f))
                .contains("leading dimension of B (transposed, stored n x k)"));
        assertTrue(message(() -> g.sgemm(c, 1, 2, a, 0, 3, false, b, 0, 2, false, 2, 2, 3, 1f, 0f)).contains("C: offset 1"));
        assertTrue(message(() -> g.sgemm(null, 0, 2, a, 0, 3, false, b, 0, 2, false, 2, 2, 3, 1f, 0f))
                .contains("C must not be null"));
        assertTrue(message(() -> g.sgemm(c, 0, 2, a, 0, 1, true, b, 0, 2, false, 2, 2, 3, 1f, 0f))
                .contains("A (transposed, stored k x m)"));
        float[] y = new float[2], x = new float[3];
        assertTrue(message(() -> g.sgemv(y, 0, a, 0, 3, false, x, 1, 2, 3, 1f, 0f)).contains("x: offset 1"));
        assertTrue(message(() -> g.sgemv(y, 0, a, 0, 3, true, x, 0, 2, 3, 1f, 0f)).contains("y: offset 0 + length 3"));
        assertTrue(message(() -> g.sgemv(y, 0, a, 0, 2, false, x, 0, 2, 3, 1f, 0f))
                .contains("leading dimension of A (stored m x n)"));
    }
}
