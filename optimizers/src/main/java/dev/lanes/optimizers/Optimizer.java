package dev.lanes.optimizers;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Base of every optimizer, with PyTorch's shape: parameter groups each carrying their own
 * hyperparameters, {@link #step()}, {@link #zeroGrad()}, {@link #stateDict()} and
 * {@link #loadStateDict(StateDict)}.
 *
 * <p>Parameters are indexed globally in group order (group 0's parameters first), as PyTorch's
 * state dict does. Per-parameter state (step count, buffers) is created on the parameter's first
 * step. One departure from PyTorch: a Lanes parameter always has a gradient tensor, so every
 * parameter is updated on every step (PyTorch skips parameters whose {@code grad} is
 * {@code None}; a zero gradient is updated in both).
 *
 * <p>The elementwise math of each step is one {@link Updates} kernel call per parameter; per-step
 * scalars (bias corrections, step sizes) are computed once per step in double and passed in, as
 * PyTorch computes them in Python floats.
 */
public abstract class Optimizer {
    private final String name;
    /** The typed declarations: hyperparameters, state buffers and scalars with their invariants. */
    private final Hyper.Spec spec;
    private final List<ParamGroup> groups;
    private final Parameter[] params;
    private ParamState[] states;
    /** The update kernels (Checked wrapper of the chosen set). */
    final Updates updates;

    Optimizer(String name, Builder<?, ?> b) {
        this.name = name;
        this.spec = b.spec;
        this.updates = (b.kernels != null ? b.kernels : Kernels.get()).updates();
        if (b.specs.isEmpty()) {
            throw new IllegalArgumentException(name + " got no parameters: call params(...) or group(...) before build()");
        }
        List<ParamGroup> gs = new ArrayList<>();
        List<Parameter> all = new ArrayList<>();
        Map<Parameter, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < b.specs.size(); i++) {
            Builder.GroupSpec spec = b.specs.get(i);
            Map<String, Object> h = b.resolve(spec);
            String where = b.specs.size() > 1 ? "param group " + i + ": " : "";
            if (spec.params().isEmpty()) {
                throw new IllegalArgumentException(where + "params must not be empty");
            }
            Hyper.Values values;
            try {
                values = validate(h);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            for (Parameter p : spec.params()) {
                if (p == null) {
                    throw new IllegalArgumentException(where + "params must not contain null");
                }
                Integer prev = seen.put(p, i);
                if (prev != null) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' appears more than once"
                            + " (groups " + prev + " and " + i + "); each parameter may be in one group only");
                }
                all.add(p);
            }
            gs.add(new ParamGroup(this, i, spec.params(), values));
        }
        this.groups = Collections.unmodifiableList(gs);
        this.params = all.toArray(new Parameter[0]);
        this.states = freshStates(params.length);
    }

    private static ParamState[] freshStates(int n) {
        ParamState[] s = new ParamState[n];
        for (int i = 0; i < n; i++) {
            s[i] = new ParamState();
        }
        return s;
    }

    /** The optimizer's name, e.g. {@code Adam}. */
    public final String name() {
        return name;
    }

    /** The parameter groups, in order. */
    public final List<ParamGroup> paramGroups() {
        return groups;
    }

    /** Convenience: group 0 (the only one when built with {@code params(...)}). */
    public final ParamGroup group(int i) {
        if (i < 0 || i >= groups.size()) {
            throw new IllegalArgumentException("group index must be in [0, " + groups.size() + "), got " + i);
        }
        return groups.get(i);
    }

    /** Sets every group's learning rate. */
    public final void setLr(double lr) {
        for (ParamGroup g : groups) {
            g.setLr(lr);
        }
    }

    /** One update of every parameter from its current gradient. */
    public final void step() {
        int idx = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            Hyper.Values h = g.values();
            List<Parameter> ps = g.params();
            for (int j = 0; j < ps.size(); j++) {
                update(h, ps.get(j), states[idx++]);
            }
        }
    }

    /** Sets every parameter's gradient to 0. */
    public final void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /** The step count of parameter {@code index} (0 before its first step). */
    public final long stepCount(int index) {
        if (index < 0 || index >= params.length) {
            throw new IllegalArgumentException("parameter index must be in [0, " + params.length + "), got " + index);
        }
        return states[index].step;
    }

    /** One parameter's update: advance {@code s.step} and call the kernel. */
    abstract void update(Hyper.Values h, Parameter p, ParamState s);

    /**
     * Checks a full hyperparameter map against the declarations (IllegalArgumentException naming
     * the argument) and returns its values, unboxed.
     */
    final Hyper.Values validate(Map<String, Object> h) {
        return spec.validate(h, name);
    }

    /** A deep copy of the optimizer's state and hyperparameters. */
    public final StateDict stateDict() {
        List<StateDict.Group> gs = new ArrayList<>();
        int idx = 0;
        for (ParamGroup g : groups) {
            int[] ids = new int[g.params().size()];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = idx++;
            }
            gs.add(new StateDict.Group(ids, g.values().toMap()));
        }
        TreeMap<Integer, StateDict.State> st = new TreeMap<>();
        for (int i = 0; i < states.length; i++) {
            ParamState s = states[i];
            if (!s.isEmpty()) {
                st.put(i, new StateDict.State(s.step, s.buffers, s.scalarValues()));
            }
        }
        return new StateDict(name, gs, st);
    }

    /**
     * Replaces this optimizer's state and hyperparameters with a snapshot (copied). The snapshot
     * must come from an optimizer of the same kind ({@link StateDict#optimizer()} equal to
     * {@link #name()}) with the same group structure (group count, parameter count per group).
     * Checked against this optimizer's declarations: every hyperparameter (type and range); per
     * parameter, a step count {@code >= 0}, no state at step 0, every buffer and scalar it needs
     * once stepped (e.g. Adam's {@code exp_avg} and {@code exp_avg_sq}), no unknown ones, buffer
     * sizes equal to the parameter sizes and every element within its invariant (finite; second
     * moments and accumulated squares {@code >= 0}). Everything is checked before anything
     * changes: on error this optimizer is left as it was.
     */
    public final void loadStateDict(StateDict sd) {
        if (sd == null) {
            throw new IllegalArgumentException("state dict must not be null");
        }
        if (!name.equals(sd.optimizer())) {
            throw new IllegalArgumentException("state dict is from optimizer '" + sd.optimizer() + "', this optimizer is "
                    + name + "; load a state dict saved by the same optimizer");
        }
        if (sd.groups().size() != groups.size()) {
            throw new IllegalArgumentException("state dict has " + sd.groups().size() + " param groups, "
                    + name + " has " + groups.size());
        }
        List<Hyper.Values> hypers = new ArrayList<>();
        int idx = 0;
        for (int i = 0; i < groups.size(); i++) {
            StateDict.Group sg = sd.groups().get(i);
            ParamGroup g = groups.get(i);
            int[] ids = sg.params();
            if (ids.length != g.params().size()) {
                throw new IllegalArgumentException("param group " + i + " of the state dict has " + ids.length
                        + " parameters, this optimizer's has " + g.params().size());
            }
            for (int id : ids) {
                if (id != idx++) {
                    throw new IllegalArgumentException("param group " + i + " of the state dict lists parameter indices "
                            + Arrays.toString(ids) + "; expected consecutive indices in group order");
                }
            }
            Map<String, Object> h = new LinkedHashMap<>(sg.hyperparameters());
            List<String> expected = g.values().keys();
            if (!h.keySet().equals(Set.copyOf(expected))) {
                throw new IllegalArgumentException("param group " + i + " of the state dict has hyperparameters "
                        + h.keySet() + ", " + name + " expects " + expected);
            }
            try {
                hypers.add(validate(h));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("param group " + i + " of the state dict: " + e.getMessage(), e);
            }
        }
        ParamState[] fresh = freshStates(params.length);
        for (Map.Entry<Integer, StateDict.State> e : sd.state().entrySet()) {
            int i = e.getKey();
            if (i < 0 || i >= params.length) {
                throw new IllegalArgumentException("state dict has state for parameter index " + i
                        + ", outside [0, " + params.length + ")");
            }
            StateDict.State s = e.getValue();
            String who = "parameter " + i + " ('" + params[i].name() + "')";
            if (s.step() < 0) {
                throw new IllegalArgumentException("step of " + who + " must be >= 0, got " + s.step());
            }
            Map<String, float[]> bufs = s.buffers();
            Map<String, Double> scs = s.scalars();
            if (s.step() == 0 && (!bufs.isEmpty() || !scs.isEmpty())) {
                throw new IllegalArgumentException(who + " has step 0 but state " + bufs.keySet() + scs.keySet()
                        + "; state exists only after a step");
            }
            ParamState ps = fresh[i];
            ps.step = s.step();
            checkKnown(who, "buffer", bufs.keySet(), spec.bufferKeys());
            checkKnown(who, "scalar", scs.keySet(), spec.scalarKeys());
            for (Hyper.StateDef d : spec.buffers()) {
                float[] b = bufs.get(d.key());
                if (b == null) {
                    checkPresent(who, "buffer", d, s.step());
                    continue;
                }
                if (b.length != params[i].size()) {
                    throw new IllegalArgumentException(who + ": buffer '" + d.key() + "' has " + b.length
                            + " elements, the parameter has " + params[i].size());
                }
                for (int k = 0; k < b.length; k++) {
                    if (!d.invariant().ok(b[k])) {
                        throw new IllegalArgumentException(who + ": buffer '" + d.key() + "' "
                                + d.invariant().rule + ", got " + b[k] + " at element " + k);
                    }
                }
                ps.buffers.put(d.key(), b); // s.buffers() is already a copy
            }
            for (Hyper.StateDef d : spec.scalars()) {
                Double v = scs.get(d.key());
                if (v == null) {
                    checkPresent(who, "scalar", d, s.step());
                    continue;
                }
                if (!d.invariant().ok(v)) {
                    throw new IllegalArgumentException(who + ": scalar '" + d.key() + "' "
                            + d.invariant().rule + ", got " + v);
                }
                ps.scalars.put(d.key(), new double[] {v});
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).replaceAll(hypers.get(i));
        }
        states = fresh;
    }

    private void checkKnown(String who, String kind, Set<String> keys, List<String> known) {
        for (String k : keys) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(who + ": unknown " + kind + " '" + k + "' for " + name
                        + " (known: " + known + ")");
            }
        }
    }

    private void checkPresent(String who, String kind, Hyper.StateDef d, long step) {
        if (d.required() && step > 0) {
            throw new IllegalArgumentException(who + " has step " + step + " but no " + kind + " '" + d.key()
                    + "'; " + name + " needs it after the first step");
        }
    }

    @Override
    public String toString() {
        return name + " " + groups;
    }

    /**
     * Common builder: hyperparameter defaults (PyTorch's), parameter groups with per-group
     * overrides, and the kernel set.
     *
     * @param <B> the concrete builder
     * @param <O> the optimizer it builds
     */
    public abstract static class Builder<B extends Builder<B, O>, O extends Optimizer> {
        record GroupSpec(List<Parameter> params, Consumer<Object> overrides) {}

        final Hyper.Spec spec;
        final Map<String, Object> values = new LinkedHashMap<>();
        final List<GroupSpec> specs = new ArrayList<>();
        private final Supplier<B> fresh;
        private final Function<B, O> create;
        Kernels kernels;

        /**
         * Starts from the declared defaults; {@code fresh} makes an empty builder of the same kind
         * (for group overrides), {@code create} the optimizer.
         */
        Builder(Hyper.Spec spec, Supplier<B> fresh, Function<B, O> create) {
            this.spec = spec;
            this.fresh = fresh;
            this.create = create;
            values.putAll(spec.defaults());
        }

        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }

        final B put(Hyper.Num def, double value) {
            values.put(def.key(), value);
            return self();
        }

        final B put(Hyper.Flag def, boolean value) {
            values.put(def.key(), value);
            return self();
        }

        /** The learning rate. */
        public B lr(double lr) {
            values.put(Hyper.LR, lr);
            return self();
        }

        /** The weight decay (L2 penalty, or decoupled where the optimizer says so); every optimizer has it. */
        public B weightDecay(double weightDecay) {
            return put(Hyper.WEIGHT_DECAY, weightDecay);
        }

        /** Maximize the objective instead of minimizing it; every optimizer has it. */
        public B maximize(boolean maximize) {
            return put(Hyper.MAXIMIZE, maximize);
        }

        /** Adds one group with these parameters and the builder's hyperparameters. */
        public B params(Iterable<Parameter> params) {
            return group(params, g -> { });
        }

        /** Adds one group with these parameters and the builder's hyperparameters. */
        public B params(Parameter... params) {
            return params(Arrays.asList(params));
        }

        /**
         * Adds one group whose hyperparameters are the builder's (as set by the time of
         * {@link #build()}) with {@code overrides} applied, e.g.
         * {@code group(head, g -> g.lr(1e-2).weightDecay(0))}.
         */
        @SuppressWarnings("unchecked")
        public B group(Iterable<Parameter> params, Consumer<? super B> overrides) {
            if (params == null) {
                throw new IllegalArgumentException("params must not be null");
            }
            if (overrides == null) {
                throw new IllegalArgumentException("overrides must not be null (use params(...) for none)");
            }
            List<Parameter> ps = new ArrayList<>();
            params.forEach(ps::add);
            specs.add(new GroupSpec(ps, (Consumer<Object>) (Consumer<?>) overrides));
            return self();
        }

        /** The kernel set to run the updates on (default {@link Kernels#get()}). */
        public B kernels(Kernels kernels) {
            this.kernels = kernels;
            return self();
        }

        Map<String, Object> resolve(GroupSpec spec) {
            B f = fresh.get();
            f.values.clear();
            f.values.putAll(values);
            spec.overrides().accept(f);
            if (!f.specs.isEmpty()) {
                throw new IllegalArgumentException("group overrides must set hyperparameters only, not add groups");
            }
            return new LinkedHashMap<>(f.values);
        }

        /** Builds the optimizer; hyperparameters are validated here (IllegalArgumentException). */
        public O build() {
            return create.apply(self());
        }
    }

    /**
     * Builder of the Adam family (Adam, AdamW, Adamax, NAdam, RAdam): adds the moment
     * hyperparameters {@code betas} and {@code eps}.
     *
     * @param <B> the concrete builder
     * @param <O> the optimizer it builds
     */
    public abstract static class MomentsBuilder<B extends MomentsBuilder<B, O>, O extends Optimizer> extends Builder<B, O> {
        MomentsBuilder(Hyper.Spec spec, Supplier<B> fresh, Function<B, O> create) {
            super(spec, fresh, create);
        }

        /** The averaging factors of the first and second moments, each in [0, 1). */
        public B betas(double beta1, double beta2) {
            put(Hyper.ADAM_BETA1, beta1);
            return put(Hyper.ADAM_BETA2, beta2);
        }

        /** The term added to the denominator for numerical stability ({@code >= 0}). */
        public B eps(double eps) {
            return put(Hyper.ADAM_EPS, eps);
        }
    }
}
