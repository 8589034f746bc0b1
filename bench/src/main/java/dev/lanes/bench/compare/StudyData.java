package dev.lanes.bench.compare;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.data.MinMaxScaler;
import dev.lanes.core.data.StandardScaler;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training and test sets of a study, with each input scaling computed once (scalers fitted on
 * the training rows only) and a fixed probe batch of training rows for the gradient statistics.
 */
public final class StudyData {
    /** Rows of the probe batch (fewer if the training set is smaller). */
    static final int PROBE_ROWS = 256;
    private static final long PROBE_SEED = 0x5EEDL;

    private final String source;
    private final Dataset train;
    private final Dataset test;
    private final Map<Variant.Scaling, Dataset[]> scaled = new EnumMap<>(Variant.Scaling.class);

    /**
     * @param source    where the data came from, for the report
     * @param train     training rows (pixels in [0, 1])
     * @param test      test rows
     * @param trainRows keep only this many training rows (a seeded random subset), or 0 for all
     */
    public StudyData(String source, Dataset train, Dataset test, int trainRows) {
        if (trainRows < 0) {
            throw new IllegalArgumentException("trainRows must be >= 0, got " + trainRows);
        }
        if (trainRows > 0 && trainRows < train.size()) {
            int[] perm = permutation(train.size(), 0x5B5E7L);
            int[] keep = java.util.Arrays.copyOf(perm, trainRows);
            java.util.Arrays.sort(keep);
            train = train.rows(train.name() + "-" + trainRows, keep);
        }
        this.source = source;
        this.train = train;
        this.test = test;
        scaled.put(Variant.Scaling.UNIT, new Dataset[] {train, test});
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public String source() {
        return source;
    }

    public Dataset train() {
        return train;
    }

    public Dataset test() {
        return test;
    }

    /** The training set with {@code s} applied. */
    public synchronized Dataset train(Variant.Scaling s) {
        return both(s)[0];
    }

    /** The test set with {@code s} applied (the scaler fitted on the training rows). */
    public synchronized Dataset test(Variant.Scaling s) {
        return both(s)[1];
    }

    private Dataset[] both(Variant.Scaling s) {
        return scaled.computeIfAbsent(s, k -> switch (k) {
            case UNIT -> new Dataset[] {train, test};
            case RAW -> new Dataset[] {times(train, 255f), times(test, 255f)};
            case MINMAX -> {
                MinMaxScaler m = new MinMaxScaler().fit(train.featureTensor());
                yield new Dataset[] {train.scaled(m), test.scaled(m)};
            }
            case STANDARD -> {
                StandardScaler m = new StandardScaler().fit(train.featureTensor());
                yield new Dataset[] {train.scaled(m), test.scaled(m)};
            }
        });
    }

    private static Dataset times(Dataset d, float k) {
        float[] f = d.features().clone();
        for (int i = 0; i < f.length; i++) {
            f[i] *= k;
        }
        return new Dataset(d.name(), f, d.labels(), d.numFeatures(), d.numClasses());
    }

    /** The probe batch: {@link #PROBE_ROWS} training rows chosen by a fixed seed, in scaling {@code s}. */
    Dataset probe(Variant.Scaling s) {
        Dataset t = train(s);
        int n = Math.min(PROBE_ROWS, t.size());
        int[] idx = java.util.Arrays.copyOf(permutation(t.size(), PROBE_SEED), n);
        return t.rows(t.name() + "-probe", idx);
    }
}
