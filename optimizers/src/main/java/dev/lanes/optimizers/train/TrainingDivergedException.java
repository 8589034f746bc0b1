package dev.lanes.optimizers.train;

/**
 * The training loss became NaN or infinite. Thrown by {@link Trainer#fit()} before the optimizer
 * step of the offending batch (that step's update is not applied). The message names the epoch, the
 * global step and the batch.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final long step;
    private final int batch;
    private final float loss;

    public TrainingDivergedException(int epoch, long step, int batch, float loss) {
        super("training diverged: the loss is " + loss + " at epoch " + epoch + ", step " + step + " (batch " + batch
                + " of the epoch); try a lower learning rate or gradient clipping");
        this.epoch = epoch;
        this.step = step;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch (1-based). */
    public int epoch() {
        return epoch;
    }

    /** The global step that would have been taken (1-based: the n-th optimizer step of the run). */
    public long step() {
        return step;
    }

    /** The batch within the epoch (1-based). */
    public int batch() {
        return batch;
    }

    /** The non-finite loss value. */
    public float loss() {
        return loss;
    }
}
