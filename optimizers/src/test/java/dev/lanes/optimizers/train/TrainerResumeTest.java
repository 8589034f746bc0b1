package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.lanes.optimizers.train.TrainerTest.bits;
import static dev.lanes.optimizers.train.TrainerTest.exact;
import static dev.lanes.optimizers.train.TrainerTest.setup;

import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.Dropout;
import dev.lanes.kernels.Kernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resume equals the uninterrupted run, bit for bit.
 *
 * <p>They run on both kernel sets (the module's {@code scalar-set} execution): the SIMD kernels
 * give the same bits in every JIT tier, which {@link #simdKernelsGiveTheSameBitsColdAndWarm}
 * checks directly.
 */
class TrainerResumeTest {
    @TempDir
    Path dir;

    /** Stops the run after a given step (the checkpoint is then written by the trainer). */
    static final class StopAt implements TrainingListener {
        final long at;
        Trainer trainer;

        StopAt(long at) {
            this.at = at;
        }

        @Override
        public void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
            if (step == at) {
                trainer.requestStop();
            }
        }
    }

    /**
     * Uninterrupted 4 epochs vs. interrupted at step k + resumed in fresh objects: every parameter,
     * buffer, batch-norm counter and dropout generator position bit for bit, and the same metrics.
     * k = 14: mid-epoch 2 (11 steps per epoch); k = 22: after the last batch of epoch 2, before its
     * validation; k = 30 with checkpoints every 7 steps written on the way.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void resumeMidEpochIsBitForBit(int config) {
        Trainer full = setup(config, 4, 16).build();
        TrainingResult fr = full.fit();
        assertEquals(4, fr.history().size());
        assertEquals(44, fr.steps(), "203 rows in batches of 20: 11 steps per epoch (the last of 3 rows)");
        for (long k : new long[] {14, 22, 30}) {
            Path ck = dir.resolve("c" + config + "-" + k + ".ckpt");
            StopAt stop = new StopAt(k);
            Trainer.Builder b = setup(config, 4, 16).checkpointFile(ck).listener(stop);
            if (k == 30) {
                b.checkpointEverySteps(7);
            }
            Trainer first = b.build();
            stop.trainer = first;
            TrainingResult r1 = first.fit();
            assertTrue(r1.stoppedEarly(), "stopped by request");
            assertEquals(k, r1.steps());

            Trainer resumed = setup(config, 4, 16).build();
            assertNotEquals(bits(full).get("0.weight")[0], 0);
            resumed.resume(ck);
            assertEquals(k, resumed.step());
            TrainingResult r2 = resumed.fit();
            assertEquals(44, r2.steps());
            assertEquals(exact(fr.history()), exact(r2.history()), "metrics after resuming at step " + k);
            Map<String, int[]> a = bits(full);
            Map<String, int[]> c = bits(resumed);
            assertEquals(a.keySet(), c.keySet());
            for (String name : a.keySet()) {
                assertArrayEquals(a.get(name), c.get(name), name + " bit for bit after resuming at step " + k);
            }
            assertEquals(((BatchNorm1d) full.model().layer(1)).numBatchesTracked(),
                    ((BatchNorm1d) resumed.model().layer(1)).numBatchesTracked());
            assertEquals(((Dropout) full.model().layer(3)).counter(), ((Dropout) resumed.model().layer(3)).counter());
            assertEquals(full.optimizer().paramGroups().get(0).hyperparameters(),
                    resumed.optimizer().paramGroups().get(0).hyperparameters());
        }
    }

    /** A checkpoint written at the end of a 2-epoch run, resumed by a 4-epoch trainer. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void resumeFromEpochBoundaryIsBitForBit(int config) {
        Trainer full = setup(config, 4, 16).build();
        TrainingResult fr = full.fit();
        Path ck = dir.resolve("epoch.ckpt");
        List<Integer> written = new ArrayList<>();
        Trainer first = setup(config, 2, 16).checkpointFile(ck).listener(new TrainingListener() {
            @Override
            public void onCheckpoint(Path file, long step, int epoch, int batch) {
                written.add(epoch * 100 + batch);
            }
        }).build();
        first.fit();
        assertEquals(List.of(111, 211), written, "a checkpoint after each epoch: (epoch, its last batch)");
        Trainer resumed = setup(config, 4, 16).build();
        resumed.resume(ck);
        assertEquals(2, resumed.epochsDone());
        assertEquals(2, resumed.history().size(), "the finished epochs come with the checkpoint");
        TrainingResult r2 = resumed.fit();
        assertEquals(exact(fr.history()), exact(r2.history()));
        Map<String, int[]> a = bits(full);
        Map<String, int[]> c = bits(resumed);
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), c.get(name), name);
        }
    }


    /** requestStop() then fit() again on the same trainer continues exactly (no checkpoint involved). */
    @Test
    void stopAndContinueInTheSameTrainer() {
        Trainer full = setup(0, 3, 16).build();
        TrainingResult fr = full.fit();
        StopAt stop = new StopAt(17);
        Trainer t = setup(0, 3, 16).listener(stop).build();
        stop.trainer = t;
        assertTrue(t.fit().stoppedEarly());
        assertEquals(17, t.step());
        TrainingResult r = t.fit();
        assertEquals(exact(fr.history()), exact(r.history()));
        Map<String, int[]> a = bits(full);
        Map<String, int[]> c = bits(t);
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), c.get(name), name);
        }
    }

    /**
     * The SIMD log-softmax of a fixed [20, 4] input, called repeatedly, must keep its bits while
     * C2 compiles it (before the kernels summed lanes in a fixed order, the result changed after
     * about 6,000 calls: the C2 intrinsic of {@code reduceLanes(ADD)} adds in another order than
     * the interpreter's fallback).
     */
    @Test
    void simdKernelsGiveTheSameBitsColdAndWarm() {
        Kernels k = Kernels.simd();
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[80];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 6 - 3);
        }
        float[] y = new float[80];
        k.activations().logSoftmax(y, 0, x, 0, 20, 4);
        float[] cold = y.clone();
        for (int it = 0; it < 100_000; it++) {
            k.activations().logSoftmax(y, 0, x, 0, 20, 4);
        }
        assertTrue(Arrays.equals(cold, y), "log-softmax bits after 100,000 calls equal the first call's");
    }
}
