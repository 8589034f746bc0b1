package dev.lanes.optimizers.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.Optimizer;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A whole training step (zeroGrad, forward, loss, backward, Adam step, scheduler step) allocates
 * nothing once warm, while the schedule's value does not change (StepLr between its steps): the
 * scheduler writes a group's lr only when it changes (a changed value is boxed into the group's
 * hyperparameter map, 16 bytes per group).
 */
class TrainingStepAllocationTest {

    @Test
    void steadyStateStepWithOptimizerAndSchedulerAllocatesNothing() {
        SplittableRandom rng = new SplittableRandom(7);
        Sequential net = new Sequential(new Linear(24, 40, rng), new ReLU(), new Linear(40, 10, rng));
        Optimizer opt = Adam.builder().lr(1e-3).params(net.parameters()).build();
        Scheduler sched = new Scheduler(opt, new Schedules.StepLr(1_000_000, 0.5));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor x = new Tensor(16, 24);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float sink = 0;
        for (int i = 0; i < 20_000; i++) { // until C2 has compiled every kernel (see SequentialTest)
            sink += step(net, loss, opt, sched, x, labels);
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int w = 0; w < 10; w++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                sink += step(net, loss, opt, sched, x, labels);
            }
            long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            min = Math.min(min, allocated);
            max = Math.max(max, allocated);
        }
        assertTrue(Float.isFinite(sink));
        assertEquals(0L, min, "bytes allocated by 200 steady-state steps with Adam and a scheduler (cleanest of 10"
                + " windows; the largest allocated " + max + ")");
    }

    private static float step(Sequential net, CrossEntropyLoss loss, Optimizer opt, Scheduler sched, Tensor x, int[] labels) {
        net.zeroGrad();
        float l = loss.forward(net.forward(x), labels);
        net.backward(loss.backward());
        opt.step();
        sched.step();
        return l;
    }
}
