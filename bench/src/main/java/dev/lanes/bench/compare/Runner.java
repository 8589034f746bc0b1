package dev.lanes.bench.compare;

import dev.lanes.bench.cli.Optimizers;
import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Layer;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.Reduction;
import dev.lanes.core.nn.Sequential;
import dev.lanes.core.nn.TensorStats;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.SGD;
import dev.lanes.optimizers.schedule.LrSchedule;
import dev.lanes.optimizers.schedule.ReduceLrOnPlateau;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.optimizers.train.EpochMetrics;
import dev.lanes.optimizers.train.Evaluation;
import dev.lanes.optimizers.train.Monitor;
import dev.lanes.optimizers.train.Trainer;
import dev.lanes.optimizers.train.TrainingDivergedException;
import dev.lanes.optimizers.train.TrainingListener;
import dev.lanes.optimizers.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one variant with one seed. Everything random (weights, shuffling, dropout masks) is drawn
 * from generators seeded by the seed alone, so a run depends only on its variant, seed, data and
 * settings: running it alone or among other variants gives the same numbers.
 */
public final class Runner {
    /** Points of the per-step lr and loss curves (at most). */
    static final int STEP_POINTS = 200;
    /** Rows per evaluation batch (changes speed only). */
    private static final int EVAL_BATCH = 1000;

    /** What a run reports while it runs (the progress display). */
    public interface Progress {
        void runStart(Variant v, long seed, int stepsPerEpoch, int epochs);

        void step(int epoch, int batch, float loss);

        void runEnd(RunResult r);
    }

    /**
     * @param epochs       epochs per run
     * @param batch        batch size
     * @param evalTrain    whether to evaluate all training rows in eval mode after each epoch
     */
    public record Settings(int epochs, int batch, boolean evalTrain) {}

    private Runner() {}

