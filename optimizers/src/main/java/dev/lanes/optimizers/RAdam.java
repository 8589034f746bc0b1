package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.beta;
import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * RAdam (rectified Adam, Liu et al. 2020), as {@code torch.optim.RAdam}.
 *
 * <pre>
 * rho_inf = 2 / (1 - beta2) - 1
 * for each parameter p with gradient g:
 *   t = t + 1
 *   d = maximize ? -g : g
 *   if decoupled_weight_decay:   p = p * (1 - lr * weight_decay)
 *   else if weight_decay != 0:   d = d + weight_decay * p
 *   m = beta1 * m + (1 - beta1) * d
 *   v = beta2 * v + (1 - beta2) * d^2
 *   m_hat = m / (1 - beta1^t)
 *   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 *   if rho_t > 5:
 *     r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
 *     p = p - m_hat * lr * sqrt(1 - beta2^t) / (sqrt(v) + eps) * r
 *   else:
 *     p = p - m_hat * lr                               (un-adapted momentum step)
 * </pre>
 *
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, decoupled_weight_decay
 * false, maximize false. Departures from the paper (as PyTorch): the switch is at rho_t > 5
 * (the paper's Algorithm 2 says > 4), and eps is added to {@code sqrt(v)} before the bias
 * correction.
 */
public final class RAdam extends Optimizer {
    private RAdam(Builder b) {
        super("RAdam", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RAdam}. */
    public static final class Builder extends Optimizer.Builder<Builder, RAdam> {
        Builder() {
            put("lr", 1e-3);
            put("beta1", 0.9);
            put("beta2", 0.999);
            put("eps", 1e-8);
            put("weight_decay", 0.0);
            put("decoupled_weight_decay", false);
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

        public Builder decoupledWeightDecay(boolean decoupled) {
            return put("decoupled_weight_decay", decoupled);
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

        @Override RAdam create() {
            return new RAdam(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        beta(h, "beta1");
        beta(h, "beta2");
        nonNegative(h, "eps");
        nonNegative(h, "weight_decay");
        flag(h, "decoupled_weight_decay");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("exp_avg", "exp_avg_sq");
    }

    /** rho_t for step t (public for tests and curious users). */
    static double rho(double beta2, long t) {
        double rhoInf = 2 / (1 - beta2) - 1;
        double b2t = Math.pow(beta2, t);
        return rhoInf - 2 * t * b2t / (1 - b2t);
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double lr = num(h, "lr");
        double beta1 = num(h, "beta1");
        double beta2 = num(h, "beta2");
        double wd = num(h, "weight_decay");
        boolean decoupled = flag(h, "decoupled_weight_decay");
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rho(beta2, t);
        boolean rectified = rhoT > 5;
        double rect = rectified
                ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
                : 0;
        updates.radam(p.value().data(), 0, s.buffer("exp_avg", n), 0, s.buffer("exp_avg_sq", n), 0,
                p.grad().data(), 0, decoupled ? (float) (1 - lr * wd) : 1f, decoupled ? 0f : (float) wd,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) bias1, (float) lr,
                (float) Math.sqrt(bias2), (float) num(h, "eps"), rectified, (float) rect,
                flag(h, "maximize"), n);
    }
}
