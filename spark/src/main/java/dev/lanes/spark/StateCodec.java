package dev.lanes.spark;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.Dropout;
import dev.lanes.core.nn.Layer;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.StateDict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a round moves between the driver and the workers, flattened: the model's parameters
 * and buffers, batch norm's {@code num_batches_tracked}, dropout counters, and the optimizer's
 * per-parameter state (from {@link Optimizer#stateDict()}, so every optimizer works unchanged).
 * Floats (parameters, buffers, optimizer buffers) sit in one array in a fixed key order, so the
 * workers' states add elementwise; doubles (optimizer scalars) likewise; longs (step counts,
 * counters, the driver's dropout seeds) must be equal on every worker and are carried, not
 * averaged.
 */
final class StateCodec {
    private StateCodec() {}

    /** The optimizer's groups and hyperparameters: the driver's, sent to the workers, not summed. */
    record Header(String optimizer, List<int[]> groupParams, List<HashMap<String, Object>> hyper)
            implements Serializable {}

    /** A flattened state; {@code floatKeys}/{@code floatSizes} name the slices of {@code floats}. */
    record Packed(List<String> floatKeys, int[] floatSizes, float[] floats, List<String> doubleKeys,
                  double[] doubles, List<String> longKeys, long[] longs) implements Serializable {

        /** Whether {@code o} has the same keys and sizes (its values may differ). */
        boolean sameLayout(Packed o) {
            return floatKeys.equals(o.floatKeys) && java.util.Arrays.equals(floatSizes, o.floatSizes)
                    && doubleKeys.equals(o.doubleKeys) && longKeys.equals(o.longKeys);
        }
    }

    static Header header(Optimizer opt) {
        StateDict sd = opt.stateDict();
        List<int[]> params = new ArrayList<>();
        List<HashMap<String, Object>> hyper = new ArrayList<>();
        for (StateDict.Group g : sd.groups()) {
            params.add(g.params());
            hyper.add(new HashMap<>(g.hyperparameters()));
        }
        return new Header(sd.optimizer(), params, hyper);
    }

    static Packed pack(Sequential model, Optimizer opt) {
        List<String> fk = new ArrayList<>();
        List<float[]> fv = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            fk.add("p:" + e.getKey());
            fv.add(e.getValue().value().data());
        }
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            fk.add("b:" + e.getKey());
            fv.add(e.getValue().data());
        }
        List<String> lk = new ArrayList<>();
        List<Long> lv = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            if (l instanceof BatchNorm1d bn) {
                lk.add("bn:" + i);
                lv.add(bn.numBatchesTracked());
            } else if (l instanceof Dropout d) {
                lk.add("dropout:" + i);
                lv.add(d.counter());
                lk.add("dropseed:" + i);
                lv.add(d.seed());
            }
        }
        List<String> dk = new ArrayList<>();
        List<Double> dv = new ArrayList<>();
        for (Map.Entry<Integer, StateDict.State> e : opt.stateDict().state().entrySet()) {
            int p = e.getKey();
            StateDict.State s = e.getValue();
            lk.add("o:" + p + ":step");
            lv.add(s.step());
            for (Map.Entry<String, float[]> b : new TreeMap<>(s.buffers()).entrySet()) {
                fk.add("o:" + p + ":" + b.getKey());
                fv.add(b.getValue());
            }
            for (Map.Entry<String, Double> sc : new TreeMap<>(s.scalars()).entrySet()) {
                dk.add("o:" + p + ":" + sc.getKey());
                dv.add(sc.getValue());
            }
        }
        int total = 0;
        int[] sizes = new int[fv.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = fv.get(i).length;
            total += sizes[i];
        }
        float[] floats = new float[total];
        int off = 0;
        for (float[] a : fv) {
            System.arraycopy(a, 0, floats, off, a.length);
            off += a.length;
        }
        double[] doubles = new double[dv.size()];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = dv.get(i);
        }
        long[] longs = new long[lv.size()];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = lv.get(i);
        }
        return new Packed(List.copyOf(fk), sizes, floats, List.copyOf(dk), doubles, List.copyOf(lk), longs);
    }

    /**
     * Writes {@code s} into {@code model} and {@code opt} (the optimizer through
     * {@link Optimizer#loadStateDict}, which checks every value). Dropout layers get the counter and,
     * when {@code dropoutSeed} is not null, the seed {@code dropoutSeed.applyAsLong(layer's seed)}
     * (each worker draws its own masks).
     */
    static void unpack(Packed s, Header h, Sequential model, Optimizer opt,
                       java.util.function.LongUnaryOperator dropoutSeed) {
        Map<String, Parameter> params = model.namedParameters();
        Map<String, Tensor> buffers = model.namedBuffers();
        int expected = params.size() + buffers.size();
        int off = 0;
        Map<Integer, Map<String, float[]>> optBuf = new TreeMap<>();
        int modelSlices = 0;
        for (int i = 0; i < s.floatKeys.size(); i++) {
            String k = s.floatKeys.get(i);
            int n = s.floatSizes[i];
            float[] dst;
            if (k.startsWith("p:")) {
                Parameter p = params.get(k.substring(2));
                dst = p == null ? null : p.value().data();
                modelSlices++;
            } else if (k.startsWith("b:")) {
                Tensor t = buffers.get(k.substring(2));
                dst = t == null ? null : t.data();
                modelSlices++;
            } else {
                int c = k.indexOf(':', 2);
                int p = Integer.parseInt(k.substring(2, c));
                dst = new float[n];
                optBuf.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(k.substring(c + 1), dst);
            }
            if (dst == null || dst.length != n) {
                throw new IllegalStateException("lanes-spark: state slice '" + k + "' of " + n
                        + " floats does not fit the model " + model.describe());
            }
            System.arraycopy(s.floats, off, dst, 0, n);
            off += n;
        }
        if (modelSlices != expected) {
            throw new IllegalStateException("lanes-spark: the state holds " + modelSlices
                    + " parameter/buffer tensors, the model has " + expected);
        }
        Map<Integer, Map<String, Double>> optScal = new TreeMap<>();
        for (int i = 0; i < s.doubleKeys.size(); i++) {
            String k = s.doubleKeys.get(i);
            int c = k.indexOf(':', 2);
            int p = Integer.parseInt(k.substring(2, c));
            optScal.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(k.substring(c + 1), s.doubles[i]);
        }
        TreeMap<Integer, StateDict.State> state = new TreeMap<>();
        for (int i = 0; i < s.longKeys.size(); i++) {
            String k = s.longKeys.get(i);
            long v = s.longs[i];
            if (k.startsWith("bn:")) {
                ((BatchNorm1d) model.layer(Integer.parseInt(k.substring(3)))).setNumBatchesTracked(v);
            } else if (k.startsWith("dropout:")) {
                ((Dropout) model.layer(Integer.parseInt(k.substring(8)))).setCounter(v);
            } else if (k.startsWith("dropseed:")) {
                // the driver keeps its seed; a worker draws from its own stream (after the counter, above)
                Dropout d = (Dropout) model.layer(Integer.parseInt(k.substring(9)));
                d.setGeneratorState(dropoutSeed == null ? v : dropoutSeed.applyAsLong(v), d.counter());
            } else {
                int p = Integer.parseInt(k.substring(2, k.indexOf(':', 2)));
                state.put(p, new StateDict.State(v, optBuf.getOrDefault(p, Map.of()), optScal.getOrDefault(p, Map.of())));
            }
        }
        List<StateDict.Group> groups = new ArrayList<>();
        for (int g = 0; g < h.groupParams().size(); g++) {
            groups.add(new StateDict.Group(h.groupParams().get(g), h.hyper().get(g)));
        }
        opt.loadStateDict(new StateDict(h.optimizer(), groups, state));
    }
}
