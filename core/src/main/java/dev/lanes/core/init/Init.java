package dev.lanes.core.init;

import dev.lanes.core.Tensor;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Weight initializers with PyTorch's {@code torch.nn.init} semantics, each drawing from a seeded
 * {@link RandomGenerator} so that a run is reproducible from one seed. Every method fills the
 * tensor in place (row-major order of draws) and returns it.
 *
 * <p>Fans, as PyTorch's {@code _calculate_fan_in_and_fan_out}: for a weight of shape
 * {@code [out, in, k...]}, {@code fan_in = in * prod(k)} and {@code fan_out = out * prod(k)};
 * for the 2-D weight {@code [out, in]} of a {@code Linear} that is {@code fan_in = in},
 * {@code fan_out = out}. Fan-based initializers need at least 2 dimensions.
 */
public final class Init {
    private Init() {}

    /** How Kaiming initialization picks its fan. */
    public enum FanMode {
        /** Preserves the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserves the variance of gradients in the backward pass. */
        FAN_OUT
    }

    /** The nonlinearities of PyTorch's {@code calculate_gain}. */
    public enum Nonlinearity {
        LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D,
        SIGMOID, TANH, RELU, LEAKY_RELU, SELU;

        /** Parses PyTorch's spelling, e.g. {@code "leaky_relu"}, {@code "conv_transpose2d"}. */
        public static Nonlinearity parse(String name) {
            if (name == null) {
                throw new IllegalArgumentException("nonlinearity must not be null");
            }
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unsupported nonlinearity '" + name + "'; expected one of "
                        + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
            }
        }
    }

    /**
     * The recommended gain, as PyTorch's {@code calculate_gain}: linear, conv*, conv_transpose*,
     * sigmoid: {@code 1}; tanh: {@code 5/3}; relu: {@code sqrt(2)}; leaky_relu:
     * {@code sqrt(2 / (1 + slope^2))} ({@code param} is the negative slope; NaN means PyTorch's
     * default 0.01); selu: {@code 3/4}. {@code param} is ignored except for leaky_relu.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        if (nonlinearity == null) {
            throw new IllegalArgumentException("nonlinearity must not be null");
        }
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                if (Double.isInfinite(slope)) {
                    throw new IllegalArgumentException("leaky_relu slope must be finite, got " + param);
                }
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case SELU -> 3.0 / 4;
        };
    }

    /** {@link #calculateGain(Nonlinearity, double)} with the default parameter. */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, Double.NaN);
    }

    /** {@code fan_in} of a weight (see the class comment). */
    public static int fanIn(Tensor t) {
        return fans(t)[0];
    }

    /** {@code fan_out} of a weight (see the class comment). */
    public static int fanOut(Tensor t) {
        return fans(t)[1];
    }

    private static int[] fans(Tensor t) {
        nonNull(t);
        if (t.rank() < 2) {
            throw new IllegalArgumentException("fan in and fan out need a tensor with at least 2 dimensions, got shape "
                    + t.shapeString());
        }
        long receptive = 1;
        for (int i = 2; i < t.rank(); i++) {
            receptive *= t.dim(i);
        }
        return new int[] {(int) (t.dim(1) * receptive), (int) (t.dim(0) * receptive)};
    }

    private static void nonNull(Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("tensor must not be null");
        }
    }

    private static void rng(RandomGenerator rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
    }

    private static void finite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    private static void positiveFan(int fan, Tensor t) {
        if (fan <= 0) {
            throw new IllegalArgumentException("fan must be >= 1 to scale an initializer, got " + fan
                    + " for shape " + t.shapeString());
        }
    }

    /** {@code t = 0}. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** {@code t = 1}. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** {@code t = value}. */
    public static Tensor constant(Tensor t, double value) {
        nonNull(t);
        java.util.Arrays.fill(t.data(), (float) value);
        return t;
    }

    /** {@code t ~ U(a, b)}: {@code a + (b - a) * u}, {@code u} uniform in [0, 1). Requires {@code a <= b}. */
    public static Tensor uniform(Tensor t, double a, double b, RandomGenerator rng) {
        nonNull(t);
        rng(rng);
        finite(a, "a");
        finite(b, "b");
        if (a > b) {
            throw new IllegalArgumentException("uniform needs a <= b, got a = " + a + ", b = " + b);
        }
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (a + (b - a) * rng.nextDouble());
        }
        return t;
    }

    /** {@code t ~ N(mean, std^2)}: {@code mean + std * z}, {@code z} standard normal. Requires {@code std >= 0}. */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        nonNull(t);
        rng(rng);
        finite(mean, "mean");
        finite(std, "std");
        if (std < 0) {
            throw new IllegalArgumentException("std must be >= 0, got " + std);
        }
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * rng.nextGaussian());
        }
        return t;
    }

    /**
     * Truncated normal, as PyTorch's {@code trunc_normal_(mean, std, a, b)}: values from
     * {@code N(mean, std^2)} conditioned on {@code a <= x <= b} (the bounds {@code a}, {@code b}
     * are absolute values, not multiples of std). Drawn by rejection: a value outside
     * {@code [a, b]} is redrawn. Requires {@code a < b}, {@code std > 0} and an interval with a
     * probability mass of at least 1e-6 (otherwise an {@link IllegalArgumentException}).
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, RandomGenerator rng) {
        nonNull(t);
        rng(rng);
        finite(mean, "mean");
        finite(std, "std");
        finite(a, "a");
        finite(b, "b");
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be > 0, got " + std);
        }
        if (!(a < b)) {
            throw new IllegalArgumentException("truncNormal needs a < b, got a = " + a + ", b = " + b);
        }
        double mass = normalCdf((b - mean) / std) - normalCdf((a - mean) / std);
        if (!(mass >= 1e-6)) {
            throw new IllegalArgumentException("truncNormal: [a, b] = [" + a + ", " + b + "] holds only " + mass
                    + " of the mass of N(" + mean + ", " + std + "^2); expected at least 1e-6");
        }
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            double v;
            do {
                v = mean + std * rng.nextGaussian();
            } while (v < a || v > b);
            d[i] = (float) v;
        }
        return t;
    }

    /** PyTorch's defaults: {@code N(0, 1)} truncated to {@code [-2, 2]}. */
    public static Tensor truncNormal(Tensor t, RandomGenerator rng) {
        return truncNormal(t, 0, 1, -2, 2, rng);
    }

    /** Standard normal CDF, {@code Phi(z) = erfc(-z / sqrt 2) / 2}. */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** erfc with relative error below 1.2e-7 (Numerical Recipes' Chebyshev fit), enough for a mass check. */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** Xavier/Glorot uniform: {@code U(-a, a)}, {@code a = gain * sqrt(6 / (fan_in + fan_out))}. */
    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator rng) {
        int[] f = fans(t);
        positiveFan(f[0] + f[1], t);
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -a, a, rng);
    }

    /** Xavier/Glorot normal: {@code N(0, std^2)}, {@code std = gain * sqrt(2 / (fan_in + fan_out))}. */
    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator rng) {
        int[] f = fans(t);
        positiveFan(f[0] + f[1], t);
        return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
    }

    /**
     * Kaiming/He uniform, as PyTorch's {@code kaiming_uniform_(a, mode, nonlinearity)}:
     * {@code U(-bound, bound)}, {@code bound = gain * sqrt(3 / fan)}, {@code gain =
     * calculateGain(nonlinearity, a)} ({@code a} is the leaky-relu negative slope, used only for
     * LEAKY_RELU), {@code fan} = fan_in or fan_out per {@code mode}.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, RandomGenerator rng) {
        double std = kaimingStd(t, a, mode, nonlinearity);
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, rng);
    }

    /** PyTorch's defaults: {@code a = 0}, fan_in, leaky_relu (so gain {@code sqrt(2)}). */
    public static Tensor kaimingUniform(Tensor t, RandomGenerator rng) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    /**
     * Kaiming/He normal, as PyTorch's {@code kaiming_normal_}: {@code N(0, std^2)},
     * {@code std = gain / sqrt(fan)} (gain and fan as {@link #kaimingUniform}).
     */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, RandomGenerator rng) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), rng);
    }

    /** PyTorch's defaults: {@code a = 0}, fan_in, leaky_relu. */
    public static Tensor kaimingNormal(Tensor t, RandomGenerator rng) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        finite(a, "a");
        int[] f = fans(t);
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        positiveFan(fan, t);
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /** LeCun uniform: {@code U(-a, a)}, {@code a = sqrt(3 / fan_in)} (variance {@code 1/fan_in}). */
    public static Tensor lecunUniform(Tensor t, RandomGenerator rng) {
        int fan = fans(t)[0];
        positiveFan(fan, t);
        double a = Math.sqrt(3.0 / fan);
        return uniform(t, -a, a, rng);
    }

    /** LeCun normal: {@code N(0, 1/fan_in)}. */
    public static Tensor lecunNormal(Tensor t, RandomGenerator rng) {
        int fan = fans(t)[0];
        positiveFan(fan, t);
        return normal(t, 0, 1 / Math.sqrt(fan), rng);
    }

    /**
     * Orthogonal, as PyTorch's {@code orthogonal_(gain)}: view the tensor as a {@code rows x cols}
     * matrix ({@code rows = dim 0}); draw {@code A ~ N(0, 1)} of that shape (row-major); if
     * {@code rows < cols} use {@code A^T}; take its QR factorization, flip the columns of Q by the
     * signs of R's diagonal (so the result is uniformly distributed); transpose back if needed;
     * multiply by {@code gain}. The rows (if {@code rows <= cols}) or the columns are orthonormal
     * times {@code gain}. QR here is modified Gram-Schmidt with one reorthogonalization, in double;
     * Gram-Schmidt's R has a positive diagonal by construction, which is exactly the sign fix.
     */
    public static Tensor orthogonal(Tensor t, double gain, RandomGenerator rng) {
        nonNull(t);
        rng(rng);
        finite(gain, "gain");
        if (t.rank() < 2) {
            throw new IllegalArgumentException("orthogonal needs a tensor with at least 2 dimensions, got shape "
                    + t.shapeString());
        }
        int rows = t.dim(0);
        int cols = rows == 0 ? 0 : t.size() / rows;
        if (rows == 0 || cols == 0) {
            return t;
        }
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows; // tall matrix m x n, m >= n
        int n = transpose ? rows : cols;
        // columns of the tall matrix, each of length m
        double[][] q = new double[n][m];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (transpose) {
                    q[i][j] = a[i * cols + j]; // A^T column i = row i of A
                } else {
                    q[j][i] = a[i * cols + j];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += q[p][i] * q[j][i];
                    }
                    for (int i = 0; i < m; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0)) {
                throw new IllegalStateException("orthogonal: the random matrix was rank-deficient (column " + j + ")");
            }
            for (int i = 0; i < m; i++) {
                q[j][i] /= norm;
            }
        }
        float[] d = t.data();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d[i * cols + j] = (float) (gain * (transpose ? q[i][j] : q[j][i]));
            }
        }
        return t;
    }
}
