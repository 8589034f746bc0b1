package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.Range.FINITE;
import static dev.lanes.optimizers.Hyper.Range.NON_NEGATIVE;
import static dev.lanes.optimizers.Hyper.MAXIMIZE;
import static dev.lanes.optimizers.Hyper.WEIGHT_DECAY;
import static dev.lanes.optimizers.Hyper.num;
import static dev.lanes.optimizers.Hyper.optional;
import static dev.lanes.optimizers.Hyper.required;

import dev.lanes.core.Parameter;
import java.util.List;

/**
 * RMSprop, as {@code torch.optim.RMSprop}.
 *
 * <pre>
 * for each parameter p with gradient g:
 *   d = maximize ? -g : g
 *   if weight_decay != 0:  d = d + weight_decay * p
 *   v = alpha * v + (1 - alpha) * d^2
 *   if centered:  ga = alpha * ga + (1 - alpha) * d;   a = sqrt(v - ga^2) + eps
 *   else:         a = sqrt(v) + eps
 *   if momentum > 0:  b = momentum * b + d / a;   p = p - lr * b
 *   else:             p = p - lr * d / a
 * </pre>
 *
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false,
 * maximize false. Departures from Hinton's lecture (as PyTorch): eps is added outside the square
 * root (TensorFlow adds it inside), the running average starts at 0 without bias correction, and
 * the centered variant is Graves (2013).
 */
public final class RMSprop extends Optimizer {
    static final Hyper.Num LR = Hyper.lr(1e-2);
    static final Hyper.Num ALPHA = num("alpha", 0.99, Hyper.Range.NON_NEGATIVE);
    static final Hyper.Num EPS = Hyper.eps(1e-8);
    static final Hyper.Num MOMENTUM = num("momentum", 0.0, Hyper.Range.NON_NEGATIVE);
    static final Hyper.Flag CENTERED = Hyper.flag("centered", false);
    static final String SQUARE_AVG = "square_avg";
    static final String GRAD_AVG = "grad_avg";
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    /** grad_avg and momentum_buffer start at zero when first used, so they may be absent. */
    static final Hyper.Spec SPEC = Hyper.Spec.of(List.of(LR, ALPHA, EPS, WEIGHT_DECAY, MOMENTUM, CENTERED, MAXIMIZE),
            List.of(required(SQUARE_AVG, NON_NEGATIVE), optional(GRAD_AVG, FINITE), optional(MOMENTUM_BUFFER, FINITE)));

    private RMSprop(Builder b) {
        super("RMSprop", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RMSprop}. */
    public static final class Builder extends Optimizer.Builder<Builder, RMSprop> {
        Builder() {
            super(SPEC, Builder::new, RMSprop::new);
        }

        public Builder alpha(double value) {
            return put(ALPHA, value);
        }

        public Builder eps(double value) {
            return put(EPS, value);
        }

        public Builder momentum(double value) {
            return put(MOMENTUM, value);
        }

        public Builder centered(boolean value) {
            return put(CENTERED, value);
        }
    }

    @Override
    void update(Hyper.Values h, Parameter p, ParamState s) {
        s.step++;
        int n = p.size();
        double alpha = ALPHA.get(h);
        double momentum = MOMENTUM.get(h);
        float[] gAvg = CENTERED.get(h) ? s.buffer(GRAD_AVG, n) : null;
        float[] buf = momentum > 0 ? s.buffer(MOMENTUM_BUFFER, n) : null;
        updates.rmsprop(p.value().data(), 0, s.buffer(SQUARE_AVG, n), 0, gAvg, 0, buf, 0,
                p.grad().data(), 0, (float) LR.get(h), (float) alpha, (float) (1 - alpha),
                (float) EPS.get(h), (float) WEIGHT_DECAY.get(h), (float) momentum,
                MAXIMIZE.get(h), n);
    }
}
