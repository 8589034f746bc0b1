package dev.lanes.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sum of the workers' results that gives the same bits whatever order Spark combines them in.
 * Float addition is not associative, and {@code treeAggregate} merges partial results in the order
 * tasks finish; so the sum follows one fixed binary tree over the partitions {@code [0, n)} (split
 * at {@code lo + (hi - lo) / 2}), and a block is added to its sibling only when both are complete:
 * every node of the tree is always {@code left + right} of the same two values. This object is
 * {@code treeAggregate}'s accumulator: {@link #add(PartResult)} is its seqOp, {@link #merge} its
 * combOp. While blocks wait for their siblings it holds several (at most one per partition).
 */
final class TreeSum implements Serializable {
    private final int n;
    private final TreeMap<Integer, PartResult> blocks = new TreeMap<>();

    TreeSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.n = partitions;
    }

    TreeSum add(PartResult r) {
        insert(r);
        return this;
    }

    static TreeSum merge(TreeSum a, TreeSum b) {
        if (a.n != b.n) {
            throw new IllegalStateException("lanes-spark: sums over " + a.n + " and " + b.n + " partitions");
        }
        for (PartResult r : b.blocks.values()) {
            a.insert(r);
        }
        return a;
    }

    /** The sum over all partitions; fails when a partition is missing. */
    PartResult total() {
        PartResult r = blocks.isEmpty() ? null : blocks.firstEntry().getValue();
        if (blocks.size() != 1 || r.lo() != 0 || r.hi() != n) {
            throw new IllegalStateException("lanes-spark: results for partitions " + blocks.keySet()
                    + " do not cover [0, " + n + ")");
        }
        return r;
    }

    private void insert(PartResult r) {
        if (blocks.containsKey(r.lo())) {
            throw new IllegalStateException("lanes-spark: partition " + r.lo() + " reported twice");
        }
        blocks.put(r.lo(), r);
        PartResult cur = r;
        while (cur.hi() - cur.lo() < n) {
            int[] parent = parent(cur.lo(), cur.hi());
            int mid = parent[0] + (parent[1] - parent[0]) / 2;
            PartResult left = blocks.get(parent[0]);
            PartResult right = blocks.get(mid);
            if (left == null || right == null || left.hi() != mid || right.hi() != parent[1]) {
                return;
            }
            blocks.remove(parent[0]);
            blocks.remove(mid);
            cur = PartResult.add(left, right);
            blocks.put(cur.lo(), cur);
        }
    }

    /** The block of the fixed tree whose child is {@code [lo, hi)}. */
    private int[] parent(int lo, int hi) {
        int a = 0;
        int b = n;
        while (true) {
            int mid = a + (b - a) / 2;
            if (hi <= mid) {
                if (a == lo && mid == hi) {
                    return new int[] {a, b};
                }
                b = mid;
            } else if (lo >= mid) {
                if (mid == lo && b == hi) {
                    return new int[] {a, b};
                }
                a = mid;
            } else {
                throw new IllegalStateException("lanes-spark: [" + lo + ", " + hi + ") is not a block of the tree over "
                        + n + " partitions");
            }
        }
    }

    int partitions() {
        return n;
    }

    Map<Integer, PartResult> blocks() {
        return blocks;
    }
}
