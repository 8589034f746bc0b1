package dev.lanes.bench.compare;

import dev.lanes.core.Tensor;
import dev.lanes.core.init.Init;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The six studies: their variants, default epochs and seeds, and what the report says about them
 * ({@link Findings}). Defaults are chosen so each study finishes in a few minutes on the embedded
 * 10,000-image subset on two cores.
 */
public enum Study {
    OPTIMIZERS("optimizers", "Optimizers on the same model and data, each at a sensible default learning rate", 4, 2),
    INIT("init", "Weight initializations on a deep MLP (10 hidden layers of 64) with sigmoid, tanh and ReLU", 3, 1),
    NORMALIZATION("normalization", "Input scaling and normalization layers, at a moderate and a high learning rate", 4, 1),
    ACTIVATIONS("activations", "Activation functions on the same model", 4, 2),
    REGULARIZATION("regularization", "Regularizers on a small training subset (2,000 images), where overfitting shows", 30, 2),
    SCHEDULES("schedules", "Learning-rate schedules for SGD with momentum", 5, 2);

    /** Default learning rate per optimizer: PyTorch's defaults, or common practice where the default is not sensible. */
    static final List<OptimizerLr> OPTIMIZER_LRS = List.of(
            new OptimizerLr("sgd", 0.1), new OptimizerLr("momentum", 0.01), new OptimizerLr("nesterov", 0.01),
            new OptimizerLr("rmsprop", 1e-3), new OptimizerLr("adagrad", 1e-2), new OptimizerLr("adadelta", 1.0),
            new OptimizerLr("adam", 1e-3), new OptimizerLr("adamw", 1e-3), new OptimizerLr("nadam", 2e-3),
            new OptimizerLr("radam", 1e-3), new OptimizerLr("lion", 1e-4));

    /** An optimizer name and its default learning rate in the optimizers study. */
    record OptimizerLr(String name, double lr) {}
    /** The lr sweep's factors of each optimizer's default lr. */
    static final double[] SWEEP = {0.3, 1, 3};
    /** Training rows of the regularization study. */
    static final int REGULARIZATION_ROWS = 2000;

    private final String id;
    private final String title;
    private final int defaultEpochs;
    private final int defaultSeeds;

