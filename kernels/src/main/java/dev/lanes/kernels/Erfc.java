package dev.lanes.kernels;

/**
 * The complementary error function in double precision, for the scalar activation twins.
 *
 * <p>Method (Chebyshev expansion in a transformed variable, the approach of Numerical Recipes,
 * 3rd ed., section 6.2.2, with coefficients computed here): for {@code z >= 0} let
 * {@code t = 2/(2+z)} (so {@code t} runs over {@code (0, 1]}) and {@code u = 2t - 1}; the function
 * {@code f(u) = erfc(z) * exp(z^2) / t} is smooth on {@code [-1, 1]} (it tends to
 * {@code 1/(2 sqrt(pi))} as {@code z -> inf}), so
 * {@code erfc(z) = t * exp(-z^2) * sum_k c_k T_k(u)}. The 28 coefficients {@code c_k} were computed
 * for this project with mpmath at 50 significant digits (a Chebyshev interpolant on 64 nodes,
 * then truncated); the first omitted coefficient is about 1.5e-18, so the truncation error is
 * below 1e-17 relative. In double arithmetic the relative error is a few 1e-16 for
 * {@code |z| <= 1} and grows like {@code z^2 * 1.1e-16} (the rounding of {@code z*z} inside the
 * exponential): below 1e-13 for {@code z <= 27}, where erfc underflows double. For
 * {@code z < 0}, {@code erfc(z) = 2 - erfc(-z)}, which has no cancellation.
 *
 * <p>This is far more accurate than the float results the scalar twins round it to (2^-24 = 6e-8).
 */
final class Erfc {
    private Erfc() {}

    /** Chebyshev coefficients of f(u) (the first already halved). */
    private static final double[] C = {
        0.5770337386164697,
        0.3554369212704985,
        0.06509515882878653,
        0.003671142395836639,
        -0.0011128447433526325,
        -0.0001607582991537808,
        3.278031574173137e-05,
        5.442441645505016e-06,
        -1.5154665553171482e-06,
        -1.4297608181169865e-07,
        8.234608827419493e-08,
        -1.2962846852306563e-09,
        -4.154721631015199e-09,
        6.347058278362811e-10,
        1.4320822712256225e-10,
        -6.160390105204585e-11,
        2.0612138554721698e-12,
        3.5714931488477042e-12,
        -8.586422843251796e-13,
        -6.14560021379063e-14,
        7.418725748596617e-14,
        -1.2895042755032325e-14,
        -2.358726385710632e-15,
        1.5729349381685912e-15,
        -2.2782966239546465e-16,
        -6.31233045075643e-17,
        3.5916763531814925e-17,
        -5.049809149847729e-18,
    };

    /** {@code erfc(z) = 1 - erf(z)}; NaN for NaN, 2 at -inf, 0 at +inf. */
    static double erfc(double z) {
        if (Double.isNaN(z)) {
            return z;
        }
        if (z < 0) {
            return 2 - erfc(-z);
        }
        if (z > 27) {
            return 0; // erfc(27) < 1e-318: below every double, let alone every float
        }
        double t = 2 / (2 + z);
        double u = 2 * t - 1;
        // Clenshaw recurrence for sum_k C[k] T_k(u).
        double b1 = 0;
        double b2 = 0;
        for (int k = C.length - 1; k >= 1; k--) {
            double b0 = 2 * u * b1 - b2 + C[k];
            b2 = b1;
            b1 = b0;
        }
        double f = u * b1 - b2 + C[0];
        return t * Math.exp(-z * z) * f;
    }
}
