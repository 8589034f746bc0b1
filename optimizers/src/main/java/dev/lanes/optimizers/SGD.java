package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.num;
import static dev.lanes.optimizers.Hyper.optional;

import dev.lanes.core.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD}.
 *
 * <pre>
 * for each parameter p with gradient g:
 *   d = maximize ? -g : g
 *   if weight_decay != 0:  d = d + weight_decay * p
 *   if momentum != 0:
 *     b = (first step) ? d : momentum * b + (1 - dampening) * d
 *     d = nesterov ? d + momentum * b : b
 *   p = p - lr * d
 * </pre>
 *
 * Defaults as PyTorch: {@code lr} required (no default), momentum 0, dampening 0, weight_decay 0,
 * nesterov false, maximize false. Nesterov requires momentum > 0 and dampening = 0.
 * Departures from Sutskever et al.: the buffer starts as the first gradient (not 0) and the
 * learning rate multiplies the buffer instead of being folded into it (PyTorch's formulation;
 * the two differ when lr changes during training). {@code maximize} negates the gradient before
 * weight decay and momentum, as PyTorch's implementation does (the pseudocode on some versions of
 * its documentation flips the sign of the final step instead, which would turn weight decay into
 * growth).
 */
public final class SGD extends Optimizer {
    static final String BUF = "momentum_buffer";
    /** No default, as PyTorch: {@code lr} must be given. */
    static final Hyper.Num LR = Hyper.lr(null);
    static final Hyper.Num MOMENTUM = num("momentum", 0.0, Hyper.Range.NON_NEGATIVE);
    static final Hyper.Num DAMPENING = num("dampening", 0.0, Hyper.Range.FINITE);
    static final Hyper.Flag NESTEROV = Hyper.flag("nesterov", false);

    /** The momentum buffer is optional: absent, the next step starts it from the gradient (PyTorch's None). */
    static final Hyper.Spec SPEC = Hyper.Spec.of(List.of(LR, MOMENTUM, DAMPENING, WEIGHT_DECAY, NESTEROV, MAXIMIZE),
            List.of(optional(BUF, FINITE))).withCrossCheck(SGD::checkNesterov);

    private SGD(Builder b) {
        super("SGD", b);
    }

    /** A builder; set {@code lr} and the parameters, then {@code build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link SGD}. */
    public static final class Builder extends Optimizer.Builder<Builder, SGD> {
        Builder() {
            super(SPEC, Builder::new, SGD::new);
        }

        public Builder momentum(double value) {
            return put(MOMENTUM, value);
        }

        public Builder dampening(double value) {
            return put(DAMPENING, value);
        }

        public Builder nesterov(boolean value) {
            return put(NESTEROV, value);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        s.step++;
        double momentum = MOMENTUM.get(h);
        float[] buf = null;
        boolean init = false;
        if (momentum != 0) {
            buf = s.buffers.get(BUF);
            if (buf == null) {
                buf = s.buffer(BUF, p.size());
                init = true;
            }
        }
        updates.sgd(p.value().data(), 0, buf, 0, p.grad().data(), 0, (float) LR.get(h),
                (float) WEIGHT_DECAY.get(h), (float) momentum, (float) (1 - DAMPENING.get(h)),
                NESTEROV.get(h), MAXIMIZE.get(h), init, p.size());
    }

    private static void checkNesterov(Hyper.Values h) {
        double momentum = MOMENTUM.get(h);
        double dampening = DAMPENING.get(h);
        if (NESTEROV.get(h) && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening = 0, got momentum = "
                    + momentum + ", dampening = " + dampening);
        }
    }
}
