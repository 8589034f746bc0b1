package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Vectors;
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
 * Vector helpers, scalar twin vs SIMD, next to a plain {@code System.arraycopy} of the same length
 * measured in the same run (the memory-bandwidth yardstick).
 *
 * <p>Each operation is one kernel call over {@code size} floats; JMH reports calls per second.
 * GB/s = ops/s * size * bytes per element / 1e9, counting the bytes the kernel moves: copy 8
 * (read + write), fill 4 (write), scale 8 (read + write), axpy 12 (read x and y, write y),
 * add / mul 12, clamp 8, addRow 8 (y read and written; the bias row stays in cache),
 * columnSums 4 (x read; the sums stay in cache). Target (DESIGN.md): axpy at 10M floats >= 0.8 x
 * the copy's GB/s.
 *
 * <p>Run, e.g.: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar
 * VectorsBench -p size=10000000 -rf json}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class VectorsBench {

    /** In L1/L2, in L2/L3, in memory, and a non-multiple of 16. */
    @Param({"4096", "65536", "10000000", "65541"})
    public int size;

    /** Row length for addRow / columnSums (a hidden layer's width); rows = size / COLS. */
    private static final int COLS = 256;

    private float[] x;
    private float[] y;
    private float[] z;
    private float[] copy;
    private float[] row;
    private Vectors scalar;
    private Vectors simd;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        x = new float[size];
        y = new float[size];
        z = new float[size];
        copy = new float[size];
        row = new float[COLS];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextFloat();
            y[i] = r.nextFloat();
        }
        for (int i = 0; i < COLS; i++) {
            row[i] = r.nextFloat() * 1e-6f;
        }
        scalar = Kernels.scalar().vectors();
        simd = Kernels.simd().vectors();
    }

    @Benchmark public float[] copyBaseline() {
        System.arraycopy(x, 0, copy, 0, size);
        return copy;
    }

    @Benchmark public float[] copyScalar() {
        scalar.copy(copy, 0, x, 0, size);
        return copy;
    }

    @Benchmark public float[] copySimd() {
        simd.copy(copy, 0, x, 0, size);
        return copy;
    }

    @Benchmark public float[] fillScalar() {
        scalar.fill(z, 0, 0.5f, size);
        return z;
    }

    @Benchmark public float[] fillSimd() {
        simd.fill(z, 0, 0.5f, size);
        return z;
    }

    /** alpha = -1 keeps the values bounded however many times it runs. */
    @Benchmark public float[] scaleScalar() {
        scalar.scale(z, 0, -1f, size);
        return z;
    }

    @Benchmark public float[] scaleSimd() {
        simd.scale(z, 0, -1f, size);
        return z;
    }

    /** y grows by at most 1e-6 per call: no overflow, no subnormals. */
    @Benchmark public float[] axpyScalar() {
        scalar.axpy(y, 0, x, 0, 1e-6f, size);
        return y;
    }

    @Benchmark public float[] axpySimd() {
        simd.axpy(y, 0, x, 0, 1e-6f, size);
        return y;
    }

    @Benchmark public float[] addScalar() {
        scalar.add(z, 0, x, 0, y, 0, size);
        return z;
    }

    @Benchmark public float[] addSimd() {
        simd.add(z, 0, x, 0, y, 0, size);
        return z;
    }

    @Benchmark public float[] mulScalar() {
        scalar.mul(z, 0, x, 0, y, 0, size);
        return z;
    }

    @Benchmark public float[] mulSimd() {
        simd.mul(z, 0, x, 0, y, 0, size);
        return z;
    }

    @Benchmark public float[] clampScalar() {
        scalar.clamp(z, 0, x, 0, 0.25f, 0.75f, size);
        return z;
    }

    @Benchmark public float[] clampSimd() {
        simd.clamp(z, 0, x, 0, 0.25f, 0.75f, size);
        return z;
    }

    /** The bias is tiny, so y stays bounded over many calls. */
    @Benchmark public float[] addRowScalar() {
        scalar.addRow(y, 0, row, 0, size / COLS, COLS);
        return y;
    }

    @Benchmark public float[] addRowSimd() {
        simd.addRow(y, 0, row, 0, size / COLS, COLS);
        return y;
    }

    @Benchmark public float[] columnSumsScalar() {
        scalar.columnSums(row, 0, x, 0, size / COLS, COLS);
        return row;
    }

    @Benchmark public float[] columnSumsSimd() {
        simd.columnSums(row, 0, x, 0, size / COLS, COLS);
        return row;
    }
}
