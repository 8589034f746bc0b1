package dev.lanes.spark;

import dev.lanes.core.data.Dataset;
import java.io.Serializable;

/** Rows of a data set in a serializable form: one partition's share, or a whole set to broadcast. */
final class Shard implements Serializable {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int numFeatures;
    private final int numClasses;
    private transient Dataset dataset;

    private Shard(String name, float[] features, int[] labels, int numFeatures, int numClasses) {
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
    }

    static Shard of(Dataset d) {
        return new Shard(d.name(), d.features(), d.labels(), d.numFeatures(), d.numClasses());
    }

    /** Rows {@code p, p + n, p + 2n, ...} of {@code d}. */
    static Shard of(Dataset d, int p, int n) {
        if (n < 1 || p < 0 || p >= n) {
            throw new IllegalArgumentException("shard: partition must be in [0, " + n + "), got " + p);
        }
        int rows = (d.size() - p + n - 1) / n;
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = p + i * n;
        }
        return of(d.rows(d.name() + "[" + p + "/" + n + "]", idx));
    }

    synchronized Dataset dataset() {
        if (dataset == null) {
            dataset = new Dataset(name, features, labels, numFeatures, numClasses);
        }
        return dataset;
    }

    int size() {
        return labels.length;
    }
}
