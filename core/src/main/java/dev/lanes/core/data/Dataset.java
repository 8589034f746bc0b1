package dev.lanes.core.data;

import dev.lanes.core.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

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

    /** A training part and a validation part of one data set. */
    public record TrainValidation(Dataset train, Dataset validation) {}

    /** The features as a {@code [size, numFeatures]} tensor over the same array (a live view, not a copy). */
    public Tensor featureTensor() {
        return Tensor.wrap(features, size(), numFeatures);
    }

    /** A new data set holding copies of the rows at {@code indices} (in that order; repeats allowed). */
    public Dataset rows(String name, int[] indices) {
        if (indices == null) {
            throw new IllegalArgumentException("Dataset " + this.name + ": indices must not be null");
        }
        float[] f = new float[Math.multiplyExact(indices.length, numFeatures)];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= size()) {
                throw new IllegalArgumentException("Dataset " + this.name + ": row index " + i + " must be in [0, "
                        + size() + "), got " + r);
            }
            System.arraycopy(features, r * numFeatures, f, i * numFeatures, numFeatures);
            y[i] = labels[r];
        }
        return new Dataset(name, f, y, numFeatures, numClasses);
    }

    /**
     * A seeded random split: {@code round(size * validationFraction)} rows (at least 1, at most
     * {@code size - 1}) go to the validation set, the rest to the training set; each part keeps
     * the original row order. The rows are chosen by a Fisher-Yates shuffle driven by
     * {@code SplittableRandom(seed)}, so the split is a pure function of {@code (size, fraction, seed)}.
     * The parts are copies named {@code name + "-train"} and {@code name + "-val"}.
     *
     * @param validationFraction in {@code (0, 1)}
     */
    public TrainValidation split(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("Dataset " + name + ": validationFraction must be in (0, 1), got "
                    + validationFraction);
        }
        int n = size();
        if (n < 2) {
            throw new IllegalArgumentException("Dataset " + name + ": splitting needs at least 2 rows, got " + n);
        }
        int nVal = (int) Math.max(1, Math.min(n - 1, Math.round(n * validationFraction)));
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        boolean[] isVal = new boolean[n];
        for (int i = 0; i < nVal; i++) {
            isVal[perm[i]] = true;
        }
        int[] tr = new int[n - nVal];
        int[] va = new int[nVal];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (isVal[i]) {
                va[b++] = i;
            } else {
                tr[a++] = i;
            }
        }
        return new TrainValidation(rows(name + "-train", tr), rows(name + "-val", va));
    }

    /**
     * A new data set whose features are {@code scaler.transform} of these (copied; the labels
     * array is shared). Fit the scaler on the training set ({@code scaler.fit(train.featureTensor())})
     * and apply it to every set.
     */
    public Dataset scaled(StandardScaler scaler) {
        requireScaler(scaler);
        return new Dataset(name, scaler.transform(featureTensor()).data(), labels, numFeatures, numClasses);
    }

    /** As {@link #scaled(StandardScaler)}, for a {@link MinMaxScaler}. */
    public Dataset scaled(MinMaxScaler scaler) {
        requireScaler(scaler);
        return new Dataset(name, scaler.transform(featureTensor()).data(), labels, numFeatures, numClasses);
    }

    /** Transforms the features in place (no copy: for the full 60,000-image sets, 188 MB saved). */
    public void scaleInPlace(StandardScaler scaler) {
        requireScaler(scaler);
        Tensor t = featureTensor();
        scaler.transform(t, t);
    }

    /** As {@link #scaleInPlace(StandardScaler)}, for a {@link MinMaxScaler}. */
    public void scaleInPlace(MinMaxScaler scaler) {
        requireScaler(scaler);
        Tensor t = featureTensor();
        scaler.transform(t, t);
    }

    private void requireScaler(Object scaler) {
        if (scaler == null) {
            throw new IllegalArgumentException("Dataset " + name + ": scaler must not be null");
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + size() + " rows x " + numFeatures + " features, " + numClasses + " classes)";
    }
}
