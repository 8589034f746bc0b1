package dev.lanes.core.io;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.Layer;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@link Sequential} as a safetensors file with PyTorch's {@code nn.Sequential} state-dict keys,
 * so the file loads into the same PyTorch model ({@code load_state_dict(strict=True)}) and back.
 *
 * <pre>
 * "&lt;i&gt;.weight", "&lt;i&gt;.bias"                       F32  Linear [out, in] / [out]; BatchNorm1d, LayerNorm [features]
 * "&lt;i&gt;.running_mean", "&lt;i&gt;.running_var"          F32  BatchNorm1d [features]
 * "&lt;i&gt;.num_batches_tracked"                      I64  BatchNorm1d, 0-dim
 * __metadata__: "format": "pt", "lanes.architecture": ModelSpec.toText() (when a spec is given),
 *               plus any caller metadata
 * </pre>
 *
 * {@code i} is the layer's index in the Sequential (parameter-free layers take an index and
 * write nothing, as in PyTorch). Loading is strict: the file must hold exactly the model's
 * tensors, with the same dtypes and shapes; otherwise a {@link LanesIOException} names the file and
 * the first mismatch, and the model is left unchanged (everything is checked before anything is
 * copied).
 */
public final class ModelFile {
    /** Metadata key holding {@link ModelSpec#toText()}. */
    public static final String ARCHITECTURE_KEY = "lanes.architecture";
    /** Metadata key holding the file's layout version ({@value #FORMAT_VERSION}). */
    public static final String VERSION_KEY = "lanes.model_format";
    public static final String FORMAT_VERSION = "1";

    private ModelFile() {}

    /** A model rebuilt from a file: its spec, the network (in training mode) and the file's metadata. */
    public record Loaded(ModelSpec spec, Sequential model, Map<String, String> metadata) {}

    /**
     * The model's state dict as safetensors entries, PyTorch key order (per layer: parameters,
     * then buffers, then {@code num_batches_tracked}). The float arrays are the model's live
     * arrays (not copies): write them before the model changes, or copy.
     */
    public static List<SafeTensors.Entry> stateDict(Sequential model) {
        return stateDict(model, "");
    }

