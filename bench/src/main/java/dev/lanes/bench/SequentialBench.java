package dev.lanes.bench;

import dev.lanes.core.Tensor;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step without the optimizer update (zeroGrad, forward, cross-entropy, backward) of a
 * 784-256-128-10 ReLU MLP built from {@link Sequential}, at batch 64 and 256, with the kernel set
 * the JVM picks ({@code Kernels.get()}; force one with {@code -jvmArgsAppend -Dlanes.kernels=scalar}).
 *
 * <p>Reports microseconds per step; samples/s = {@code batch * 1e6 / score}; GFLOP/s = {@code
 * 6 * batch * (784*256 + 256*128 + 128*10) / (score * 1e3)} (forward + two backward GEMMs; the first
 * layer's input gradient is skipped, so this slightly overstates the work). Run it with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the heap allocated per step (target 0 B/op). The
 * warm-up is long because Vector API code boxes every vector until C2 has compiled it; a few bytes
 * per op that remain come from JMH's own per-iteration bookkeeping (constant per iteration, so
 * they shrink as ops per iteration grow).
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar SequentialBench -prof gc</pre>
 */
// Overrides of BenchSettings: time per training step reads better than steps/s here, and the
// whole network (every layer's kernels plus GEMM) takes C2 longer to compile than one kernel.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
public class SequentialBench extends BenchSettings {

    @Param({"64", "256"})
    public int batch;

    private Sequential net;
    private CrossEntropyLoss loss;
    private Tensor x;
    private int[] labels;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        net = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 128, rng), new ReLU(),
                new Linear(128, 10, rng));
        loss = new CrossEntropyLoss();
        x = new Tensor(batch, 784);
        labels = new int[batch];
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(10);
        }
        System.out.println("\n" + Kernels.get().describe() + "\n" + net.summary(batch, 784));
    }

    @Benchmark
    public float step() {
        net.zeroGrad();
        float l = loss.forward(net.forward(x), labels);
        net.backward(loss.backward());
        return l;
    }
}
