package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * Adagrad, as {@code torch.optim.Adagrad}.
 *
 * <pre>
 * state: sum = initial_accumulator_value (every element), t = 0
 * for each parameter p with gradient g:
 *   t = t + 1
 *   d = maximize ? -g : g
 *   if weight_decay != 0:  d = d + weight_decay * p
 *   clr = lr / (1 + (t - 1) * lr_decay)          (double, once per step)
 *   sum = sum + d^2
 *   p = p - clr * d / (sqrt(sum) + eps)
 * </pre>
 *
 * Defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10,
 * maximize false. Departures from Duchi et al. (as PyTorch): eps added outside the root, the
 * optional {@code 1/(1 + (t-1)*lr_decay)} decay of the rate, and the accumulator's initial value.
 * The accumulator is created on the parameter's first step (PyTorch creates it at construction;
 * the values are the same).
 */
public final class Adagrad extends Optimizer {
    private Adagrad(Builder b) {
        super("Adagrad", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Adagrad}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adagrad> {
        Builder() {
            put("lr", 1e-2);
            put("lr_decay", 0.0);
            put("weight_decay", 0.0);
            put("initial_accumulator_value", 0.0);
            put("eps", 1e-10);
            put("maximize", false);
        }

        public Builder lrDecay(double lrDecay) {
            return put("lr_decay", lrDecay);
        }

        public Builder weightDecay(double weightDecay) {
            return put("weight_decay", weightDecay);
        }

        public Builder initialAccumulatorValue(double value) {
            return put("initial_accumulator_value", value);
        }

        public Builder eps(double eps) {
            return put("eps", eps);
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

        @Override Adagrad create() {
            return new Adagrad(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        nonNegative(h, "lr_decay");
        nonNegative(h, "weight_decay");
        nonNegative(h, "initial_accumulator_value");
        nonNegative(h, "eps");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("sum");
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        long t = ++s.step;
        double clr = num(h, "lr") / (1 + (t - 1) * num(h, "lr_decay"));
        float[] sum = s.buffer("sum", p.size(), (float) num(h, "initial_accumulator_value"));
        updates.adagrad(p.value().data(), 0, sum, 0, p.grad().data(), 0, (float) clr,
                (float) num(h, "weight_decay"), (float) num(h, "eps"), flag(h, "maximize"), p.size());
    }
}
