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
 *
 * <p>The tree's leaves are the partitions in the order of {@link #leafPosition}: sorted by
 * {@code p % c}, then {@code p}, where {@code c} is the number of groups {@code treeAggregate(depth 2)}
 * folds the partitions into ({@code p % c} is its key). Each group is then a whole subtree, so it
 * is summed inside its group and the driver receives {@code c} sums, not one state per partition.
 */
final class TreeSum implements Serializable {
    private final int n;
    /** Leaf position where each group starts, then n. */
    private final int[] starts;
    private final TreeMap<Integer, PartResult> blocks = new TreeMap<>();

    TreeSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.n = partitions;
        int c = groups(n);
        this.starts = new int[c + 1];
        for (int k = 0; k < c; k++) {
            starts[k + 1] = starts[k] + (n - k + c - 1) / c;
        }
    }

    /**
     * Where the fixed tree splits {@code [a, b)}: at the middle group boundary while the block spans
     * several groups (so each group is a subtree), then at {@code a + (b - a) / 2}.
     */
    private int mid(int a, int b) {
        int ga = java.util.Arrays.binarySearch(starts, a);
        int gb = java.util.Arrays.binarySearch(starts, b);
        if (ga >= 0 && gb >= 0 && gb - ga >= 2) {
            return starts[ga + (gb - ga) / 2];
        }
        return a + (b - a) / 2;
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
            throw new IllegalStateException("lanes-spark: leaf " + r.lo() + " reported twice");
        }
        blocks.put(r.lo(), r);
        PartResult cur = r;
        while (cur.hi() - cur.lo() < n) {
            int[] parent = parent(cur.lo(), cur.hi());
            int mid = mid(parent[0], parent[1]);
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
            int mid = mid(a, b);
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

    /** Depth of {@code treeAggregate} this sum is laid out for. */
    static final int DEPTH = 2;

    /**
     * The groups Spark 4's {@code treeAggregate(depth = 2)} folds {@code n} partitions into before the
     * driver's final reduce ({@code n} when it folds none): with {@code scale = max(ceil(sqrt n), 2)}
     * it folds once, into {@code n / scale} groups keyed {@code p % (n / scale)}, when
     * {@code n > scale + ceil(n / scale)}. Only the volume reaching the driver depends on it, never the bits.
     */
    static int groups(int n) {
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / DEPTH)), 2);
        return n > scale + (int) Math.ceil((double) n / scale) ? n / scale : n;
    }

    /** Leaf position of partition {@code p} of {@code n}: rank in the order (p % c, p), c = {@link #groups}. */
    static int leafPosition(int p, int n) {
        int c = groups(n);
        int r = p % c;
        // partitions q < n with q % c < r come first: each residue k has ceil((n - k) / c) of them
        int before = 0;
        for (int k = 0; k < r; k++) {
            before += (n - k + c - 1) / c;
        }
        return before + p / c;
    }

    int partitions() {
        return n;
    }

    Map<Integer, PartResult> blocks() {
        return blocks;
    }
}
