package dev.lanes.optimizers.train;

import dev.lanes.core.Tensor;
import dev.lanes.core.data.BatchIterator;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Sequential;
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

    /**
     * Evaluates {@code model} on {@code data} in eval mode (restoring the model's mode after) with
     * cross-entropy loss, in batches of {@code batchSize} rows (the batch size changes only speed
     * and memory, not the result beyond float rounding of the loss sum).
     */
    public static Evaluation of(Sequential model, Dataset data, int batchSize) {
        return of(model, LabelLoss.of(new CrossEntropyLoss()), new BatchIterator(data, batchSize, false, 0));
    }

    /** Evaluates {@code model} over one pass of {@code batches} (from its first batch) with {@code loss}. */
    static Evaluation of(Sequential model, LabelLoss loss, BatchIterator batches) {
        if (model == null) {
            throw new IllegalArgumentException("evaluate: model must not be null");
        }
        Dataset data = batches.data();
        int k = data.numClasses();
        long[][] confusion = new long[k][k];
        boolean wasTraining = model.isTraining();
        model.train(false);
        double lossSum = 0;
        long correct = 0;
        try {
            batches.startEpoch(0);
            while (batches.hasNext()) {
                batches.next();
                int[] y = batches.labels();
                Tensor out = model.forward(batches.x());
                if (out.rank() != 2 || out.dim(1) != k) {
                    throw new IllegalArgumentException("evaluate: the model's output must be [rows, " + k
                            + "] for the data's " + k + " classes, got " + out.shapeString());
                }
                float l = loss.forward(out, y);
                lossSum += (double) l * y.length;
                float[] o = out.data();
                int c = out.dim(1);
                for (int r = 0; r < y.length; r++) {
                    int p = argmax(o, r * c, c);
                    confusion[y[r]][p]++;
                    if (p == y[r]) {
                        correct++;
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int n = data.size();
        double[] perClass = new double[k];
        for (int i = 0; i < k; i++) {
            long rowSum = 0;
            for (long v : confusion[i]) {
                rowSum += v;
            }
            perClass[i] = rowSum == 0 ? Double.NaN : (double) confusion[i][i] / rowSum;
        }
        return new Evaluation(data.name(), n, lossSum / n, (double) correct / n, perClass, confusion);
    }

    /** Index of the first maximum of {@code o[off .. off+c)}. */
    static int argmax(float[] o, int off, int c) {
        int best = 0;
        for (int j = 1; j < c; j++) {
            if (o[off + j] > o[off + best]) {
                best = j;
            }
        }
        return best;
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
