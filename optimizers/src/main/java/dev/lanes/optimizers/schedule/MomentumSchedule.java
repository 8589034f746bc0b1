package dev.lanes.optimizers.schedule;

/**
 * A schedule that also cycles momentum (one-cycle, cyclic). {@link Scheduler} writes
 * {@link #momentum(long)} into each group's {@code beta1} when the optimizer has betas (Adam
 * family, Lion), otherwise into {@code momentum} (SGD, RMSprop), as PyTorch.
 */
public interface MomentumSchedule extends LrSchedule {

    /** Whether momentum cycling is on. */
    boolean cyclesMomentum();

    /** The momentum (or beta1) at {@code step}. */
    double momentum(long step);
}
