package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.beta;
import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * Adamax (the infinity-norm variant of Adam), as {@code torch.optim.Adamax}.
 *
 * <pre>
 * for each parameter p with gradient g:
 *   t = t + 1
 *   d = maximize ? -g : g
 *   if weight_decay != 0:  d = d + weight_decay * p
 *   m = beta1 * m + (1 - beta1) * d
 *   u = max(beta2 * u, |d| + eps)
 *   p = p - lr / (1 - beta1^t) * m / u
 * </pre>
 *
 * Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, maximize false. Departure
 * from Kingma and Ba (as PyTorch): eps is added to {@code |d|} inside the max (the paper has no
 * eps), which keeps {@code u > 0}.
 */
public final class Adamax extends Optimizer {
    private Adamax(Builder b) {
        super("Adamax", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Adamax}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adamax> {
        Builder() {
            put("lr", 2e-3);
            put("beta1", 0.9);
            put("beta2", 0.999);
            put("eps", 1e-8);
            put("weight_decay", 0.0);
            put("maximize", false);
        }

        public Builder betas(double beta1, double beta2) {
            put("beta1", beta1);
            return put("beta2", beta2);
        }

        public Builder eps(double eps) {
            return put("eps", eps);
        }

        public Builder weightDecay(double weightDecay) {
            return put("weight_decay", weightDecay);
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

        @Override Adamax create() {
            return new Adamax(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        beta(h, "beta1");
        beta(h, "beta2");
        nonNegative(h, "eps");
        nonNegative(h, "weight_decay");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("exp_avg", "exp_inf");
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double beta1 = num(h, "beta1");
        double clr = num(h, "lr") / (1 - Math.pow(beta1, t));
        updates.adamax(p.value().data(), 0, s.buffer("exp_avg", n), 0, s.buffer("exp_inf", n), 0,
                p.grad().data(), 0, (float) num(h, "weight_decay"), (float) (1 - beta1),
                (float) num(h, "beta2"), (float) num(h, "eps"), (float) clr, flag(h, "maximize"), n);
    }
}
