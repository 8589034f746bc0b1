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
    private static final GemmBlocking BL = GemmBlocking.forVectorBits(VectorShapes.FLOAT.vectorBitSize());
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

        static float[] fill(SplittableRandom r, int size, boolean special) {
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

    static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {0.75f, -1.5f}, {-2f, 0f}, {0f, 0.5f}, {1.25f, 1f}};

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
                .forAll(integers().between(0, 2 * GemmDriver.MR + 1), integers().between(0, 2 * GemmDriver.NR + 1),
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
        int[][] shapes = {{3, BL.nc() + 37, 5}, {BL.mc() + 1, 17, BL.kc() + 1}, {1, 1, 2 * BL.kc() + 3},
            {2 * BL.mc() + 5, 2 * GemmDriver.NR + 1, 3}, {1, 1, 1}, {0, 5, 5}, {5, 0, 5}, {5, 5, 0}};
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
            assertTrue(2.0 * s[0] * s[1] * s[2] >= GemmDriver.PARALLEL_MIN_FLOPS, "shape too small to split");
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

    // ---------------------------------------------------------------- zero sizes (issue 11)

    /** m, n or k = 0 is valid BLAS in both overloads; k = 0 gives C := beta*C (beta = 0: zeros, C not read). */
    @Test
    void zeroSizesAreAcceptedInBothOverloads() {
        for (Gemm g : new Gemm[] {Kernels.get().gemm(), Kernels.scalar().gemm(), SIMD, SCALAR}) {
            for (boolean[] t : TRANSPOSES) {
                float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
                g.sgemm(c, new float[0], t[0], new float[0], t[1], 2, 3, 0, 7f, 0.5f);
                assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f, 2.5f, 3f}, c, "k = 0, beta 0.5");
                float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN};
                g.sgemm(nan, new float[0], t[0], new float[0], t[1], 3, 2, 0, Float.POSITIVE_INFINITY, 0f);
                assertArrayEquals(new float[6], nan, "k = 0, beta 0: zeros, C never read");
                float[] untouched = {9f};
                g.sgemm(untouched, new float[0], t[0], new float[5], t[1], 0, 1, 5, 1f, 0f);
                g.sgemm(untouched, new float[5], t[0], new float[0], t[1], 1, 0, 5, 1f, 0f);
                g.sgemm(new float[0], new float[0], t[0], new float[0], t[1], 0, 0, 0, 1f, 0f);
                assertEquals(9f, untouched[0]);
                float[] full = {1f, 2f};
                g.sgemm(full, 0, 1, new float[0], 0, t[0] ? 2 : 1, t[0], new float[0], 0, 1, t[1], 2, 1, 0, 1f, -1f);
                assertArrayEquals(new float[] {-1f, -2f}, full, "k = 0, long overload");
            }
        }
    }

    // ---------------------------------------------------------------- aliasing (issue 12 item 8)

    @Test
    void cOverlappingAOrBIsRejectedByName() {
        Gemm g = Kernels.get().gemm();
        float[] x = new float[16];
        float[] other = new float[16];
        String m1 = message(() -> g.sgemm(x, x, false, other, false, 4, 4, 4, 1f, 0f));
        assertTrue(m1.contains("C must not overlap A"), m1);
        String m2 = message(() -> g.sgemm(x, other, false, x, true, 4, 4, 4, 1f, 0f));
        assertTrue(m2.contains("C must not overlap B"), m2);
        // partial overlap: C's last row is A's first
        float[] big = new float[28];
        String m3 = message(() -> g.sgemm(big, 0, 4, big, 12, 4, false, other, 0, 4, false, 4, 4, 4, 1f, 0f));
        assertTrue(m3.contains("C must not overlap A") && m3.contains("offset 12"), m3);
        float[] y = new float[8];
        assertTrue(message(() -> g.sgemv(y, 0, y, 0, 4, false, other, 0, 2, 4, 1f, 0f)).contains("y must not overlap A"));
        assertTrue(message(() -> g.sgemv(y, 2, other, 0, 4, false, y, 0, 2, 4, 1f, 0f)).contains("y must not overlap x"));
    }

    /** Disjoint parts of one buffer are fine: A and C side by side (interleaved rows), or one after the other. */
    @Test
    void disjointPartsOfOneArrayAreAccepted() {
        Gemm g = Kernels.get().gemm();
        int m = 5, k = 3, n = 4;
        float[] buf = new float[m * (k + n)];   // row i: A's k values, then C's n values (ld = k + n)
        float[] b = new float[k * n];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = i % 7 - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = i % 5 - 2;
        }
        float[] a = new float[m * k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(buf, i * (k + n), a, i * k, k);
        }
        float[] want = new float[m * n];
        g.sgemm(want, a, false, b, false, m, n, k, 1f, 0f);
        g.sgemm(buf, k, k + n, buf, 0, k + n, false, b, 0, n, false, m, n, k, 1f, 0f);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(want[i * n + j], buf[i * (k + n) + k + j]);
            }
        }
        float[] seq = new float[m * k + m * n];
        System.arraycopy(a, 0, seq, 0, m * k);
        g.sgemm(seq, m * k, n, seq, 0, k, false, b, 0, n, false, m, n, k, 1f, 0f);
        assertArrayEquals(want, java.util.Arrays.copyOfRange(seq, m * k, seq.length));
    }

    @Test
    void overlapIsExact() {
        // 2 x 2 blocks with ld 4: columns 0-1 and 2-3 interleave but never share an element
        assertFalse(CheckedGemm.overlaps(0, 2, 2, 4, 2, 2, 2, 4));
        assertTrue(CheckedGemm.overlaps(0, 2, 2, 4, 1, 2, 2, 4));
        assertTrue(CheckedGemm.overlaps(0, 2, 2, 4, 5, 1, 1, 1));   // element 5 = row 1, column 1
        assertFalse(CheckedGemm.overlaps(0, 2, 2, 4, 6, 1, 2, 2));  // elements 6, 7: the gap of row 1
        assertFalse(CheckedGemm.overlaps(0, 0, 2, 4, 0, 2, 2, 4));  // empty
        assertTrue(CheckedGemm.overlaps(10, 3, 1, 100, 0, 1, 300, 300)); // strided column inside a long row
    }
}
