package dev.lanes.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {

    /** Row r has features r*10 + c and label r % classes, so a batch row tells which data row it is. */
    static Dataset indexed(int rows, int features, int classes) {
        float[] f = new float[rows * features];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features; c++) {
                f[r * features + c] = r * 10 + c;
            }
            y[r] = r % classes;
        }
        return new Dataset("indexed", f, y, features, classes);
    }

    /** The data rows of one epoch, in the order the iterator gives them, checking each batch's contents. */
    private static int[] epochRows(BatchIterator it, long epoch) {
        it.startEpoch(epoch);
        return drain(it);
    }

    private static int[] drain(BatchIterator it) {
        Dataset d = it.data();
        int f = d.numFeatures();
        List<Integer> rows = new ArrayList<>();
        while (it.hasNext()) {
            it.next();
            float[] x = it.x().data();
            int[] y = it.labels();
            assertEquals(y.length, it.x().dim(0));
            for (int r = 0; r < y.length; r++) {
                int row = (int) (x[r * f] / 10);
                for (int c = 0; c < f; c++) {
                    assertEquals(row * 10 + c, x[r * f + c]);
                }
                assertEquals(d.labels()[row], y[r]);
                rows.add(row);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void inlineShuffleDrawsExactlyWhatSplittableRandomDraws() {
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 64, 100, 1000, 1024, 1025}) {
            for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, 0x9E3779B97F4A7C15L}) {
                assertArrayEquals(reference(n, seed), inline(n, seed), "n " + n + " seed " + seed);
            }
        }
        // 1.5 million rows: bounds up to 2^20.5 make the rejection loop run (about a hundred times)
        assertArrayEquals(reference(1_500_000, 7), inline(1_500_000, 7));
    }

    private static int[] inline(int n, long seed) {
        int[] a = identity(n);
        BatchIterator.shuffle(a, seed);
        return a;
    }

    private static int[] reference(int n, long seed) {
        int[] a = identity(n);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void everyEpochIsAPermutationReproducibleFromSeedAndEpoch() {
        Dataset d = indexed(103, 3, 4);
        BatchIterator a = new BatchIterator(d, 10, true, 5);
        BatchIterator b = new BatchIterator(d, 10, true, 5);
        assertEquals(11, a.batchesPerEpoch());
        int[] e0 = epochRows(a, 0);
        int[] e1 = epochRows(a, 1);
        for (int[] e : List.of(e0, e1)) {
            int[] sorted = e.clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity(103), sorted);
        }
        assertFalse(Arrays.equals(e0, e1), "epochs 0 and 1 in the same order");
        assertFalse(Arrays.equals(identity(103), e0), "epoch 0 not shuffled");
        // another instance, epochs visited in another order: same rows per epoch
        assertArrayEquals(e1, epochRows(b, 1));
        assertArrayEquals(e0, epochRows(b, 0));
        assertArrayEquals(e0, epochRows(a, 0));
        // another seed: another order
        assertFalse(Arrays.equals(e0, epochRows(new BatchIterator(d, 10, true, 6), 0)));
        // no shuffle: identity every epoch
        BatchIterator plain = new BatchIterator(d, 10, false, 5);
        assertArrayEquals(identity(103), epochRows(plain, 0));
        assertArrayEquals(identity(103), epochRows(plain, 3));
    }

    @Test
    void seekGivesTheSameBatchesAsIterating() {
        Dataset d = indexed(50, 2, 3);
        BatchIterator it = new BatchIterator(d, 8, true, 11);
        for (long epoch : new long[] {0, 2, 7}) {
            int[] all = epochRows(it, epoch);
            for (int batch = 0; batch <= it.batchesPerEpoch(); batch++) {
                BatchIterator fresh = new BatchIterator(d, 8, true, 11);
                fresh.seek(epoch, batch);
                assertEquals(batch, fresh.position());
                assertEquals(epoch, fresh.epoch());
                int[] rest = drain(fresh);
                assertArrayEquals(Arrays.copyOfRange(all, Math.min(50, batch * 8), 50), rest,
                        "epoch " + epoch + " from batch " + batch);
            }
        }
        // seeking within the current epoch of an iterator that has run
        it.startEpoch(2);
        it.next();
        it.next();
        it.seek(2, 1);
        int[] again = drain(it);
        assertArrayEquals(Arrays.copyOfRange(epochRows(it, 2), 8, 50), again);
    }

    @Test
    void lastBatchIsShorterAndBuffersAreReused() {
        BatchIterator it = new BatchIterator(indexed(10, 2, 2), 4, false, 0);
        it.startEpoch(0);
        it.next();
        var firstX = it.x();
        it.next();
        assertSame(firstX, it.x());
        it.next();
        assertEquals(2, it.x().dim(0));
        assertEquals(2, it.labels().length);
        assertFalse(it.hasNext());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getMessage().contains("epoch 0 has no batch 3 (it has 3)"), e.getMessage());
        it.startEpoch(1);
        it.next();
        assertSame(firstX, it.x());
        // batch larger than the data: one batch of everything
        BatchIterator big = new BatchIterator(indexed(5, 1, 1), 64, true, 0);
        assertEquals(5, big.batchSize());
        assertEquals(1, big.batchesPerEpoch());
    }

    @Test
    void argumentErrors() {
        Dataset d = indexed(5, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new BatchIterator(null, 2, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchIterator(d, 0, true, 0));
        BatchIterator it = new BatchIterator(d, 2, true, 0);
        assertThrows(IllegalStateException.class, it::next);
        assertThrows(IllegalStateException.class, it::x);
        assertThrows(IllegalArgumentException.class, () -> it.seek(-1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> it.seek(0, 4));
        assertTrue(e.getMessage().contains("batch must be in [0, 3], got 4"), e.getMessage());
    }

    @Test
    void steadyStateAllocatesNothingAcrossEpochs() {
        // Fashion-MNIST-like rows, a short last batch, and epoch changes (each reshuffles) inside every window
        Dataset d = indexed(1000, 784, 10);
        BatchIterator it = new BatchIterator(d, 64, true, 3);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long epoch = 0;
        float sink = 0;
        for (int i = 0; i < 300; i++) {
            sink += runEpoch(it, epoch++);
        }
        // Ten windows of 5 epochs (80 batches, 5 shuffles each). A per-batch or per-epoch allocation
        // shows in every window; a one-off event of the JVM can touch one: the cleanest must be 0.
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int w = 0; w < 10; w++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int e = 0; e < 5; e++) {
                sink += runEpoch(it, epoch++);
            }
            long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            min = Math.min(min, allocated);
            max = Math.max(max, allocated);
        }
        assertNotEquals(0f, sink);
        assertEquals(0L, min, "bytes allocated by 5 epochs of batches (cleanest of 10 windows; the largest window"
                + " allocated " + max + ")");
    }

    private static float runEpoch(BatchIterator it, long epoch) {
        it.startEpoch(epoch);
        float s = 0;
        while (it.hasNext()) {
            it.next();
            s += it.x().data()[0] + it.labels()[0];
        }
        return s;
    }
}
