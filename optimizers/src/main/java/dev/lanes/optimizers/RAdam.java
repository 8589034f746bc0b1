package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.DECOUPLED;
import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

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
    static final Hyper.Num LR = Hyper.lr(1e-3);
    static final Hyper.Num BETA1 = Hyper.ADAM_BETA1;
    static final Hyper.Num BETA2 = Hyper.ADAM_BETA2;
    static final Hyper.Num EPS = Hyper.ADAM_EPS;
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";

    static final Hyper.Spec SPEC = Hyper.Spec.of(List.of(LR, BETA1, BETA2, EPS, WEIGHT_DECAY, DECOUPLED, MAXIMIZE),
            List.of(required(EXP_AVG, FINITE), required(EXP_AVG_SQ, NON_NEGATIVE)));

    private RAdam(Builder b) {
        super("RAdam", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RAdam}. */
    public static final class Builder extends Optimizer.MomentsBuilder<Builder, RAdam> {
        Builder() {
            super(SPEC, Builder::new, RAdam::new);
        }

        public Builder decoupledWeightDecay(boolean value) {
            return put(DECOUPLED, value);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double lr = LR.get(h);
        double beta1 = BETA1.get(h);
        double beta2 = BETA2.get(h);
        double wd = WEIGHT_DECAY.get(h);
        boolean decoupled = DECOUPLED.get(h);
        double bias1 = 1 - Math.pow(beta1, t);
        double bias2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rho(beta2, t);
        boolean rectified = rhoT > 5;
        double rect = rectified
                ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
                : 0;
        updates.radam(p.value().data(), 0, s.buffer(EXP_AVG, n), 0, s.buffer(EXP_AVG_SQ, n), 0,
                p.grad().data(), 0, decoupled ? (float) (1 - lr * wd) : 1f, decoupled ? 0f : (float) wd,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) bias1, (float) lr,
                (float) Math.sqrt(bias2), (float) EPS.get(h), rectified, (float) rect,
                MAXIMIZE.get(h), n);
    }

    static double rho(double beta2, long t) {
        double rhoInf = 2 / (1 - beta2) - 1;
        double b2t = Math.pow(beta2, t);
        return rhoInf - 2 * t * b2t / (1 - b2t);
    }
}
