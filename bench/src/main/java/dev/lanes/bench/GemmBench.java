package dev.lanes.bench;

import dev.lanes.kernels.Gemm;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Parallelism;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SGEMM, {@code C := A*B} with op = N or T per operand ({@code trans}), scalar twin vs SIMD.
 *
 * <p>Reports operations per second; one operation is one {@code sgemm} call of {@code 2*M*N*K}
 * flops, so {@code GFLOP/s = score * 2*M*N*K / 1e9} (shape {@code MxKxN}). {@code threads} sets
 * {@link Parallelism#setThreads}. The scalar twin runs only at the small shapes ({@link Small});
 * SIMD runs at square 256..2048, the MLP layer shapes, and a size that is not a multiple of 16.
 * Example: {@code java --add-modules jdk.incubator.vector -jar benchmarks.jar GemmBench.simd$ -p shape=1024x1024x1024
 * -p trans=NN -p threads=1,2}. The warm-up is long on purpose: until C2 has compiled the
 * micro-kernels (seconds on a busy machine) the Vector API code runs boxed, hundreds of times
 * slower (measured here: 152 ops/s in the first warm-up second at 67x67x67, 120000 from the
 * fifth on).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBench {

    /** Problem state: random A, B in [-1, 1), C written (beta = 0). */
    public abstract static class Problem {
        float[] a, b, c;
        int m, k, n;
        boolean ta, tb;

        void setUp(String shape, String trans, int threads) {
            String[] d = shape.split("x");
            m = Integer.parseInt(d[0]);
            k = Integer.parseInt(d[1]);
            n = Integer.parseInt(d[2]);
            ta = trans.charAt(0) == 'T';
            tb = trans.charAt(1) == 'T';
            SplittableRandom r = new SplittableRandom(1);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextDouble(-1, 1);
            }
            Parallelism.setThreads(threads);
        }

        void run(Gemm g) {
            g.sgemm(c, a, ta, b, tb, m, n, k, 1f, 0f);
        }
    }

    /** Shapes for SIMD: square, MLP layers (batch x fan-in x fan-out), and 1000 (not a multiple of 16). */
    @State(Scope.Benchmark)
    public static class Large extends Problem {
        @Param({"256x256x256", "512x512x512", "1000x1000x1000", "1024x1024x1024", "2048x2048x2048",
            "64x784x256", "64x256x128", "64x784x1024", "64x1024x1024", "256x784x256", "256x1024x1024"})
        public String shape;
        @Param({"NN", "NT", "TN"})
        public String trans;
        @Param({"1"})
        public int threads;

        @Setup(Level.Trial)
        public void setUp() {
            setUp(shape, trans, threads);
        }
    }

    /** Small shapes where the scalar twin finishes in reasonable time (67 is not a multiple of 16). */
    @State(Scope.Benchmark)
    public static class Small extends Problem {
        @Param({"67x67x67", "128x128x128", "64x256x128"})
        public String shape;
        @Param({"NN", "NT", "TN"})
        public String trans;

        @Setup(Level.Trial)
        public void setUp() {
            setUp(shape, trans, 1);
        }
    }

    private static final Gemm SIMD = Kernels.simd().gemm();
    private static final Gemm SCALAR = Kernels.scalar().gemm();

    @Benchmark
    public float[] simd(Large p) {
        p.run(SIMD);
        return p.c;
    }

    @Benchmark
    public float[] simdSmall(Small p) {
        p.run(SIMD);
        return p.c;
    }

    @Benchmark
    public float[] scalarSmall(Small p) {
        p.run(SCALAR);
        return p.c;
    }
}
