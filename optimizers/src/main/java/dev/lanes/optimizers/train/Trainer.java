package dev.lanes.optimizers.train;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.data.BatchIterator;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Layer;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.GradClip;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.ParamGroup;
import dev.lanes.optimizers.schedule.ReduceLrOnPlateau;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Reductions;
import dev.lanes.kernels.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: epochs of mini-batches over a {@link Dataset}, with validation, learning-rate
 * schedules, gradient clipping, early stopping, a divergence guard, listeners and checkpoints
 * that resume bit for bit.
 *
 * <pre>
 * for epoch in firstEpoch .. epochs:                       (epochs and batches 1-based in reports)
 *   order = BatchIterator order of (seed, epoch)           (a pure function: resumable anywhere)
 *   for each batch (x, y) in order:                        (a last batch of 1 row is skipped with BatchNorm, see below)
 *     model.zeroGrad(); out = model.forward(x); l = loss.forward(out, y)
 *     if l is NaN or infinite: throw TrainingDivergedException(epoch, step, batch)
 *     model.backward(loss.backward()); clip gradients (by norm or by value, if set)
 *     optimizer.step(); scheduler.step() (per-step unit); listeners.onBatchEnd(...)
 *     checkpoint if every-N-steps is due or requestCheckpoint() was called
 *   validation in eval mode (model.train(false), then back to train); EpochMetrics
 *   scheduler.step() (per-epoch unit) or plateau.step(monitored metric); early stopping
 *   listeners.onEpochEnd(...); checkpoint every K epochs (and after the last one)
 * </pre>
 *
 * <h2>The last batch</h2>
 * Batches are as PyTorch's {@code DataLoader(shuffle=True, drop_last=False)}: the last one may be
 * shorter. A last batch of exactly 1 row, where PyTorch's {@code BatchNorm1d} raises
 * "Expected more than 1 value per channel when training", is <b>skipped</b> (not trained on, not
 * counted) when the model contains a {@link BatchNorm1d}; {@link Builder#dropLast(boolean)
 * dropLast(true)} skips every short last batch, as {@code drop_last=True}.
 *
 * <h2>Zero allocation</h2>
 * A steady-state step (batch gather, forward, loss, backward, clipping, optimizer step, the
 * listeners' batch-end with primitives) allocates nothing on the heap; the per-epoch work
 * (validation, metrics, listeners' epoch events, checkpoints) does allocate.
 *
 * <h2>Checkpoints and resume</h2>
 * A checkpoint holds the model's parameters and buffers (batch-norm running statistics and
 * {@code num_batches_tracked}), dropout generators' state, the optimizer's state dict (every
 * group's hyperparameters including the current lr, every parameter's step count, buffers and
 * scalars), the scheduler's step count and base lrs or the plateau state, the position in the data
 * order (epoch and batch), the step count, the current epoch's running sums, the early-stopping
 * state and the finished epochs' metrics. {@link #resume(Path)} restores all of it, so
 * {@link #fit()} then continues exactly as the uninterrupted run would have: the same parameters bit
 * for bit and the same reported losses and accuracies. The trainer must be built as the one that
 * wrote the checkpoint (same model shapes, optimizer, schedule kind, data set size, batch size,
 * seed); anything else is refused with a {@link dev.lanes.core.io.LanesIOException} naming the
 * mismatch. The file is a safetensors file ({@link CheckpointFile}); writes are atomic.
 *
 * <p>Not thread-safe, except {@link #requestCheckpoint()} and {@link #requestStop()}, which any
 * thread may call while {@link #fit()} runs.
 */
public final class Trainer {
    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());

    /** When a {@link Scheduler} steps. */
    public enum ScheduleUnit {
        /** After every optimizer step (warm-up, one-cycle, cosine over steps). */
        STEP,
        /** After every epoch (step decay, cosine over epochs). */
        EPOCH
    }

    final Sequential model;
    final LabelLoss loss;
    final Optimizer optimizer;
    final Scheduler scheduler;
    final ScheduleUnit scheduleUnit;
    final ReduceLrOnPlateau plateau;
    final Monitor plateauMonitor;
    final double clipNorm;
    final double clipValue;
    final int epochs;
    final int batchSize;
    final long seed;
    final boolean shuffle;
    final boolean dropLast;
    final Dataset train;
    final Dataset validation;
    final Monitor earlyMonitor;
    final int earlyPatience;
    final double earlyMinDelta;
    final Path checkpointFile;
    final int checkpointEveryEpochs;
    final long checkpointEverySteps;
    final Map<String, String> extraMetadata;
    private final TrainingListener[] listeners;
    private final StepRunner stepRunner;

    private final BatchIterator it;
    private BatchIterator valIt;
    private final List<Parameter> params;
    private final Parameter[] paramArray;
    private final Kernels kernels = Kernels.get();
    private final ParamGroup group0;
    /** Training steps per epoch (the batches, minus a skipped last one). */
    final int stepsPerEpoch;

    // ---- run state (all of it goes into a checkpoint) ----
    /** 0-based epoch in progress (or next to start when {@code batch == 0}). */
    int epoch;
    /** Batches of {@code epoch} done. */
    int batch;
    /** Optimizer steps taken. */
    long step;
    double epochLossSum;
    long epochCorrect;
    long epochSamples;
    long epochTrainNanos;
    double lastLr;
    double earlyBest;
    int earlyBestEpoch;
    int earlyBad;
    /** Why the run stopped early (null while it has not). */
    String stopReason;
    /** Whether early stopping ended the run (saved in checkpoints; a requested stop is not). */
    boolean earlyStopped;
    final List<EpochMetrics> history = new ArrayList<>();

    private volatile boolean checkpointRequested;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        if (b.model == null) {
            throw new IllegalArgumentException("Trainer: model must be set");
        }
        if (b.loss == null) {
            throw new IllegalArgumentException("Trainer: loss must be set");
        }
        if (b.optimizer == null) {
            throw new IllegalArgumentException("Trainer: optimizer must be set");
        }
        if (b.train == null) {
            throw new IllegalArgumentException("Trainer: trainData must be set");
        }
        if (b.epochs < 1) {
            throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + b.epochs);
        }
        if (b.batchSize < 1) {
            throw new IllegalArgumentException("Trainer: batchSize must be >= 1, got " + b.batchSize);
        }
        if (b.scheduler != null && b.plateau != null) {
            throw new IllegalArgumentException("Trainer: set either a scheduler or a reduce-on-plateau schedule, not both"
                    + " (the scheduler would overwrite the plateau's reductions)");
        }
        if (b.earlyMonitor != null && b.earlyMonitor.needsValidation() && b.validation == null) {
            throw new IllegalArgumentException("Trainer: early stopping on " + b.earlyMonitor.key()
                    + " needs validationData");
        }
        if (b.plateau != null && b.plateauMonitor.needsValidation() && b.validation == null) {
            throw new IllegalArgumentException("Trainer: reduce-on-plateau on " + b.plateauMonitor.key()
                    + " needs validationData");
        }
        if (b.stepRunner != null && (b.clipNorm > 0 || b.clipValue > 0)) {
            throw new IllegalArgumentException("Trainer: gradient clipping runs where the steps run; with a stepRunner"
                    + " set it on the runner (e.g. SparkTrainer.Builder.clipGradNorm), not on the Trainer");
        }
        if (b.checkpointEverySteps > 0 && b.checkpointFile == null) {
            throw new IllegalArgumentException("Trainer: checkpointEverySteps needs a checkpointFile");
        }
        this.model = b.model;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.scheduler = b.scheduler;
        this.scheduleUnit = b.scheduleUnit;
        this.plateau = b.plateau;
        this.plateauMonitor = b.plateauMonitor;
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.train = b.train;
        this.validation = b.validation;
        this.earlyMonitor = b.earlyMonitor;
        this.earlyPatience = b.earlyPatience;
        this.earlyMinDelta = b.earlyMinDelta;
        this.checkpointFile = b.checkpointFile;
        this.checkpointEveryEpochs = b.checkpointEveryEpochs;
        this.checkpointEverySteps = b.checkpointEverySteps;
        this.listeners = b.listeners.toArray(new TrainingListener[0]);
        this.extraMetadata = Map.copyOf(b.checkpointMetadata);
        this.stepRunner = b.stepRunner;

        checkModelFits(train, "trainData");
        if (validation != null) {
            checkModelFits(validation, "validationData");
        }
        this.params = model.parameters();
        this.paramArray = params.toArray(new Parameter[0]);
        Map<Parameter, Boolean> own = new IdentityHashMap<>();
        for (Parameter p : params) {
            own.put(p, Boolean.TRUE);
        }
        for (ParamGroup g : optimizer.paramGroups()) {
            for (Parameter p : g.params()) {
                if (!own.containsKey(p)) {
                    throw new IllegalArgumentException("Trainer: the optimizer updates a parameter '" + p.name()
                            + "' that is not in the model");
                }
            }
        }
        this.group0 = optimizer.group(0);
        this.it = new BatchIterator(train, batchSize, shuffle, seed);
        int full = it.batchesPerEpoch();
        int lastRows = train.size() - (full - 1) * it.batchSize();
        if (full == 1 && it.batchSize() == 1 && hasBatchNorm(model)) {
            throw new IllegalArgumentException("Trainer: data set " + train.name() + " has 1 row; a model with"
                    + " BatchNorm1d needs at least 2 rows per training batch");
        }
        this.stepsPerEpoch = stepsPerEpoch(train.size(), batchSize, dropLast, hasBatchNorm(model));
        if (stepsPerEpoch < full) {
            LOG.log(System.Logger.Level.INFO, "lanes: the last batch of each epoch ({0} row(s) of {1}) is skipped{2}",
                    lastRows, train.size(), dropLast ? " (dropLast)" : " (BatchNorm1d needs >= 2 rows in training)");
        }
        this.earlyBest = earlyMonitor == null ? Double.NaN
                : earlyMonitor.maximize() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        this.lastLr = group0.lr();
    }

    private void checkModelFits(Dataset d, String what) {
        int[] out;
        try {
            out = model.outputShape(new int[] {Math.min(batchSize, d.size()), d.numFeatures()});
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Trainer: the model does not take " + what + " " + d.name() + " ("
                    + d.numFeatures() + " features): " + e.getMessage(), e);
        }
        if (out.length != 2 || out[1] != d.numClasses()) {
            throw new IllegalArgumentException("Trainer: the model's output must be [batch, " + d.numClasses()
                    + "] for " + what + " " + d.name() + " (" + d.numClasses() + " classes), got "
                    + java.util.Arrays.toString(out));
        }
    }

    /**
     * Training steps per epoch for {@code rows} rows in batches of {@code batchSize}: {@code ceil(rows /
     * batchSize)}, minus a short last batch with {@code dropLast}, minus a last batch of exactly 1 row
     * when the model has batch norm (see the class comment). For sizing step-based schedules.
     */
    public static int stepsPerEpoch(int rows, int batchSize, boolean dropLast, boolean modelHasBatchNorm) {
        if (rows < 1 || batchSize < 1) {
            throw new IllegalArgumentException("stepsPerEpoch: rows and batchSize must be >= 1, got " + rows + " and "
                    + batchSize);
        }
        int b = Math.min(batchSize, rows);
        int full = (rows + b - 1) / b;
        int lastRows = rows - (full - 1) * b;
        boolean skipLast = full > 1 && ((dropLast && lastRows < b) || (lastRows == 1 && modelHasBatchNorm));
        return skipLast ? full - 1 : full;
    }

    /** Whether {@code layer} is or contains (in nested {@link Sequential}s) a {@link BatchNorm1d}. */
    public static boolean hasBatchNorm(Layer layer) {
        if (layer instanceof BatchNorm1d) {
            return true;
        }
        if (layer instanceof Sequential s) {
            for (Layer l : s.layers()) {
                if (hasBatchNorm(l)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Trains from the current position (the start, where {@link #resume(Path)} put it, or where a
     * {@link #requestStop()} stopped the last call) to the last epoch, or until early stopping or
     * {@link #requestStop()}. After early stopping it returns at once.
     *
     * @throws TrainingDivergedException on a NaN or infinite loss
     * @throws dev.lanes.core.io.LanesIOException if a checkpoint cannot be written
     */
    public TrainingResult fit() {
        if (!earlyStopped) {
            // a run stopped by requestStop() continues where it stopped
            stopReason = null;
            stopRequested = false;
        }
        TrainingPlan plan = new TrainingPlan(epochs, epoch + 1, batch, stepsPerEpoch, it.batchSize(), train.size(),
                validation == null ? 0 : validation.size(), step, history);
        for (TrainingListener l : listeners) {
            l.onTrainStart(plan);
        }
        model.train(true);
        while (epoch < epochs && stopReason == null) {
            if (batch == 0) {
                for (TrainingListener l : listeners) {
                    l.onEpochStart(epoch + 1);
                }
            }
            it.seek(epoch, batch);
            long segment = System.nanoTime();
            while (batch < stepsPerEpoch) {
                long before = step;
                if (stepRunner == null) {
                    trainBatch();
                } else {
                    runSteps();
                }
                // a runner may take several steps at once: due when a multiple of N was reached
                boolean due = checkpointEverySteps > 0 && step / checkpointEverySteps > before / checkpointEverySteps;
                if (checkpointRequested || due || stopRequested) {
                    epochTrainNanos += System.nanoTime() - segment;
                    if (stopRequested) {
                        stopReason = "stop requested after step " + step;
                    }
                    if (checkpointFile != null && (due || checkpointRequested || stopRequested)) {
                        writeCheckpoint(checkpointFile);
                    } else if (checkpointRequested) {
                        LOG.log(System.Logger.Level.WARNING, "lanes: checkpoint requested but no checkpointFile is set");
                    }
                    checkpointRequested = false;
                    if (stopReason != null) {
                        break;
                    }
                    segment = System.nanoTime();
                }
            }
            if (stopReason != null) {
                break;
            }
            epochTrainNanos += System.nanoTime() - segment;
            endEpoch();
        }
        TrainingResult r = new TrainingResult(history, step, stopReason != null, stopReason);
        for (TrainingListener l : listeners) {
            l.onTrainEnd(r);
        }
        return r;
    }

    /**
     * One training step on the next batch of the current epoch. The steady state allocates
     * nothing (see the class comment); package-private so the allocation test runs exactly this.
     */
    void trainBatch() {
        it.next();
        Tensor x = it.x();
        int[] y = it.labels();
        int rows = y.length;
        model.zeroGrad();
        Tensor out = model.forward(x);
        float l = loss.forward(out, y);
        long stepNo = step + 1;
        if (!Float.isFinite(l)) {
            throw new TrainingDivergedException(epoch + 1, stepNo, batch + 1, l);
        }
        int correct = countCorrect(out, y, rows);
        model.backward(loss.backward());
        if (clipNorm > 0) {
            GradClip.clipGradNorm(paramArray, clipNorm, 2, false, kernels);
        } else if (clipValue > 0) {
            GradClip.clipGradValue(paramArray, clipValue, kernels);
        }
        double lr = group0.lr();
        optimizer.step();
        if (scheduler != null && scheduleUnit == ScheduleUnit.STEP) {
            scheduler.step();
        }
        step = stepNo;
        batch++;
        epochLossSum += (double) l * rows;
        epochCorrect += correct;
        epochSamples += rows;
        lastLr = lr;
        TrainingListener[] ls = listeners;
        for (int i = 0; i < ls.length; i++) {
            ls[i].onBatchEnd(stepNo, epoch + 1, batch, l, lr);
        }
    }

    /**
     * Steps taken by the {@link StepRunner} instead of {@link #trainBatch()}: at most the rest of the
     * epoch and up to the next step checkpoint; the runner updates the model and optimizer in place,
     * the trainer does the bookkeeping (counters, per-step schedule stepped once per step taken,
     * listeners once per call with the mean loss).
     */
    private void runSteps() {
        int max = stepsPerEpoch - batch;
        if (checkpointEverySteps > 0) {
            max = (int) Math.min(max, checkpointEverySteps - step % checkpointEverySteps);
        }
        double lr = group0.lr();
        StepRunner.Steps s = stepRunner.run(this, epoch, batch, max);
        if (s == null || s.steps() < 1 || s.steps() > max || s.samples() < 1) {
            throw new IllegalStateException("Trainer: the step runner must take 1.." + max + " step(s) on >= 1 sample, got "
                    + s);
        }
        float l = (float) (s.lossSum() / s.samples());
        if (!Float.isFinite(l)) {
            throw new TrainingDivergedException(epoch + 1, step + s.steps(), batch + s.steps(), l);
        }
        if (scheduler != null && scheduleUnit == ScheduleUnit.STEP) {
            for (int i = 0; i < s.steps(); i++) {
                scheduler.step();
            }
        }
        step += s.steps();
        batch += s.steps();
        epochLossSum += s.lossSum();
        epochCorrect += s.correct();
        epochSamples += s.samples();
        lastLr = lr;
        for (TrainingListener li : listeners) {
            li.onBatchEnd(step, epoch + 1, batch, l, lr);
        }
    }

    /** Rows of {@code out [rows, C]} whose first maximum is at the label. */
    static int countCorrect(Tensor out, int[] y, int rows) {
        float[] o = out.data();
        int c = out.dim(1);
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (Evaluation.argmax(o, r * c, c) == y[r]) {
                correct++;
            }
        }
        return correct;
    }

    private void endEpoch() {
        long v0 = System.nanoTime();
        double valLoss = Double.NaN;
        double valAcc = Double.NaN;
        if (validation != null) {
            Evaluation e = evaluateWith(validationIterator());
            valLoss = e.loss();
            valAcc = e.accuracy();
        }
        long valNanos = System.nanoTime() - v0;
        double trainLoss = epochSamples == 0 ? Double.NaN : epochLossSum / epochSamples;
        double trainAcc = epochSamples == 0 ? Double.NaN : (double) epochCorrect / epochSamples;
        double sps = epochTrainNanos <= 0 ? Double.NaN : epochSamples / (epochTrainNanos * 1e-9);
        EpochMetrics m = new EpochMetrics(epoch + 1, step, trainLoss, trainAcc, valLoss, valAcc, lastLr, sps,
                (epochTrainNanos + valNanos) * 1e-9, epochSamples);
        history.add(m);
        if (scheduler != null && scheduleUnit == ScheduleUnit.EPOCH) {
            scheduler.step();
        }
        if (plateau != null) {
            plateau.step(plateauMonitor.of(m));
        }
        boolean early = false;
        if (earlyMonitor != null) {
            double v = earlyMonitor.of(m);
            boolean better = earlyMonitor.maximize() ? v > earlyBest + earlyMinDelta : v < earlyBest - earlyMinDelta;
            if (better) {
                earlyBest = v;
                earlyBestEpoch = epoch + 1;
                earlyBad = 0;
            } else {
                earlyBad++;
            }
            early = earlyBad >= earlyPatience && epoch + 1 < epochs;
        }
        int finished = epoch + 1;
        epoch++;
        batch = 0;
        epochLossSum = 0;
        epochCorrect = 0;
        epochSamples = 0;
        epochTrainNanos = 0;
        if (early) {
            earlyStopped = true;
            stopReason = "early stopping: " + earlyMonitor.key() + " did not improve by more than " + earlyMinDelta
                    + " for " + earlyPatience + " epoch(s); best " + earlyBest + " at epoch " + earlyBestEpoch;
        }
        for (TrainingListener l : listeners) {
            l.onEpochEnd(m);
        }
        if (early) {
            for (TrainingListener l : listeners) {
                l.onEarlyStop(finished, earlyMonitor, earlyBest, earlyBestEpoch);
            }
        }
        boolean last = finished == epochs || early;
        boolean due = checkpointFile != null && (finished % checkpointEveryEpochs == 0 || last || checkpointRequested);
        if (due) {
            writeCheckpoint(checkpointFile);
            checkpointRequested = false;
        }
    }

    private BatchIterator validationIterator() {
        if (valIt == null) {
            valIt = new BatchIterator(validation, batchSize, false, 0);
        }
        return valIt;
    }

    // ------------------------------------------------------------------ evaluation

    /**
     * Loss, accuracy, per-class accuracy and confusion matrix of the model on {@code data}, in eval
     * mode (the model's mode is restored afterwards), in batches of the training batch size.
     */
    public Evaluation evaluate(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("evaluate: data must not be null");
        }
        if (data == validation) {
            return evaluateWith(validationIterator());
        }
        checkModelFits(data, "evaluation data");
        return evaluateWith(new BatchIterator(data, batchSize, false, 0));
    }

    private Evaluation evaluateWith(BatchIterator vi) {
        return Evaluation.of(model, loss, vi);
    }

    // ------------------------------------------------------------------ control

    /**
     * Asks the running {@link #fit()} to write a checkpoint after the current step (any thread);
     * without a {@code checkpointFile} the request is logged and ignored.
     */
    public void requestCheckpoint() {
        checkpointRequested = true;
    }

    /**
     * Asks the running {@link #fit()} to stop after the current step (any thread, e.g. a shutdown
     * hook); it writes a checkpoint first when a {@code checkpointFile} is set, and returns a result
     * with {@code stoppedEarly}.
     */
    public void requestStop() {
        // read by the training thread after each step
        stopRequested = true;
    }

    /**
     * Writes a checkpoint of the current state to {@code file} (atomically). Call it between
     * {@link #fit()} calls or from a listener's {@code onBatchEnd} / {@code onEpochEnd}, where the
     * state is consistent.
     */
    public void saveCheckpoint(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("saveCheckpoint: file must not be null");
        }
        Checkpoints.write(this, file);
    }

    private void writeCheckpoint(Path file) {
        Checkpoints.write(this, file);
        for (TrainingListener l : listeners) {
            if (batch == 0 && epoch > 0) {
                l.onCheckpoint(file, step, epoch, stepsPerEpoch);
            } else {
                l.onCheckpoint(file, step, epoch + 1, batch);
            }
        }
    }

    /**
     * Restores the state saved in {@code file} (model, optimizer, schedule, dropout generators,
     * data position, counters, early stopping, history) so that {@link #fit()} continues the saved
     * run bit for bit. Everything is checked before anything changes.
     *
     * @throws dev.lanes.core.io.LanesIOException if the file is unreadable, corrupt, or from another
     *     model shape, optimizer, schedule, data set size, batch size or seed
     */
    public void resume(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("resume: file must not be null");
        }
        Checkpoints.load(this, file);
    }

    /**
     * The {@code __metadata__} of a checkpoint file (the file checked as in {@link #resume}: valid
     * safetensors, a trainer checkpoint, matching CRC), e.g. to read what
     * {@link Builder#checkpointMetadata(Map)} put there before building the trainer to resume.
     *
     * @throws dev.lanes.core.io.LanesIOException if the file is not a readable, intact checkpoint
     */
    public static Map<String, String> checkpointMetadata(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("checkpointMetadata: file must not be null");
        }
        return Checkpoints.metadata(file);
    }

    // ------------------------------------------------------------------ accessors

    /** The finished epochs (including those restored by {@link #resume}), unmodifiable. */
    public List<EpochMetrics> history() {
        return Collections.unmodifiableList(history);
    }

    /** Optimizer steps taken. */
    public long step() {
        return step;
    }

    /** Epochs finished. */
    public int epochsDone() {
        return epoch;
    }

    /** Batches done in the current epoch. */
    public int batchInEpoch() {
        return batch;
    }

    /** Training steps per epoch (a skipped last batch not counted). */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    public int epochs() {
        return epochs;
    }

    public Sequential model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    BatchIterator iterator() {
        return it;
    }

    /** Rewinds the current epoch to its first batch (tests: run steps past the epoch's end). */
    void rewindEpoch() {
        batch = 0;
        it.seek(epoch, 0);
    }

    // ------------------------------------------------------------------ builder

    /** Configuration of a {@link Trainer}; {@code model}, {@code loss}, {@code optimizer} and {@code trainData} are required. */
    public static final class Builder {
        private Sequential model;
        private LabelLoss loss;
        private Optimizer optimizer;
        private Scheduler scheduler;
        private ScheduleUnit scheduleUnit = ScheduleUnit.STEP;
        private ReduceLrOnPlateau plateau;
        private Monitor plateauMonitor;
        private double clipNorm;
        private double clipValue;
        private int epochs = 1;
        private int batchSize = 64;
        private long seed = 1;
        private boolean shuffle = true;
        private boolean dropLast;
        private Dataset train;
        private Dataset validation;
        private Monitor earlyMonitor;
        private int earlyPatience;
        private double earlyMinDelta;
        private Path checkpointFile;
        private int checkpointEveryEpochs = 1;
        private long checkpointEverySteps;
        private final Map<String, String> checkpointMetadata = new java.util.LinkedHashMap<>();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private StepRunner stepRunner;

        private Builder() {}

        public Builder model(Sequential model) {
            this.model = model;
            return this;
        }

        /** Cross-entropy (built with {@code Reduction.MEAN}, the default). */
        public Builder loss(CrossEntropyLoss loss) {
            this.loss = LabelLoss.of(loss);
            return this;
        }

        /** Any mean loss over integer labels. */
        public Builder loss(LabelLoss loss) {
            this.loss = loss;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** A schedule stepped after every optimizer step ({@code STEP}) or every epoch ({@code EPOCH}). */
        public Builder scheduler(Scheduler scheduler, ScheduleUnit unit) {
            if (unit == null) {
                throw new IllegalArgumentException("scheduler unit must not be null");
            }
            this.scheduler = scheduler;
            this.scheduleUnit = unit;
            return this;
        }

        /** Reduce-on-plateau, stepped after every epoch with the {@code monitor}'s value. */
        public Builder plateau(ReduceLrOnPlateau plateau, Monitor monitor) {
            if (plateau == null || monitor == null) {
                throw new IllegalArgumentException("plateau and monitor must not be null");
            }
            this.plateau = plateau;
            this.plateauMonitor = monitor;
            return this;
        }

        /** Clips the total L2 norm of all gradients to {@code maxNorm} before each step ({@link GradClip#clipGradNorm}). */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0 and finite, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            this.clipValue = 0;
            return this;
        }

        /** Clamps every gradient element to {@code [-v, v]} before each step ({@link GradClip#clipGradValue}). */
        public Builder clipGradValue(double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("clipGradValue: value must be > 0 and finite, got " + v);
            }
            this.clipValue = v;
            this.clipNorm = 0;
            return this;
        }

        /** Number of epochs (default 1). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Rows per batch (default 64; capped at the data set's size). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Seed of the data order (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether each epoch visits the rows in a fresh seeded order (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Skip every short last batch, as PyTorch's {@code drop_last=True} (default false). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public Builder trainData(Dataset train) {
            this.train = train;
            return this;
        }

        /** Evaluated in eval mode after every epoch (optional). */
        public Builder validationData(Dataset validation) {
            this.validation = validation;
            return this;
        }

        /**
         * Stops when {@code monitor} has not improved by more than {@code minDelta} for
         * {@code patience} epochs in a row (Keras' rule). Nothing is restored: the model keeps its
         * last weights.
         */
        public Builder earlyStopping(Monitor monitor, int patience, double minDelta) {
            if (monitor == null) {
                throw new IllegalArgumentException("earlyStopping: monitor must not be null");
            }
            if (patience < 1) {
                throw new IllegalArgumentException("earlyStopping: patience must be >= 1, got " + patience);
            }
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("earlyStopping: minDelta must be >= 0 and finite, got " + minDelta);
            }
            this.earlyMonitor = monitor;
            this.earlyPatience = patience;
            this.earlyMinDelta = minDelta;
            return this;
        }

        /** Where checkpoints go (one file, replaced atomically each time); none by default. */
        public Builder checkpointFile(Path file) {
            this.checkpointFile = file;
            return this;
        }

        /** A checkpoint after every {@code n}-th epoch and the last (default 1; needs a checkpointFile). */
        public Builder checkpointEveryEpochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("checkpointEveryEpochs must be >= 1, got " + n);
            }
            this.checkpointEveryEpochs = n;
            return this;
        }

        /** Also a checkpoint after every {@code n}-th step, mid-epoch (0 = off, the default). */
        public Builder checkpointEverySteps(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("checkpointEverySteps must be >= 0, got " + n);
            }
            this.checkpointEverySteps = n;
            return this;
        }

        /**
         * Extra {@code __metadata__} entries written into every checkpoint (e.g. the model's
         * architecture, so a command line can rebuild the model before resuming; read them back
         * with {@link Trainer#checkpointMetadata(Path)}). Keys must not be the trainer's own:
         * {@code format}, {@code format_version}, {@code crc32}, or starting with {@code model.},
         * {@code optimizer.}, {@code schedule.}, {@code trainer.}, {@code early.}, {@code history.}.
         */
        public Builder checkpointMetadata(Map<String, String> extra) {
            if (extra == null) {
                throw new IllegalArgumentException("checkpointMetadata must not be null");
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("checkpointMetadata: keys and values must not be null");
                }
                if (Checkpoints.reserved(e.getKey())) {
                    throw new IllegalArgumentException("checkpointMetadata: key '" + e.getKey()
                            + "' is reserved for the trainer's own state");
                }
            }
            checkpointMetadata.putAll(extra);
            return this;
        }

        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Takes the training steps elsewhere (e.g. data-parallel on a cluster, {@code lanes-spark}):
         * the trainer keeps its epochs, validation, schedules, early stopping, listeners and
         * checkpoints, and asks the runner for steps instead of running {@code trainBatch}. Null
         * (the default) trains here.
         */
        public Builder stepRunner(StepRunner runner) {
            this.stepRunner = runner;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
