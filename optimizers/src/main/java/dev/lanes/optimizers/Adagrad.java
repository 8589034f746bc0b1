package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.num;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

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
    static final Hyper.Num LR = Hyper.lr(1e-2);
    static final Hyper.Num LR_DECAY = num("lr_decay", 0.0, Hyper.Range.NON_NEGATIVE);
    static final Hyper.Num INITIAL_ACCUMULATOR_VALUE = num("initial_accumulator_value", 0.0, Hyper.Range.NON_NEGATIVE);
    static final Hyper.Num EPS = Hyper.eps(1e-10);
    static final String SUM = "sum";

    static final Hyper.Spec SPEC = Hyper.Spec.of(
            List.of(LR, LR_DECAY, WEIGHT_DECAY, INITIAL_ACCUMULATOR_VALUE, EPS, MAXIMIZE),
            List.of(required(SUM, NON_NEGATIVE)));

    private Adagrad(Builder b) {
        super("Adagrad", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Adagrad}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adagrad> {
        Builder() {
            super(SPEC, Builder::new, Adagrad::new);
        }

        public Builder lrDecay(double value) {
            return put(LR_DECAY, value);
        }

        public Builder initialAccumulatorValue(double value) {
            return put(INITIAL_ACCUMULATOR_VALUE, value);
        }

        public Builder eps(double value) {
            return put(EPS, value);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        long t = ++s.step;
        double clr = LR.get(h) / (1 + (t - 1) * LR_DECAY.get(h));
        float[] sum = s.buffer(SUM, p.size(), (float) INITIAL_ACCUMULATOR_VALUE.get(h));
        updates.adagrad(p.value().data(), 0, sum, 0, p.grad().data(), 0, (float) clr,
                (float) WEIGHT_DECAY.get(h), (float) EPS.get(h), MAXIMIZE.get(h), p.size());
    }
}
