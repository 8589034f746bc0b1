package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.DECOUPLED;
import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.optional;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Updates;
import java.util.List;

/**
 * Adam, as {@code torch.optim.Adam} (with {@code decoupled_weight_decay} it is AdamW: see
 * {@link AdamW}).
 *
 * <pre>
 * for each parameter p with gradient g:
 *   t = t + 1
 *   d = maximize ? -g : g
 *   if decoupled_weight_decay:   p = p * (1 - lr * weight_decay)
 *   else if weight_decay != 0:   d = d + weight_decay * p
 *   m = beta1 * m + (1 - beta1) * d                 (as lerp(m, d, 1 - beta1))
 *   v = beta2 * v + (1 - beta2) * d^2
 *   if amsgrad:  vmax = max(vmax, v);  v' = vmax   else v' = v
 *   step_size = lr / (1 - beta1^t);  bc2 = sqrt(1 - beta2^t)     (double, once per step)
 *   p = p - step_size * m / (sqrt(v') / bc2 + eps)
 * </pre>
 *
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, amsgrad false, maximize
 * false, decoupled_weight_decay false. Relation to Kingma and Ba (as PyTorch): eps is added to the
 * bias-corrected root {@code sqrt(v)/sqrt(1-beta2^t)}, as in the paper's Algorithm 1
 * ({@code sqrt(v_hat) + eps}), not to {@code sqrt(v)} as in the paper's "more efficient" ordering
 * (whose eps-hat differs by the factor {@code sqrt(1-beta2^t)}); the bias corrections are folded
 * into the step size and the denominator. Additions: coupled L2 weight decay (or decoupled, i.e.
 * AdamW), maximize, and AMSGrad (Reddi et al.), which keeps the maximum of the raw, not
 * bias-corrected, second moments.
 */
public final class Adam extends Optimizer {
    static final Hyper.Num LR = Hyper.lr(1e-3);
    static final Hyper.Num BETA1 = Hyper.ADAM_BETA1;
    static final Hyper.Num BETA2 = Hyper.ADAM_BETA2;
    static final Hyper.Num EPS = Hyper.ADAM_EPS;
    static final Hyper.Flag AMSGRAD = Hyper.flag("amsgrad", false);
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    /** Adam's declarations (AdamW's are the same with other defaults). */
    static final Hyper.Spec SPEC = Hyper.Spec.of(
            List.of(LR, BETA1, BETA2, EPS, WEIGHT_DECAY, AMSGRAD, MAXIMIZE, DECOUPLED),
            List.of(required(EXP_AVG, FINITE), required(EXP_AVG_SQ, NON_NEGATIVE),
                    optional(MAX_EXP_AVG_SQ, NON_NEGATIVE)));

    private Adam(Builder b) {
        super("Adam", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Setters shared by the Adam and AdamW builders. */
    public abstract static class Base<B extends Base<B, O>, O extends Optimizer> extends Optimizer.MomentsBuilder<B, O> {
        Base(Hyper.Spec spec, java.util.function.Supplier<B> fresh, java.util.function.Function<B, O> create) {
            super(spec, fresh, create);
        }

        public B amsgrad(boolean amsgrad) {
            return put(AMSGRAD, amsgrad);
        }

        public B decoupledWeightDecay(boolean decoupled) {
            return put(DECOUPLED, decoupled);
        }
    }

    /** Builder for {@link Adam}. */
    public static final class Builder extends Base<Builder, Adam> {
        Builder() {
            super(SPEC, Builder::new, Adam::new);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        adamStep(updates, h, p, s);
    }

    /** The update shared with AdamW. */
    static void adamStep(Updates updates, Hyper.Values h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double lr = LR.get(h);
        double beta1 = BETA1.get(h);
        double beta2 = BETA2.get(h);
        double wd = WEIGHT_DECAY.get(h);
        boolean decoupled = DECOUPLED.get(h);
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        float[] vMax = AMSGRAD.get(h) ? s.buffer(MAX_EXP_AVG_SQ, n) : null;
        updates.adam(p.value().data(), 0, s.buffer(EXP_AVG, n), 0, s.buffer(EXP_AVG_SQ, n), 0, vMax, 0,
                p.grad().data(), 0, decoupled ? (float) (1 - lr * wd) : 1f, decoupled ? 0f : (float) wd,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) (lr / bias1),
                (float) Math.sqrt(bias2), (float) EPS.get(h), MAXIMIZE.get(h), n);
    }
}
