package dev.lanes.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The typed declarations of an optimizer: its hyperparameters (name = state-dict key, type,
 * default, allowed range) and the per-parameter state it keeps (buffers and scalars, whether they
 * must be present once a parameter has been stepped, and their invariants). One {@link Spec} per
 * optimizer drives its builder's defaults, the validation of every value (build, group change,
 * state-dict load), the step's typed reads and {@link Optimizer#loadStateDict}'s state checks.
 * Every failure names the argument, the allowed range and the value.
 */
final class Hyper {
    private Hyper() {}

    /** Allowed range of a numeric hyperparameter, and the invariant of a state buffer's elements or a state scalar. */
    enum Range {
        NON_NEGATIVE("must be >= 0 and finite") {
            @Override boolean ok(double v) {
                return v >= 0 && v != Double.POSITIVE_INFINITY;
            }
        },
        /** Momentum-like averaging factors; NAdam's mu_product, a product of such factors. */
        BETA("must be in [0, 1)") {
            @Override boolean ok(double v) {
                return v >= 0 && v < 1;
            }
        },
        UNIT("must be in [0, 1]") {
            @Override boolean ok(double v) {
                return v >= 0 && v <= 1;
            }
        },
        FINITE("must be finite") {
            @Override boolean ok(double v) {
                return Double.isFinite(v);
            }
        };

        final String rule;

        Range(String rule) {
            this.rule = rule;
        }

        abstract boolean ok(double v);
    }

    /** One hyperparameter: its state-dict key, default ({@code null}: required) and check. */
    sealed interface Def permits Num, Flag {
        String key();

        Object defaultValue();

        /** Throws IllegalArgumentException unless {@code v} is a valid value of this hyperparameter. */
        void check(Object v);
    }

    /** A number (stored as a {@code Double}). */
    record Num(String key, Double defaultValue, Range range) implements Def {
        @Override
        public void check(Object v) {
            if (!(v instanceof Double d)) {
                throw new IllegalArgumentException(key + " is required" + (v == null ? "" : " as a number, got " + v));
            }
            if (!range.ok(d)) {
                throw new IllegalArgumentException(key + " " + range.rule + ", got " + d);
            }
        }

        /** The value in a validated group (no allocation). */
        double get(Values h) {
            return h.nums[h.indexOf(key)];
        }

        /** The same hyperparameter with another default. */
        Num withDefault(double d) {
            return new Num(key, d, range);
        }
    }

    /** A flag (stored as a {@code Boolean}). */
    record Flag(String key, Boolean defaultValue) implements Def {
        @Override
        public void check(Object v) {
            if (!(v instanceof Boolean)) {
                throw new IllegalArgumentException(key + " is required as a flag" + (v == null ? "" : ", got " + v));
            }
        }

        /** The value in a validated group (no allocation). */
        boolean get(Values h) {
            return h.flags[h.indexOf(key)];
        }

        Flag withDefault(boolean d) {
            return new Flag(key, d);
        }
    }

    static Num num(String key, Double defaultValue, Range range) {
        return new Num(key, defaultValue, range);
    }

    static Flag flag(String key, boolean defaultValue) {
        return new Flag(key, defaultValue);
    }

    // Hyperparameters shared by several optimizers (same key, range and default everywhere).
    static final Num WEIGHT_DECAY = num("weight_decay", 0.0, Range.NON_NEGATIVE);
    static final Flag MAXIMIZE = flag("maximize", false);
    static final Flag DECOUPLED = flag("decoupled_weight_decay", false);

    /** The learning rate's key, which every optimizer has (schedules set it). */
    static final String LR = "lr";

    static Num lr(Double defaultValue) {
        return num(LR, defaultValue, Range.NON_NEGATIVE);
    }

    static Num eps(double defaultValue) {
        return num("eps", defaultValue, Range.NON_NEGATIVE);
    }

    static Num beta1(double defaultValue) {
        return num("beta1", defaultValue, Range.BETA);
    }

    static Num beta2(double defaultValue) {
        return num("beta2", defaultValue, Range.BETA);
    }

    // The Adam family's moment hyperparameters (Adam, AdamW, Adamax, NAdam, RAdam: PyTorch's defaults).
    static final Num ADAM_BETA1 = beta1(0.9);
    static final Num ADAM_BETA2 = beta2(0.999);
    static final Num ADAM_EPS = eps(1e-8);

    /**
     * One piece of per-parameter state. {@code required}: present in every state whose step is
     * {@code > 0} (an optional one absent is created on the next step exactly as on a first step,
     * e.g. SGD's momentum buffer, or AMSGrad's maximum switched on later).
     */
    record StateDef(String key, boolean required, Range invariant) {}

    static StateDef required(String key, Range inv) {
        return new StateDef(key, true, inv);
    }

    static StateDef optional(String key, Range inv) {
        return new StateDef(key, false, inv);
    }

