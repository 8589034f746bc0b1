package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;
import static dev.lanes.optimizers.Hyper.unit;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * Adadelta, as {@code torch.optim.Adadelta}.
 *
 * <pre>
 * for each parameter p with gradient g:
 *   d = maximize ? -g : g
 *   if weight_decay != 0:  d = d + weight_decay * p
 *   v = rho * v + (1 - rho) * d^2
 *   u = sqrt(acc + eps) / sqrt(v + eps) * d
 *   acc = rho * acc + (1 - rho) * u^2
 *   p = p - lr * u
 * </pre>
 *
 * Defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false. Departure from Zeiler
 * (as PyTorch): the update is scaled by {@code lr} (the paper has none; lr = 1 recovers it).
 */
public final class Adadelta extends Optimizer {
    private Adadelta(Builder b) {
        super("Adadelta", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Adadelta}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adadelta> {
        Builder() {
            put("lr", 1.0);
            put("rho", 0.9);
            put("eps", 1e-6);
            put("weight_decay", 0.0);
            put("maximize", false);
        }

        public Builder rho(double rho) {
            return put("rho", rho);
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

        @Override Adadelta create() {
            return new Adadelta(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        unit(h, "rho");
        nonNegative(h, "eps");
        nonNegative(h, "weight_decay");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("square_avg", "acc_delta");
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        s.step++;
        int n = p.size();
        double rho = num(h, "rho");
        updates.adadelta(p.value().data(), 0, s.buffer("square_avg", n), 0, s.buffer("acc_delta", n), 0,
                p.grad().data(), 0, (float) num(h, "lr"), (float) rho, (float) (1 - rho),
                (float) num(h, "eps"), (float) num(h, "weight_decay"), flag(h, "maximize"), n);
    }
}
