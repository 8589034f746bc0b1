package dev.lanes.optimizers.schedule;

import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.ParamGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an {@link LrSchedule} to an optimizer: PyTorch's {@code LRScheduler} without its
 * recursive forms. At construction it records each group's current lr as its base
 * ({@code initial_lr}) and sets the step-0 values; each {@link #step()} advances the step and
 * writes every group's lr (and, for a {@link MomentumSchedule} that cycles momentum, the group's
 * {@code beta1} if it has one, else its {@code momentum}).
 *
 * <pre>
 * Scheduler s = new Scheduler(opt, new Schedules.CosineAnnealingLr(1000, 0));
 * for (...) { ...backward...; opt.step(); s.step(); }
 * </pre>
 */
public final class Scheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double[] baseLrs;
    private final String momentumKey;
    private long step;

    public Scheduler(Optimizer optimizer, LrSchedule schedule) {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("optimizer and schedule must not be null");
        }
        this.optimizer = optimizer;
        this.schedule = schedule;
        List<ParamGroup> gs = optimizer.paramGroups();
        baseLrs = new double[gs.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = gs.get(i).lr();
        }
        if (schedule instanceof MomentumSchedule ms && ms.cyclesMomentum()) {
            ParamGroup g = gs.get(0);
            momentumKey = g.has("beta1") ? "beta1" : g.has("momentum") ? "momentum" : null;
            if (momentumKey == null) {
                throw new IllegalArgumentException(optimizer.name() + " has neither beta1 nor momentum;"
                        + " turn momentum cycling off (cycleMomentum(false))");
            }
        } else {
            momentumKey = null;
        }
        apply();
    }

    /** Advances one step and sets the groups' learning rates (and momentum). */
    public void step() {
        step++;
        apply();
    }

    /** Jumps to {@code step} (e.g. after loading a checkpoint) and sets the groups' values. */
    public void setStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        this.step = step;
        apply();
    }

    /** Scheduler steps taken (PyTorch's {@code last_epoch}). */
    public long stepCount() {
        return step;
    }

    /** The base learning rate of each group, recorded at construction. */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    /** The learning rate each group has now (PyTorch's {@code get_last_lr()}). */
    public List<Double> lastLr() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            out.add(g.lr());
        }
        return out;
    }

    /**
     * Writes each group's values, skipping a value whose bits did not change (no re-validation).
     * A group stores its numbers unboxed and {@link ParamGroup#set(String, double)} checks only
     * that value's range and the optimizer's cross-checks, so a step allocates nothing even when
     * every value changes (cosine, one-cycle).
     */
    private void apply() {
        List<ParamGroup> gs = optimizer.paramGroups();
        double m = momentumKey == null ? 0 : ((MomentumSchedule) schedule).momentum(step);
        for (int i = 0; i < gs.size(); i++) {
            ParamGroup g = gs.get(i);
            double lr = schedule.lr(baseLrs[i], step);
            if (Double.doubleToRawLongBits(lr) != Double.doubleToRawLongBits(g.lr())) {
                g.setLr(lr);
            }
            if (momentumKey != null
                    && Double.doubleToRawLongBits(m) != Double.doubleToRawLongBits(g.getDouble(momentumKey))) {
                g.set(momentumKey, m);
            }
        }
    }
}
