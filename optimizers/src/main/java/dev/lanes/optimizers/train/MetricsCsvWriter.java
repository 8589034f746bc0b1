package dev.lanes.optimizers.train;

import dev.lanes.core.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code metrics.csv}, one row per finished epoch:
 * <pre>
 * epoch,train_loss,train_acc,val_loss,val_acc,lr,samples_per_s,seconds
 * 1,0.512345,0.823400,0.456789,0.841000,0.001,52341.2,1.234
 * </pre>
 * Without validation the {@code val_*} cells are empty. The whole file is rewritten atomically
 * (temporary file, then move) after every epoch, from the run's history: a reader never sees a
 * half-written row, and a run resumed from a checkpoint (whose history comes with it) produces a
 * file with every epoch exactly once, even if the previous process died after writing a row that
 * its last checkpoint did not cover. Losses and accuracies have 6 decimals, the learning rate 6
 * significant digits, samples/s 1 decimal, seconds 3.
 */
public final class MetricsCsvWriter implements TrainingListener {
    /** The header line. */
    public static final String HEADER = "epoch,train_loss,train_acc,val_loss,val_acc,lr,samples_per_s,seconds";

    private final Path file;
    private final List<EpochMetrics> rows = new ArrayList<>();

    /** @param file where to write (e.g. {@code out/metrics.csv}); its directory must exist */
    public MetricsCsvWriter(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("MetricsCsvWriter: file must not be null");
        }
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public void onTrainStart(TrainingPlan plan) {
        rows.clear();
        rows.addAll(plan.history());
        write();
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        rows.add(m);
        write();
    }

    private void write() {
        AtomicFiles.write(file, format(rows).getBytes(StandardCharsets.UTF_8));
    }

    /** The CSV text for {@code history} (header included). */
    public static String format(List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : history) {
            sb.append(m.epoch()).append(',')
                    .append(fixed(m.trainLoss(), 6)).append(',')
                    .append(fixed(m.trainAccuracy(), 6)).append(',')
                    .append(fixed(m.valLoss(), 6)).append(',')
                    .append(fixed(m.valAccuracy(), 6)).append(',')
                    .append(Double.isNaN(m.lr()) ? "" : String.format(Locale.ROOT, "%.6g", m.lr())).append(',')
                    .append(fixed(m.samplesPerSecond(), 1)).append(',')
                    .append(fixed(m.seconds(), 3)).append('\n');
        }
        return sb.toString();
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
