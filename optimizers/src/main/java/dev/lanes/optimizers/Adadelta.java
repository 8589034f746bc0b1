package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.num;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

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
    static final Hyper.Num LR = Hyper.lr(1.0);
    static final Hyper.Num RHO = num("rho", 0.9, Hyper.Range.UNIT);
    static final Hyper.Num EPS = Hyper.eps(1e-6);
    static final String SQUARE_AVG = "square_avg";
    static final String ACC_DELTA = "acc_delta";

    static final Hyper.Spec SPEC = Hyper.Spec.of(List.of(LR, RHO, EPS, WEIGHT_DECAY, MAXIMIZE),
            List.of(required(SQUARE_AVG, NON_NEGATIVE), required(ACC_DELTA, NON_NEGATIVE)));

    private Adadelta(Builder b) {
        super("Adadelta", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Adadelta}. */
    public static final class Builder extends Optimizer.Builder<Builder, Adadelta> {
        Builder() {
            super(SPEC, Builder::new, Adadelta::new);
        }

        public Builder rho(double value) {
            return put(RHO, value);
        }

        public Builder eps(double value) {
            return put(EPS, value);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        s.step++;
        int n = p.size();
        double rho = RHO.get(h);
        updates.adadelta(p.value().data(), 0, s.buffer(SQUARE_AVG, n), 0, s.buffer(ACC_DELTA, n), 0,
                p.grad().data(), 0, (float) LR.get(h), (float) rho, (float) (1 - rho),
                (float) EPS.get(h), (float) WEIGHT_DECAY.get(h), MAXIMIZE.get(h), n);
    }
}
