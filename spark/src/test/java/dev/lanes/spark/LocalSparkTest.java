package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import dev.lanes.core.data.BatchIterator;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Kernels;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.SGD;
import dev.lanes.optimizers.train.StepRunner;
import dev.lanes.optimizers.train.Trainer;
import dev.lanes.optimizers.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SparkTrainer on {@code local[2,3]}: two task slots in this JVM, and a failed task is retried up to
 * 3 times (what a cluster does; plain {@code local[2]} fails the job on the first task failure).
 */
class LocalSparkTest {
    private static JavaSparkContext sc;
    private static final Dataset DATA = Fixtures.data(96, 3);
    /** Injected failures that fired (local mode: the executor is this JVM). */
    static final AtomicInteger FIRED = new AtomicInteger();

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(SparkSetup.conf("local[2,3]", "LocalSparkTest"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static SparkTrainer.Builder spark(ModelSpec spec, SparkTrainer.OptimizerFactory opt) {
        return SparkTrainer.builder(sc).spec(spec).optimizer(opt).data(DataSource.broadcast(sc, DATA), DATA).workers(2)
                .batchSizePerWorker(8).seed(5);
    }

    /**
     * SGD, K = 1, two equal partitions: one round is one single-machine SGD step on the union of the
     * two partitions' first batches. Tolerance: the averaged parameters are w - lr (g0 + g1) / 2 with
     * each g over 8 rows, the reference w - lr g over 16 rows: the same sums in another order, a few
     * float roundings of values below 1 (1e-6 absolute).
     */
    @Test
    void sgdRoundEqualsOneStepOnTheUnionBatch() {
        try (SparkTrainer st = spark(Fixtures.MLP, p -> SGD.builder().lr(0.5).params(p).build()).syncEvery(1).build()) {
            Sequential model = Fixtures.model(Fixtures.MLP, 9);
            Optimizer opt = SGD.builder().lr(0.5).params(model.parameters()).build();
            Trainer trainer = st.trainerBuilder(model, opt).build();
            float[] before = Fixtures.floats(model, opt);
            StepRunner.Steps s = st.run(trainer, 0, 0, 1);
            assertEquals(1, s.steps());
            assertEquals(16, s.samples());

            // the reference: the same initial model, one step on both partitions' first batches together
            float[] ux = new float[16 * 10];
            int[] uy = new int[16];
            for (int p = 0; p < 2; p++) {
                BatchIterator it = new BatchIterator(Shard.of(DATA, p, 2).dataset(), 8, true, Worker.partitionSeed(5, p));
                it.seek(0, 0);
                it.next();
                System.arraycopy(it.x().data(), 0, ux, p * 80, 80);
                System.arraycopy(it.labels(), 0, uy, p * 8, 8);
            }
            Sequential ref = Fixtures.model(Fixtures.MLP, 9);
            Optimizer refOpt = SGD.builder().lr(0.5).params(ref.parameters()).build();
            CrossEntropyLoss loss = new CrossEntropyLoss();
            ref.train(true);
            ref.zeroGrad();
            float l = loss.forward(ref.forward(Tensor.wrap(ux, 16, 10)), uy);
            ref.backward(loss.backward());
            refOpt.step();

            float[] got = Fixtures.floats(model, opt);
            float[] want = Fixtures.floats(ref, refOpt);
            assertEquals(want.length, got.length);
            double moved = 0;
            for (int i = 0; i < got.length; i++) {
                assertEquals(want[i], got[i], 1e-6, "element " + i);
                moved = Math.max(moved, Math.abs(got[i] - before[i]));
            }
            assertTrue(moved > 1e-3, "the step changed the parameters (max change " + moved + ")");
            assertEquals(l, s.lossSum() / s.samples(), 1e-6);
            assertEquals(List.of(Kernels.get().describe()), st.executorKernels());
        }
    }

    private record Run(String bits, TrainingResult result) {}

    private static Run train(ModelSpec spec, int k, int epochs, SparkTrainer.FaultInjector fault, Path checkpoint,
                             Path resume) {
        SparkTrainer.Builder b = spark(spec, p -> Adam.builder().lr(1e-2).params(p).build()).syncEvery(k);
        if (fault != null) {
            b.faultInjector(fault);
        }
        try (SparkTrainer st = b.build()) {
            Sequential model = Fixtures.model(spec, resume == null ? 9 : 99);
            Optimizer opt = Adam.builder().lr(1e-2).params(model.parameters()).build();
            Trainer.Builder tb = st.trainerBuilder(model, opt).epochs(epochs);
            if (checkpoint != null) {
                tb.checkpointFile(checkpoint);
            }
            Trainer t = tb.build();
            if (resume != null) {
                st.checkResume(resume);
                t.resume(resume);
            }
            TrainingResult r = t.fit();
            return new Run(Fixtures.bits(model, opt), r);
        }
    }

    /**
     * A task that throws on its first attempt (round 1, partition 1) is recomputed by Spark from
     * the broadcast state and its seed: the run ends with the same bits, batch norm statistics,
     * dropout counters and Adam state included.
     */
    @Test
    void injectedTaskFailureEndsWithTheSameBits() {
        Run clean = train(Fixtures.MLP_BN_DROPOUT, 2, 2, null, null, null);
        Run again = train(Fixtures.MLP_BN_DROPOUT, 2, 2, null, null, null);
        assertEquals(clean.bits(), again.bits(), "two runs give the same bits");
        FIRED.set(0);
        Run faulty = train(Fixtures.MLP_BN_DROPOUT, 2, 2, (round, partition, attempt) -> {
            if (round == 1 && partition == 1 && attempt == 0) {
                FIRED.incrementAndGet();
                return true;
            }
            return false;
        }, null, null);
        assertEquals(1, FIRED.get(), "the injected failure fired once");
        assertEquals(clean.bits(), faulty.bits());
        assertEquals(clean.result().history().get(1).trainLoss(), faulty.result().history().get(1).trainLoss());
        // 96 rows / (2 x 8) = 6 steps per epoch, K = 2: 3 rounds per epoch
        assertEquals(12, faulty.result().steps());
        assertTrue(clean.bits().contains("bn:1"), "batch norm state is carried: " + clean.bits());
    }

    /** A run stopped after epoch 1 and resumed from its checkpoint ends as the uninterrupted run. */
    @Test
    void resumedRunEndsWithTheSameBits(@TempDir Path dir) {
        Run whole = train(Fixtures.MLP, 4, 3, null, null, null);
        Path ckpt = dir.resolve("checkpoint.safetensors");
        Run first = train(Fixtures.MLP, 4, 1, null, ckpt, null);
        assertNotEquals(whole.bits(), first.bits());
        Run resumed = train(Fixtures.MLP, 4, 3, null, ckpt, ckpt);
        assertEquals(whole.bits(), resumed.bits());
        assertEquals(whole.result().history(), resumed.result().history().stream()
                .map(m -> whole.result().history().get(m.epoch() - 1)).toList());
        assertEquals(whole.result().history().get(2).trainLoss(), resumed.result().history().get(2).trainLoss());
        // another K is refused before anything is loaded
        try (SparkTrainer other = spark(Fixtures.MLP, p -> Adam.builder().lr(1e-2).params(p).build()).syncEvery(3).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.checkResume(ckpt));
            assertTrue(e.getMessage().contains("spark.sync_every = 4, this run has 3"), e.getMessage());
        }
    }

    /** Local SGD with K > 1 is not one big step: rounds differ from K = 1, and the loss still falls. */
    @Test
    void syncEveryChangesTheTrajectoryAndTrainingLearns() {
        Run k1 = train(Fixtures.MLP, 1, 4, null, null, null);
        Run k3 = train(Fixtures.MLP, 3, 4, null, null, null);
        assertNotEquals(k1.bits(), k3.bits());
        for (Run r : List.of(k1, k3)) {
            double firstLoss = r.result().history().get(0).trainLoss();
            double lastLoss = r.result().history().get(3).trainLoss();
            assertTrue(lastLoss < firstLoss, "loss fell: " + firstLoss + " -> " + lastLoss);
        }
    }

    @Test
    void badSettingsAreRefusedWithClearMessages() {
        SparkTrainer.OptimizerFactory sgd = p -> SGD.builder().lr(0.1).params(p).build();
        assertMessage(() -> spark(Fixtures.MLP, sgd).workers(0).build(), "workers must be >= 1, got 0");
        assertMessage(() -> spark(Fixtures.MLP, sgd).syncEvery(0).build(), "syncEvery must be >= 1, got 0");
        assertMessage(() -> spark(Fixtures.MLP, sgd).batchSizePerWorker(0).build(), "batchSizePerWorker must be >= 1, got 0");
        assertMessage(() -> spark(Fixtures.MLP, sgd).batchSizePerWorker(64).build(),
                "2 x 64 = 128 rows per step exceeds the 96 training rows");
        assertMessage(() -> spark(ModelSpec.parse("layers=12,4,3"), sgd).build(), "needs 12 features and 3 classes");
        assertMessage(() -> spark(Fixtures.MLP_BN_DROPOUT, sgd).batchSizePerWorker(1).build(),
                "batch norm needs batchSizePerWorker >= 2");
        assertMessage(() -> spark(Fixtures.MLP, null).build(), "optimizer must be set");
        assertMessage(() -> spark(Fixtures.MLP, sgd).data(DataSource.broadcast(sc, DATA.rows("less", 0, 90)), DATA).build(),
                "the DataSource gives 90 rows on the executors, the driver's training set has 96");
        assertMessage(() -> SparkSetup.conf(" ", "x"), "Spark master must not be blank");
        String old = System.getProperty("lanes.spark.home");
        System.setProperty("lanes.spark.home", "/nonexistent/spark-home");
        try {
            assertMessage(() -> SparkSetup.conf("local-cluster[2,1,1024]", "x"), "pointing at a folder with Spark's jars/");
        } finally {
            if (old == null) {
                System.clearProperty("lanes.spark.home");
            } else {
                System.setProperty("lanes.spark.home", old);
            }
        }
        try (SparkTrainer st = spark(Fixtures.MLP, sgd).build()) {
            Sequential model = Fixtures.model(Fixtures.MLP, 1);
            Optimizer opt = SGD.builder().lr(0.1).params(model.parameters()).build();
            Trainer wrongBatch = st.trainerBuilder(model, opt).batchSize(8).build();
            assertMessage(() -> st.run(wrongBatch, 0, 0, 1), "the trainer takes 12 steps per epoch, this run 6");
            Sequential other = Fixtures.model(ModelSpec.parse("layers=10,5,3"), 1);
            SparkTrainer st2 = st;
            Trainer wrongModel = st.trainerBuilder(other, SGD.builder().lr(0.1).params(other.parameters()).build()).build();
            assertFalse(wrongModel.model() == model);
            // a fresh runner checks the model on its first round
            try (SparkTrainer fresh = spark(Fixtures.MLP, sgd).build()) {
                Trainer t = fresh.trainerBuilder(other, SGD.builder().lr(0.1).params(other.parameters()).build()).build();
                assertMessage(() -> fresh.run(t, 0, 0, 1), "is not the spec's layers=10,16,3");
            }
            assertTrue(st2.stats().rounds() == 0);
        }
        assertTrue(Trainer.hasBatchNorm(Fixtures.model(Fixtures.MLP_BN_DROPOUT, 1)));
        assertTrue(Fixtures.model(Fixtures.MLP_BN_DROPOUT, 1).layer(1) instanceof BatchNorm1d);
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
}
