package dev.lanes.optimizers.train;

import java.util.List;

/**
 * What {@link Trainer#fit()} is about to do, given to {@link TrainingListener#onTrainStart}.
 *
 * @param epochs            the last epoch to run (1-based: epochs run are {@code firstEpoch .. epochs})
 * @param firstEpoch        the epoch the run starts or resumes in (1-based)
 * @param firstBatch        batches of {@code firstEpoch} already done (0 unless resumed mid-epoch)
 * @param batchesPerEpoch   training steps per epoch (a skipped last batch not counted)
 * @param batchSize         rows per full batch
 * @param trainSamples      rows of the training data set
 * @param validationSamples rows of the validation data set (0 without one)
 * @param step              optimizer steps already taken (non-zero when resumed)
 * @param history           the epochs already finished (restored from a checkpoint; empty for a fresh run)
 */
public record TrainingPlan(int epochs, int firstEpoch, int firstBatch, int batchesPerEpoch, int batchSize,
                           int trainSamples, int validationSamples, long step, List<EpochMetrics> history) {
    public TrainingPlan {
        history = List.copyOf(history);
    }

    /** Whether the run continues from a checkpoint. */
    public boolean resumed() {
        return step > 0 || !history.isEmpty();
    }
}
