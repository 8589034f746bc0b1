package dev.lanes.optimizers.train;

/**
 * Takes a {@link Trainer}'s optimizer steps somewhere else than its own loop, e.g. data-parallel
 * on a cluster ({@code lanes-spark}'s {@code SparkTrainer}). Set with
 * {@link Trainer.Builder#stepRunner(StepRunner)}; the trainer then calls {@link #run} where it
 * would run a batch, and keeps everything else: epochs, validation, schedules (a per-step schedule
 * is stepped once per step taken, after the call), early stopping, listeners and checkpoints
 * (which resume bit for bit when {@link #run} is a pure function of the model, the optimizer
 * state and its arguments).
 */
public interface StepRunner {
    /**
     * Takes between 1 and {@code maxSteps} optimizer steps: batches {@code firstBatch ..} of the
     * 0-based {@code epoch}, updating {@code trainer.model()} and {@code trainer.optimizer()} in
     * place, with the learning rate the optimizer holds now.
     *
     * @return the steps taken and the summed per-row loss, correct predictions and rows trained on
     */
    Steps run(Trainer trainer, int epoch, int firstBatch, int maxSteps);

    /**
     * What one {@link #run} call did.
     *
     * @param steps optimizer steps taken (batches of the epoch consumed)
     * @param lossSum sum over the rows trained on of their loss (mean batch loss x rows)
     * @param correct rows whose prediction was right
     * @param samples rows trained on
     */
    record Steps(int steps, double lossSum, long correct, long samples) {}
}