    /**
     * An optimizer's declarations: hyperparameters in state-dict order, cross-checks between them,
     * per-parameter buffers (each one element per parameter element) and scalars. The cross-check
     * runs on every validation, including every {@link ParamGroup#set} (a schedule's per-step
     * write), so it must not allocate when the values pass (it allocates only to throw).
     */
    record Spec(List<Def> hypers, Consumer<Values> crossCheck, List<StateDef> buffers,
            List<StateDef> scalars) {
        Spec {
            hypers = List.copyOf(hypers);
            buffers = List.copyOf(buffers);
            scalars = List.copyOf(scalars);
        }

        static Spec of(List<Def> hypers, List<StateDef> buffers) {
            return new Spec(hypers, h -> { }, buffers, List.of());
        }

        Spec withCrossCheck(Consumer<Values> c) {
            return new Spec(hypers, c, buffers, scalars);
        }

        Spec withScalars(List<StateDef> s) {
            return new Spec(hypers, crossCheck, buffers, s);
        }

        /** The same declarations with other defaults for some hyperparameters (e.g. AdamW's). */
        Spec withDefaults(Def... overrides) {
            List<Def> out = new ArrayList<>();
            for (Def d : hypers) {
                Def o = d;
                for (Def x : overrides) {
                    if (x.key().equals(d.key())) {
                        o = x;
                    }
                }
                out.add(o);
            }
            return new Spec(out, crossCheck, buffers, scalars);
        }

        /** The defaults, in declaration order (a required hyperparameter is absent). */
        Map<String, Object> defaults() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Def d : hypers) {
                if (d.defaultValue() != null) {
                    m.put(d.key(), d.defaultValue());
                }
            }
            return m;
        }

        /**
         * Checks a full hyperparameter map (every declared key, its type and range, the
         * cross-checks) and returns its values, unboxed.
         */
        Values validate(Map<String, Object> h, String optimizer) {
            for (Def d : hypers) {
                if (d.defaultValue() == null && !h.containsKey(d.key())) {
                    throw new IllegalArgumentException(d.key() + " is required for " + optimizer
                            + " (no default, as PyTorch)");
                }
                d.check(h.get(d.key()));
            }
            if (h.size() != hypers.size()) {
                List<String> extra = new ArrayList<>(h.keySet());
                hypers.forEach(d -> extra.remove(d.key()));
                throw new IllegalArgumentException(optimizer + " has no hyperparameter " + extra);
            }
            Values v = new Values(this);
            for (int i = 0; i < v.keys.length; i++) {
                Object x = h.get(v.keys[i]);
                if (x instanceof Double d) {
                    v.nums[i] = d;
                } else {
                    v.flags[i] = (Boolean) x;
                }
            }
            crossCheck.accept(v);
            return v;
        }

        List<String> bufferKeys() {
            return buffers.stream().map(StateDef::key).toList();
        }

        List<String> scalarKeys() {
            return scalars.stream().map(StateDef::key).toList();
        }
    }

    /**
     * One group's hyperparameter values, unboxed: numbers in a {@code double[]} and flags in a
     * {@code boolean[]}, both indexed in the spec's declaration order (the slot of the other kind
     * is unused). The step reads them ({@link Num#get}, {@link Flag#get}) and a schedule writes
     * them ({@link #setNum}) without allocating; the boxed {@code Map} view is built on demand
     * ({@link #toMap}: {@link ParamGroup#hyperparameters()}, state dicts).
     */
    static final class Values {
        final Spec spec;
        private final String[] keys;
        private final double[] nums;
        private final boolean[] flags;

        private Values(Spec spec) {
            this.spec = spec;
            int n = spec.hypers().size();
            keys = new String[n];
            for (int i = 0; i < n; i++) {
                keys[i] = spec.hypers().get(i).key();
            }
            nums = new double[n];
            flags = new boolean[n];
        }

        /** Position of {@code key} in declaration order, or -1 (a linear scan: a handful of keys, no allocation). */
        int indexOf(String key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        Def def(int i) {
            return spec.hypers().get(i);
        }

        double num(int i) {
            return nums[i];
        }

        boolean flag(int i) {
            return flags[i];
        }

        /**
         * Sets number {@code i} after checking its range and the spec's cross-check; on failure
         * (IllegalArgumentException naming the hyperparameter, the rule and the value) nothing
         * changes. Allocates only to throw.
         */
        void setNum(int i, double value) {
            Num d = (Num) def(i);
            if (!d.range().ok(value)) {
                throw new IllegalArgumentException(d.key() + " " + d.range().rule + ", got " + value);
            }
            double old = nums[i];
            nums[i] = value;
            try {
                spec.crossCheck().accept(this);
            } catch (IllegalArgumentException e) {
                nums[i] = old;
                throw e;
            }
        }

        /** Sets flag {@code i} after the spec's cross-check; on failure nothing changes. */
        void setFlag(int i, boolean value) {
            boolean old = flags[i];
            flags[i] = value;
            try {
                spec.crossCheck().accept(this);
            } catch (IllegalArgumentException e) {
                flags[i] = old;
                throw e;
            }
        }

        /** Replaces every value with another group's (same spec). */
        void copyFrom(Values o) {
            System.arraycopy(o.nums, 0, nums, 0, nums.length);
            System.arraycopy(o.flags, 0, flags, 0, flags.length);
        }

        /** The keys, in declaration order (a new list). */
        List<String> keys() {
            return List.of(keys);
        }

        /** A new map of the values ({@code Double} or {@code Boolean}), in declaration order. */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], def(i) instanceof Num ? (Object) nums[i] : (Object) flags[i]);
            }
            return m;
        }
    }
}
