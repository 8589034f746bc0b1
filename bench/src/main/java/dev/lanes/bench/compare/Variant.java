package dev.lanes.bench.compare;

import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One configuration of a study: the model, how its weights start, the input scaling, the
 * optimizer, the schedule and the regularizers. Immutable; the {@code with...} methods return
 * changed copies.
 *
 * @param name              the variant's name in tables and charts (unique within a study)
 * @param group             the chart group (e.g. the activation in the init study); variants of one
 *                          group share a chart
 * @param spec              the model
 * @param weightInit        a custom weight initialization applied after {@code spec.build}, or null
 * @param initName          the custom initialization's name for the report ({@code spec.init()} when null)
 * @param scaling           how the inputs are scaled
 * @param optimizer         an optimizer name of {@code Optimizers.NAMES}, or {@code nesterov}
 * @param lr                the (base) learning rate
 * @param weightDecay       the weight decay, or null for the optimizer's default
 * @param schedule          none, step, cosine, warmup-cosine, onecycle or plateau
 * @param labelSmoothing    cross-entropy label smoothing in [0, 1)
 * @param earlyStopPatience epochs without a better validation loss before stopping (0: off; then
 *                          20% of the training rows are held out as the validation set)
 */
public record Variant(String name, String group, ModelSpec spec, WeightInit weightInit, String initName,
                      Scaling scaling, String optimizer, double lr, Double weightDecay, String schedule,
                      float labelSmoothing, int earlyStopPatience) {

    /** A weight initialization written into a built model. */
    @FunctionalInterface
    public interface WeightInit {
        void apply(Sequential model, RandomGenerator rng);
    }

    /** How the inputs are scaled before training (the loaded pixels are {@code byte / 255}). */
    public enum Scaling {
        /** Raw 0-255 pixel values. */
        RAW("raw 0-255"),
        /** {@code pixel / 255} as loaded. */
        UNIT("pixel / 255"),
        /** Per-feature min-max scaling to [0, 1], fitted on the training rows. */
        MINMAX("min-max per pixel"),
        /** Per-feature standardization (zero mean, unit variance), fitted on the training rows. */
        STANDARD("standardized per pixel");

        private final String text;

        Scaling(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** A variant with the loaded scaling, no schedule and no regularization. */
    public static Variant of(String name, ModelSpec spec, String optimizer, double lr) {
        return new Variant(name, "", spec, null, null, Scaling.UNIT, optimizer, lr, null, "none", 0f, 0);
    }

    public Variant withGroup(String g) {
        return new Variant(name, g, spec, weightInit, initName, scaling, optimizer, lr, weightDecay, schedule,
                labelSmoothing, earlyStopPatience);
    }

    public Variant withInit(String n, WeightInit init) {
        return new Variant(name, group, spec, init, n, scaling, optimizer, lr, weightDecay, schedule, labelSmoothing,
                earlyStopPatience);
    }

    public Variant withScaling(Scaling s) {
        return new Variant(name, group, spec, weightInit, initName, s, optimizer, lr, weightDecay, schedule,
                labelSmoothing, earlyStopPatience);
    }

    public Variant withWeightDecay(double wd) {
        return new Variant(name, group, spec, weightInit, initName, scaling, optimizer, lr, wd, schedule,
                labelSmoothing, earlyStopPatience);
    }

    public Variant withSchedule(String s) {
        return new Variant(name, group, spec, weightInit, initName, scaling, optimizer, lr, weightDecay, s,
                labelSmoothing, earlyStopPatience);
    }

    public Variant withLabelSmoothing(float ls) {
        return new Variant(name, group, spec, weightInit, initName, scaling, optimizer, lr, weightDecay, schedule, ls,
                earlyStopPatience);
    }

    public Variant withEarlyStop(int patience) {
        return new Variant(name, group, spec, weightInit, initName, scaling, optimizer, lr, weightDecay, schedule,
                labelSmoothing, patience);
    }

    /** The settings as text, for the report and results.json. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", spec.toText());
        m.put("init", initName != null ? initName : spec.init());
        m.put("inputs", scaling.text());
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        if (weightDecay != null) {
            m.put("weight_decay", weightDecay);
        }
        m.put("schedule", schedule);
        if (labelSmoothing > 0) {
            m.put("label_smoothing", (double) labelSmoothing);
        }
        if (earlyStopPatience > 0) {
            m.put("early_stop_patience", earlyStopPatience);
        }
        return m;
    }
}
