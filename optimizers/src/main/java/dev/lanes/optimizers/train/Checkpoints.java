package dev.lanes.optimizers.train;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.Dropout;
import dev.lanes.core.nn.Layer;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.ParamGroup;
import dev.lanes.optimizers.StateDict;
import dev.lanes.optimizers.schedule.ReduceLrOnPlateau;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link Trainer} checkpoint holds, and how it is checked when loaded. Tensors (F32):
 * <pre>
 * model.&lt;i&gt;.&lt;param&gt;              every parameter, PyTorch state-dict names (model.0.weight)
 * model.&lt;i&gt;.running_mean|running_var   batch-norm buffers
 * optimizer.state.&lt;p&gt;.&lt;buffer&gt;     optimizer buffers per parameter index (exp_avg, momentum_buffer...)
 * </pre>
 * Metadata (strings; doubles as {@link Double#toString}, which reads back exactly):
 * <pre>
 * format = lanes-checkpoint, format_version = 1
 * model.layers, model.describe, model.&lt;i&gt;.num_batches_tracked, model.&lt;i&gt;.dropout_seed|dropout_counter
 * optimizer.name, optimizer.groups, optimizer.group.&lt;g&gt;.params (indices), optimizer.group.&lt;g&gt;.hyper.&lt;k&gt; (d:|b:)
 * optimizer.state.&lt;p&gt;.step, optimizer.state.&lt;p&gt;.scalar.&lt;name&gt;
 * schedule.kind (none|scheduler|plateau), schedule.unit, schedule.step, schedule.base_lrs,
 *   schedule.plateau.best|num_bad_epochs|cooldown_counter|last_epoch|monitor
 * trainer.epoch|batch|step|seed|batch_size|shuffle|drop_last|steps_per_epoch|train_rows|train_features|train_classes,
 * trainer.epoch_loss_sum|epoch_correct|epoch_samples|epoch_train_nanos|last_lr|early_stopped|stop_reason
 * early.monitor|best|best_epoch|bad
 * history.count, history.&lt;k&gt; = epoch,step,train_loss,train_acc,val_loss,val_acc,lr,samples_per_s,seconds,samples
 * </pre>
 */
final class Checkpoints {
    static final String FORMAT = "lanes-checkpoint";
    static final String VERSION = "1";

    private Checkpoints() {}

    // ------------------------------------------------------------------ write

    static void write(Trainer t, Path file) {
        checkFlat(t.model);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", VERSION);

        Sequential model = t.model;
        meta.put("model.layers", Integer.toString(model.size()));
        meta.put("model.describe", describe(model));
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor v = e.getValue().value();
            tensors.put("model." + e.getKey(), Tensor.wrap(v.data().clone(), v.shape()));
        }
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            Tensor v = e.getValue();
            tensors.put("model." + e.getKey(), Tensor.wrap(v.data().clone(), v.shape()));
        }
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            if (l instanceof BatchNorm1d bn) {
                meta.put("model." + i + ".num_batches_tracked", Long.toString(bn.numBatchesTracked()));
            } else if (l instanceof Dropout d) {
                meta.put("model." + i + ".dropout_seed", Long.toString(d.seed()));
                meta.put("model." + i + ".dropout_counter", Long.toString(d.counter()));
            }
        }

        StateDict sd = t.optimizer.stateDict();
        meta.put("optimizer.name", sd.optimizer());
        meta.put("optimizer.groups", Integer.toString(sd.groups().size()));
        for (int g = 0; g < sd.groups().size(); g++) {
            StateDict.Group sg = sd.groups().get(g);
            meta.put("optimizer.group." + g + ".params", joinInts(sg.params()));
            for (Map.Entry<String, Object> h : sg.hyperparameters().entrySet()) {
                Object v = h.getValue();
                String enc;
                if (v instanceof Double d) {
                    enc = "d:" + d;
                } else if (v instanceof Boolean b) {
                    enc = "b:" + b;
                } else {
                    throw new IllegalStateException("checkpoint: hyperparameter '" + h.getKey() + "' of group " + g
                            + " has a type the checkpoint cannot store: " + (v == null ? "null" : v.getClass().getName()));
                }
                meta.put("optimizer.group." + g + ".hyper." + h.getKey(), enc);
            }
        }
        for (Map.Entry<Integer, StateDict.State> e : sd.state().entrySet()) {
            int p = e.getKey();
            StateDict.State s = e.getValue();
            meta.put("optimizer.state." + p + ".step", Long.toString(s.step()));
            for (Map.Entry<String, Double> sc : s.scalars().entrySet()) {
                meta.put("optimizer.state." + p + ".scalar." + sc.getKey(), Double.toString(sc.getValue()));
            }
            for (Map.Entry<String, float[]> b : s.buffers().entrySet()) {
                tensors.put("optimizer.state." + p + "." + b.getKey(), Tensor.wrap(b.getValue(), b.getValue().length));
            }
        }

        if (t.scheduler != null) {
            meta.put("schedule.kind", "scheduler");
            meta.put("schedule.unit", t.scheduleUnit.name());
            meta.put("schedule.step", Long.toString(t.scheduler.stepCount()));
            meta.put("schedule.base_lrs", joinDoubles(t.scheduler.baseLrs()));
        } else if (t.plateau != null) {
            ReduceLrOnPlateau.State ps = t.plateau.state();
            meta.put("schedule.kind", "plateau");
            meta.put("schedule.plateau.monitor", t.plateauMonitor.key());
            meta.put("schedule.plateau.best", Double.toString(ps.best()));
            meta.put("schedule.plateau.num_bad_epochs", Integer.toString(ps.numBadEpochs()));
            meta.put("schedule.plateau.cooldown_counter", Integer.toString(ps.cooldownCounter()));
            meta.put("schedule.plateau.last_epoch", Long.toString(ps.lastEpoch()));
        } else {
            meta.put("schedule.kind", "none");
        }

        meta.put("trainer.epoch", Integer.toString(t.epoch));
        meta.put("trainer.batch", Integer.toString(t.batch));
        meta.put("trainer.step", Long.toString(t.step));
        meta.put("trainer.seed", Long.toString(t.seed));
        meta.put("trainer.batch_size", Integer.toString(t.batchSize));
        meta.put("trainer.shuffle", Boolean.toString(t.shuffle));
        meta.put("trainer.drop_last", Boolean.toString(t.dropLast));
        meta.put("trainer.steps_per_epoch", Integer.toString(t.stepsPerEpoch));
        meta.put("trainer.train_rows", Integer.toString(t.train.size()));
        meta.put("trainer.train_features", Integer.toString(t.train.numFeatures()));
        meta.put("trainer.train_classes", Integer.toString(t.train.numClasses()));
        meta.put("trainer.train_name", t.train.name());
        meta.put("trainer.epoch_loss_sum", Double.toString(t.epochLossSum));
        meta.put("trainer.epoch_correct", Long.toString(t.epochCorrect));
        meta.put("trainer.epoch_samples", Long.toString(t.epochSamples));
        meta.put("trainer.epoch_train_nanos", Long.toString(t.epochTrainNanos));
        meta.put("trainer.last_lr", Double.toString(t.lastLr));
        meta.put("trainer.early_stopped", Boolean.toString(t.earlyStopped));
        if (t.earlyStopped) {
            meta.put("trainer.stop_reason", t.stopReason);
        }
        if (t.earlyMonitor != null) {
            meta.put("early.monitor", t.earlyMonitor.key());
            meta.put("early.best", Double.toString(t.earlyBest));
            meta.put("early.best_epoch", Integer.toString(t.earlyBestEpoch));
            meta.put("early.bad", Integer.toString(t.earlyBad));
        }
        meta.put("history.count", Integer.toString(t.history.size()));
        for (int k = 0; k < t.history.size(); k++) {
            EpochMetrics m = t.history.get(k);
            meta.put("history." + k, m.epoch() + "," + m.step() + "," + m.trainLoss() + "," + m.trainAccuracy() + ","
                    + m.valLoss() + "," + m.valAccuracy() + "," + m.lr() + "," + m.samplesPerSecond() + ","
                    + m.seconds() + "," + m.trainSamples());
        }
        for (Map.Entry<String, String> e : t.extraMetadata.entrySet()) {
            meta.putIfAbsent(e.getKey(), e.getValue());
        }
        CheckpointFile.write(file, tensors, meta);
    }

    /** Whether {@code key} is one of the trainer's own metadata keys (or prefixes). */
    static boolean reserved(String key) {
        return key.equals("format") || key.equals("format_version") || key.equals(CheckpointFile.CRC_KEY)
                || key.startsWith("model.") || key.startsWith("optimizer.") || key.startsWith("schedule.")
                || key.startsWith("trainer.") || key.startsWith("early.") || key.startsWith("history.");
    }

    /** The metadata of an intact trainer checkpoint. */
    static Map<String, String> metadata(Path file) {
        CheckpointFile.Contents c = CheckpointFile.read(file);
        if (!FORMAT.equals(c.metadata().get("format"))) {
            throw new LanesIOException(file, "not a trainer checkpoint: metadata 'format' must be '" + FORMAT
                    + "', got " + quote(c.metadata().get("format")));
        }
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(c.metadata()));
    }

    private static void checkFlat(Sequential model) {
        for (int i = 0; i < model.size(); i++) {
            if (model.layer(i) instanceof Sequential) {
                throw new IllegalStateException("checkpoints support flat Sequential models; layer " + i
                        + " is a nested Sequential (its parameter names would collide)");
            }
        }
    }

    private static String describe(Sequential model) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < model.size(); i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(i).append(": ").append(model.layer(i).describe());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ load

    static void load(Trainer t, Path file) {
        checkFlat(t.model);
        CheckpointFile.Contents c = CheckpointFile.read(file);
        Meta m = new Meta(file, c.metadata());
        if (!FORMAT.equals(c.metadata().get("format"))) {
            throw new LanesIOException(file, "not a trainer checkpoint: metadata 'format' must be '" + FORMAT
                    + "', got " + quote(c.metadata().get("format")));
        }
        if (!VERSION.equals(c.metadata().get("format_version"))) {
            throw new LanesIOException(file, "checkpoint format_version must be " + VERSION + ", got "
                    + quote(c.metadata().get("format_version")));
        }
        Map<String, Tensor> tensors = c.tensors();
        Sequential model = t.model;
        String theirs = c.metadata().getOrDefault("model.describe", "?");

        // ---- model: the same names and shapes
        Map<String, Tensor> targets = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            targets.put("model." + e.getKey(), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            targets.put("model." + e.getKey(), e.getValue());
        }
        TreeSet<String> saved = new TreeSet<>();
        for (String k : tensors.keySet()) {
            if (k.startsWith("model.")) {
                saved.add(k);
            }
        }
        if (!saved.equals(new TreeSet<>(targets.keySet()))) {
            TreeSet<String> missing = new TreeSet<>(targets.keySet());
            missing.removeAll(saved);
            TreeSet<String> extra = new TreeSet<>(saved);
            extra.removeAll(targets.keySet());
            throw new LanesIOException(file, "checkpoint is of another model: it lacks " + missing + " and has "
                    + extra + " beyond this model's tensors; checkpoint model: [" + theirs + "], this model: ["
                    + describe(model) + "]");
        }
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor s = tensors.get(e.getKey());
            if (!Arrays.equals(s.shape(), e.getValue().shape())) {
                throw new LanesIOException(file, "checkpoint is of another model shape: " + e.getKey() + " has shape "
                        + Arrays.toString(s.shape()) + " in the checkpoint, " + Arrays.toString(e.getValue().shape())
                        + " in this model; checkpoint model: [" + theirs + "], this model: [" + describe(model) + "]");
            }
        }
        int layers = m.integer("model.layers", 1, Integer.MAX_VALUE);
        if (layers != model.size()) {
            throw new LanesIOException(file, "checkpoint is of another model: " + layers + " layers, this model has "
                    + model.size() + "; checkpoint model: [" + theirs + "]");
        }
        long[] bnTracked = new long[model.size()];
        long[][] dropout = new long[model.size()][];
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            if (l instanceof BatchNorm1d) {
                bnTracked[i] = m.lng("model." + i + ".num_batches_tracked", 0);
            } else if (l instanceof Dropout) {
                dropout[i] = new long[] {m.lng("model." + i + ".dropout_seed", Long.MIN_VALUE),
                    m.lng("model." + i + ".dropout_counter", 0)};
            }
        }

        // ---- optimizer
        String optName = m.str("optimizer.name");
        if (!optName.equals(t.optimizer.name())) {
            throw new LanesIOException(file, "checkpoint is of another optimizer: " + optName + ", this trainer uses "
                    + t.optimizer.name());
        }
        int groups = m.integer("optimizer.groups", 1, 1 << 20);
        List<ParamGroup> myGroups = t.optimizer.paramGroups();
        if (groups != myGroups.size()) {
            throw new LanesIOException(file, "checkpoint's optimizer has " + groups + " parameter groups, this one has "
                    + myGroups.size());
        }
        int totalParams = 0;
        for (ParamGroup g : myGroups) {
            totalParams += g.params().size();
        }
        List<StateDict.Group> sgroups = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int[] ids = m.ints("optimizer.group." + g + ".params", totalParams);
            String prefix = "optimizer.group." + g + ".hyper.";
            Map<String, Object> hyper = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    String name = e.getKey().substring(prefix.length());
                    String v = e.getValue();
                    if (v.startsWith("d:")) {
                        hyper.put(name, m.parseDouble(e.getKey(), v.substring(2)));
                    } else if (v.equals("b:true") || v.equals("b:false")) {
                        hyper.put(name, v.equals("b:true"));
                    } else {
                        throw new LanesIOException(file, "metadata '" + e.getKey() + "' must be d:<number> or"
                                + " b:true|false, got " + quote(v));
                    }
                }
            }
            sgroups.add(new StateDict.Group(ids, hyper));
        }
        TreeMap<Integer, StateDict.State> states = new TreeMap<>();
        for (String k : c.metadata().keySet()) {
            if (k.startsWith("optimizer.state.") && k.endsWith(".step")) {
                String idx = k.substring("optimizer.state.".length(), k.length() - ".step".length());
                int p = m.parseInt(k, idx, 0, totalParams - 1);
                long stepP = m.lng(k, 0);
                Map<String, Double> scalars = new LinkedHashMap<>();
                String sp = "optimizer.state." + p + ".scalar.";
                for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                    if (e.getKey().startsWith(sp)) {
                        scalars.put(e.getKey().substring(sp.length()), m.parseDouble(e.getKey(), e.getValue()));
                    }
                }
                Map<String, float[]> buffers = new LinkedHashMap<>();
                String bp = "optimizer.state." + p + ".";
                for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                    if (e.getKey().startsWith(bp)) {
                        Tensor b = e.getValue();
                        if (b.rank() != 1) {
                            throw new LanesIOException(file, "optimizer buffer " + e.getKey() + " must have rank 1, got "
                                    + Arrays.toString(b.shape()));
                        }
                        buffers.put(e.getKey().substring(bp.length()), b.data());
                    }
                }
                states.put(p, new StateDict.State(stepP, buffers, scalars));
            }
        }
        for (String k : tensors.keySet()) {
            if (!k.startsWith("model.") && !k.startsWith("optimizer.state.")) {
                throw new LanesIOException(file, "unexpected tensor '" + k + "' in the checkpoint");
            }
            if (k.startsWith("optimizer.state.")) {
                String rest = k.substring("optimizer.state.".length());
                int dot = rest.indexOf('.');
                String idx = dot < 0 ? rest : rest.substring(0, dot);
                int p = m.parseInt(k, idx, 0, totalParams - 1);
                if (!states.containsKey(p)) {
                    throw new LanesIOException(file, "optimizer buffer " + k + " has no optimizer.state." + p + ".step");
                }
            }
        }
        StateDict sd = new StateDict(optName, sgroups, states);

        // ---- schedule
        String kind = m.str("schedule.kind");
        String mine = t.scheduler != null ? "scheduler" : t.plateau != null ? "plateau" : "none";
        if (!kind.equals(mine)) {
            throw new LanesIOException(file, "checkpoint's schedule kind is " + kind + ", this trainer's is " + mine);
        }
        long schedStep = 0;
        ReduceLrOnPlateau.State plateauState = null;
        if (t.scheduler != null) {
            String unit = m.str("schedule.unit");
            if (!unit.equals(t.scheduleUnit.name())) {
                throw new LanesIOException(file, "checkpoint's scheduler steps per " + unit + ", this one per "
                        + t.scheduleUnit.name());
            }
            schedStep = m.lng("schedule.step", 0);
            double[] base = m.doubles("schedule.base_lrs");
            if (!Arrays.equals(base, t.scheduler.baseLrs())) {
                throw new LanesIOException(file, "checkpoint's scheduler base learning rates are " + Arrays.toString(base)
                        + ", this scheduler's are " + Arrays.toString(t.scheduler.baseLrs())
                        + " (build the optimizer with the same lr as the saved run)");
            }
        } else if (t.plateau != null) {
            String mon = m.str("schedule.plateau.monitor");
            if (!mon.equals(t.plateauMonitor.key())) {
                throw new LanesIOException(file, "checkpoint's plateau monitors " + mon + ", this one "
                        + t.plateauMonitor.key());
            }
            plateauState = new ReduceLrOnPlateau.State(m.dbl("schedule.plateau.best"),
                    m.integer("schedule.plateau.num_bad_epochs", 0, Integer.MAX_VALUE),
                    m.integer("schedule.plateau.cooldown_counter", 0, Integer.MAX_VALUE),
                    m.lng("schedule.plateau.last_epoch", 0));
        }

        // ---- trainer
        same(file, "seed", m.lng("trainer.seed", Long.MIN_VALUE), t.seed);
        same(file, "batch size", m.integer("trainer.batch_size", 1, Integer.MAX_VALUE), t.batchSize);
        same(file, "shuffle", m.bool("trainer.shuffle") ? 1 : 0, t.shuffle ? 1 : 0);
        same(file, "dropLast", m.bool("trainer.drop_last") ? 1 : 0, t.dropLast ? 1 : 0);
        same(file, "training rows", m.integer("trainer.train_rows", 0, Integer.MAX_VALUE), t.train.size());
        same(file, "training features", m.integer("trainer.train_features", 0, Integer.MAX_VALUE), t.train.numFeatures());
        same(file, "classes", m.integer("trainer.train_classes", 0, Integer.MAX_VALUE), t.train.numClasses());
        same(file, "steps per epoch", m.integer("trainer.steps_per_epoch", 0, Integer.MAX_VALUE), t.stepsPerEpoch);
        int epoch = m.integer("trainer.epoch", 0, Integer.MAX_VALUE - 1);
        int batch = m.integer("trainer.batch", 0, t.stepsPerEpoch);
        long step = m.lng("trainer.step", 0);
        double lossSum = m.dbl("trainer.epoch_loss_sum");
        long correct = m.lng("trainer.epoch_correct", 0);
        long samples = m.lng("trainer.epoch_samples", 0);
        long nanos = m.lng("trainer.epoch_train_nanos", 0);
        double lastLr = m.dbl("trainer.last_lr");
        boolean earlyStopped = m.bool("trainer.early_stopped");
        String stopReason = earlyStopped ? m.str("trainer.stop_reason") : null;
        double earlyBest = t.earlyBest;
        int earlyBestEpoch = 0;
        int earlyBad = 0;
        if (t.earlyMonitor != null) {
            String mon = c.metadata().get("early.monitor");
            if (!t.earlyMonitor.key().equals(mon)) {
                throw new LanesIOException(file, "checkpoint's early stopping monitors " + (mon == null ? "nothing" : mon)
                        + ", this trainer's " + t.earlyMonitor.key());
            }
            earlyBest = m.dbl("early.best");
            earlyBestEpoch = m.integer("early.best_epoch", 0, Integer.MAX_VALUE);
            earlyBad = m.integer("early.bad", 0, Integer.MAX_VALUE);
        }
        int hn = m.integer("history.count", 0, epoch);
        List<EpochMetrics> hist = new ArrayList<>();
        for (int k = 0; k < hn; k++) {
            String key = "history." + k;
            String[] f = m.str(key).split(",", -1);
            if (f.length != 10) {
                throw new LanesIOException(file, "metadata '" + key + "' must have 10 comma-separated fields, got " + f.length);
            }
            hist.add(new EpochMetrics(m.parseInt(key, f[0], 1, Integer.MAX_VALUE), m.parseLong(key, f[1]),
                    m.parseDouble(key, f[2]), m.parseDouble(key, f[3]), m.parseDouble(key, f[4]), m.parseDouble(key, f[5]),
                    m.parseDouble(key, f[6]), m.parseDouble(key, f[7]), m.parseDouble(key, f[8]), m.parseLong(key, f[9])));
        }

        // ---- apply: the optimizer first (it validates everything before changing anything)
        try {
            t.optimizer.loadStateDict(sd);
        } catch (IllegalArgumentException e) {
            throw new LanesIOException(file, "checkpoint's optimizer state does not fit this optimizer: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            float[] src = tensors.get(e.getKey()).data();
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            if (l instanceof BatchNorm1d bn) {
                bn.setNumBatchesTracked(bnTracked[i]);
            } else if (l instanceof Dropout d) {
                d.setGeneratorState(dropout[i][0], dropout[i][1]);
            }
        }
        if (t.scheduler != null) {
            t.scheduler.setStep(schedStep);
        } else if (plateauState != null) {
            t.plateau.loadState(plateauState);
        }
        t.epoch = epoch;
        t.batch = batch;
        t.step = step;
        t.epochLossSum = lossSum;
        t.epochCorrect = correct;
        t.epochSamples = samples;
        t.epochTrainNanos = nanos;
        t.lastLr = lastLr;
        t.earlyStopped = earlyStopped;
        t.stopReason = stopReason;
        t.earlyBest = earlyBest;
        t.earlyBestEpoch = earlyBestEpoch;
        t.earlyBad = earlyBad;
        t.history.clear();
        t.history.addAll(hist);
    }

    private static void same(Path file, String what, long saved, long mine) {
        if (saved != mine) {
            throw new LanesIOException(file, "checkpoint was written with " + what + " " + saved + ", this trainer has "
                    + mine + "; a resumed run must use the same");
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String joinInts(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i > 0 ? "," : "").append(a[i]);
        }
        return sb.toString();
    }

    private static String joinDoubles(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i > 0 ? "," : "").append(a[i]);
        }
        return sb.toString();
    }

    /** Typed, checked access to the metadata; every error names the file and the key. */
    private record Meta(Path file, Map<String, String> map) {
        String str(String key) {
            String v = map.get(key);
            if (v == null) {
                throw new LanesIOException(file, "checkpoint lacks metadata '" + key + "' (not a trainer checkpoint,"
                        + " or written by another version)");
            }
            return v;
        }

        long lng(String key, long min) {
            long v = parseLong(key, str(key));
            if (v < min) {
                throw new LanesIOException(file, "metadata '" + key + "' must be >= " + min + ", got " + v);
            }
            return v;
        }

        int integer(String key, int min, int max) {
            return parseInt(key, str(key), min, max);
        }

        double dbl(String key) {
            return parseDouble(key, str(key));
        }

        boolean bool(String key) {
            String v = str(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw new LanesIOException(file, "metadata '" + key + "' must be true or false, got '" + v + "'");
            }
            return v.equals("true");
        }

        int[] ints(String key, int maxCount) {
            String v = str(key);
            String[] parts = v.isEmpty() ? new String[0] : v.split(",", -1);
            if (parts.length > maxCount) {
                throw new LanesIOException(file, "metadata '" + key + "' lists " + parts.length
                        + " parameters, the optimizer has " + maxCount);
            }
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = parseInt(key, parts[i], 0, Integer.MAX_VALUE);
            }
            return out;
        }

        double[] doubles(String key) {
            String[] parts = str(key).split(",", -1);
            if (parts.length > 1 << 20) {
                throw new LanesIOException(file, "metadata '" + key + "' has too many values: " + parts.length);
            }
            double[] out = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = parseDouble(key, parts[i]);
            }
            return out;
        }

        long parseLong(String key, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new LanesIOException(file, "metadata '" + key + "' must be an integer, got '" + v + "'");
            }
        }

        int parseInt(String key, String v, int min, int max) {
            long x = parseLong(key, v);
            if (x < min || x > max) {
                throw new LanesIOException(file, "metadata '" + key + "' must be in [" + min + ", " + max + "], got " + x);
            }
            return (int) x;
        }

        double parseDouble(String key, String v) {
            try {
                if (v.isEmpty() || Character.isLetter(v.charAt(v.length() - 1)) && !v.endsWith("NaN") && !v.endsWith("Infinity")) {
                    throw new NumberFormatException();
                }
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new LanesIOException(file, "metadata '" + key + "' must be a number, got '" + v + "'");
            }
        }
    }
}
