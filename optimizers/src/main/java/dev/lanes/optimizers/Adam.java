package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.beta;
import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Updates;
import java.util.Map;
import java.util.Set;

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
    private Adam(Builder b) {
        super("Adam", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Setters shared by the Adam and AdamW builders. */
    public abstract static class Base<B extends Base<B, O>, O extends Optimizer> extends Optimizer.Builder<B, O> {
        Base(double weightDecay, boolean decoupled) {
            put("lr", 1e-3);
            put("beta1", 0.9);
            put("beta2", 0.999);
            put("eps", 1e-8);
            put("weight_decay", weightDecay);
            put("amsgrad", false);
            put("maximize", false);
            put("decoupled_weight_decay", decoupled);
        }

        public B betas(double beta1, double beta2) {
            put("beta1", beta1);
            return put("beta2", beta2);
        }

        public B eps(double eps) {
            return put("eps", eps);
        }

        public B weightDecay(double weightDecay) {
            return put("weight_decay", weightDecay);
        }

        public B amsgrad(boolean amsgrad) {
            return put("amsgrad", amsgrad);
        }

        public B maximize(boolean maximize) {
            return put("maximize", maximize);
        }

        public B decoupledWeightDecay(boolean decoupled) {
            return put("decoupled_weight_decay", decoupled);
        }
    }

    /** Builder for {@link Adam}. */
    public static final class Builder extends Base<Builder, Adam> {
        Builder() {
            super(0.0, false);
        }

        @Override Builder self() {
            return this;
        }

        @Override Builder fresh() {
            return new Builder();
        }

        @Override Adam create() {
            return new Adam(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        check(h);
    }

    @Override
    Set<String> bufferNames() {
        return BUFFERS;
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        adamStep(updates, h, p, s);
    }

    static final Set<String> BUFFERS = Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    /** Validation shared with AdamW. */
    static void check(Map<String, Object> h) {
        nonNegative(h, "lr");
        beta(h, "beta1");
        beta(h, "beta2");
        nonNegative(h, "eps");
        nonNegative(h, "weight_decay");
        flag(h, "amsgrad");
        flag(h, "maximize");
        flag(h, "decoupled_weight_decay");
    }

    /** The update shared with AdamW. */
    static void adamStep(Updates updates, Map<String, Object> h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double lr = num(h, "lr");
        double beta1 = num(h, "beta1");
        double beta2 = num(h, "beta2");
        double wd = num(h, "weight_decay");
        boolean decoupled = flag(h, "decoupled_weight_decay");
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        float[] vMax = flag(h, "amsgrad") ? s.buffer("max_exp_avg_sq", n) : null;
        updates.adam(p.value().data(), 0, s.buffer("exp_avg", n), 0, s.buffer("exp_avg_sq", n), 0, vMax, 0,
                p.grad().data(), 0, decoupled ? (float) (1 - lr * wd) : 1f, decoupled ? 0f : (float) wd,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) (lr / bias1),
                (float) Math.sqrt(bias2), (float) num(h, "eps"), flag(h, "maximize"), n);
    }
}
