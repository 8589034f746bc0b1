package dev.lanes.bench.compare;

import java.util.List;

/**
 * One training run of a variant with one seed.
 *
 * @param variant       the variant's name
 * @param seed          the seed of initialization, shuffling and dropout
 * @param epochs        the finished epochs
 * @param testLoss      the final model's test loss (NaN if it diverged to non-finite outputs)
 * @param testAccuracy  the final model's test accuracy
 * @param seconds       wall time of the run's training loop and per-epoch evaluations
 * @param diverged      why training diverged (a non-finite loss at some step), or null
 * @param stopReason    why training stopped early, or null
 * @param start         gradient and activation statistics of the untrained model on the probe batch
 * @param end           the same after training
 * @param stepLr        learning rate over steps, averaged per bucket of {@code stepsPerPoint} steps
 * @param stepLoss      batch loss over steps, averaged per bucket
 * @param stepsPerPoint steps per point of {@code stepLr} and {@code stepLoss}
 */
public record RunResult(String variant, long seed, List<Epoch> epochs, double testLoss, double testAccuracy,
                        double seconds, String diverged, String stopReason, Probe start, Probe end, double[] stepLr,
                        double[] stepLoss, int stepsPerPoint) {

    /**
     * One epoch. {@code trainAccuracy} is the running accuracy of the epoch's training batches (in
     * training mode, dropout on); {@code trainEvalAccuracy} the accuracy over all training rows in
     * eval mode after the epoch (NaN when the study does not measure it).
     */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double trainEvalAccuracy, double testLoss,
                        double testAccuracy, double lr, double seconds, double samplesPerSecond) {}

    /**
     * Per Linear layer {@code k} (input first): the L2 norm of its weight gradient and the standard
     * deviation of its input (for k = 0 the data, then each hidden activation), on one probe batch;
     * the loss of that batch.
     */
    public record Probe(double[] weightGradNorm, double[] inputStd, double loss) {}

    /** Epochs (1-based) until the test accuracy first reached {@code target}, or -1. */
    public int epochsTo(double target) {
        for (Epoch e : epochs) {
            if (e.testAccuracy() >= target) {
                return e.epoch();
            }
        }
        return -1;
    }

    /** Wall seconds (summed epoch times) until the test accuracy first reached {@code target}, or NaN. */
    public double secondsTo(double target) {
        double s = 0;
        for (Epoch e : epochs) {
            s += e.seconds();
            if (e.testAccuracy() >= target) {
                return s;
            }
        }
        return Double.NaN;
    }
}
