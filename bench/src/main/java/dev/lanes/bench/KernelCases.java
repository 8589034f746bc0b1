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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The one table of kernel benchmark cases: every vector, activation, reduction, norm and optimizer
 * update case, with the bytes it moves per element. It drives both {@code lanes bench ops} and the
 * JMH classes ({@link ActivationsBench}, {@link VectorsBench}, {@link ReductionsBench},
 * {@link NormsBench}, {@link UpdatesBench}, all on {@link KernelBench}), so a kernel is added to
 * the benchmarks in one place, and scalar vs SIMD is chosen one way ({@link #kernels(String)}).
 *
 * <p>A case is prepared once per kernel set and size (allocations, an optimizer's first step),
 * outside any timing, and gives the call to time. {@code copy} (a plain {@code System.arraycopy}
 * of the same length, 8 bytes per element) is the memory yardstick every family is measured
 * against. Row-wise kernels (softmax, log-softmax, logSumExpRows, argmaxRows, addRow, columnSums;
 * the norms' features) see {@code size / ROW} rows of {@link #ROW} columns, so they process
 * {@code size - size % ROW} elements; GB/s and elements/s are counted on {@code size}.
 */
public final class KernelCases {
    private KernelCases() {}

    /** Kernel families, in table order. {@code BASELINE} is the copy yardstick. */
    public enum Family {
        BASELINE, VECTORS, ACTIVATIONS, REDUCTIONS, NORMS, UPDATES;

        /** Lower-case name, as {@code lanes bench ops --only} accepts it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Prepares the timed call of one case on one kernel set over {@code data}. */
    @FunctionalInterface
    public interface Prepare {
        Runnable prepare(Kernels kernels, Data data);
    }

    /** One case: its name, family, the bytes it reads plus writes per element, and its call. */
    public record Case(String name, Family family, int bytesPerElement, Prepare prepare) {}

    /** Row length of the row-wise kernels and feature count of the norms: a hidden layer's width. */
    public static final int ROW = 256;
    /** Smallest size: two rows (batch norm's unbiased variance needs two rows per feature). */
    public static final int MIN_SIZE = 2 * ROW;

    /** The arrays every case works on, for one size; values in the activations' interesting range. */
    public static final class Data {
        public final int n;
        public final int rows;
        final float[] x;
        final float[] y;
        final float[] z;
        final float[] dy;
        final float[] out = new float[2];
        final int[] idx;
        final float[] rowStats1;
        final float[] rowStats2;
        final float[] col1 = new float[ROW];
        final float[] col2 = new float[ROW];
        final float[] runningMean = new float[ROW];
        final float[] runningVar = new float[ROW];
        final float[] gamma = new float[ROW];
        final float[] beta = new float[ROW];
        final float[] dgamma = new float[ROW];
        final float[] dbeta = new float[ROW];
        private Parameter param;
        /** Reductions add their result here, so their calls cannot be removed as dead code. */
        public float sink;

        public Data(int n) {
            if (n < MIN_SIZE) {
                throw new IllegalArgumentException("size must be >= " + MIN_SIZE + " (two rows of the row-wise kernels), got " + n);
            }
            this.n = n;
            this.rows = n / ROW;
            x = new float[n];
            y = new float[n];
            z = new float[n];
            dy = new float[n];
            idx = new int[rows];
            rowStats1 = new float[rows];
            rowStats2 = new float[rows];
            SplittableRandom r = new SplittableRandom(42);
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() * 8 - 4);
                y[i] = (float) r.nextDouble();
                dy[i] = (float) (r.nextDouble() - 0.5);
            }
            Arrays.fill(runningVar, 1f);
            Arrays.fill(gamma, 1.5f);
        }

        /** A parameter of {@code n} floats with a small gradient, for the optimizer cases (made on first use). */
        Parameter param() {
            if (param == null) {
                param = new Parameter("w", n);
                SplittableRandom r = new SplittableRandom(7);
                float[] v = param.value().data();
                float[] g = param.grad().data();
                for (int i = 0; i < n; i++) {
                    v[i] = (float) r.nextGaussian();
                    g[i] = (float) (0.01 * r.nextGaussian());
                }
            }
            return param;
        }
    }

    /** The kernel set named {@code "simd"} or {@code "scalar"}. */
    public static Kernels kernels(String impl) {
        return switch (impl) {
            case "simd" -> Kernels.simd();
            case "scalar" -> Kernels.scalar();
            default -> throw new IllegalArgumentException("kernel set must be 'scalar' or 'simd', got '" + impl + "'");
        };
    }

    private static final List<Case> ALL = Collections.unmodifiableList(build());

    /** Every case, in table order. */
    public static List<Case> all() {
        return ALL;
    }

    /** The cases of one family, in table order. */
    public static List<Case> of(Family f) {
        return ALL.stream().filter(c -> c.family() == f).toList();
    }

    /** The case of that name. */
    public static Case byName(String name) {
        for (Case c : ALL) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no benchmark case '" + name + "'; cases: "
                + ALL.stream().map(Case::name).toList());
    }

    private static final class Table {
        final List<Case> cases = new ArrayList<>();
        Family family;

        /** A case whose call needs no preparation beyond the data. */
        void add(String name, int bytes, Call call) {
            cases.add(new Case(name, family, bytes, (k, d) -> () -> call.run(k, d)));
        }

        void prepared(String name, int bytes, Prepare prepare) {
            cases.add(new Case(name, family, bytes, prepare));
        }
    }

    @FunctionalInterface
    private interface Call {
        void run(Kernels k, Data d);
    }

    /** An optimizer case: built on the data's parameter and stepped once (state allocated) before timing. */
    private static Prepare step(Function<Kernels, Optimizer.Builder<?, ?>> builder) {
        return (k, d) -> {
            Optimizer o = builder.apply(k).params(d.param()).build();
            o.step();
            return o::step;
        };
    }

    private static List<Case> build() {
        Table t = new Table();
        t.family = Family.BASELINE;
        t.add("copy", 8, (k, d) -> System.arraycopy(d.x, 0, d.z, 0, d.n));

        // Vectors: bytes = floats read + written, times 4
        t.family = Family.VECTORS;
        t.add("fill", 4, (k, d) -> k.vectors().fill(d.z, 0, 1.5f, d.n));
        t.add("vectorsCopy", 8, (k, d) -> k.vectors().copy(d.z, 0, d.x, 0, d.n));
        // alpha = -1 keeps the values bounded however many times it runs
        t.add("scale", 8, (k, d) -> k.vectors().scale(d.z, 0, -1f, d.n));
        t.add("axpy", 12, (k, d) -> k.vectors().axpy(d.z, 0, d.x, 0, 1e-3f, d.n));
        t.add("add", 12, (k, d) -> k.vectors().add(d.z, 0, d.x, 0, d.y, 0, d.n));
        t.add("sub", 12, (k, d) -> k.vectors().sub(d.z, 0, d.x, 0, d.y, 0, d.n));
        t.add("mul", 12, (k, d) -> k.vectors().mul(d.z, 0, d.x, 0, d.y, 0, d.n));
        t.add("clamp", 8, (k, d) -> k.vectors().clamp(d.z, 0, d.x, 0, -1f, 1f, d.n));
        t.add("addRow", 8, (k, d) -> k.vectors().addRow(d.z, 0, d.y, 0, d.rows, ROW));
        t.add("columnSums", 4, (k, d) -> k.vectors().columnSums(d.col1, 0, d.x, 0, d.rows, ROW));

        // Activations: a forward reads x and writes y (8 B); a backward reads dy, x or y, dx and writes dx (16 B)
        t.family = Family.ACTIVATIONS;
        t.add("relu", 8, (k, d) -> k.activations().relu(d.z, 0, d.x, 0, d.n));
        t.add("reluBackward", 16, (k, d) -> k.activations().reluBackward(d.z, 0, d.dy, 0, d.x, 0, d.n));
        t.add("leakyRelu", 8, (k, d) -> k.activations().leakyRelu(d.z, 0, d.x, 0, 0.01f, d.n));
        t.add("leakyReluBackward", 16, (k, d) -> k.activations().leakyReluBackward(d.z, 0, d.dy, 0, d.x, 0, 0.01f, d.n));
        t.add("elu", 8, (k, d) -> k.activations().elu(d.z, 0, d.x, 0, 1f, d.n));
        t.add("eluBackward", 16, (k, d) -> k.activations().eluBackward(d.z, 0, d.dy, 0, d.x, 0, 1f, d.n));
        t.add("sigmoid", 8, (k, d) -> k.activations().sigmoid(d.z, 0, d.x, 0, d.n));
        t.add("sigmoidBackward", 16, (k, d) -> k.activations().sigmoidBackward(d.z, 0, d.dy, 0, d.y, 0, d.n));
        t.add("tanh", 8, (k, d) -> k.activations().tanh(d.z, 0, d.x, 0, d.n));
        t.add("tanhBackward", 16, (k, d) -> k.activations().tanhBackward(d.z, 0, d.dy, 0, d.y, 0, d.n));
        t.add("gelu", 8, (k, d) -> k.activations().gelu(d.z, 0, d.x, 0, d.n));
        t.add("geluBackward", 16, (k, d) -> k.activations().geluBackward(d.z, 0, d.dy, 0, d.x, 0, d.n));
        t.add("geluTanh", 8, (k, d) -> k.activations().geluTanh(d.z, 0, d.x, 0, d.n));
        t.add("geluTanhBackward", 16, (k, d) -> k.activations().geluTanhBackward(d.z, 0, d.dy, 0, d.x, 0, d.n));
        t.add("silu", 8, (k, d) -> k.activations().silu(d.z, 0, d.x, 0, d.n));
        t.add("siluBackward", 16, (k, d) -> k.activations().siluBackward(d.z, 0, d.dy, 0, d.x, 0, d.n));
        t.add("softplus", 8, (k, d) -> k.activations().softplus(d.z, 0, d.x, 0, 1f, 20f, d.n));
        t.add("softplusBackward", 16, (k, d) -> k.activations().softplusBackward(d.z, 0, d.dy, 0, d.x, 0, 1f, 20f, d.n));
        t.add("softmax", 8, (k, d) -> k.activations().softmax(d.z, 0, d.x, 0, d.rows, ROW));
        // y holds values in (0, 1): a valid softmax output for the backward's purposes (speed only)
        t.add("softmaxBackward", 16, (k, d) -> k.activations().softmaxBackward(d.z, 0, d.dy, 0, d.y, 0, d.rows, ROW));
        t.add("logSoftmax", 8, (k, d) -> k.activations().logSoftmax(d.z, 0, d.x, 0, d.rows, ROW));
        t.add("logSoftmaxBackward", 16, (k, d) -> k.activations().logSoftmaxBackward(d.z, 0, d.dy, 0, d.y, 0, d.rows, ROW));

        // Reductions: read 4 B per element (dot: 8)
        t.family = Family.REDUCTIONS;
        t.add("sum", 4, (k, d) -> d.sink += k.reductions().sum(d.x, 0, d.n));
        t.add("max", 4, (k, d) -> d.sink += k.reductions().max(d.x, 0, d.n));
        t.add("min", 4, (k, d) -> d.sink += k.reductions().min(d.x, 0, d.n));
        t.add("argmax", 4, (k, d) -> d.sink += k.reductions().argmax(d.x, 0, d.n));
        t.add("dot", 8, (k, d) -> d.sink += k.reductions().dot(d.x, 0, d.y, 0, d.n));
        t.add("sumSquares", 4, (k, d) -> d.sink += k.reductions().sumSquares(d.x, 0, d.n));
        t.add("norm2", 4, (k, d) -> d.sink += k.reductions().norm2(d.x, 0, d.n));
        t.add("meanVariance", 4, (k, d) -> k.reductions().meanVariance(d.out, 0, d.x, 0, d.n));
        t.add("logSumExpRows", 4, (k, d) -> k.reductions().logSumExpRows(d.rowStats1, 0, d.x, 0, d.rows, ROW));
        t.add("argmaxRows", 4, (k, d) -> k.reductions().argmaxRows(d.idx, 0, d.x, 0, d.rows, ROW));

        // Norms over [rows, ROW]: a forward reads x and writes y (8 B; batch norm training reads x twice: 12 B);
        // a backward reads dy, x, dx and writes dx (16 B)
        t.family = Family.NORMS;
        t.add("batchNormTrain", 12, (k, d) -> k.norms().batchNormTrain(d.z, 0, d.col1, 0, d.col2, 0, d.runningMean, 0,
                d.runningVar, 0, d.x, 0, d.gamma, 0, d.beta, 0, 0.1f, 1e-5f, d.rows, ROW));
        t.add("batchNormEval", 8, (k, d) -> k.norms().batchNormEval(d.z, 0, d.col1, 0, d.col2, 0, d.x, 0, d.runningMean, 0,
                d.runningVar, 0, d.gamma, 0, d.beta, 0, 1e-5f, d.rows, ROW));
        t.prepared("batchNormBackward", 16, (k, d) -> {
            k.norms().batchNormTrain(d.y, 0, d.col1, 0, d.col2, 0, d.runningMean, 0, d.runningVar, 0, d.x, 0,
                    d.gamma, 0, d.beta, 0, 0.1f, 1e-5f, d.rows, ROW); // the statistics the backward reads
            return () -> k.norms().batchNormBackward(d.z, 0, d.dgamma, 0, d.dbeta, 0, d.dy, 0, d.x, 0, d.col1, 0,
                    d.col2, 0, d.gamma, 0, true, d.rows, ROW);
        });
        t.add("layerNorm", 8, (k, d) -> k.norms().layerNorm(d.z, 0, d.rowStats1, 0, d.rowStats2, 0, d.x, 0, d.gamma, 0,
                d.beta, 0, 1e-5f, d.rows, ROW));
        t.prepared("layerNormBackward", 16, (k, d) -> {
            k.norms().layerNorm(d.y, 0, d.rowStats1, 0, d.rowStats2, 0, d.x, 0, d.gamma, 0, d.beta, 0, 1e-5f, d.rows, ROW);
            return () -> k.norms().layerNormBackward(d.z, 0, d.dgamma, 0, d.dbeta, 0, d.dy, 0, d.x, 0, d.rowStats1, 0,
                    d.rowStats2, 0, d.gamma, 0, d.rows, ROW);
        });

        // Optimizer steps (Optimizer.step(): one fused Updates call) over one parameter of size floats:
        // bytes = (floats read + written) * 4: p, g, one state read; p, state written = 20; two states = 28
        t.family = Family.UPDATES;
        t.prepared("sgd", 20, step(k -> SGD.builder().lr(1e-3).momentum(0.9).kernels(k)));
        t.prepared("rmsprop", 20, step(k -> RMSprop.builder().kernels(k)));
        t.prepared("adagrad", 20, step(k -> Adagrad.builder().kernels(k)));
        t.prepared("adadelta", 28, step(k -> Adadelta.builder().kernels(k)));
        t.prepared("adam", 28, step(k -> Adam.builder().kernels(k)));
        t.prepared("adamw", 28, step(k -> AdamW.builder().kernels(k)));
        t.prepared("adamax", 28, step(k -> Adamax.builder().kernels(k)));
        t.prepared("nadam", 28, step(k -> NAdam.builder().kernels(k)));
        t.prepared("radam", 28, step(k -> RAdam.builder().kernels(k)));
        t.prepared("lion", 20, step(k -> Lion.builder().kernels(k)));
        // Adam after its gradients vanished (dead ReLU units in a real run): one step with 1e-36
        // gradients, then zero gradients for 50 steps decay the moments into the subnormal range,
        // where x86 cores take a microcode assist per operation unless the kernel flushes them to
        // zero (it does: see Updates). Timed with zero gradients.
        t.prepared("adamVanishing", 28, (k, d) -> {
            Parameter p = new Parameter("dead", d.n);
            Arrays.fill(p.value().data(), 0.5f);
            Arrays.fill(p.grad().data(), 1e-36f);
            Optimizer o = Adam.builder().kernels(k).params(p).build();
            o.step();
            Arrays.fill(p.grad().data(), 0f);
            for (int i = 0; i < 50; i++) {
                o.step();
            }
            return o::step;
        });
        return t.cases;
    }
}
