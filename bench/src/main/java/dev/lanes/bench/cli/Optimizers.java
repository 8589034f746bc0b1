package dev.lanes.bench.cli;

import dev.lanes.core.Parameter;
import dev.lanes.optimizers.Adadelta;
import dev.lanes.optimizers.Adagrad;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.AdamW;
import dev.lanes.optimizers.Adamax;
import dev.lanes.optimizers.Lion;
import dev.lanes.optimizers.NAdam;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.RAdam;
import dev.lanes.optimizers.RMSprop;
import dev.lanes.optimizers.SGD;
import dev.lanes.optimizers.schedule.LrSchedule;
import dev.lanes.optimizers.schedule.OneCycle;
import dev.lanes.optimizers.schedule.Schedules;
import java.util.List;
import java.util.Locale;

/**
 * The optimizers and learning-rate schedules the command line offers, by name, with PyTorch's
 * defaults for everything not given ({@code lanes train} and {@code lanes compare} share them).
 */
public final class Optimizers {
    /** Accepted names; {@code momentum} is SGD with momentum 0.9. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "rmsprop", "adagrad", "adadelta", "adam", "adamw",
            "adamax", "nadam", "radam", "lion");

    private Optimizers() {}

    /**
     * @param weightDecay null for the optimizer's own default (AdamW's is 0.01, the others' 0)
     */
    public static Optimizer build(String name, double lr, Double weightDecay, List<Parameter> params) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "sgd" -> make(SGD.builder(), weightDecay, lr, params);
            case "momentum" -> make(SGD.builder().momentum(0.9), weightDecay, lr, params);
            case "rmsprop" -> make(RMSprop.builder(), weightDecay, lr, params);
            case "adagrad" -> make(Adagrad.builder(), weightDecay, lr, params);
            case "adadelta" -> make(Adadelta.builder(), weightDecay, lr, params);
            case "adam" -> make(Adam.builder(), weightDecay, lr, params);
            case "adamw" -> make(AdamW.builder(), weightDecay, lr, params);
            case "adamax" -> make(Adamax.builder(), weightDecay, lr, params);
            case "nadam" -> make(NAdam.builder(), weightDecay, lr, params);
            case "radam" -> make(RAdam.builder(), weightDecay, lr, params);
            case "lion" -> make(Lion.builder(), weightDecay, lr, params);
            default -> throw new IllegalArgumentException("--optimizer must be one of " + String.join(", ", NAMES)
                    + ", got '" + name + "'");
        };
    }

    private static <B extends Optimizer.Builder<B, ?>> Optimizer make(B builder, Double weightDecay, double lr,
                                                                      List<Parameter> params) {
        B b = weightDecay == null ? builder : builder.weightDecay(weightDecay);
        return b.lr(lr).params(params).build();
    }

    /** Accepted schedule names. */
    public static final List<String> SCHEDULES = List.of("none", "step", "cosine", "warmup-cosine", "onecycle");

    /**
     * The per-step schedule {@code name} over {@code totalSteps} steps ({@code null} for none):
     * step: x0.1 after one and two thirds of the steps; cosine: to 0; warmup-cosine: 5% linear
     * warm-up from 0, then cosine to 0; onecycle: PyTorch's OneCycleLR with peak {@code lr}.
     */
    public static LrSchedule schedule(String name, double lr, long totalSteps) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "none" -> null;
            case "step" -> new Schedules.StepLr(Math.max(1, (totalSteps + 2) / 3), 0.1);
            case "cosine" -> new Schedules.CosineAnnealingLr(totalSteps, 0);
            case "warmup-cosine" -> new Schedules.WarmupCosine(Math.max(1, totalSteps / 20), totalSteps, 0, 0);
            case "onecycle" -> OneCycle.builder(lr, totalSteps).build();
            default -> throw new IllegalArgumentException("--schedule must be one of " + String.join(", ", SCHEDULES)
                    + ", got '" + name + "'");
        };
    }
}
