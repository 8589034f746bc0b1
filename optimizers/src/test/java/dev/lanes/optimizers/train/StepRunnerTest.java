package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.SGD;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.optimizers.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's bookkeeping around a {@link StepRunner} that takes several steps per call. */
class StepRunnerTest {
    /** 40 rows, batch 4: 10 steps per epoch. */
    private static Trainer.Builder builder(StepRunner runner, Optimizer[] opt) {
        Dataset d = new Dataset("d", new float[40 * 3], new int[40], 3, 2);
        Sequential m = new Sequential(new Linear(3, 2, new SplittableRandom(1)));
        opt[0] = SGD.builder().lr(1.0).params(m.parameters()).build();
        return Trainer.builder().model(m).loss(new CrossEntropyLoss()).optimizer(opt[0]).trainData(d).batchSize(4)
                .stepRunner(runner);
    }

    @Test
    void runnerStepsAreCountedScheduledAndCheckpointed(@TempDir Path dir) {
        List<String> calls = new ArrayList<>();
        StepRunner three = (t, epoch, first, max) -> {
            calls.add(epoch + ":" + first + ":" + max + ":" + t.optimizer().group(0).lr());
            int n = Math.min(3, max);
            return new StepRunner.Steps(n, 0.5 * 4 * n, n, 4L * n);
        };
        Optimizer[] opt = new Optimizer[1];
        Trainer.Builder b = builder(three, opt).epochs(2).checkpointFile(dir.resolve("c.safetensors"))
                .checkpointEverySteps(4);
        List<Long> checkpoints = new ArrayList<>();
        List<Long> batchEnds = new ArrayList<>();
        b.listener(new TrainingListener() {
            @Override
            public void onCheckpoint(Path file, long step, int epoch, int batch) {
                checkpoints.add(step);
            }

            @Override
            public void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
                batchEnds.add(step);
                assertEquals(0.5f, loss);
            }
        });
        Trainer t = b.scheduler(new Scheduler(opt[0], new Schedules.StepLr(1, 0.5)), Trainer.ScheduleUnit.STEP).build();
        TrainingResult r = t.fit();
        assertEquals(20, r.steps());
        // capped at the next multiple of 4 (step checkpoint) and at the epoch's end (10 steps)
        assertEquals(List.of("0:0:4:1.0", "0:3:1:0.125", "0:4:4:0.0625", "0:7:1:0.0078125", "0:8:2:0.00390625",
                "1:0:2:9.765625E-4", "1:2:4:2.44140625E-4", "1:5:1:3.0517578125E-5", "1:6:4:1.52587890625E-5",
                "1:9:1:1.9073486328125E-6"),
                calls);
        assertEquals(List.of(3L, 4L, 7L, 8L, 10L, 12L, 15L, 16L, 19L, 20L), batchEnds);
        assertTrue(checkpoints.containsAll(List.of(4L, 8L, 10L, 12L, 16L, 20L)), checkpoints.toString());
        assertEquals(0.5, r.history().get(0).trainLoss(), 1e-12);
        assertEquals(0.25, r.history().get(1).trainAccuracy(), 1e-12);
        assertEquals(40, r.history().get(1).trainSamples());
    }

    /** Clipping set on the trainer would never run (the runner takes the steps): refused, not ignored. */
    @Test
    void clippingOnTheTrainerIsRefusedWithARunner() {
        StepRunner one = (t, epoch, first, max) -> new StepRunner.Steps(1, 0, 0, 4);
        for (boolean byNorm : new boolean[] {true, false}) {
            Optimizer[] opt = new Optimizer[1];
            Trainer.Builder b = builder(one, opt);
            if (byNorm) {
                b.clipGradNorm(1.0);
            } else {
                b.clipGradValue(0.5);
            }
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, b::build);
            assertTrue(e.getMessage().contains("set it on the runner"), e.getMessage());
        }
    }

    @Test
    void badRunnerResultsAreRefused() {
        Optimizer[] opt = new Optimizer[1];
        Trainer tooMany = builder((t, e, f, max) -> new StepRunner.Steps(max + 1, 1, 0, 4), opt).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, tooMany::fit);
        assertTrue(e.getMessage().contains("must take 1..10 step(s)"), e.getMessage());
        Trainer none = builder((t, ep, f, max) -> null, opt).build();
        assertThrows(IllegalStateException.class, none::fit);
        Trainer nan = builder((t, ep, f, max) -> new StepRunner.Steps(1, Double.NaN, 0, 4), opt).build();
        TrainingDivergedException d = assertThrows(TrainingDivergedException.class, nan::fit);
        assertEquals(1, d.step());
    }
}
