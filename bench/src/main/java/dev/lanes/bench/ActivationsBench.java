package dev.lanes.bench;

import dev.lanes.kernels.Activations;
import dev.lanes.kernels.Kernels;
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
 * Activations, scalar twin vs SIMD, forward and backward, side by side in one run.
 *
 * <p>Each benchmark processes {@code size} floats once per operation, so the score (ops/s)
 * times {@code size} is elements per second. Bytes moved per element: 8 for a forward
 * (read x, write y), 16 for a backward (read dy and x or y, read and write dx); multiply to get
 * GB/s. The softmax benchmarks treat the buffer as rows of {@value #SOFTMAX_COLS} columns (or one
 * row of {@code size} if smaller) and process {@code rows * cols} elements: use
 * {@link #softmaxElements(int)} to convert. Inputs are N(0, 3^2), so the transcendental kernels
 * see both tails and the middle. Sizes: 4096 and 65536 floats (in L1/L2), 65533 (a tail of 13
 * for 16 lanes), 10M (memory bound).
 *
 * <p>Example: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar
 * ActivationsBench.sigmoid -p size=4096,65536 -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class ActivationsBench {

    /** Softmax row length: a wide classifier head. */
    public static final int SOFTMAX_COLS = 1000;

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"4096", "65533", "65536", "10000000"})
    public int size;

    private Activations a;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private int rows;
    private int cols;

    /** Elements one softmax operation processes for a given size. */
    public static int softmaxElements(int size) {
        int c = Math.min(size, SOFTMAX_COLS);
        return (size / c) * c;
    }

    @Setup
    public void setup() {
        a = "simd".equals(impl) ? Kernels.simd().activations() : Kernels.scalar().activations();
        SplittableRandom rnd = new SplittableRandom(42);
        x = new float[size];
        y = new float[size];
        dy = new float[size];
        dx = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (3 * gaussian(rnd));
            dy[i] = (float) gaussian(rnd);
        }
        cols = Math.min(size, SOFTMAX_COLS);
        rows = size / cols;
        a.sigmoid(y, 0, x, 0, size); // a valid forward output for the y-based backwards
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(rnd.nextDouble(1e-300, 1))) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** The load/store limit for a forward: a plain copy of the same bytes (independent of impl). */
    @Benchmark public float[] copy() { System.arraycopy(x, 0, y, 0, size); return y; }

    // ---- forward ----
    @Benchmark public float[] sigmoid() { a.sigmoid(y, 0, x, 0, size); return y; }
    @Benchmark public float[] tanh() { a.tanh(y, 0, x, 0, size); return y; }
    @Benchmark public float[] relu() { a.relu(y, 0, x, 0, size); return y; }
    @Benchmark public float[] leakyRelu() { a.leakyRelu(y, 0, x, 0, 0.01f, size); return y; }
    @Benchmark public float[] elu() { a.elu(y, 0, x, 0, 1f, size); return y; }
    @Benchmark public float[] gelu() { a.gelu(y, 0, x, 0, size); return y; }
    @Benchmark public float[] geluTanh() { a.geluTanh(y, 0, x, 0, size); return y; }
    @Benchmark public float[] silu() { a.silu(y, 0, x, 0, size); return y; }
    @Benchmark public float[] softplus() { a.softplus(y, 0, x, 0, 1f, 20f, size); return y; }
    @Benchmark public float[] softmax() { a.softmax(y, 0, x, 0, rows, cols); return y; }
    @Benchmark public float[] logSoftmax() { a.logSoftmax(y, 0, x, 0, rows, cols); return y; }

    // ---- backward (accumulate into dx; dx grows slowly, which does not change the speed) ----
    @Benchmark public float[] sigmoidBackward() { a.sigmoidBackward(dx, 0, dy, 0, y, 0, size); return dx; }
    @Benchmark public float[] tanhBackward() { a.tanhBackward(dx, 0, dy, 0, y, 0, size); return dx; }
    @Benchmark public float[] reluBackward() { a.reluBackward(dx, 0, dy, 0, x, 0, size); return dx; }
    @Benchmark public float[] leakyReluBackward() { a.leakyReluBackward(dx, 0, dy, 0, x, 0, 0.01f, size); return dx; }
    @Benchmark public float[] eluBackward() { a.eluBackward(dx, 0, dy, 0, x, 0, 1f, size); return dx; }
    @Benchmark public float[] geluBackward() { a.geluBackward(dx, 0, dy, 0, x, 0, size); return dx; }
    @Benchmark public float[] geluTanhBackward() { a.geluTanhBackward(dx, 0, dy, 0, x, 0, size); return dx; }
    @Benchmark public float[] siluBackward() { a.siluBackward(dx, 0, dy, 0, x, 0, size); return dx; }
    @Benchmark public float[] softplusBackward() { a.softplusBackward(dx, 0, dy, 0, x, 0, 1f, 20f, size); return dx; }
    @Benchmark public float[] softmaxBackward() { a.softmaxBackward(dx, 0, dy, 0, y, 0, rows, cols); return dx; }
    @Benchmark public float[] logSoftmaxBackward() { a.logSoftmaxBackward(dx, 0, dy, 0, y, 0, rows, cols); return dx; }
}
