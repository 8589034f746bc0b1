package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.finite;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

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
            put("momentum", 0.0);
            put("dampening", 0.0);
            put("weight_decay", 0.0);
            put("nesterov", false);
            put("maximize", false);
        }

        public Builder momentum(double momentum) {
            return put("momentum", momentum);
        }

        public Builder dampening(double dampening) {
            return put("dampening", dampening);
        }

        public Builder weightDecay(double weightDecay) {
            return put("weight_decay", weightDecay);
        }

        public Builder nesterov(boolean nesterov) {
            return put("nesterov", nesterov);
        }

        public Builder maximize(boolean maximize) {
            return put("maximize", maximize);
        }

        @Override Builder self() {
            return this;
        }

        @Override Builder fresh() {
            return new Builder();
        }

        @Override SGD create() {
            return new SGD(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        if (!h.containsKey("lr")) {
            throw new IllegalArgumentException("lr is required for SGD (no default, as PyTorch)");
        }
        nonNegative(h, "lr");
        double momentum = nonNegative(h, "momentum");
        double dampening = finite(h, "dampening");
        nonNegative(h, "weight_decay");
        flag(h, "maximize");
        if (flag(h, "nesterov") && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening = 0, got momentum = "
                    + momentum + ", dampening = " + dampening);
        }
    }

    @Override
    Set<String> bufferNames() {
        return Set.of(BUF);
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        s.step++;
        double momentum = num(h, "momentum");
        float[] buf = null;
        boolean init = false;
        if (momentum != 0) {
            buf = s.buffers.get(BUF);
            if (buf == null) {
                buf = s.buffer(BUF, p.size());
                init = true;
            }
        }
        updates.sgd(p.value().data(), 0, buf, 0, p.grad().data(), 0, (float) num(h, "lr"),
                (float) num(h, "weight_decay"), (float) momentum, (float) (1 - num(h, "dampening")),
                flag(h, "nesterov"), flag(h, "maximize"), init, p.size());
    }
}
