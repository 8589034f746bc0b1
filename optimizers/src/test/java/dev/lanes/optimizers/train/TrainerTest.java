package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.io.LanesIOException;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Dropout;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Sequential;
import dev.lanes.core.nn.Tanh;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.AdamW;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.SGD;
import dev.lanes.optimizers.schedule.OneCycle;
import dev.lanes.optimizers.schedule.ReduceLrOnPlateau;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.optimizers.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    static final int FEATURES = 12;
    static final int CLASSES = 4;

    @TempDir
    Path dir;

    /** Rows labelled by the argmax of a fixed random linear map (learnable), features in [-1, 1). */
    static Dataset data(String name, int rows, long seed) {
        SplittableRandom wr = new SplittableRandom(1234);
        float[] w = new float[CLASSES * FEATURES];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (wr.nextDouble() * 2 - 1);
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * FEATURES];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < FEATURES; f++) {
                x[i * FEATURES + f] = (float) (r.nextDouble() * 2 - 1);
            }
            int best = 0;
            double bv = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double s = 0;
                for (int f = 0; f < FEATURES; f++) {
                    s += w[c * FEATURES + f] * x[i * FEATURES + f];
                }
                if (s > bv) {
                    bv = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        return new Dataset(name, x, y, FEATURES, CLASSES);
    }

    static Sequential mlp(int hidden) {
        SplittableRandom r = new SplittableRandom(5);
        return new Sequential(new Linear(FEATURES, hidden, r), new BatchNorm1d(hidden), new ReLU(),
                new Dropout(0.1f, 77L), new Linear(hidden, CLASSES, r));
    }

    /** Three full setups; each call builds fresh objects, identical for the same arguments. */
    static Trainer.Builder setup(int config, int epochs, int hidden) {
        Sequential model = mlp(hidden);
        Dataset train = data("train", 203, 7);
        Dataset val = data("val", 61, 8);
        Trainer.Builder b = Trainer.builder().model(model).loss(new CrossEntropyLoss()).epochs(epochs).batchSize(20)
                .seed(42).trainData(train).validationData(val);
        switch (config) {
            case 0 -> {
                // Adam, warm-up + cosine per step, clipping by norm, early stopping that does not trigger
                Optimizer opt = Adam.builder().lr(3e-3).params(model.parameters()).build();
                b.optimizer(opt).scheduler(new Scheduler(opt, new Schedules.WarmupCosine(5, 60, 0.1, 1e-5)),
                        Trainer.ScheduleUnit.STEP).clipGradNorm(0.5).earlyStopping(Monitor.VAL_LOSS, 50, 0);
            }
            case 1 -> {
                // SGD with Nesterov momentum, reduce-on-plateau that does reduce, clipping by value
                Optimizer opt = SGD.builder().lr(0.05).momentum(0.9).nesterov(true).params(model.parameters()).build();
                b.optimizer(opt).plateau(ReduceLrOnPlateau.builder(opt).patience(0).factor(0.5).threshold(0.5).build(),
                        Monitor.TRAIN_LOSS).clipGradValue(0.05).earlyStopping(Monitor.VAL_ACC, 50, 0);
            }
            case 3 -> {
                // SGD with a step decay per epoch
                Optimizer opt = SGD.builder().lr(0.05).momentum(0.5).params(model.parameters()).build();
                b.optimizer(opt).scheduler(new Scheduler(opt, new Schedules.StepLr(1, 0.7)), Trainer.ScheduleUnit.EPOCH);
            }
            default -> {
                // AdamW with a one-cycle schedule that cycles beta1, per step
                Optimizer opt = AdamW.builder().lr(1e-3).weightDecay(0.01).params(model.parameters()).build();
                b.optimizer(opt).scheduler(new Scheduler(opt, OneCycle.builder(0.01, 60).build()), Trainer.ScheduleUnit.STEP);
            }
        }
        return b;
    }

    static Map<String, int[]> bits(Trainer t) {
        Map<String, int[]> m = new java.util.TreeMap<>();
        for (Map.Entry<String, Parameter> e : t.model().namedParameters().entrySet()) {
            m.put(e.getKey(), bitsOf(e.getValue().value().data()));
        }
        for (Map.Entry<String, Tensor> e : t.model().namedBuffers().entrySet()) {
            m.put(e.getKey(), bitsOf(e.getValue().data()));
        }
        return m;
    }

    static int[] bitsOf(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    /** The metrics that must be reproduced exactly (timing excluded). */
    static List<String> exact(List<EpochMetrics> h) {
        List<String> out = new ArrayList<>();
        for (EpochMetrics m : h) {
            out.add(m.epoch() + " " + m.step() + " " + m.trainLoss() + " " + m.trainAccuracy() + " " + m.valLoss() + " "
                    + m.valAccuracy() + " " + m.lr() + " " + m.trainSamples());
        }
        return out;
    }

    @Test
    void checkpointOfAnotherModelOrOptimizerIsRefused() {
        Path ck = dir.resolve("a.ckpt");
        Trainer a = setup(0, 1, 16).build();
        a.fit();
        a.saveCheckpoint(ck);

        LanesIOException shape = assertThrows(LanesIOException.class, () -> setup(0, 1, 24).build().resume(ck));
        assertTrue(shape.getMessage().contains("another model shape") && shape.getMessage().contains("[16, 12]")
                && shape.getMessage().contains("[24, 12]"), shape.getMessage());

        LanesIOException opt = assertThrows(LanesIOException.class, () -> setup(1, 1, 16).build().resume(ck));
        assertTrue(opt.getMessage().contains("another optimizer: Adam") && opt.getMessage().contains("SGD"),
                opt.getMessage());

        Sequential other = new Sequential(new Linear(FEATURES, 16, new SplittableRandom(1)), new Tanh(),
                new Linear(16, CLASSES, new SplittableRandom(2)));
        Optimizer otherOpt = Adam.builder().params(other.parameters()).build();
        Trainer t = Trainer.builder().model(other).loss(new CrossEntropyLoss()).optimizer(otherOpt)
                .trainData(data("train", 203, 7)).batchSize(20).seed(42).build();
        LanesIOException names = assertThrows(LanesIOException.class, () -> t.resume(ck));
        assertTrue(names.getMessage().contains("another model") && names.getMessage().contains("model.1.running_mean"),
                names.getMessage());

        Trainer seed = setup(0, 1, 16).seed(43).build();
        LanesIOException s = assertThrows(LanesIOException.class, () -> seed.resume(ck));
        assertTrue(s.getMessage().contains("seed 42") && s.getMessage().contains("43"), s.getMessage());

        // a refused checkpoint leaves the trainer untouched
        Trainer fresh = setup(0, 1, 16).build();
        Map<String, int[]> before = bits(fresh);
        Trainer wrongOpt = setup(1, 1, 16).build();
        assertThrows(LanesIOException.class, () -> wrongOpt.resume(ck));
        assertEquals(0, wrongOpt.step());
        for (Map.Entry<String, int[]> e : bits(wrongOpt).entrySet()) {
            assertArrayEquals(before.get(e.getKey()), e.getValue(), e.getKey() + " unchanged");
        }
    }

    @Test
    void divergenceStopsWithEpochAndStep() {
        Dataset clean = data("train", 100, 7);
        float[] x = clean.features().clone();
        x[57 * FEATURES + 3] = Float.NaN;
        Dataset bad = new Dataset("bad", x, clean.labels(), FEATURES, CLASSES);
        Sequential model = new Sequential(new Linear(FEATURES, 8, new SplittableRandom(1)), new ReLU(),
                new Linear(8, CLASSES, new SplittableRandom(2)));
        Optimizer opt = SGD.builder().lr(0.1).params(model.parameters()).build();
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(opt).trainData(bad)
                .batchSize(10).shuffle(false).epochs(3).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::fit);
        // row 57 is in batch 6 (rows 50..59) of epoch 1: step 6
        assertEquals(1, e.epoch());
        assertEquals(6, e.step());
        assertEquals(6, e.batch());
        assertTrue(Float.isNaN(e.loss()));
        assertTrue(e.getMessage().contains("epoch 1, step 6"), e.getMessage());
        assertEquals(5, t.step(), "the diverged step is not applied");
    }

    @Test
    void earlyStoppingStopsAfterPatienceWithoutImprovement() {
        Sequential model = new Sequential(new Linear(FEATURES, 8, new SplittableRandom(1)), new ReLU(),
                new Linear(8, CLASSES, new SplittableRandom(2)));
        // lr 0: the loss never improves after epoch 1
        Optimizer opt = SGD.builder().lr(0).params(model.parameters()).build();
        List<String> events = new ArrayList<>();
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(opt)
                .trainData(data("train", 100, 7)).validationData(data("val", 30, 8)).batchSize(25).epochs(10)
                .earlyStopping(Monitor.VAL_LOSS, 2, 1e-6).listener(new TrainingListener() {
                    @Override
                    public void onEarlyStop(int epoch, Monitor monitor, double best, int bestEpoch) {
                        events.add(epoch + " " + monitor + " " + bestEpoch);
                    }
                }).build();
        TrainingResult r = t.fit();
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.history().size(), "best at epoch 1, no improvement in 2 and 3");
        assertEquals(List.of("3 VAL_LOSS 1"), events);
        assertTrue(r.stopReason().contains("val_loss"), r.stopReason());
    }

    @Test
    void lastBatchOfOneRowIsSkippedWithBatchNormOnly() {
        // 201 rows, batch 20: 10 full batches and one of 1 row
        Dataset d = data("train", 201, 7);
        Sequential bn = mlp(8);
        Trainer withBn = Trainer.builder().model(bn).loss(new CrossEntropyLoss())
                .optimizer(SGD.builder().lr(0.01).params(bn.parameters()).build()).trainData(d).batchSize(20).build();
        assertEquals(10, withBn.stepsPerEpoch());
        EpochMetrics m = withBn.fit().last();
        assertEquals(200, m.trainSamples());
        assertEquals(10, m.step());

        Sequential plain = new Sequential(new Linear(FEATURES, 8, new SplittableRandom(1)), new ReLU(),
                new Linear(8, CLASSES, new SplittableRandom(2)));
        Trainer noBn = Trainer.builder().model(plain).loss(new CrossEntropyLoss())
                .optimizer(SGD.builder().lr(0.01).params(plain.parameters()).build()).trainData(d).batchSize(20).build();
        assertEquals(11, noBn.stepsPerEpoch());
        assertEquals(201, noBn.fit().last().trainSamples());

        Trainer drop = Trainer.builder().model(plain).loss(new CrossEntropyLoss())
                .optimizer(SGD.builder().lr(0.01).params(plain.parameters()).build()).trainData(data("t", 215, 7))
                .batchSize(20).dropLast(true).build();
        assertEquals(10, drop.stepsPerEpoch(), "dropLast skips the batch of 15");
    }

    @Test
    void evaluateGivesConsistentConfusionAndRestoresMode() {
        Trainer t = setup(0, 2, 16).build();
        t.fit();
        Dataset test = data("test", 77, 9);
        Evaluation e = t.evaluate(test);
        assertTrue(t.model().isTraining(), "mode restored");
        long[][] cm = e.confusion();
        long total = 0;
        long diag = 0;
        for (int i = 0; i < CLASSES; i++) {
            long row = 0;
            for (int j = 0; j < CLASSES; j++) {
                total += cm[i][j];
                row += cm[i][j];
            }
            diag += cm[i][i];
            if (row > 0) {
                assertEquals((double) cm[i][i] / row, e.perClassAccuracy()[i], 0.0);
            }
        }
        assertEquals(77, total);
        assertEquals((double) diag / 77, e.accuracy(), 0.0);
        // the same numbers from one eval-mode forward of the whole set
        t.model().train(false);
        Tensor out = t.model().forward(Tensor.wrap(test.features().clone(), 77, FEATURES));
        CrossEntropyLoss ce = new CrossEntropyLoss();
        float l = ce.forward(out, test.labels());
        t.model().train(true);
        assertEquals(Trainer.countCorrect(out, test.labels(), 77) / 77.0, e.accuracy(), 0.0);
        assertEquals(l, e.loss(), 1e-5);
        assertTrue(e.confusionTable().lines().count() == CLASSES + 1, e.confusionTable());
        assertThrows(IllegalArgumentException.class, () -> t.evaluate(new Dataset("wide", new float[13], new int[1], 13, 4)));
    }

    @Test
    void listenersSeeEveryEventInOrderAndEpochScheduleSteps() {
        Sequential model = new Sequential(new Linear(FEATURES, 8, new SplittableRandom(1)), new ReLU(),
                new Linear(8, CLASSES, new SplittableRandom(2)));
        Optimizer opt = SGD.builder().lr(0.1).params(model.parameters()).build();
        List<String> ev = new ArrayList<>();
        long[] batches = new long[1];
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(opt)
                .scheduler(new Scheduler(opt, new Schedules.StepLr(1, 0.5)), Trainer.ScheduleUnit.EPOCH)
                .trainData(data("train", 100, 7)).batchSize(30).epochs(3).checkpointFile(dir.resolve("l.ckpt"))
                .checkpointEveryEpochs(2).listener(new TrainingListener() {
                    @Override
                    public void onTrainStart(TrainingPlan plan) {
                        ev.add("start " + plan.firstEpoch() + "/" + plan.epochs() + " x" + plan.batchesPerEpoch());
                    }

                    @Override
                    public void onEpochStart(int epoch) {
                        ev.add("epoch " + epoch);
                    }

                    @Override
                    public void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
                        batches[0]++;
                        assertEquals((epoch - 1) * 4 + batch, step);
                        assertEquals(0.1 * Math.pow(0.5, epoch - 1), lr, 1e-15);
                    }

                    @Override
                    public void onEpochEnd(EpochMetrics m) {
                        ev.add("end " + m.epoch() + " lr " + m.lr());
                    }

                    @Override
                    public void onCheckpoint(Path file, long step, int epoch, int batch) {
                        ev.add("ckpt " + epoch);
                    }

                    @Override
                    public void onTrainEnd(TrainingResult r) {
                        ev.add("done " + r.steps());
                    }
                }).build();
        t.fit();
        assertEquals(12, batches[0]);
        assertEquals(List.of("start 1/3 x4", "epoch 1", "end 1 lr 0.1", "epoch 2", "end 2 lr 0.05", "ckpt 2",
                "epoch 3", "end 3 lr 0.025", "ckpt 3", "done 12"), ev);
    }

    @Test
    void builderErrors() {
        Sequential model = mlp(8);
        Optimizer opt = SGD.builder().lr(0.1).params(model.parameters()).build();
        Dataset d = data("train", 50, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(opt).trainData(d)
                        .earlyStopping(Monitor.VAL_LOSS, 2, 0).build());
        assertTrue(e.getMessage().contains("validationData"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().model(model).loss(new CrossEntropyLoss())
                .optimizer(opt).trainData(new Dataset("wide", new float[26], new int[2], 13, 4)).build());
        assertTrue(e.getMessage().contains("13 features"), e.getMessage());
        Sequential other = mlp(8);
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().model(model).loss(new CrossEntropyLoss())
                .optimizer(SGD.builder().lr(0.1).params(other.parameters()).build()).trainData(d).build());
        assertTrue(e.getMessage().contains("not in the model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(0).model(model)
                .loss(new CrossEntropyLoss()).optimizer(opt).trainData(d).build());
        assertFalse(Trainer.hasBatchNorm(new Sequential(new ReLU())));
        assertEquals(11, Trainer.stepsPerEpoch(201, 20, false, false));
        assertEquals(10, Trainer.stepsPerEpoch(201, 20, false, true));
        assertEquals(10, Trainer.stepsPerEpoch(215, 20, true, false));
        assertEquals(1, Trainer.stepsPerEpoch(5, 64, true, true), "one batch of all rows");
    }
}
