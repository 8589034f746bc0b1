package dev.lanes.optimizers;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Reductions;
import dev.lanes.kernels.Vectors;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_value_} and {@code clip_grad_norm_}.
 * Both work in place on the parameters' gradients through the kernels of {@link Kernels#get()}
 * (or the set passed in).
 */
public final class GradClip {
    /** Added to the total norm before dividing, as PyTorch. */
    public static final float NORM_EPS = 1e-6f;

    private GradClip() {}

    /** Clamps every gradient element to {@code [-clipValue, clipValue]} (NaN stays NaN). */
    public static void clipGradValue(Iterable<Parameter> params, double clipValue) {
        clipGradValue(params, clipValue, Kernels.get());
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} (NaN stays NaN).
     * Departure from PyTorch: a negative {@code clipValue} is rejected (PyTorch would clamp with
     * min > max, setting every element to {@code clipValue}).
     */
    public static void clipGradValue(Iterable<Parameter> params, double clipValue, Kernels kernels) {
        clipGradValue(array(params), clipValue, kernels);
    }

    /**
     * {@link #clipGradValue(Iterable, double, Kernels)} over an array: allocates nothing (the
     * {@code Iterable} forms copy the parameters into an array first), for training loops.
     */
    public static void clipGradValue(Parameter[] params, double clipValue, Kernels kernels) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipValue must be >= 0, got " + clipValue);
        }
        checked(params);
        float c = (float) clipValue;
        Vectors v = kernels.vectors();
        for (Parameter p : params) {
            float[] g = p.grad().data();
            v.clamp(g, 0, g, 0, -c, c, g.length);
        }
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean, Kernels)} with the L2 norm. */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2, false, Kernels.get());
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean, Kernels)} on {@link Kernels#get()}. */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm, double normType,
                                      boolean errorIfNonfinite) {
        return clipGradNorm(params, maxNorm, normType, errorIfNonfinite, Kernels.get());
    }

    /**
     * Scales all gradients together so that their total norm is at most {@code maxNorm}:
     *
     * <pre>
     * total = norm over all gradients, viewed as one vector (normType 2: sqrt of the sum of
     *         squares; normType inf: max |g|)
     * coef  = maxNorm / (total + 1e-6), clamped to at most 1       (float32, as PyTorch)
     * g     = g * coef                                               (every gradient)
     * </pre>
     *
     * The total is computed per parameter with the kernels ({@code Reductions.norm2}, or max and
     * min for inf) and combined in double (no overflow), then rounded to float as PyTorch's float32
     * result. When {@code coef == 1} nothing is scaled (multiplying by 1 is exact anyway).
     *
     * @param normType          2 or {@code Double.POSITIVE_INFINITY}
     * @param errorIfNonfinite  throw instead of scaling when the total is NaN or infinite
     * @return the total norm of the gradients before clipping
     * @throws IllegalStateException if {@code errorIfNonfinite} and the total norm is not finite
     */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm, double normType,
                                      boolean errorIfNonfinite, Kernels kernels) {
        return clipGradNorm(array(params), maxNorm, normType, errorIfNonfinite, kernels);
    }

    /**
     * {@link #clipGradNorm(Iterable, double, double, boolean, Kernels)} over an array: allocates
     * nothing (the {@code Iterable} forms copy the parameters into an array first), for training
     * loops.
     */
    public static double clipGradNorm(Parameter[] params, double maxNorm, double normType,
                                      boolean errorIfNonfinite, Kernels kernels) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("maxNorm must be >= 0, got " + maxNorm);
        }
        boolean inf = normType == Double.POSITIVE_INFINITY;
        if (!inf && normType != 2) {
            throw new IllegalArgumentException("normType must be 2 or infinity, got " + normType);
        }
        Parameter[] ps = checked(params);
        Reductions r = kernels.reductions();
        double acc = 0;
        boolean any = false;
        for (Parameter p : ps) {
            float[] g = p.grad().data();
            if (g.length == 0) {
                continue;
            }
            any = true;
            if (inf) {
                double m = Math.max(r.max(g, 0, g.length), -r.min(g, 0, g.length));
                acc = Double.isNaN(m) || Double.isNaN(acc) ? Double.NaN : Math.max(acc, m);
            } else {
                double n2 = r.norm2(g, 0, g.length);
                acc += n2 * n2;
            }
        }
        float total = !any ? 0f : (float) (inf ? acc : Math.sqrt(acc));
        if (errorIfNonfinite && !Float.isFinite(total)) {
            throw new IllegalStateException("the total " + (inf ? "inf" : "L2") + " norm of the gradients is "
                    + total + "; clipping refused (errorIfNonfinite = true)");
        }
        float coef = (float) maxNorm / (total + NORM_EPS);
        if (coef < 1f || Float.isNaN(coef)) {
            Vectors v = kernels.vectors();
            for (Parameter p : ps) {
                float[] g = p.grad().data();
                v.scale(g, 0, coef, g.length);
            }
        }
        return total;
    }

    private static Parameter[] array(Iterable<Parameter> params) {
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        java.util.List<Parameter> list = new java.util.ArrayList<>();
        params.forEach(list::add);
        return list.toArray(new Parameter[0]);
    }

    private static Parameter[] checked(Parameter[] params) {
        if (params == null) {
            throw new IllegalArgumentException("params must not be null");
        }
        for (Parameter p : params) {
            if (p == null) {
                throw new IllegalArgumentException("params must not contain null");
            }
        }
        return params;
    }
}
