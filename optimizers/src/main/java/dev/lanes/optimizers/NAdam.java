package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.DECOUPLED;
import static dev.lanes.optimizers.Hyper.Range.BETA;
import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.num;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

/**
 * NAdam (Adam with Nesterov momentum, Dozat 2016), as {@code torch.optim.NAdam}.
 *
 * <pre>
 * state: mu_product = 1, t = 0
 * for each parameter p with gradient g:
 *   t = t + 1
 *   d = maximize ? -g : g
 *   if decoupled_weight_decay:   p = p * (1 - lr * weight_decay)
 *   else if weight_decay != 0:   d = d + weight_decay * p
 *   mu_t    = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))
 *   mu_t+1  = beta1 * (1 - 0.5 * 0.96^((t + 1) * momentum_decay))
 *   mu_product = mu_product * mu_t                   (prod_{i<=t} mu_i)
 *   m = beta1 * m + (1 - beta1) * d
 *   v = beta2 * v + (1 - beta2) * d^2
 *   den = sqrt(v / (1 - beta2^t)) + eps
 *   p = p - lr * (1 - mu_t) / (1 - mu_product) * d / den
 *   p = p - lr * mu_t+1 / (1 - mu_product * mu_t+1) * m / den
 * </pre>
 *
 * Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, momentum_decay 4e-3,
 * decoupled_weight_decay false, maximize false. The momentum schedule is Dozat's
 * {@code mu_t = beta1 (1 - 0.5 * 0.96^(t/250))} with the exponent's 1/250 exposed as
 * {@code momentum_decay}; additions (as PyTorch): Adam's bias-corrected second moment with eps
 * outside the root, weight decay (coupled or decoupled) and maximize. As PyTorch,
 * {@code mu_product} is kept in float32 (a 0-dim float tensor there): each product is rounded to
 * float.
 */
public final class NAdam extends Optimizer {
    static final String MU_PRODUCT = "mu_product";
    static final Hyper.Num LR = Hyper.lr(2e-3);
    static final Hyper.Num BETA1 = Hyper.ADAM_BETA1;
    static final Hyper.Num BETA2 = Hyper.ADAM_BETA2;
    static final Hyper.Num EPS = Hyper.ADAM_EPS;
    static final Hyper.Num MOMENTUM_DECAY = num("momentum_decay", 4e-3, Hyper.Range.NON_NEGATIVE);
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";

    static final Hyper.Spec SPEC = Hyper.Spec.of(
            List.of(LR, BETA1, BETA2, EPS, WEIGHT_DECAY, MOMENTUM_DECAY, DECOUPLED, MAXIMIZE),
            List.of(required(EXP_AVG, FINITE), required(EXP_AVG_SQ, NON_NEGATIVE)))
            .withScalars(List.of(required(MU_PRODUCT, BETA)));

    private NAdam(Builder b) {
        super("NAdam", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link NAdam}. */
    public static final class Builder extends Optimizer.MomentsBuilder<Builder, NAdam> {
        Builder() {
            super(SPEC, Builder::new, NAdam::new);
        }

        public Builder momentumDecay(double value) {
            return put(MOMENTUM_DECAY, value);
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
        double psi = MOMENTUM_DECAY.get(h);
        boolean decoupled = DECOUPLED.get(h);
        double bias2 = 1 - Math.pow(beta2, t);
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        double[] cell = s.scalar(MU_PRODUCT, 1.0);
        double muProduct = (float) cell[0] * (float) mu;      // float32 product, as PyTorch's 0-dim tensor
        cell[0] = muProduct;
        double muProductNext = muProduct * muNext;
        double coefGrad = -lr * (1 - mu) / (1 - muProduct);
        double coefAvg = -lr * muNext / (1 - muProductNext);
        updates.nadam(p.value().data(), 0, s.buffer(EXP_AVG, n), 0, s.buffer(EXP_AVG_SQ, n), 0,
                p.grad().data(), 0, decoupled ? (float) (1 - lr * wd) : 1f, decoupled ? 0f : (float) wd,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) bias2,
                (float) EPS.get(h), (float) coefGrad, (float) coefAvg, MAXIMIZE.get(h), n);
    }
}
