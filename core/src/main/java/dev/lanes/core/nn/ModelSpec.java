package dev.lanes.core.nn;

import dev.lanes.core.init.Init;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An immutable description of a multilayer perceptron, enough to rebuild it (model files store
 * it as text in their metadata).
 *
 * <pre>
 * layers = n0,n1,...,nk        (k >= 1 Linear layers: n0 inputs, nk outputs/logits)
 * for each hidden layer j = 1..k-1:   Linear(n(j-1) -> nj), [norm(nj)], activation, [Dropout(p)]
 * last:                               Linear(n(k-1) -> nk)
 * </pre>
 *
 * The layer indices of the built {@link Sequential} are those of the same PyTorch
 * {@code nn.Sequential}, so state-dict keys match ({@code 0.weight}, {@code 1.running_mean}, ...).
 * For example {@code layers=784,256,10 norm=batch dropout=0.1} builds
 * {@code 0 Linear(784,256), 1 BatchNorm1d(256), 2 ReLU, 3 Dropout(0.1), 4 Linear(256,10)}.
 *
 * <p>Fields and their text (see {@link #toText()} / {@link #parse(String)}):
 * <ul>
 *   <li>{@code layers}: comma-separated sizes, at least two, each {@code >= 1};</li>
 *   <li>{@code activation}: {@code relu} (default), {@code leaky_relu} (slope 0.01),
 *       {@code elu} (alpha 1), {@code gelu} (exact), {@code gelu_tanh}, {@code silu},
 *       {@code sigmoid}, {@code tanh}, {@code softplus} (beta 1, threshold 20): PyTorch's
 *       defaults for each;</li>
 *   <li>{@code norm}: {@code none} (default), {@code batch} ({@code BatchNorm1d}) or
 *       {@code layer} ({@code LayerNorm}), PyTorch defaults (eps 1e-5, momentum 0.1, affine),
 *       between each hidden Linear and its activation;</li>
 *   <li>{@code dropout}: probability in {@code [0, 1)} after each hidden activation; 0 (default)
 *       adds no Dropout layer;</li>
 *   <li>{@code init}: the Linear layers' initialization:
 *     <ul>
 *       <li>{@code default}: PyTorch's {@code nn.Linear} default (weight and bias
 *           {@code U(-1/sqrt(in), 1/sqrt(in))});</li>
 *       <li>{@code he} (alias {@code kaiming}, {@code he_normal}): {@code kaiming_normal_},
 *           fan_in, gain of the activation (relu's {@code sqrt 2}; leaky_relu's with slope
 *           0.01; tanh 5/3; sigmoid 1; others relu's), bias 0;</li>
 *       <li>{@code he_uniform}: {@code kaiming_uniform_}, same gain, bias 0;</li>
 *       <li>{@code xavier} (alias {@code glorot}, {@code xavier_uniform}): {@code xavier_uniform_}
 *           with the same gain, bias 0; {@code xavier_normal}: {@code xavier_normal_}, bias 0;</li>
 *       <li>{@code lecun} (alias {@code lecun_normal}): {@code N(0, 1/fan_in)}, bias 0;
 *           {@code lecun_uniform}: {@code U(-sqrt(3/fan_in), sqrt(3/fan_in))}, bias 0;</li>
 *       <li>{@code normal}: {@code N(0, 0.01^2)}, bias 0.</li>
 *     </ul>
 *     Aliases are stored under the first name ({@code kaiming} becomes {@code he}).</li>
 * </ul>
 */
public final class ModelSpec {
    /** Accepted activation names. */
    public static final List<String> ACTIVATIONS =
            List.of("relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "sigmoid", "tanh", "softplus");
    /** Accepted init names (canonical ones; see the class comment for aliases). */
    public static final List<String> INITS = List.of("default", "he", "he_uniform", "xavier", "xavier_normal", "lecun",
            "lecun_uniform", "normal");
    private static final Map<String, String> INIT_ALIASES = Map.of("kaiming", "he", "he_normal", "he", "glorot", "xavier",
            "xavier_uniform", "xavier", "lecun_normal", "lecun", "kaiming_uniform", "he_uniform", "glorot_normal",
            "xavier_normal", "kaiming_normal", "he");

    /** Where normalization goes: nowhere, batch norm, or layer norm. */
    public enum Norm {
        NONE, BATCH, LAYER;

        /** The text name: {@code none}, {@code batch}, {@code layer}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code none|batch|layer} (also {@code batchnorm}, {@code layernorm}). */
        public static Norm parse(String s) {
            if (s == null) {
                throw new IllegalArgumentException("norm must not be null; expected none, batch or layer");
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "none", "" -> NONE;
                case "batch", "batchnorm", "batch_norm" -> BATCH;
                case "layer", "layernorm", "layer_norm" -> LAYER;
                default -> throw new IllegalArgumentException("norm must be none, batch or layer, got '" + s + "'");
            };
        }
    }

    private final int[] layers;
    private final String activation;
    private final Norm norm;
    private final float dropout;
    private final String init;

    /**
     * @param layers     sizes {@code n0..nk}, at least two, each {@code >= 1}
     * @param activation one of {@link #ACTIVATIONS}
     * @param norm       where to normalize
     * @param dropout    in {@code [0, 1)}
     * @param init       one of {@link #INITS} or an alias
     * @throws IllegalArgumentException naming the field, expected and actual value
     */
    public ModelSpec(int[] layers, String activation, Norm norm, float dropout, String init) {
        if (layers == null || layers.length < 2) {
            throw new IllegalArgumentException("layers must list at least 2 sizes (inputs and outputs), got "
                    + (layers == null ? "null" : Arrays.toString(layers)));
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] < 1) {
                throw new IllegalArgumentException("layers: size " + i + " must be >= 1, got " + layers[i] + " in "
                        + Arrays.toString(layers));
            }
        }
        if (activation == null || !ACTIVATIONS.contains(activation.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("activation must be one of " + ACTIVATIONS + ", got '" + activation + "'");
        }
        if (norm == null) {
            throw new IllegalArgumentException("norm must not be null; expected none, batch or layer");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.layers = layers.clone();
        this.activation = activation.trim().toLowerCase(Locale.ROOT);
        this.norm = norm;
        this.dropout = dropout;
        this.init = canonicalInit(init);
    }

    /** An MLP with ReLU, no norm, no dropout, PyTorch's default init. */
    public static ModelSpec mlp(int... layers) {
        return new ModelSpec(layers, "relu", Norm.NONE, 0f, "default");
    }

    private static String canonicalInit(String init) {
        if (init == null) {
            throw new IllegalArgumentException("init must be one of " + INITS + ", got null");
        }
        String s = init.trim().toLowerCase(Locale.ROOT);
        s = INIT_ALIASES.getOrDefault(s, s);
        if (!INITS.contains(s)) {
            throw new IllegalArgumentException("init must be one of " + INITS + " (or an alias: " + INIT_ALIASES.keySet()
                    + "), got '" + init + "'");
        }
        return s;
    }

    /** A copy of the layer sizes. */
    public int[] layers() {
        return layers.clone();
    }

    public int inputs() {
        return layers[0];
    }

    /** The number of outputs (classes). */
    public int outputs() {
        return layers[layers.length - 1];
    }

    public String activation() {
        return activation;
    }

    public Norm norm() {
        return norm;
    }

    public float dropout() {
        return dropout;
    }

    /** The canonical init name. */
    public String init() {
        return init;
    }

    public ModelSpec withActivation(String a) {
        return new ModelSpec(layers, a, norm, dropout, init);
    }

    public ModelSpec withNorm(Norm n) {
        return new ModelSpec(layers, activation, n, dropout, init);
    }

    public ModelSpec withDropout(float p) {
        return new ModelSpec(layers, activation, norm, p, init);
    }

    public ModelSpec withInit(String i) {
        return new ModelSpec(layers, activation, norm, dropout, i);
    }

    /**
     * Builds the network: weights drawn from {@code rng} (PyTorch-default init of each Linear first,
     * then, for a non-default init, the init's draws); the Dropout layers draw from their own
     * {@code SplittableRandom} seeded with {@code rng.nextLong()} after all weights are drawn.
     */
    public Sequential build(RandomGenerator rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        return build(rng, null);
    }

    /**
     * Builds the network with weights from {@code initRng} and dropout masks from
     * {@code dropoutRng} (shared by all Dropout layers; when null, a {@code SplittableRandom}
     * seeded with {@code initRng.nextLong()}).
     */
    public Sequential build(RandomGenerator initRng, RandomGenerator dropoutRng) {
        if (initRng == null) {
            throw new IllegalArgumentException("initRng must not be null");
        }
        List<Linear> linears = new ArrayList<>();
        for (int j = 1; j < layers.length; j++) {
            Linear lin = new Linear(layers[j - 1], layers[j], initRng);
            reinit(lin, initRng);
            linears.add(lin);
        }
        RandomGenerator drop = dropout > 0 ? (dropoutRng != null ? dropoutRng : new SplittableRandom(initRng.nextLong())) : null;
        List<Layer> out = new ArrayList<>();
        for (int j = 1; j < layers.length; j++) {
            out.add(linears.get(j - 1));
            if (j == layers.length - 1) {
                break;
            }
            switch (norm) {
                case BATCH -> out.add(new BatchNorm1d(layers[j]));
                case LAYER -> out.add(new LayerNorm(layers[j]));
                case NONE -> { }
            }
            out.add(activationLayer());
            if (dropout > 0) {
                out.add(new Dropout(dropout, drop));
            }
        }
        return new Sequential(out);
    }

    private void reinit(Linear lin, RandomGenerator rng) {
        if (init.equals("default")) {
            return;
        }
        var w = lin.weight().value();
        Init.Nonlinearity nl = switch (activation) {
            case "leaky_relu" -> Init.Nonlinearity.LEAKY_RELU;
            case "tanh" -> Init.Nonlinearity.TANH;
            case "sigmoid" -> Init.Nonlinearity.SIGMOID;
            default -> Init.Nonlinearity.RELU;
        };
        double gain = Init.calculateGain(nl, 0.01);
        switch (init) {
            case "he" -> Init.kaimingNormal(w, 0.01, Init.FanMode.FAN_IN, nl, rng);
            case "he_uniform" -> Init.kaimingUniform(w, 0.01, Init.FanMode.FAN_IN, nl, rng);
            case "xavier" -> Init.xavierUniform(w, gain, rng);
            case "xavier_normal" -> Init.xavierNormal(w, gain, rng);
            case "lecun" -> Init.lecunNormal(w, rng);
            case "lecun_uniform" -> Init.lecunUniform(w, rng);
            case "normal" -> Init.normal(w, 0, 0.01, rng);
            default -> throw new IllegalStateException("unhandled init " + init);
        }
        if (lin.bias() != null) {
            Init.zeros(lin.bias().value());
        }
    }

    private Layer activationLayer() {
        return switch (activation) {
            case "relu" -> new ReLU();
            case "leaky_relu" -> new LeakyReLU();
            case "elu" -> new ELU();
            case "gelu" -> new GELU();
            case "gelu_tanh" -> new GELU(GELU.Approximation.TANH);
            case "silu" -> new SiLU();
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "softplus" -> new Softplus();
            default -> throw new IllegalStateException("unhandled activation " + activation);
        };
    }

    /**
     * The state-dict keys and shapes of the built network, in layer order, as PyTorch names them
     * ({@code num_batches_tracked} has shape {@code []}).
     */
    public Map<String, long[]> stateShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        int idx = 0;
        for (int j = 1; j < layers.length; j++) {
            m.put(idx + ".weight", new long[] {layers[j], layers[j - 1]});
            m.put(idx + ".bias", new long[] {layers[j]});
            idx++;
            if (j == layers.length - 1) {
                break;
            }
            if (norm != Norm.NONE) {
                m.put(idx + ".weight", new long[] {layers[j]});
                m.put(idx + ".bias", new long[] {layers[j]});
                if (norm == Norm.BATCH) {
                    m.put(idx + ".running_mean", new long[] {layers[j]});
                    m.put(idx + ".running_var", new long[] {layers[j]});
                    m.put(idx + ".num_batches_tracked", new long[] {});
                }
                idx++;
            }
            idx++; // activation
            if (dropout > 0) {
                idx++;
            }
        }
        return m;
    }

    /**
     * The text form, e.g. {@code layers=784,256,128,10 activation=relu norm=none dropout=0.1 init=he}:
     * every field, in this order, so equal specs give equal text.
     */
    public String toText() {
        StringBuilder b = new StringBuilder("layers=");
        for (int i = 0; i < layers.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(layers[i]);
        }
        b.append(" activation=").append(activation).append(" norm=").append(norm.text()).append(" dropout=")
                .append(dropout == 0 ? "0" : Float.toString(dropout)).append(" init=").append(init);
        return b.toString();
    }

    /**
     * Parses {@link #toText()}'s form: whitespace-separated {@code key=value} fields in any order;
     * {@code layers} is required, the others default to {@code activation=relu norm=none
     * dropout=0 init=default}. Unknown, repeated or malformed fields are refused with a message
     * naming the field.
     */
    public static ModelSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("model spec must not be empty; expected e.g. 'layers=784,256,10 activation=relu'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String tok : text.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("model spec: field '" + tok + "' must be key=value");
            }
            String key = tok.substring(0, eq);
            if (!List.of("layers", "activation", "norm", "dropout", "init").contains(key)) {
                throw new IllegalArgumentException("model spec: unknown field '" + key
                        + "'; expected layers, activation, norm, dropout, init");
            }
            if (fields.put(key, tok.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("model spec: field '" + key + "' given twice");
            }
        }
        String ls = fields.get("layers");
        if (ls == null) {
            throw new IllegalArgumentException("model spec: field 'layers' is required, e.g. layers=784,256,10");
        }
        String[] parts = ls.split(",", -1);
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model spec: layers: size " + i + " must be an integer, got '"
                        + parts[i] + "' in '" + ls + "'");
            }
        }
        float p;
        String ds = fields.getOrDefault("dropout", "0");
        try {
            p = Float.parseFloat(ds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model spec: dropout must be a number in [0, 1), got '" + ds + "'");
        }
        Norm n;
        try {
            n = Norm.parse(fields.getOrDefault("norm", "none"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec: " + e.getMessage());
        }
        try {
            return new ModelSpec(sizes, fields.getOrDefault("activation", "relu"), n, p, fields.getOrDefault("init", "default"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && Arrays.equals(layers, s.layers) && activation.equals(s.activation)
                && norm == s.norm && Float.compare(dropout, s.dropout) == 0 && init.equals(s.init);
    }

    @Override
    public int hashCode() {
        return toText().hashCode();
    }

    @Override
    public String toString() {
        return "ModelSpec(" + toText() + ")";
    }
}
