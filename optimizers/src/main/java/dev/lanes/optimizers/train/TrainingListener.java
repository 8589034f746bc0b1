package dev.lanes.optimizers.train;

import java.nio.file.Path;

/**
 * Observes a {@link Trainer}. Every method has an empty default; implement what you need.
 * Called on the training thread, in registration order. Epoch numbers and batch numbers are
 * 1-based; {@code step} counts optimizer steps over the whole run (1-based: the n-th step).
 *
 * <p>{@link #onBatchEnd} runs once per step: keep it cheap and allocation-free if the run should
 * stay allocation-free (it gets primitives only, so the trainer allocates nothing to call it).
 * An exception thrown by a listener ends {@link Trainer#fit()} with that exception.
 */
public interface TrainingListener {

    /** Before the first step of {@link Trainer#fit()} (also when resuming). */
    default void onTrainStart(TrainingPlan plan) {
    }

    /** An epoch begins (not called for an epoch resumed in its middle). */
    default void onEpochStart(int epoch) {
    }

    /**
     * One training step is done: parameters updated, schedule stepped.
     *
     * @param step  the step's global number (1-based)
     * @param epoch the epoch (1-based)
     * @param batch the batch within the epoch (1-based; the epoch has {@link TrainingPlan#batchesPerEpoch()})
     * @param loss  the batch's mean loss
     * @param lr    the learning rate of group 0 used by the step
     */
    default void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
    }

    /** An epoch is done, validation included. */
    default void onEpochEnd(EpochMetrics metrics) {
    }

    /**
     * A checkpoint was written (atomically) to {@code file} at {@code step}; its position is
     * {@code batch} batches done in {@code epoch} (after an epoch, its last batch number).
     */
    default void onCheckpoint(Path file, long step, int epoch, int batch) {
    }

    /**
     * Early stopping ends the run after {@code epoch}.
     *
     * @param monitor   the metric watched
     * @param best      its best value
     * @param bestEpoch the epoch (1-based) that reached it
     */
    default void onEarlyStop(int epoch, Monitor monitor, double best, int bestEpoch) {
    }

    /** {@link Trainer#fit()} returns {@code result} (not called when it throws). */
    default void onTrainEnd(TrainingResult result) {
    }
}
