package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.beta;
import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

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

    private NAdam(Builder b) {
        super("NAdam", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link NAdam}. */
    public static final class Builder extends Optimizer.Builder<Builder, NAdam> {
        Builder() {
            put("lr", 2e-3);
            put("beta1", 0.9);
            put("beta2", 0.999);
            put("eps", 1e-8);
            put("weight_decay", 0.0);
            put("momentum_decay", 4e-3);
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

        public Builder momentumDecay(double momentumDecay) {
            return put("momentum_decay", momentumDecay);
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

        @Override NAdam create() {
            return new NAdam(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        beta(h, "beta1");
        beta(h, "beta2");
        nonNegative(h, "eps");
        nonNegative(h, "weight_decay");
        nonNegative(h, "momentum_decay");
        flag(h, "decoupled_weight_decay");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("exp_avg", "exp_avg_sq");
    }

    @Override
    Set<String> scalarNames() {
        return Set.of(MU_PRODUCT);
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        long t = ++s.step;
        int n = p.size();
        double lr = num(h, "lr");
        double beta1 = num(h, "beta1");
        double beta2 = num(h, "beta2");
        double wd = num(h, "weight_decay");
        double psi = num(h, "momentum_decay");
        boolean decoupled = flag(h, "decoupled_weight_decay");
        double bias2 = 1 - Math.pow(beta2, t);
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        double[] cell = s.scalar(MU_PRODUCT, 1.0);
        double muProduct = (float) cell[0] * (float) mu;      // float32 product, as PyTorch's 0-dim tensor
        cell[0] = muProduct;
        double muProductNext = muProduct * muNext;
        double coefGrad = -lr * (1 - mu) / (1 - muProduct);
        double coefAvg = -lr * muNext / (1 - muProductNext);
        updates.nadam(p.value().data(), 0, s.buffer("exp_avg", n), 0, s.buffer("exp_avg_sq", n), 0,
                p.grad().data(), 0, decoupled ? (float) (1 - lr * wd) : 1f, decoupled ? 0f : (float) wd,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) bias2,
                (float) num(h, "eps"), (float) coefGrad, (float) coefAvg, flag(h, "maximize"), n);
    }
}
