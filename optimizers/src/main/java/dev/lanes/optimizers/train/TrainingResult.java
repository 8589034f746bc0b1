package dev.lanes.optimizers.train;

import java.util.List;

/**
 * What {@link Trainer#fit()} did.
 *
 * @param history      every finished epoch of the run, including those restored from a checkpoint
 * @param steps        optimizer steps taken in all
 * @param stoppedEarly whether early stopping (or {@link Trainer#requestStop()}) ended the run
 *                     before its last epoch
 * @param stopReason   why it stopped early ({@code null} when it ran all its epochs)
 */
public record TrainingResult(List<EpochMetrics> history, long steps, boolean stoppedEarly, String stopReason) {
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The last finished epoch, or {@code null} if none finished. */
    public EpochMetrics last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
