package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Norms;
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
 * Batch-norm and layer-norm kernels, scalar twin vs SIMD, on a {@code rows x cols} block.
 *
 * <p>Reports microseconds per call. Bandwidth: every forward reads x and writes y, every backward
 * reads x and dy and writes dx (read-modify-write counted once), so with {@code n = rows*cols}:
 * forward {@code GB/s = 8 n / (us * 1000)}, backward {@code GB/s = 12 n / (us * 1000)}. The
 * {@code copy} benchmark ({@code System.arraycopy} of n floats, {@code 8 n} bytes) measures the
 * memory bandwidth of the same run for comparison. Shapes: 256 x 1000 (1 MB, cache-resident, 1000
 * not a multiple of 16) and 1000 x 10001 (10M floats, memory-bound).
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar NormsBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class NormsBench {

    @Param({"scalar", "simd"})
    public String kernels;

    @Param({"256x1000", "1000x10001"})
    public String shape;

    private Norms norms;
    private int rows;
    private int cols;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] colA;
    private float[] colB;
    private float[] runningMean;
    private float[] runningVar;
    private float[] gamma;
    private float[] beta;
    private float[] dgamma;
    private float[] dbeta;
    private float[] rowMean;
    private float[] rowRstd;

    @Setup
    public void setup() {
        norms = ("scalar".equals(kernels) ? Kernels.scalar() : Kernels.simd()).norms();
        String[] p = shape.split("x");
        rows = Integer.parseInt(p[0]);
        cols = Integer.parseInt(p[1]);
        int n = rows * cols;
        SplittableRandom rnd = new SplittableRandom(1);
        x = new float[n];
        dy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
            dy[i] = (float) rnd.nextGaussian();
        }
        y = new float[n];
        dx = new float[n];
        colA = new float[cols];
        colB = new float[cols];
        runningMean = new float[cols];
        runningVar = new float[cols];
        java.util.Arrays.fill(runningVar, 1f);
        gamma = new float[cols];
        java.util.Arrays.fill(gamma, 1.5f);
        beta = new float[cols];
        dgamma = new float[cols];
        dbeta = new float[cols];
        rowMean = new float[rows];
        rowRstd = new float[rows];
        norms.batchNormTrain(y, 0, colA, 0, colB, 0, runningMean, 0, runningVar, 0, x, 0, gamma, 0, beta, 0, 0.1f, 1e-5f, rows, cols);
        norms.layerNorm(y, 0, rowMean, 0, rowRstd, 0, x, 0, gamma, 0, beta, 0, 1e-5f, rows, cols);
    }

    @Benchmark
    public float[] batchNormTrain() {
        norms.batchNormTrain(y, 0, colA, 0, colB, 0, runningMean, 0, runningVar, 0, x, 0, gamma, 0, beta, 0,
                0.1f, 1e-5f, rows, cols);
        return y;
    }

    @Benchmark
    public float[] batchNormEval() {
        norms.batchNormEval(y, 0, colA, 0, colB, 0, x, 0, runningMean, 0, runningVar, 0, gamma, 0, beta, 0,
                1e-5f, rows, cols);
        return y;
    }

    @Benchmark
    public float[] batchNormBackward() {
        norms.batchNormBackward(dx, 0, dgamma, 0, dbeta, 0, dy, 0, x, 0, colA, 0, colB, 0, gamma, 0, true, rows, cols);
        return dx;
    }

    @Benchmark
    public float[] layerNorm() {
        norms.layerNorm(y, 0, rowMean, 0, rowRstd, 0, x, 0, gamma, 0, beta, 0, 1e-5f, rows, cols);
        return y;
    }

    @Benchmark
    public float[] layerNormBackward() {
        norms.layerNormBackward(dx, 0, dgamma, 0, dbeta, 0, dy, 0, x, 0, rowMean, 0, rowRstd, 0, gamma, 0, rows, cols);
        return dx;
    }

    /** Memory-bandwidth reference: copy n floats (8 n bytes moved). Same for both kernel sets. */
    @Benchmark
    public float[] copy() {
        System.arraycopy(x, 0, y, 0, x.length);
        return y;
    }
}
