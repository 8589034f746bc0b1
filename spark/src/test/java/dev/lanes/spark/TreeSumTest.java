package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-tree sum gives the same bits whatever order the partial results are combined in. */
class TreeSumTest {

    private static PartResult part(int p, float[] values, long step) {
        return PartResult.leaf(p, new StateCodec.Packed(List.of("p:w"), new int[] {values.length}, values.clone(),
                List.of("o:0:s"), new double[] {values[0]}, List.of("o:0:step"), new long[] {step}), p + 0.5, p, 10,
                1_000L * p, "SIMD kernels, 512-bit float vectors");
    }

    /** A random grouping of the partitions into "executors" merged in a random order, as treeAggregate may. */
    private static PartResult shuffledSum(float[][] values, Random r) {
        int n = values.length;
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            order.add(p);
        }
        Collections.shuffle(order, r);
        List<TreeSum> partials = new ArrayList<>();
        for (int p : order) {
            if (partials.isEmpty() || r.nextBoolean()) {
                partials.add(new TreeSum(n));
            }
            partials.get(r.nextInt(partials.size())).add(part(p, values[p], 7));
        }
        Collections.shuffle(partials, r);
        TreeSum acc = new TreeSum(n);
        for (TreeSum t : partials) {
            acc = TreeSum.merge(acc, t);
        }
        return acc.total();
    }

    @Test
    void everyCombineOrderGivesTheSameBits() {
        Random r = new Random(11);
        for (int n : new int[] {1, 2, 3, 5, 8, 13}) {
            float[][] v = new float[n][64];
            for (float[] a : v) {
                for (int i = 0; i < a.length; i++) {
                    // wide magnitudes, so the order of float additions shows in the bits
                    a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
                }
            }
            PartResult first = shuffledSum(v, new Random(1));
            for (int trial = 0; trial < 40; trial++) {
                PartResult again = shuffledSum(v, r);
                assertArrayEquals(first.state().floats(), again.state().floats(), "n = " + n);
                assertArrayEquals(first.state().doubles(), again.state().doubles(), "n = " + n);
                assertEquals(first.lossSum(), again.lossSum());
            }
            // and it is the sum (within float rounding of n terms)
            for (int i = 0; i < 64; i++) {
                double exact = 0;
                double mag = 0;
                for (float[] a : v) {
                    exact += a[i];
                    mag += Math.abs(a[i]);
                }
                assertEquals(exact, first.state().floats()[i], mag * n * 1.2e-7, "element " + i);
            }
            assertEquals(n * 10L, first.samples());
            assertEquals(1_000L * (n - 1), first.maxComputeNanos());
            assertEquals(0, first.lo());
            assertEquals(n, first.hi());
        }
    }

    /**
     * The leaf order puts each of treeAggregate's groups (partitions with the same {@code p % c}) in
     * one subtree: a group's partitions sum to a single block, so the driver receives c sums.
     */
    @Test
    void treeAggregateGroupsAreWholeSubtrees() {
        assertEquals(2, TreeSum.groups(2));
        assertEquals(4, TreeSum.groups(4));
        assertEquals(3, TreeSum.groups(9));
        assertEquals(4, TreeSum.groups(16));
        assertEquals(3, TreeSum.groups(17));
        for (int n = 1; n <= 70; n++) {
            int c = TreeSum.groups(n);
            boolean[] seen = new boolean[n];
            for (int p = 0; p < n; p++) {
                int pos = TreeSum.leafPosition(p, n);
                assertTrue(pos >= 0 && pos < n && !seen[pos], "n = " + n + ", p = " + p + " -> " + pos);
                seen[pos] = true;
            }
            for (int r = 0; r < c; r++) {
                TreeSum t = new TreeSum(n);
                for (int p = r; p < n; p += c) {
                    t.add(part(TreeSum.leafPosition(p, n), new float[] {p}, 1));
                }
                assertEquals(1, t.blocks().size(), "n = " + n + ", group " + r + ": " + t.blocks().keySet());
            }
        }
    }

    @Test
    void missingDuplicateOrDisagreeingPartitionsAreRefused() {
        TreeSum t = new TreeSum(3);
        t.add(part(0, new float[] {1}, 1));
        t.add(part(2, new float[] {1}, 1));
        IllegalStateException missing = assertThrows(IllegalStateException.class, t::total);
        assertTrue(missing.getMessage().contains("do not cover [0, 3)"), missing.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> t.add(part(2, new float[] {1}, 1)));
        assertTrue(twice.getMessage().contains("leaf 2 reported twice"), twice.getMessage());
        TreeSum steps = new TreeSum(2);
        steps.add(part(0, new float[] {1}, 1));
        IllegalStateException disagree = assertThrows(IllegalStateException.class,
                () -> steps.add(part(1, new float[] {1}, 2)));
        assertTrue(disagree.getMessage().contains("disagree on o:0:step: 1 vs 2"), disagree.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TreeSum(0));
    }
}
