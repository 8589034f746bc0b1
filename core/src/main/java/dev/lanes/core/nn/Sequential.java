package dev.lanes.core.nn;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Layers run in order: forward front to back, backward back to front.
 *
 * <p>The hot path (forward, backward) walks a plain array by index, so after the first batch of a
 * given shape a training step allocates nothing on the heap. The returned tensors are owned by the
 * last (forward) or first (backward) layer, as the {@link Layer} contract says.
 *
 * <p>By default the first layer does not compute its input gradient (the input is data, as a
 * PyTorch input that does not require grad); then {@link #backward} returns {@code null}. Call
 * {@link #computeInputGradient(boolean) computeInputGradient(true)} to get it.
 *
 * <p>Like every layer, a {@code Sequential} serves one thread. For concurrent inference give each
 * thread its own {@link #inferenceCopy()}: the copies share the parameter arrays (read only) and
 * have their own buffers, so N threads cost N sets of activations, not N models.
 *
 * <p>{@link #diagnostics()} reports, on demand, statistics of each layer's last output and last
 * input gradient (for vanishing / exploding gradients); {@link #summary(int...)} prints a table
 * of layers, output shapes and parameter counts.
 */
public final class Sequential implements Layer {
    private final Layer[] layers;
    private final Tensor[] outputs;
    private final Tensor[] gradInputs;
    private final List<Parameter> params;
    private boolean training = true;

    public Sequential(Layer... layers) {
        this(Arrays.asList(layers == null ? new Layer[] {null} : layers));
    }

    public Sequential(List<? extends Layer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential needs at least one layer, got none");
        }
        this.layers = new Layer[layers.size()];
        for (int i = 0; i < this.layers.length; i++) {
            Layer l = layers.get(i);
            if (l == null) {
                throw new IllegalArgumentException("Sequential: layer " + i + " must not be null");
            }
            this.layers[i] = l;
        }
        this.outputs = new Tensor[this.layers.length];
        this.gradInputs = new Tensor[this.layers.length];
        List<Parameter> all = new ArrayList<>();
        for (Layer l : this.layers) {
            all.addAll(l.parameters());
        }
        this.params = Collections.unmodifiableList(all);
        this.layers[0].computeInputGradient(false);
    }

    /** The layers, in order (an unmodifiable view). */
    public List<Layer> layers() {
        return List.of(layers);
    }

    /** Number of layers. */
    public int size() {
        return layers.length;
    }

    /** Layer {@code i}. */
    public Layer layer(int i) {
        if (i < 0 || i >= layers.length) {
            throw new IllegalArgumentException("layer index must be in [0, " + layers.length + "), got " + i);
        }
        return layers[i];
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.length; i++) {
            t = layers[i].forward(t);
            outputs[i] = t;
        }
        return t;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.length - 1; i >= 0; i--) {
            g = layers[i].backward(g);
            gradInputs[i] = g;
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Parameters named as PyTorch's {@code state_dict} keys: {@code "<layer index>.<name>"}. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            for (Parameter p : layers[i].parameters()) {
                m.put(i + "." + p.name(), p);
            }
        }
        return m;
    }

    /**
     * Buffers named as PyTorch's {@code state_dict} keys ({@code "<layer index>.<name>"}, e.g.
     * {@code 1.running_mean}); live tensors. {@code num_batches_tracked} is not a float tensor
     * and is read from {@link BatchNorm1d#numBatchesTracked()}.
     */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, Tensor> e : layers[i].buffers().entrySet()) {
                m.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : params) {
            n += p.size();
        }
        return n;
    }

    /** Sets every parameter gradient to 0. */
    public void zeroGrad() {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).zeroGrad();
        }
    }

    @Override
    public void train(boolean training) {
        for (Layer l : layers) {
            l.train(training);
        }
        this.training = training;
    }

    /**
     * A copy for inference on another thread (see {@link Layer#inferenceCopy()}): every layer's
     * inference copy, so the parameters are shared read only and the activations are the copy's
     * own. Cheap: no weights are copied.
     *
     * @throws UnsupportedOperationException if a layer provides no inference copy
     */
    @Override
    public Sequential inferenceCopy() {
        Layer[] copies = new Layer[layers.length];
        for (int i = 0; i < layers.length; i++) {
            copies[i] = layers[i].inferenceCopy();
        }
        Sequential s = new Sequential(copies);
        s.training = false;
        return s;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    /** Whether the first layer computes dL/d(input) (default {@code false}). */
    @Override
    public void computeInputGradient(boolean required) {
        layers[0].computeInputGradient(required);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) {
            s = l.outputShape(s);
        }
        return s;
    }

    /**
     * A table of the layers with their output shapes (for an input of shape {@code inputShape})
     * and parameter counts, and the total, e.g.
     * <pre>
     * #  layer                 output shape   params
     * 0  Linear(784 -> 256, bias)  [64, 256]   200,960
     * ...
     * total parameters: 235,146
     * </pre>
     */
    public String summary(int... inputShape) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "layer", "output shape", "params"});
        int[] s = inputShape;
        long total = 0;
        for (int i = 0; i < layers.length; i++) {
            s = layers[i].outputShape(s);
            long n = 0;
            for (Parameter p : layers[i].parameters()) {
                n += p.size();
            }
            total += n;
            rows.add(new String[] {Integer.toString(i), layers[i].describe(), Arrays.toString(s),
                String.format(Locale.ROOT, "%,d", n)});
        }
        int[] w = new int[4];
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("input shape ").append(Arrays.toString(inputShape)).append('\n');
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %" + w[3] + "s",
                    r[0], r[1], r[2], r[3]).stripTrailing()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "total parameters: %,d%n", total));
        return sb.toString();
    }

    /**
     * Statistics of every layer's last output and last input gradient, computed now (not during
     * training) with the {@code Reductions} kernels. Call it after a backward pass.
     */
    public List<LayerDiagnostics> diagnostics() {
        List<LayerDiagnostics> d = new ArrayList<>(layers.length);
        for (int i = 0; i < layers.length; i++) {
            d.add(new LayerDiagnostics(i, layers[i].describe(),
                    outputs[i] == null ? null : TensorStats.of(outputs[i]),
                    gradInputs[i] == null ? null : TensorStats.of(gradInputs[i])));
        }
        return d;
    }

    /** {@link #diagnostics()} as a text table. */
    public String diagnosticsTable() {
        StringBuilder sb = new StringBuilder();
        for (LayerDiagnostics d : diagnostics()) {
            sb.append(String.format(Locale.ROOT, "%2d %-28s output: %-40s input grad: %s%n", d.index(), d.layer(),
                    d.output() == null ? "-" : d.output().toString(),
                    d.inputGradient() == null ? "-" : d.inputGradient().toString()));
        }
        return sb.toString();
    }

    @Override
    public String describe() {
        return "Sequential(" + layers.length + " layers)";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.length; i++) {
            sb.append("  (").append(i).append("): ").append(layers[i].describe()).append('\n');
        }
        return sb.append(')').toString();
    }
}
