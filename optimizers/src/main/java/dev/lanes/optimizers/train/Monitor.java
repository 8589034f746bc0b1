package dev.lanes.optimizers.train;

/** A per-epoch metric to watch (early stopping, reduce-on-plateau), with the direction that is better. */
public enum Monitor {
    /** Validation loss, lower is better. */
    VAL_LOSS("val_loss", false, true),
    /** Validation accuracy, higher is better. */
    VAL_ACC("val_acc", true, true),
    /** Training loss, lower is better. */
    TRAIN_LOSS("train_loss", false, false),
    /** Training accuracy, higher is better. */
    TRAIN_ACC("train_acc", true, false);

    private final String key;
    private final boolean maximize;
    private final boolean needsValidation;

    Monitor(String key, boolean maximize, boolean needsValidation) {
        this.key = key;
        this.maximize = maximize;
        this.needsValidation = needsValidation;
    }

    /** The metric's name as in {@code metrics.csv}, e.g. {@code val_loss}. */
    public String key() {
        return key;
    }

    /** Whether higher values are better. */
    public boolean maximize() {
        return maximize;
    }

    /** Whether the metric needs a validation data set. */
    public boolean needsValidation() {
        return needsValidation;
    }

    /** The metric's value in {@code m}. */
    public double of(EpochMetrics m) {
        return switch (this) {
            case VAL_LOSS -> m.valLoss();
            case VAL_ACC -> m.valAccuracy();
            case TRAIN_LOSS -> m.trainLoss();
            case TRAIN_ACC -> m.trainAccuracy();
        };
    }

    /** The monitor whose {@link #key()} is {@code key}. */
    public static Monitor fromKey(String key) {
        for (Monitor m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown monitor '" + key + "'; expected one of val_loss, val_acc,"
                + " train_loss, train_acc");
    }
}