    Study(String id, String title, int defaultEpochs, int defaultSeeds) {
        this.id = id;
        this.title = title;
        this.defaultEpochs = defaultEpochs;
        this.defaultSeeds = defaultSeeds;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public int defaultEpochs() {
        return defaultEpochs;
    }

    public int defaultSeeds() {
        return defaultSeeds;
    }

    /** The study named {@code name} (its id). */
    public static Study parse(String name) {
        for (Study s : values()) {
            if (s.id.equals(name)) {
                return s;
            }
        }
        List<String> ids = new ArrayList<>();
        for (Study s : values()) {
            ids.add(s.id);
        }
        throw new IllegalArgumentException("<study> must be one of " + String.join(", ", ids) + ", got '" + name + "'");
    }

    /** The training rows this study uses by default (0: all). */
    public int defaultTrainRows() {
        return this == REGULARIZATION ? REGULARIZATION_ROWS : 0;
    }

    /** Whether each epoch also evaluates all training rows in eval mode (for the generalization gap). */
    public boolean evalTrain() {
        return this == REGULARIZATION;
    }

    /** The variants, in report order. */
    public List<Variant> variants(boolean lrSweep) {
        List<Variant> v = new ArrayList<>();
        switch (this) {
            case OPTIMIZERS -> {
                ModelSpec spec = ModelSpec.mlp(784, 128, 64, 10);
                double[] factors = lrSweep ? SWEEP : new double[] {1};
                for (double f : factors) {
                    for (OptimizerLr o : OPTIMIZER_LRS) {
                        String name = o.name();
                        double lr = o.lr() * f;
                        String label = lrSweep ? name + " lr " + num(lr) : name;
                        v.add(Variant.of(label, spec, name, lr).withGroup(lrSweep ? "lr x" + num(f) : ""));
                    }
                }
            }
            case INIT -> {
                int[] layers = new int[12];
                layers[0] = 784;
                for (int i = 1; i <= 10; i++) {
                    layers[i] = 64;
                }
                layers[11] = 10;
                for (String act : List.of("sigmoid", "tanh", "relu")) {
                    ModelSpec spec = new ModelSpec(layers, act, ModelSpec.Norm.NONE, 0f, "default");
                    for (NamedInit in : inits()) {
                        v.add(Variant.of(act + " " + in.name(), spec, "momentum", 0.01).withGroup(act)
                                .withInit(in.name(), weights(in.init())));
                    }
                }
            }
            case NORMALIZATION -> {
                int[] layers = {784, 128, 128, 128, 10};
                double[] lrs = {0.01, 0.1};
                for (double lr : lrs) {
                    for (Variant.Scaling s : List.of(Variant.Scaling.RAW, Variant.Scaling.MINMAX, Variant.Scaling.STANDARD)) {
                        for (ModelSpec.Norm n : ModelSpec.Norm.values()) {
                            if (lr > 0.01 && s == Variant.Scaling.MINMAX) {
                                continue; // the high-lr half: raw vs standardized inputs, each with every norm
                            }
                            ModelSpec spec = new ModelSpec(layers, "relu", n, 0f, "default");
                            String name = shortScaling(s) + " + " + n.text() + " lr " + num(lr);
                            v.add(Variant.of(name, spec, "momentum", lr).withScaling(s).withGroup("lr " + num(lr)));
                        }
                    }
                }
            }
            case ACTIVATIONS -> {
                for (String a : List.of("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus")) {
                    v.add(Variant.of(a, new ModelSpec(new int[] {784, 128, 128, 10}, a, ModelSpec.Norm.NONE, 0f, "default"),
                            "adam", 1e-3));
                }
            }
            case REGULARIZATION -> {
                ModelSpec spec = ModelSpec.mlp(784, 256, 128, 10);
                v.add(Variant.of("none", spec, "adam", 1e-3));
                v.add(Variant.of("L2 (Adam, coupled)", spec, "adam", 1e-3).withWeightDecay(1e-3));
                v.add(Variant.of("weight decay (AdamW)", spec, "adamw", 1e-3).withWeightDecay(0.1));
                v.add(Variant.of("dropout 0.3", spec.withDropout(0.3f), "adam", 1e-3));
                v.add(Variant.of("label smoothing 0.1", spec, "adam", 1e-3).withLabelSmoothing(0.1f));
                v.add(Variant.of("early stopping", spec, "adam", 1e-3).withEarlyStop(3));
                v.add(Variant.of("AdamW + dropout + smoothing", spec.withDropout(0.3f), "adamw", 1e-3).withWeightDecay(0.1)
                        .withLabelSmoothing(0.1f));
            }
            case SCHEDULES -> {
                ModelSpec spec = ModelSpec.mlp(784, 128, 64, 10);
                for (String s : List.of("none", "step", "cosine", "warmup-cosine", "onecycle", "plateau")) {
                    v.add(Variant.of(s.equals("none") ? "constant" : s, spec, "momentum", 0.05).withSchedule(s));
                }
            }
            default -> throw new IllegalStateException("unhandled study " + this);
        }
        return v;
    }

    /** Notes on the variants' settings that the table does not show. */
    public List<String> notes(int trainRows) {
        return switch (this) {
            case OPTIMIZERS -> List.of("Model 784-128-64-10, ReLU, PyTorch's default init; batch loss cross-entropy.",
                    "Learning rates: " + lrList() + " (momentum and Nesterov: SGD with momentum 0.9).",
                    "Other hyperparameters are PyTorch's defaults (AdamW weight decay 0.01).");
            case INIT -> List.of("Model 784-64x10-10 (10 hidden layers of 64), no normalization; SGD, momentum 0.9, lr 0.01.",
                    "Initializations (weights; every bias 0): zeros; constant 1/fan_in (all weights equal);"
                            + " normal(0, 0.01^2) (too small); normal(0, 1) (too large); Xavier uniform and normal (gain 1);"
                            + " He normal (std sqrt(2/fan_in)); LeCun normal (std sqrt(1/fan_in)); orthogonal (gain 1).",
                    "Gradient norms: L2 norm of each Linear layer's weight gradient on a fixed batch of "
                            + StudyData.PROBE_ROWS + " training rows, before the first step and after training."
                            + " \"grad L1/L11\": first (input-side) and last layer's norm; \"grad ratio per layer\":"
                            + " (L1/L11)^(1/10), the factor by which the norm changes per layer going back from the"
                            + " output (below 1: vanishing, above 1: exploding). Tiny norms in every layer (with a ratio"
                            + " near 1) mean the forward signal itself vanished: see the activations charts.");
            case NORMALIZATION -> List.of("Model 784-128-128-128-10, ReLU, PyTorch's default init; SGD, momentum 0.9.",
                    "Inputs: raw 0-255 pixels, per-pixel min-max scaling to [0, 1], per-pixel standardization"
                            + " (scalers fitted on the training rows). Norm: none, BatchNorm1d or LayerNorm after each hidden Linear.",
                    "Two learning rates: 0.01 and 0.1 (at 0.1 the min-max inputs are left out: they behave as raw/255).");
            case ACTIVATIONS -> List.of("Model 784-128-128-10, PyTorch's default init; Adam, lr 0.001.",
                    "Time per epoch includes the per-epoch test evaluation; it shows the activation kernels' cost"
                            + " next to the GEMMs (the same for all).");
            case REGULARIZATION -> List.of("Model 784-256-128-10, ReLU; Adam, lr 0.001, on " + trainRows
                            + " training rows; train accuracy evaluated in eval mode over all training rows after each epoch.",
                    "L2 (coupled): Adam weight_decay 0.001 (added to the gradient). AdamW: decoupled weight decay 0.1."
                            + " Dropout 0.3 after each hidden activation. Label smoothing 0.1.",
                    "Early stopping: 20% of the training rows held out as validation, patience 3 epochs on validation"
                            + " loss (the model of the last epoch is evaluated).");
            case SCHEDULES -> List.of("Model 784-128-64-10, ReLU; SGD, momentum 0.9, base lr 0.05, schedules stepped per batch.",
                    "step: x0.1 at 1/3 and 2/3 of the steps; cosine: to 0; warmup-cosine: 5% linear warm-up, then cosine;"
                            + " onecycle: PyTorch's OneCycleLR defaults (max lr 0.05, momentum cycled 0.85-0.95);"
                            + " plateau: x0.3 when the test loss of an epoch does not improve (patience 0).");
        };
    }

    private static String lrList() {
        StringBuilder b = new StringBuilder();
        for (OptimizerLr o : OPTIMIZER_LRS) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(o.name()).append(' ').append(num(o.lr()));
        }
        return b.toString();
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e"); // 3.000e-05 -> 3e-05
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    private static String shortScaling(Variant.Scaling s) {
        return switch (s) {
            case RAW -> "raw";
            case UNIT -> "/255";
            case MINMAX -> "min-max";
            case STANDARD -> "standardized";
        };
    }

    /** A named initialization of one weight tensor. */
    record NamedInit(String name, BiConsumer<Tensor, RandomGenerator> init) {}

    /** The init study's initializations, by name: each writes one weight tensor. */
    static List<NamedInit> inits() {
        return List.of(
                new NamedInit("zeros", (w, r) -> Init.zeros(w)),
                new NamedInit("constant", (w, r) -> Init.constant(w, 1.0 / Init.fanIn(w))),
                new NamedInit("normal 0.01", (w, r) -> Init.normal(w, 0, 0.01, r)),
                new NamedInit("normal 1", (w, r) -> Init.normal(w, 0, 1, r)),
                new NamedInit("xavier uniform", (w, r) -> Init.xavierUniform(w, 1, r)),
                new NamedInit("xavier normal", (w, r) -> Init.xavierNormal(w, 1, r)),
                new NamedInit("he", (w, r) -> Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, r)),
                new NamedInit("lecun", (w, r) -> Init.lecunNormal(w, r)),
                new NamedInit("orthogonal", (w, r) -> Init.orthogonal(w, 1, r)));
    }

    /** Applies {@code f} to every Linear weight (in layer order, from one generator) and zeroes every bias. */
    private static Variant.WeightInit weights(BiConsumer<Tensor, RandomGenerator> f) {
        return (Sequential m, RandomGenerator rng) -> {
            for (var layer : m.layers()) {
                if (layer instanceof Linear lin) {
                    f.accept(lin.weight().value(), rng);
                    if (lin.bias() != null) {
                        Init.zeros(lin.bias().value());
                    }
                }
            }
        };
    }
}
