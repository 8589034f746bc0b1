package dev.lanes.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A kernel family's benchmarks, driven by {@link KernelCases}: the subclass lists its family's case
 * names in its {@code op} parameter (JMH needs them as constants; {@code KernelCasesTest} checks the
 * list equals the table's), and the one benchmark method times that case's call on the
 * {@code impl} kernel set over {@code size} floats.
 *
 * <p>GB/s = score (ops/s) x size x {@code KernelCases.byName(op).bytesPerElement()} / 1e9. Sizes:
 * 4096 and 65536 floats (in L1/L2), 65533 (a tail of 13 for 16 lanes), 10M (memory bound); the
 * {@code copy} case is the memory yardstick of every family.
 *
 * <p>Example: {@code java -jar bench/target/benchmarks.jar ActivationsBench -p op=sigmoid,copy -p size=4096}.
 */
public abstract class KernelBench extends BenchSettings {

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"4096", "65533", "65536", "10000000"})
    public int size;

    private Runnable call;

    /** The case to time (the subclass's {@code op} parameter). */
    protected abstract String op();

    @Setup(Level.Trial)
    public void setup() {
        call = KernelCases.byName(op()).prepare().prepare(KernelCases.kernels(impl), new KernelCases.Data(size));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        call = null;
    }

    @Benchmark
    public void run() {
        call.run();
    }
}
