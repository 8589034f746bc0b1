package dev.lanes.optimizers.train;

/**
 * What one epoch gave. Losses and accuracies are averaged over samples (not over batches).
 * Without a validation data set {@code valLoss} and {@code valAccuracy} are NaN.
 *
 * @param epoch            the epoch, 1-based
 * @param step             optimizer steps taken by the end of this epoch (whole run)
 * @param trainLoss        mean training loss over the epoch's samples (each batch's loss as it
 *                         was computed during training, in training mode)
 * @param trainAccuracy    fraction of the epoch's training samples whose argmax output was the label
 * @param valLoss          mean validation loss, eval mode, after the epoch's last step
 * @param valAccuracy      validation accuracy, eval mode
 * @param lr               the learning rate of parameter group 0 used by the epoch's last step
 * @param samplesPerSecond training samples per second of the epoch's training loop (validation excluded)
 * @param seconds          wall time of the epoch: training loop and validation (checkpoint writing excluded)
 * @param trainSamples     training samples seen in the epoch
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double trainAccuracy, double valLoss,
                           double valAccuracy, double lr, double samplesPerSecond, double seconds,
                           long trainSamples) {

    /** Whether validation metrics are present. */
    public boolean hasValidation() {
        return !Double.isNaN(valLoss);
    }
}
