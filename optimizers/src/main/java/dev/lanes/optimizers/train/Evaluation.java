package dev.lanes.optimizers.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * The model's loss and accuracy on a data set, in eval mode ({@link Trainer#evaluate}).
 *
 * @param dataset          the data set's name
 * @param samples          rows evaluated
 * @param loss             mean loss over the rows
 * @param accuracy         fraction of rows whose argmax output (first maximum on ties) is the label
 * @param perClassAccuracy per true class: correct / rows of that class (NaN for a class with no rows)
 * @param confusion        {@code confusion[trueClass][predictedClass]} = row count
 */
public record Evaluation(String dataset, int samples, double loss, double accuracy, double[] perClassAccuracy,
                         long[][] confusion) {

    public Evaluation {
        perClassAccuracy = perClassAccuracy.clone();
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        confusion = c;
    }

    /** A copy of the per-class accuracies. */
    @Override
    public double[] perClassAccuracy() {
        return perClassAccuracy.clone();
    }

    /** A copy of the confusion matrix, rows = true class, columns = predicted class. */
    @Override
    public long[][] confusion() {
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    /** Number of classes. */
    public int numClasses() {
        return confusion.length;
    }

    /** The confusion matrix as a text table (rows: true class, columns: predicted class). */
    public String confusionTable() {
        int k = confusion.length;
        int w = 4;
        for (long[] row : confusion) {
            for (long v : row) {
                w = Math.max(w, Long.toString(v).length() + 1);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s", "true\\pred"));
        for (int c = 0; c < k; c++) {
            sb.append(String.format(Locale.ROOT, "%" + w + "d", c));
        }
        sb.append('\n');
        for (int r = 0; r < k; r++) {
            sb.append(String.format(Locale.ROOT, "%-10d", r));
            for (int c = 0; c < k; c++) {
                sb.append(String.format(Locale.ROOT, "%" + w + "d", confusion[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && dataset.equals(e.dataset) && samples == e.samples
                && Double.compare(loss, e.loss) == 0 && Double.compare(accuracy, e.accuracy) == 0
                && Arrays.equals(perClassAccuracy, e.perClassAccuracy) && Arrays.deepEquals(confusion, e.confusion);
    }

    @Override
    public int hashCode() {
        return dataset.hashCode() * 31 + Arrays.deepHashCode(confusion);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Evaluation(%s: %d samples, loss %.5f, accuracy %.4f, per class %s)", dataset,
                samples, loss, accuracy, Arrays.toString(perClassAccuracy));
    }
}
