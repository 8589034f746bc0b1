package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The five-loop driver with small and odd blockings (so that every loop runs many times on small
 * shapes), the k-block rule, and the thread split.
 */
class GemmDriverTest {
    private static final int MR = GemmDriver.MR;
    private static final int NR = GemmDriver.NR;
    private static final boolean[][] TRANSPOSES = {{false, false}, {false, true}, {true, false}, {true, true}};

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(Runtime.getRuntime().availableProcessors());
    }

    private static GemmBlocking blocking(int kc, int mc, int nc) {
        return new GemmBlocking(kc, mc, nc, MR, NR, "test");
    }

    private static float[] run(GemmBlocking bl, GemmTest.Problem pr) {
        float[] out = pr.c.clone();
        GemmDriver.sgemm(bl, out, pr.cOff, pr.ldc, pr.a, pr.aOff, pr.lda, pr.ta, pr.b, pr.bOff, pr.ldb, pr.tb,
                pr.m, pr.n, pr.k, pr.alpha, pr.beta);
        return out;
    }

    /** Tiny blocks: many JC, PC and IC iterations, NC and MC not multiples of the tile. */
    @Test
    void smallBlockingsMatchTheReference() {
        GemmBlocking[] blockings = {blocking(8, MR, NR), blocking(16, 2 * MR, 2 * NR), blocking(13, MR * 3, NR + 5),
            blocking(1, 1, 1)};
        qt().withExamples(15).forAll(integers().between(1, 60), integers().between(1, 130), integers().between(1, 70),
                longs().all()).checkAssert((m, n, k, seed) -> {
                    for (GemmBlocking bl : blockings) {
                        for (boolean[] t : TRANSPOSES) {
                            GemmTest.Problem pr = new GemmTest.Problem(m, n, k, t[0], t[1], seed, 0.5f,
                                    seed % 2 == 0 ? 0f : -1f, false);
                            pr.check(run(bl, pr), "driver " + bl);
                        }
                    }
                });
    }

    /** MC, NC and the thread count never change a bit; only KC may. */
    @Test
    void onlyKcChangesBits() {
        GemmTest.Problem pr = new GemmTest.Problem(97, 203, 150, false, false, 9, 1f, 0.5f, false);
        GemmTest.Problem prT = new GemmTest.Problem(97, 203, 150, true, true, 9, 1f, 0.5f, false);
        for (GemmTest.Problem p : new GemmTest.Problem[] {pr, prT}) {
            float[] ref = run(blocking(64, 240, 4096), p);
            assertArrayEquals(ref, run(blocking(64, MR, NR), p), "MC/NC changed bits");
            assertArrayEquals(ref, run(blocking(64, 7 * MR, 3 * NR + 1), p), "MC/NC changed bits");
            for (int threads = 1; threads <= 3; threads++) {
                Parallelism.setThreads(threads);
                assertArrayEquals(ref, run(blocking(64, 12 * MR, 2 * NR), p), threads + " threads changed bits");
            }
        }
    }

    @Test
    void kBlocksAreEqualAndDependOnKAndKcOnly() {
        assertEquals(196, GemmDriver.kBlock(784, 256));
        assertEquals(112, GemmDriver.kBlock(784, 128));
        assertEquals(0, GemmDriver.kBlock(0, 256));
        assertEquals(1, GemmDriver.kBlock(1, 256));
        for (int k = 1; k < 2000; k += 37) {
            int kb = GemmDriver.kBlock(k, 128);
            assertTrue(kb <= 128 && (k + kb - 1) / kb == (k + 127) / 128, "k=" + k + " block " + kb);
        }
    }

    @Test
    void threadSplitFollowsTheFlopThresholdAndTiles() {
        Parallelism.setThreads(1);
        assertEquals(1, GemmDriver.parts(1000, 1000, 1000));
        Parallelism.setThreads(4);
        assertEquals(1, GemmDriver.parts(10, 10, 10));  // below PARALLEL_MIN_FLOPS
        assertEquals(4, GemmDriver.parts(1000, 1000, 1000));
        assertEquals(1, GemmDriver.parts(1, 1, 10_000_000)); // one tile: nothing to split
        // NN reads A in place, so column bands (no operand packed twice) unless columns are too few
        assertFalse(GemmDriver.splitRows(1024, 1024, false, 2) && GemmDriver.DIRECT_A);
        assertTrue(GemmDriver.splitRows(4096, 16, true, 2));
        assertFalse(GemmDriver.splitRows(16, 4096, true, 2));
    }
}
