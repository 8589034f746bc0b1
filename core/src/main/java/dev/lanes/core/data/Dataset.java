package dev.lanes.core.data;

import java.util.Arrays;

/**
 * An in-memory labelled data set for classification: {@code size()} rows of
 * {@code numFeatures()} floats each, row-major in one array, and one class label per row in
 * {@code [0, numClasses())}.
 *
 * <p>The arrays are held, not copied ({@link #features()} and {@link #labels()} return them
 * live): a data set of 60,000 MNIST images is 188 MB of floats, and copying it per view would be
 * waste. Do not modify them while a {@link BatchIterator} reads them.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int numFeatures;
    private final int numClasses;

    /**
     * @param name        a short name for messages and reports (e.g. {@code fashion-mnist/train})
     * @param features    row-major features, length {@code labels.length * numFeatures}
     * @param labels      one label per row, each in {@code [0, numClasses)}
     * @param numFeatures features per row, {@code >= 1}
     * @param numClasses  number of classes, {@code >= 1}
     * @throws IllegalArgumentException naming the argument, expected and actual value
     */
    public Dataset(String name, float[] features, int[] labels, int numFeatures, int numClasses) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Dataset: name must not be null or blank");
        }
        if (features == null) {
            throw new IllegalArgumentException("Dataset " + name + ": features must not be null");
        }
        if (labels == null) {
            throw new IllegalArgumentException("Dataset " + name + ": labels must not be null");
        }
        if (numFeatures < 1) {
            throw new IllegalArgumentException("Dataset " + name + ": numFeatures must be >= 1, got " + numFeatures);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("Dataset " + name + ": numClasses must be >= 1, got " + numClasses);
        }
        if ((long) labels.length * numFeatures != features.length) {
            throw new IllegalArgumentException("Dataset " + name + ": features length must be rows * numFeatures = "
                    + labels.length + " * " + numFeatures + " = " + (long) labels.length * numFeatures
                    + ", got " + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Dataset " + name + ": label of row " + i + " must be in [0, "
                        + numClasses + "), got " + labels[i]);
            }
        }
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
    }

    public String name() {
        return name;
    }

    /** Number of rows. */
    public int size() {
        return labels.length;
    }

    public int numFeatures() {
        return numFeatures;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The row-major feature array itself (not a copy). */
    public float[] features() {
        return features;
    }

    /** The label array itself (not a copy). */
    public int[] labels() {
        return labels;
    }

    /** A new data set holding copies of rows {@code [from, to)}. */
    public Dataset rows(String name, int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Dataset " + this.name + ": row range must satisfy 0 <= from <= to <= "
                    + size() + ", got [" + from + ", " + to + ")");
        }
        return new Dataset(name, Arrays.copyOfRange(features, from * numFeatures, to * numFeatures),
                Arrays.copyOfRange(labels, from, to), numFeatures, numClasses);
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + size() + " rows x " + numFeatures + " features, " + numClasses + " classes)";
    }
}
