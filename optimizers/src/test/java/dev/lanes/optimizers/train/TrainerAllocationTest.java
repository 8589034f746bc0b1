package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Dropout;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.schedule.LrSchedule;
import dev.lanes.optimizers.schedule.OneCycle;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.optimizers.schedule.Schedules;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A steady-state training step of the {@link Trainer} allocates 0 bytes: batch gather, forward,
 * loss, backward, gradient clipping, Adam step, the divergence check, accuracy counting and the
 * batch-end dispatch to the registered listeners (an allocation count, not a timing).
 */
class TrainerAllocationTest {

    static Trainer.Builder builder(boolean withScheduler, boolean clipByNorm) {
        return builder(withScheduler ? opt -> new Schedules.CosineAnnealingLr(1_000_000, 0) : null, clipByNorm);
    }

    /** {@code schedule}: {@code null} for none, else the per-step schedule of the built Adam. */
    static Trainer.Builder builder(Function<Optimizer, LrSchedule> schedule, boolean clipByNorm) {
        SplittableRandom rng = new SplittableRandom(3);
        Sequential model = new Sequential(new Linear(32, 64, rng), new BatchNorm1d(64), new ReLU(),
                new Dropout(0.2f, 4L), new Linear(64, 10, rng));
        // 640 rows in batches of 64: every batch has the same shape (a shorter last batch reallocates
        // the layers' buffers once per epoch, which is not a steady-state step)
        float[] x = new float[640 * 32];
        int[] y = new int[640];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(10);
        }
        Optimizer opt = Adam.builder().lr(1e-3).params(model.parameters()).build();
        Trainer.Builder b = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(opt)
                .trainData(new Dataset("random", x, y, 32, 10)).batchSize(64).seed(9)
                .listener(new TrainingListener() { });
        b = clipByNorm ? b.clipGradNorm(1.0) : b.clipGradValue(0.5);
        if (schedule != null) {
            b.scheduler(new Scheduler(opt, schedule.apply(opt)), Trainer.ScheduleUnit.STEP);
        }
        return b;
    }

    @Test
    void steadyStateStepAllocatesNothingClipByNorm() {
        assertSteadyStateAllocatesNothing(builder(false, true).build());
    }

    @Test
    void steadyStateStepAllocatesNothingClipByValue() {
        assertSteadyStateAllocatesNothing(builder(false, false).build());
    }

    /** With a per-step schedule as well (the whole step, schedule included, allocates nothing). */
    @Test
    void steadyStateStepWithSchedulerAllocatesNothing() {
        assertSteadyStateAllocatesNothing(builder(true, true).build());
    }

    /** One-cycle writes Adam's lr and beta1 every step (momentum cycling), allocating nothing. */
    @Test
    void steadyStateStepWithOneCycleAllocatesNothing() {
        Trainer t = builder(opt -> OneCycle.builder(1e-2, 1_000_000).build(), true).build();
        double beta1 = t.optimizer().group(0).getDouble("beta1");
        assertSteadyStateAllocatesNothing(t);
        assertNotEquals(beta1, t.optimizer().group(0).getDouble("beta1"), "one-cycle changes beta1");
    }

    private static void step(Trainer t) {
        if (t.batchInEpoch() >= t.stepsPerEpoch()) {
            t.rewindEpoch();
        }
        t.trainBatch();
    }

    static void assertSteadyStateAllocatesNothing(Trainer t) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        t.model().train(true);
        t.iterator().startEpoch(0);
        // long enough for C2 to compile every kernel on the path (interpreted or C1-compiled Vector
        // API code boxes vectors, so allocation before that is expected)
        for (int i = 0; i < 20_000; i++) {
            step(t);
        }
        // Twenty windows of 200 steps. A per-step allocation shows in every window (>= 200 x 16
        // bytes); a one-off event of the JVM (a late compilation, a deoptimization) can touch a
        // window, so the cleanest window must be exactly 0.
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int w = 0; w < 20; w++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                step(t);
            }
            long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            min = Math.min(min, allocated);
            max = Math.max(max, allocated);
        }
        assertEquals(24_000, t.step());
        assertEquals(0L, min, "bytes allocated by 200 steady-state trainer steps (cleanest of 20 windows; the"
                + " largest window allocated " + max + ")");
    }
}
