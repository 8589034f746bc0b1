package dev.lanes.optimizers;

import static dev.lanes.optimizers.Hyper.flag;
import static dev.lanes.optimizers.Hyper.nonNegative;
import static dev.lanes.optimizers.Hyper.num;

import dev.lanes.core.Parameter;
import java.util.Map;
import java.util.Set;

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
    private RMSprop(Builder b) {
        super("RMSprop", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RMSprop}. */
    public static final class Builder extends Optimizer.Builder<Builder, RMSprop> {
        Builder() {
            put("lr", 1e-2);
            put("alpha", 0.99);
            put("eps", 1e-8);
            put("weight_decay", 0.0);
            put("momentum", 0.0);
            put("centered", false);
            put("maximize", false);
        }

        public Builder alpha(double alpha) {
            return put("alpha", alpha);
        }

        public Builder eps(double eps) {
            return put("eps", eps);
        }

        public Builder weightDecay(double weightDecay) {
            return put("weight_decay", weightDecay);
        }

        public Builder momentum(double momentum) {
            return put("momentum", momentum);
        }

        public Builder centered(boolean centered) {
            return put("centered", centered);
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

        @Override RMSprop create() {
            return new RMSprop(this);
        }
    }

    @Override
    void validate(Map<String, Object> h) {
        nonNegative(h, "lr");
        nonNegative(h, "eps");
        nonNegative(h, "momentum");
        nonNegative(h, "weight_decay");
        nonNegative(h, "alpha");
        flag(h, "centered");
        flag(h, "maximize");
    }

    @Override
    Set<String> bufferNames() {
        return Set.of("square_avg", "grad_avg", "momentum_buffer");
    }

    @Override
    void update(Map<String, Object> h, Parameter p, ParamState s) {
        s.step++;
        int n = p.size();
        double alpha = num(h, "alpha");
        double momentum = num(h, "momentum");
        float[] gAvg = flag(h, "centered") ? s.buffer("grad_avg", n) : null;
        float[] buf = momentum > 0 ? s.buffer("momentum_buffer", n) : null;
        updates.rmsprop(p.value().data(), 0, s.buffer("square_avg", n), 0, gAvg, 0, buf, 0,
                p.grad().data(), 0, (float) num(h, "lr"), (float) alpha, (float) (1 - alpha),
                (float) num(h, "eps"), (float) num(h, "weight_decay"), (float) momentum,
                flag(h, "maximize"), n);
    }
}
