package dev.lanes.optimizers;

import dev.lanes.core.Parameter;

/**
 * AdamW, as {@code torch.optim.AdamW}: {@link Adam} with decoupled weight decay (the same
 * update; only the defaults differ: weight_decay 1e-2 and decoupled_weight_decay true).
 *
 * <pre>
 * for each parameter p with gradient g:
 *   t = t + 1
 *   d = maximize ? -g : g
 *   p = p * (1 - lr * weight_decay)                 (decoupled decay, before the Adam step)
 *   m = beta1 * m + (1 - beta1) * d
 *   v = beta2 * v + (1 - beta2) * d^2
 *   if amsgrad:  vmax = max(vmax, v);  v' = vmax   else v' = v
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2, amsgrad false, maximize
 * false. Departure from Loshchilov and Hutter (as PyTorch): the decay is multiplied by the
 * learning rate ({@code lr * wd}), i.e. it follows the schedule instead of a separate schedule
 * multiplier eta_t, and it is applied before the gradient step.
 */
public final class AdamW extends Optimizer {
    private AdamW(Builder b) {
        super("AdamW", b);
    }

    /** Adam's declarations with AdamW's defaults. */
    static final Hyper.Spec SPEC = Adam.SPEC.withDefaults(Hyper.WEIGHT_DECAY.withDefault(1e-2),
            Hyper.DECOUPLED.withDefault(true));

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        Adam.adamStep(updates, h, p, s);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link AdamW}. */
    public static final class Builder extends Adam.Base<Builder, AdamW> {
        Builder() {
            super(SPEC, Builder::new, AdamW::new);
        }
    }
}
