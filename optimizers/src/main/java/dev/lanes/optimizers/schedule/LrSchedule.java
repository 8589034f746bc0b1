package dev.lanes.optimizers.schedule;

/**
 * A learning-rate schedule: a pure function of the step. {@code step} counts scheduler steps as
 * PyTorch's {@code last_epoch}: step 0 is the value set at construction (used by the first
 * optimizer step), step k the value after k calls of {@code scheduler.step()}. The usual loop is
 * {@code optimizer.step(); scheduler.step();} as in PyTorch.
 *
 * <p>Implementations are immutable and give PyTorch's closed forms
 * ({@code _get_closed_form_lr}), not its recursive updates: the two agree except for rounding, and
 * when something else changes the learning rate between steps.
 */
@FunctionalInterface
public interface LrSchedule {

    /**
     * The learning rate at {@code step} for a group whose base (initial) learning rate is
     * {@code baseLr}. Schedules with absolute rates (one-cycle, cyclic) ignore {@code baseLr}.
     */
    double lr(double baseLr, long step);

    /** The base learning rate at every step. */
    static LrSchedule constant() {
        return (base, step) -> base;
    }
}
