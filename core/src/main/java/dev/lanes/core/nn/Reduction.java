package dev.lanes.core.nn;

/** How a loss combines per-element (or per-sample) terms, as PyTorch's {@code reduction=}. */
public enum Reduction {
    /** Average over samples (cross-entropy) or elements (MSE, BCE). */
    MEAN,
    /** Plain sum. */
    SUM
}
