package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

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
    static final Hyper.Num LR = Hyper.lr(1e-4);
    static final Hyper.Num BETA1 = Hyper.beta1(0.9);
    static final Hyper.Num BETA2 = Hyper.beta2(0.99);
    static final String EXP_AVG = "exp_avg";

    static final Hyper.Spec SPEC = Hyper.Spec.of(List.of(LR, BETA1, BETA2, WEIGHT_DECAY, MAXIMIZE),
            List.of(required(EXP_AVG, FINITE)));

    private Lion(Builder b) {
        super("Lion", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link Lion}. */
    public static final class Builder extends Optimizer.Builder<Builder, Lion> {
        Builder() {
            super(SPEC, Builder::new, Lion::new);
        }

        public Builder betas(double beta1, double beta2) {
            put(BETA1, beta1);
            return put(BETA2, beta2);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        s.step++;
        double beta1 = BETA1.get(h);
        double beta2 = BETA2.get(h);
        updates.lion(p.value().data(), 0, s.buffer(EXP_AVG, p.size()), 0, p.grad().data(), 0,
                (float) LR.get(h), (float) WEIGHT_DECAY.get(h), (float) beta1, (float) (1 - beta1),
                (float) beta2, (float) (1 - beta2), MAXIMIZE.get(h), p.size());
    }
}
