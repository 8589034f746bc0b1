package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import dev.lanes.kernels.Kernels;

/**
 * Summary statistics of a tensor's elements: mean, population standard deviation and L2 norm
 * ({@code sqrt(sum x^2)}). Computed with the {@code Reductions} kernels.
 */
public record TensorStats(double mean, double std, double l2Norm, int count) {

    /** The statistics of {@code t}; all NaN for an empty tensor. */
    public static TensorStats of(Tensor t) {
        int n = t.size();
        if (n == 0) {
            return new TensorStats(Double.NaN, Double.NaN, 0, 0);
        }
        float[] mv = new float[2];
        Kernels k = Kernels.get();
        k.reductions().meanVariance(mv, 0, t.data(), 0, n);
        double l2 = k.reductions().norm2(t.data(), 0, n);
        return new TensorStats(mv[0], Math.sqrt(Math.max(0, mv[1])), l2, n);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "mean %.4g, std %.4g, l2 %.4g", mean, std, l2Norm);
    }
}
