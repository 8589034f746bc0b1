package dev.lanes.bench;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Kernels;
import dev.lanes.optimizers.Adadelta;
import dev.lanes.optimizers.Adagrad;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.AdamW;
import dev.lanes.optimizers.Adamax;
import dev.lanes.optimizers.Lion;
import dev.lanes.optimizers.NAdam;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.RAdam;
import dev.lanes.optimizers.RMSprop;
import dev.lanes.optimizers.SGD;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One optimizer step ({@code Optimizer.step()}, i.e. one fused {@code Updates} kernel call) over
 * one parameter of {@code n} floats (10M by default, a non-multiple of 16), on the scalar and the
 * SIMD kernel set, next to a plain array copy ({@code System.arraycopy}) of the same length.
 *
 * <p>Reported: average time per step in ms. Convert to GB/s as
 * {@code bytesPerParam * n / (ms * 1e6)}, with {@code bytesPerParam} the floats read plus the
 * floats written per parameter, times 4 ({@link #bytesPerParam(String)}): copy 8 (read 1, write 1);
 * SGD with momentum, RMSprop, Adagrad, Lion 20 (read p, g, one state; write p, state); Adadelta,
 * Adam, AdamW, Adamax, NAdam, RAdam 28 (read p, g, two states; write p, two states). The copy's
 * destination is also read for ownership by the cache (12 bytes of traffic per element without
 * non-temporal stores), which this count, as the target, ignores.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar UpdatesBench -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class UpdatesBench {

    @Param({"10000003"})
    public int n;

    @Param({"copy", "sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "adamax", "nadam", "radam", "lion"})
    public String rule;

    @Param({"scalar", "simd"})
    public String kernels;

    /**
     * {@code random}: N(0, 0.01) gradients. {@code zero}: the state is built by one step with tiny
     * gradients (1e-36), then the gradients are zero and 50 more steps decay it: without the
     * kernels' flush to zero (see {@code Updates}) the state sits in subnormal floats, which cost
     * x86 cores a microcode assist per operation (dead ReLU units in a real run).
     */
    @Param({"random", "zero"})
    public String grads;

    private Optimizer optimizer;
    private float[] src;
    private float[] dst;

    /** Bytes read plus written per parameter (per element for the copy). */
    public static int bytesPerParam(String rule) {
        return switch (rule) {
            case "copy" -> 8;
            case "sgd", "rmsprop", "adagrad", "lion" -> 20;
            default -> 28;
        };
    }

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        if (rule.equals("copy")) {
            src = new float[n];
            dst = new float[n];
            for (int i = 0; i < n; i++) {
                src[i] = (float) r.nextGaussian();
            }
            return;
        }
        Kernels k = kernels.equals("simd") ? Kernels.simd() : Kernels.scalar();
        Parameter p = new Parameter("w", n);
        float[] v = p.value().data();
        float[] g = p.grad().data();
        boolean zero = grads.equals("zero");
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
            g[i] = (float) ((zero ? 1e-36 : 0.01) * r.nextGaussian());
        }
        optimizer = switch (rule) {
            case "sgd" -> SGD.builder().lr(1e-3).momentum(0.9).kernels(k).params(p).build();
            case "rmsprop" -> RMSprop.builder().kernels(k).params(p).build();
            case "adagrad" -> Adagrad.builder().kernels(k).params(p).build();
            case "adadelta" -> Adadelta.builder().kernels(k).params(p).build();
            case "adam" -> Adam.builder().kernels(k).params(p).build();
            case "adamw" -> AdamW.builder().kernels(k).params(p).build();
            case "adamax" -> Adamax.builder().kernels(k).params(p).build();
            case "nadam" -> NAdam.builder().kernels(k).params(p).build();
            case "radam" -> RAdam.builder().kernels(k).params(p).build();
            case "lion" -> Lion.builder().kernels(k).params(p).build();
            default -> throw new IllegalArgumentException("unknown rule " + rule);
        };
        optimizer.step(); // allocate the state outside the measurement
        if (zero) {
            java.util.Arrays.fill(g, 0f);
            for (int i = 0; i < 50; i++) {
                optimizer.step();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        optimizer = null;
        src = null;
        dst = null;
    }

    @Benchmark
    public Object step() {
        if (optimizer == null) {
            System.arraycopy(src, 0, dst, 0, n);
            return dst;
        }
        optimizer.step();
        return optimizer;
    }
}
