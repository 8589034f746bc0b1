package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Reductions;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reductions, scalar twin vs SIMD, next to a plain {@code System.arraycopy} of the same length
 * measured in the same run (the memory-bandwidth yardstick).
 *
 * <p>Each operation is one kernel call over {@code size} floats; JMH reports calls per second.
 * GB/s = ops/s * size * bytes per element / 1e9, counting the bytes the kernel moves: copy 8
 * (read + write), sum / max / min / argmax / sumSquares / norm2 / meanVariance / logSumExpRows 4
 * (read), dot 8 (two reads). Targets (DESIGN.md): sum, dot, max at 10M floats >= 0.8 x the copy's
 * GB/s.
 *
 * <p>Run, e.g.: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar
 * ReductionsBench -p size=10000000 -rf json}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ReductionsBench {

    /** In L1/L2, in L2/L3, in memory, and a non-multiple of 16. */
    @Param({"4096", "65536", "10000000", "65541"})
    public int size;

    /** Row length for logSumExpRows (a classifier's logits would be 10..1000). */
    private static final int COLS = 1000;

    private float[] x;
    private float[] y;
    private float[] copy;
    private float[] out;
    private Reductions scalar;
    private Reductions simd;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        x = new float[size];
        y = new float[size];
        copy = new float[size];
        out = new float[Math.max(2, size / COLS)];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = (float) r.nextGaussian();
        }
        scalar = Kernels.scalar().reductions();
        simd = Kernels.simd().reductions();
    }

    @Benchmark public float[] copyBaseline() {
        System.arraycopy(x, 0, copy, 0, size);
        return copy;
    }

    @Benchmark public float sumScalar() { return scalar.sum(x, 0, size); }
    @Benchmark public float sumSimd() { return simd.sum(x, 0, size); }

    @Benchmark public float maxScalar() { return scalar.max(x, 0, size); }
    @Benchmark public float maxSimd() { return simd.max(x, 0, size); }

    @Benchmark public float minScalar() { return scalar.min(x, 0, size); }
    @Benchmark public float minSimd() { return simd.min(x, 0, size); }

    @Benchmark public int argmaxScalar() { return scalar.argmax(x, 0, size); }
    @Benchmark public int argmaxSimd() { return simd.argmax(x, 0, size); }

    @Benchmark public float dotScalar() { return scalar.dot(x, 0, y, 0, size); }
    @Benchmark public float dotSimd() { return simd.dot(x, 0, y, 0, size); }

    @Benchmark public float sumSquaresScalar() { return scalar.sumSquares(x, 0, size); }
    @Benchmark public float sumSquaresSimd() { return simd.sumSquares(x, 0, size); }

    @Benchmark public float norm2Scalar() { return scalar.norm2(x, 0, size); }
    @Benchmark public float norm2Simd() { return simd.norm2(x, 0, size); }

    @Benchmark public float[] meanVarianceScalar() {
        scalar.meanVariance(out, 0, x, 0, size);
        return out;
    }

    @Benchmark public float[] meanVarianceSimd() {
        simd.meanVariance(out, 0, x, 0, size);
        return out;
    }

    /** size / COLS rows of COLS logits (the last size % COLS floats are not read). */
    @Benchmark public float[] logSumExpRowsScalar() {
        scalar.logSumExpRows(out, 0, x, 0, size / COLS, COLS);
        return out;
    }

    @Benchmark public float[] logSumExpRowsSimd() {
        simd.logSumExpRows(out, 0, x, 0, size / COLS, COLS);
        return out;
    }
}
