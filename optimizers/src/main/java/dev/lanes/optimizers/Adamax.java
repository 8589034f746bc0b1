package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

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
    static final Hyper.Num LR = Hyper.lr(2e-3);
    static final Hyper.Num BETA1 = Hyper.ADAM_BETA1;
    static final Hyper.Num BETA2 = Hyper.ADAM_BETA2;
    static final Hyper.Num EPS = Hyper.ADAM_EPS;
    static final String EXP_AVG = "exp_avg";
    static final String EXP_INF = "exp_inf";

    static final Hyper.Spec SPEC = Hyper.Spec.of(List.of(LR, BETA1, BETA2, EPS, WEIGHT_DECAY, MAXIMIZE),
            List.of(required(EXP_AVG, FINITE), required(EXP_INF, NON_NEGATIVE)));

    private Adamax(Builder b) {
        super("Adamax", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Adamax}. */
    public static final class Builder extends Optimizer.MomentsBuilder<Builder, Adamax> {
        Builder() {
            super(SPEC, Builder::new, Adamax::new);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double beta1 = BETA1.get(h);
        double clr = LR.get(h) / (1 - Math.pow(beta1, t));
        updates.adamax(p.value().data(), 0, s.buffer(EXP_AVG, n), 0, s.buffer(EXP_INF, n), 0,
                p.grad().data(), 0, (float) WEIGHT_DECAY.get(h), (float) (1 - beta1),
                (float) BETA2.get(h), (float) EPS.get(h), (float) clr, MAXIMIZE.get(h), n);
    }
}
