package dev.lanes.spark;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * One worker's round, or the sum of a block of workers' rounds: the state after its local steps
 * (summed over the block), the summed per-row loss, correct predictions and rows, the longest
 * worker compute time, and the kernel sets the workers ran.
 *
 * @param lo first leaf of the block ({@link TreeSum#leafPosition}: partition order as the sum groups them)
 * @param hi one past the last leaf of the block
 */
record PartResult(int lo, int hi, StateCodec.Packed state, double lossSum, long correct, long samples,
                  long maxComputeNanos, TreeSet<String> kernels) implements Serializable {

    static PartResult leaf(int leaf, StateCodec.Packed state, double lossSum, long correct, long samples,
                           long computeNanos, String kernels) {
        return new PartResult(leaf, leaf + 1, state, lossSum, correct, samples, computeNanos,
                new TreeSet<>(Set.of(kernels)));
    }

    /**
     * {@code left + right} for the adjacent blocks {@code [left.lo, left.hi)} and
     * {@code [left.hi, right.hi)}: floats and doubles added elementwise (left + right), longs
     * checked equal. Writes into {@code left}'s arrays (the aggregation owns them).
     */
    static PartResult add(PartResult left, PartResult right) {
        if (left.hi != right.lo) {
            throw new IllegalStateException("lanes-spark: blocks [" + left.lo + ", " + left.hi + ") and [" + right.lo
                    + ", " + right.hi + ") are not adjacent");
        }
        StateCodec.Packed a = left.state;
        StateCodec.Packed b = right.state;
        if (!a.sameLayout(b)) {
            throw new IllegalStateException("lanes-spark: workers " + left.lo + " and " + right.lo
                    + " returned differently shaped states: " + a.floatKeys() + " vs " + b.floatKeys());
        }
        float[] fa = a.floats();
        float[] fb = b.floats();
        for (int i = 0; i < fa.length; i++) {
            fa[i] += fb[i];
        }
        double[] da = a.doubles();
        double[] db = b.doubles();
        for (int i = 0; i < da.length; i++) {
            da[i] += db[i];
        }
        long[] la = a.longs();
        long[] lb = b.longs();
        for (int i = 0; i < la.length; i++) {
            if (la[i] != lb[i]) {
                throw new IllegalStateException("lanes-spark: workers disagree on " + a.longKeys().get(i) + ": "
                        + la[i] + " vs " + lb[i] + " (every worker must take the same number of steps)");
            }
        }
        TreeSet<String> k = new TreeSet<>(left.kernels);
        k.addAll(right.kernels);
        return new PartResult(left.lo, right.hi, a, left.lossSum + right.lossSum, left.correct + right.correct,
                left.samples + right.samples, Math.max(left.maxComputeNanos, right.maxComputeNanos), k);
    }
}
