package dev.lanes.optimizers;

import java.util.Map;

/** Hyperparameter checks: each failure names the argument, the allowed range and the value. */
final class Hyper {
    private Hyper() {}

    static double num(Map<String, Object> h, String name) {
        Object v = h.get(name);
        if (!(v instanceof Double d)) {
            throw new IllegalArgumentException(name + " is required" + (v == null ? "" : " as a number"));
        }
        return d;
    }

    static boolean flag(Map<String, Object> h, String name) {
        Object v = h.get(name);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(name + " is required as a flag");
        }
        return b;
    }

    /** {@code value >= 0} (NaN rejected). */
    static double nonNegative(Map<String, Object> h, String name) {
        double v = num(h, name);
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + v);
        }
        return v;
    }

    /** {@code 0 <= value < 1}. */
    static double beta(Map<String, Object> h, String name) {
        double v = num(h, name);
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }

    /** {@code 0 <= value <= 1}. */
    static double unit(Map<String, Object> h, String name) {
        double v = num(h, name);
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
        return v;
    }

    static double finite(Map<String, Object> h, String name) {
        double v = num(h, name);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
        return v;
    }
}
