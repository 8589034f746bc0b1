package dev.lanes.optimizers;

import dev.lanes.core.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter group: its parameters and its hyperparameters (PyTorch's {@code param_groups[i]}
 * dict). Hyperparameters are named as in PyTorch ({@code lr}, {@code weight_decay},
 * {@code momentum}, ...; the {@code betas} pair is {@code beta1} and {@code beta2}); numbers are
 * doubles, flags are booleans. Every change is validated by the owning optimizer, so a group
 * never holds an invalid value. Schedules change {@code lr} (and {@code momentum} or
 * {@code beta1}) here between steps.
 */
public final class ParamGroup {
    private final List<Parameter> params;
    private final Map<String, Object> hyper;
    private final Optimizer owner;
    private final int index;

    ParamGroup(Optimizer owner, int index, List<Parameter> params, Map<String, Object> hyper) {
        this.owner = owner;
        this.index = index;
        this.params = List.copyOf(params);
        this.hyper = new LinkedHashMap<>(hyper);
    }

    /** The parameters of this group, in order (unmodifiable). */
    public List<Parameter> params() {
        return params;
    }

    /** Position of this group in {@link Optimizer#paramGroups()}. */
    public int index() {
        return index;
    }

    /** The learning rate. */
    public double lr() {
        return getDouble("lr");
    }

    /** Sets the learning rate ({@code >= 0}). */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /** Whether this optimizer has a hyperparameter of that name. */
    public boolean has(String name) {
        return hyper.containsKey(name);
    }

    /** A numeric hyperparameter. */
    public double getDouble(String name) {
        Object v = known(name);
        if (!(v instanceof Double d)) {
            throw new IllegalArgumentException("hyperparameter " + name + " is a flag, not a number");
        }
        return d;
    }

    /** A flag hyperparameter. */
    public boolean getBoolean(String name) {
        Object v = known(name);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("hyperparameter " + name + " is a number, not a flag");
        }
        return b;
    }

    /** Sets a numeric hyperparameter, validated as at construction. */
    public void set(String name, double value) {
        if (!(known(name) instanceof Double)) {
            throw new IllegalArgumentException("hyperparameter " + name + " is a flag, not a number");
        }
        put(name, value);
    }

    /** Sets a flag hyperparameter, validated as at construction. */
    public void set(String name, boolean value) {
        if (!(known(name) instanceof Boolean)) {
            throw new IllegalArgumentException("hyperparameter " + name + " is a number, not a flag");
        }
        put(name, value);
    }

    /** A copy of all hyperparameters, in their declaration order. */
    public Map<String, Object> hyperparameters() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(hyper));
    }

    private Object known(String name) {
        Object v = hyper.get(name);
        if (v == null) {
            throw new IllegalArgumentException(owner.name() + " has no hyperparameter '" + name
                    + "'; it has " + hyper.keySet());
        }
        return v;
    }

    private void put(String name, Object value) {
        Object old = hyper.put(name, value);
        try {
            owner.validate(hyper);
        } catch (IllegalArgumentException e) {
            hyper.put(name, old);
            throw e;
        }
    }

    /** Replaces all hyperparameters (state-dict loading); validated by the caller. */
    void replaceAll(Map<String, Object> values) {
        hyper.clear();
        hyper.putAll(values);
    }

    Map<String, Object> raw() {
        return hyper;
    }

    @Override
    public String toString() {
        return "ParamGroup " + index + " (" + params.size() + " parameters) " + hyper;
    }
}
