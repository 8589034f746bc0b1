package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.beta;
import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

/**
 * Lion (EvoLved Sign Momentum). Not in PyTorch core: this follows the paper, Chen et al. 2023,
 * "Symbolic Discovery of Optimization Algorithms", Algorithm 2.
 *
 * <pre>
 * for each parameter p with gradient g:
 *   d = maximize ? -g : g                       (maximize: a Lanes extension)
 *   c = beta1 * m + (1 - beta1) * d
 *   p = p - lr * (sign(c) + weight_decay * p)
 *   m = beta2 * m + (1 - beta2) * d
 * </pre>
 *
 * Defaults as the paper: lr 1e-4, betas (0.9, 0.99), weight_decay 0; sign(0) = 0. The paper
 * recommends a learning rate 3-10x smaller than AdamW's and a weight decay 3-10x larger, since the
 * sign update has a larger norm.
 */
public final class Lion extends Optimizer {
    private Lion(Builder b) {
        super("Lion", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Lion}. */
    public static final class Builder extends Optimizer.Builder<Builder, Lion> {
        Builder() {
            put("lr", 1e-4);
            put("beta1", 0.9);
            put("beta2", 0.99);
            put("weight_decay", 0.0);
            put("maximize", false);
        }

        public Builder betas(double beta1, double beta2) {
            put("beta1", beta1);
            return put("beta2", beta2);
        }

        public Builder weightDecay(double weightDecay) {
            return put("weight_decay", weightDecay);
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

        @Override Lion create() {
            return new Lion(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        beta(h, "beta1");
        beta(h, "beta2");
        nonNegative(h, "weight_decay");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("exp_avg");
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        s.step++;
        double beta1 = num(h, "beta1");
        double beta2 = num(h, "beta2");
        updates.lion(p.value().data(), 0, s.buffer("exp_avg", p.size()), 0, p.grad().data(), 0,
                (float) num(h, "lr"), (float) num(h, "weight_decay"), (float) beta1, (float) (1 - beta1),
                (float) beta2, (float) (1 - beta2), flag(h, "maximize"), p.size());
    }
}