    /** Trains {@code v} with {@code seed} on {@code data}. */
    public static RunResult run(Variant v, long seed, StudyData data, Settings s, Progress progress) {
        Dataset train = data.train(v.scaling());
        Dataset test = data.test(v.scaling());
        Dataset val = test;
        if (v.earlyStopPatience() > 0) {
            Dataset.TrainValidation tv = train.split(0.2, seed);
            train = tv.train();
            val = tv.validation();
        }
        Sequential model = build(v, seed);
        RunResult.Probe start = probe(build(v, seed), data.probe(v.scaling()), v.labelSmoothing());

        Optimizer opt = optimizer(v.optimizer(), v.lr(), v.weightDecay(), model.parameters());
        int batch = Math.min(s.batch(), train.size());
        int stepsPerEpoch = (train.size() + batch - 1) / batch;
        long totalSteps = (long) stepsPerEpoch * s.epochs();
        Trainer.Builder tb = Trainer.builder().model(model).loss(new CrossEntropyLoss(Reduction.MEAN, v.labelSmoothing()))
                .optimizer(opt).epochs(s.epochs()).batchSize(batch).seed(seed).trainData(train).validationData(val);
        if (v.schedule().equals("plateau")) {
            tb.plateau(ReduceLrOnPlateau.builder(opt).factor(0.3).patience(0).build(), Monitor.VAL_LOSS);
        } else {
            LrSchedule sched = Optimizers.schedule(v.schedule(), v.lr(), totalSteps);
            if (sched != null) {
                tb.scheduler(new Scheduler(opt, sched), Trainer.ScheduleUnit.STEP);
            }
        }
        if (v.earlyStopPatience() > 0) {
            tb.earlyStopping(Monitor.VAL_LOSS, v.earlyStopPatience(), 0);
        }
        Recorder rec = new Recorder(model, val == test ? null : test, s.evalTrain() ? train : null, totalSteps, progress);
        tb.listener(rec);
        Trainer trainer = tb.build();
        progress.runStart(v, seed, stepsPerEpoch, s.epochs());
        String diverged = null;
        String stopReason = null;
        long t0 = System.nanoTime();
        try {
            TrainingResult r = trainer.fit();
            stopReason = r.stopReason();
        } catch (TrainingDivergedException e) {
            diverged = e.getMessage();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Evaluation ev = Evaluation.of(model, test, EVAL_BATCH);
        model.zeroGrad();
        RunResult.Probe end = probe(model, data.probe(v.scaling()), v.labelSmoothing());
        RunResult r = new RunResult(v.name(), seed, List.copyOf(rec.epochs), ev.loss(), ev.accuracy(), seconds,
                diverged, stopReason, start, end, rec.lrCurve(), rec.lossCurve(), rec.perPoint);
        progress.runEnd(r);
        return r;
    }

    /** The variant's model for {@code seed}: the spec's init from the seed, then the custom init if any. */
    static Sequential build(Variant v, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        Sequential m = v.spec().build(root.split(), root.split());
        if (v.weightInit() != null) {
            v.weightInit().apply(m, root.split());
        }
        return m;
    }

    /** The optimizers of {@code Optimizers.NAMES} and {@code nesterov} (SGD, momentum 0.9, Nesterov). */
    static Optimizer optimizer(String name, double lr, Double weightDecay, List<Parameter> params) {
        if (name.equals("nesterov")) {
            SGD.Builder b = SGD.builder().momentum(0.9).nesterov(true);
            if (weightDecay != null) {
                b.weightDecay(weightDecay);
            }
            return b.lr(lr).params(params).build();
        }
        return Optimizers.build(name, lr, weightDecay, params);
    }

    /**
     * One forward and backward pass over {@code probe} in training mode: per Linear layer the
     * weight gradient's L2 norm and the standard deviation of its input. Leaves the gradients set.
     */
    static RunResult.Probe probe(Sequential model, Dataset probe, float labelSmoothing) {
        boolean was = model.isTraining();
        model.train(true);
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, labelSmoothing);
        Tensor x = probe.featureTensor();
        float l = loss.forward(model.forward(x), probe.labels());
        model.backward(loss.backward());
        List<Double> grads = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        var diag = model.diagnostics();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear lin) {
                grads.add(TensorStats.of(lin.weight().grad()).l2Norm());
                stds.add(i == 0 ? TensorStats.of(x).std() : diag.get(i - 1).output().std());
            }
        }
        model.train(was);
        return new RunResult.Probe(grads.stream().mapToDouble(Double::doubleValue).toArray(),
                stds.stream().mapToDouble(Double::doubleValue).toArray(), l);
    }

    /** Collects the epochs, the extra evaluations and the bucketed per-step curves. */
    private static final class Recorder implements TrainingListener {
        private final Sequential model;
        private final Dataset extraTest;
        private final Dataset evalTrain;
        private final Progress progress;
        final int perPoint;
        private final double[] lrSum;
        private final double[] lossSum;
        private final int[] count;
        final List<RunResult.Epoch> epochs = new ArrayList<>();

        Recorder(Sequential model, Dataset extraTest, Dataset evalTrain, long totalSteps, Progress progress) {
            this.model = model;
            this.extraTest = extraTest;
            this.evalTrain = evalTrain;
            this.progress = progress;
            this.perPoint = (int) Math.max(1, (totalSteps + STEP_POINTS - 1) / STEP_POINTS);
            int n = (int) ((totalSteps + perPoint - 1) / perPoint);
            lrSum = new double[n];
            lossSum = new double[n];
            count = new int[n];
        }

        @Override
        public void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
            int p = (int) ((step - 1) / perPoint);
            if (p < count.length) {
                lrSum[p] += lr;
                lossSum[p] += loss;
                count[p]++;
            }
            progress.step(epoch, batch, loss);
        }

        @Override
        public void onEpochEnd(EpochMetrics m) {
            double testLoss = m.valLoss();
            double testAcc = m.valAccuracy();
            if (extraTest != null) {
                Evaluation e = Evaluation.of(model, extraTest, EVAL_BATCH);
                testLoss = e.loss();
                testAcc = e.accuracy();
            }
            double trainEval = evalTrain == null ? Double.NaN : Evaluation.of(model, evalTrain, EVAL_BATCH).accuracy();
            epochs.add(new RunResult.Epoch(m.epoch(), m.trainLoss(), m.trainAccuracy(), trainEval, testLoss, testAcc,
                    m.lr(), m.seconds(), m.samplesPerSecond()));
        }

        double[] lrCurve() {
            return mean(lrSum);
        }

        double[] lossCurve() {
            return mean(lossSum);
        }

        private double[] mean(double[] sum) {
            int n = 0;
            while (n < count.length && count[n] > 0) {
                n++;
            }
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = sum[i] / count[i];
            }
            return r;
        }
    }
}