    /**
     * {@link #stateDict(Sequential)} with every name prefixed by {@code prefix} (e.g.
     * {@code "model."}), to share one file with other state such as an optimizer's (checkpoints).
     */
    public static List<SafeTensors.Entry> stateDict(Sequential model, String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null (use \"\")");
        }
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        List<SafeTensors.Entry> out = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            for (Parameter p : l.parameters()) {
                out.add(SafeTensors.Entry.f32(prefix + i + "." + p.name(), p.value().data(), longShape(p.value())));
            }
            for (Map.Entry<String, Tensor> b : l.buffers().entrySet()) {
                out.add(SafeTensors.Entry.f32(prefix + i + "." + b.getKey(), b.getValue().data(), longShape(b.getValue())));
            }
            if (l instanceof BatchNorm1d bn) {
                out.add(SafeTensors.Entry.i64(prefix + i + ".num_batches_tracked", new long[] {bn.numBatchesTracked()}));
            }
        }
        return out;
    }

    private static long[] longShape(Tensor t) {
        int[] s = t.shape();
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    /**
     * Saves {@code model} (built from {@code spec}, which may be null for a hand-made Sequential:
     * then the file cannot be rebuilt by {@link #load(Path)}) with extra {@code metadata} (may be
     * null), atomically.
     */
    public static void save(Path file, Sequential model, ModelSpec spec, Map<String, String> metadata) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        List<SafeTensors.Entry> entries = stateDict(model);
        if (spec != null) {
            checkMatches(null, spec.stateShapes(), entries, "the spec " + spec.toText());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(VERSION_KEY, FORMAT_VERSION);
        if (spec != null) {
            meta.put(ARCHITECTURE_KEY, spec.toText());
        }
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("metadata keys and values must not be null, got " + e);
                }
                if (e.getKey().equals("format") || e.getKey().equals(VERSION_KEY) || e.getKey().equals(ARCHITECTURE_KEY)) {
                    throw new IllegalArgumentException("metadata key " + e.getKey() + " is reserved by ModelFile");
                }
                meta.put(e.getKey(), e.getValue());
            }
        }
        SafeTensors.write(file, entries, meta);
    }

    /** {@link #save(Path, Sequential, ModelSpec, Map)} without extra metadata. */
    public static void save(Path file, Sequential model, ModelSpec spec) {
        save(file, model, spec, null);
    }

    /**
     * Rebuilds the model a file describes: parses {@value #ARCHITECTURE_KEY}, builds the network
     * (weights then overwritten by the file's; the dropout generator is seeded 0 and can be
     * replaced by building from the spec yourself) and loads the tensors strictly.
     */
    public static Loaded load(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        String arch = c.metadata().get(ARCHITECTURE_KEY);
        if (arch == null) {
            throw new LanesIOException(file, "no " + ARCHITECTURE_KEY + " in the metadata, so the model cannot be rebuilt"
                    + " from the file alone (load it into a model you build with load(file, model))");
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.parse(arch);
        } catch (IllegalArgumentException e) {
            throw new LanesIOException(file, ARCHITECTURE_KEY + ": " + e.getMessage());
        }
        checkMatches(file, spec.stateShapes(), c.entries(), "its architecture " + spec.toText());
        Sequential model = spec.build(new SplittableRandom(0));
        loadStateDict(file, model, c);
        return new Loaded(spec, model, c.metadata());
    }

    /** Loads {@code file} into {@code model} (strictly; see the class comment). Returns the file's metadata. */
    public static Map<String, String> load(Path file, Sequential model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        loadStateDict(file, model, c);
        return c.metadata();
    }

    /**
     * Copies {@code contents} into {@code model}, strictly: same names, dtypes and shapes as
     * {@link #stateDict(Sequential)}, else a {@link LanesIOException} naming {@code file} (may be
     * null) and the first mismatch, with the model unchanged.
     */
    public static void loadStateDict(Path file, Sequential model, SafeTensors.Contents contents) {
        loadStateDict(file, model, contents, "");
    }

    /**
     * As {@link #loadStateDict(Path, Sequential, SafeTensors.Contents)} for the tensors whose
     * names start with {@code prefix} (written by {@link #stateDict(Sequential, String)}); the
     * other tensors of {@code contents} are ignored, those under the prefix must match exactly.
     */
    public static void loadStateDict(Path file, Sequential model, SafeTensors.Contents contents, String prefix) {
        if (model == null || contents == null || prefix == null) {
            throw new IllegalArgumentException("model, contents and prefix must not be null");
        }
        if (!prefix.isEmpty()) {
            List<SafeTensors.Entry> mine = new ArrayList<>();
            for (SafeTensors.Entry e : contents.entries()) {
                if (e.name().startsWith(prefix)) {
                    mine.add(new SafeTensors.Entry(e.name().substring(prefix.length()), e.dtype(), e.shape(), e.floats(),
                            e.longs()));
                }
            }
            contents = new SafeTensors.Contents(mine, contents.metadata());
        }
        List<SafeTensors.Entry> want = stateDict(model);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, String> dtypes = new HashMap<>();
        for (SafeTensors.Entry e : want) {
            shapes.put(e.name(), e.shape());
            dtypes.put(e.name(), e.dtype());
        }
        checkMatches(file, shapes, contents.entries(), "the model");
        for (SafeTensors.Entry w : want) {
            SafeTensors.Entry got = contents.get(w.name());
            if (!got.dtype().equals(dtypes.get(w.name()))) {
                throw mismatch(file, "tensor " + w.name() + ": dtype " + got.dtype() + ", the model needs "
                        + w.dtype());
            }
            if (got.longs() != null && got.longs()[0] < 0) {
                throw mismatch(file, "tensor " + w.name() + " must be >= 0, got " + got.longs()[0]);
            }
        }
        // everything checked: now copy
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            for (Parameter p : l.parameters()) {
                float[] src = contents.get(i + "." + p.name()).floats();
                System.arraycopy(src, 0, p.value().data(), 0, src.length);
            }
            for (Map.Entry<String, Tensor> b : l.buffers().entrySet()) {
                float[] src = contents.get(i + "." + b.getKey()).floats();
                System.arraycopy(src, 0, b.getValue().data(), 0, src.length);
            }
            if (l instanceof BatchNorm1d bn) {
                bn.setNumBatchesTracked(contents.get(i + ".num_batches_tracked").longs()[0]);
            }
        }
    }

    /** Names and shapes of {@code entries} must equal {@code expected}'s (any order); the first mismatch is reported. */
    private static void checkMatches(Path file, Map<String, long[]> expected, List<SafeTensors.Entry> entries, String what) {
        Map<String, SafeTensors.Entry> byName = new HashMap<>();
        for (SafeTensors.Entry e : entries) {
            byName.put(e.name(), e);
        }
        for (Map.Entry<String, long[]> x : expected.entrySet()) {
            SafeTensors.Entry e = byName.get(x.getKey());
            if (e == null) {
                throw mismatch(file, "tensor " + x.getKey() + " " + Arrays.toString(x.getValue()) + " needed by " + what
                        + " is missing; the file has " + names(entries));
            }
            if (!Arrays.equals(e.shape(), x.getValue())) {
                throw mismatch(file, "tensor " + x.getKey() + " has shape " + e.shapeString() + ", " + what + " needs "
                        + Arrays.toString(x.getValue()));
            }
            boolean wantI64 = x.getKey().endsWith(".num_batches_tracked");
            if (!e.dtype().equals(wantI64 ? SafeTensors.I64 : SafeTensors.F32)) {
                throw mismatch(file, "tensor " + x.getKey() + " has dtype " + e.dtype() + ", " + what + " needs "
                        + (wantI64 ? SafeTensors.I64 : SafeTensors.F32));
            }
        }
        for (SafeTensors.Entry e : entries) {
            if (!expected.containsKey(e.name())) {
                throw mismatch(file, "unexpected tensor " + e.name() + " " + e.shapeString() + ": " + what
                        + " has no such tensor; it has " + expected.keySet());
            }
        }
    }

    private static RuntimeException mismatch(Path file, String msg) {
        return file == null ? new IllegalArgumentException(msg) : new LanesIOException(file, msg);
    }

    private static String names(List<SafeTensors.Entry> entries) {
        List<String> n = new ArrayList<>();
        for (SafeTensors.Entry e : entries) {
            n.add(e.name());
        }
        return n.toString();
    }
}
