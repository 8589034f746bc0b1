package dev.lanes.optimizers;

import dev.lanes.core.Parameter;
import java.util.Collections;
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
    /** The values, unboxed (reads and writes allocate nothing; the map view is built on demand). */
    private final Hyper.Values hyper;
    private final Optimizer owner;
    private final int index;

    ParamGroup(Optimizer owner, int index, List<Parameter> params, Hyper.Values hyper) {
        this.owner = owner;
        this.index = index;
        this.params = List.copyOf(params);
        this.hyper = hyper;
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
        return getDouble(Hyper.LR);
    }

    /** Sets the learning rate ({@code >= 0}). */
    public void setLr(double lr) {
        set(Hyper.LR, lr);
    }

    /** Whether this optimizer has a hyperparameter of that name. */
    public boolean has(String name) {
        return hyper.indexOf(name) >= 0;
    }

    /** A numeric hyperparameter. */
    public double getDouble(String name) {
        return hyper.num(numIndex(name));
    }

    /** A flag hyperparameter. */
    public boolean getBoolean(String name) {
        return hyper.flag(flagIndex(name));
    }

    /**
     * Sets a numeric hyperparameter, validated as at construction: its range, then the
     * optimizer's cross-checks (e.g. SGD's nesterov rule). An invalid value throws
     * IllegalArgumentException and leaves the group unchanged. Allocates nothing on success, so a
     * schedule may call it every step.
     */
    public void set(String name, double value) {
        hyper.setNum(numIndex(name), value);
    }

    /** Sets a flag hyperparameter, validated as at construction (the optimizer's cross-checks). */
    public void set(String name, boolean value) {
        hyper.setFlag(flagIndex(name), value);
    }

    /** A copy of all hyperparameters ({@code Double} or {@code Boolean}), in their declaration order. */
    public Map<String, Object> hyperparameters() {
        return Collections.unmodifiableMap(hyper.toMap());
    }

    private int known(String name) {
        int i = hyper.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(owner.name() + " has no hyperparameter '" + name
                    + "'; it has " + hyper.keys());
        }
        return i;
    }

    private int numIndex(String name) {
        int i = known(name);
        if (!(hyper.def(i) instanceof Hyper.Num)) {
            throw new IllegalArgumentException("hyperparameter " + name + " is a flag, not a number");
        }
        return i;
    }

    private int flagIndex(String name) {
        int i = known(name);
        if (!(hyper.def(i) instanceof Hyper.Flag)) {
            throw new IllegalArgumentException("hyperparameter " + name + " is a number, not a flag");
        }
        return i;
    }

    /** Replaces all hyperparameters (state-dict loading); validated by the caller. */
    void replaceAll(Hyper.Values values) {
        hyper.copyFrom(values);
    }

    /** The values the step reads. */
    Hyper.Values values() {
        return hyper;
    }

    @Override
    public String toString() {
        return "ParamGroup " + index + " (" + params.size() + " parameters) " + hyper.toMap();
    }
}
