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
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** The optimizers the command line offers, by name, with PyTorch's defaults for everything not given. */
public final class Optimizers {
    /** Accepted names; {@code momentum} is SGD with momentum 0.9. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "rmsprop", "adagrad", "adadelta", "adam", "adamw",
            "adamax", "nadam", "radam", "lion");

    private Optimizers() {}

    /**
     * @param weightDecay null for the optimizer's own default (AdamW's is 0.01, the others' 0)
     */
    public static Optimizer build(String name, double lr, Double weightDecay, List<Parameter> params) {
        Double wd = weightDecay;
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "sgd" -> make(SGD.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "momentum" -> make(SGD.builder().momentum(0.9), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "rmsprop" -> make(RMSprop.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "adagrad" -> make(Adagrad.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "adadelta" -> make(Adadelta.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "adam" -> make(Adam.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "adamw" -> make(AdamW.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "adamax" -> make(Adamax.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "nadam" -> make(NAdam.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "radam" -> make(RAdam.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            case "lion" -> make(Lion.builder(), b -> wd == null ? b : b.weightDecay(wd), lr, params);
            default -> throw new IllegalArgumentException("--optimizer must be one of " + String.join(", ", NAMES)
                    + ", got '" + name + "'");
        };
    }

    /** Each builder declares its own {@code weightDecay}, so the caller passes how to set it. */
    private static <B extends Optimizer.Builder<B, ?>> Optimizer make(B builder, UnaryOperator<B> weightDecay, double lr,
                                                                      List<Parameter> params) {
        return weightDecay.apply(builder).lr(lr).params(params).build();
    }
}
