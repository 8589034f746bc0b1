package dev.lanes.kernels;

/**
 * Batch normalization over a {@code [batch, features]} block and layer normalization over the
 * last dimension of a {@code [rows, cols]} block, forward and backward, with PyTorch's semantics.
 *
 * <p>Conventions as in the {@linkplain dev.lanes.kernels package documentation}. Forward methods write ({@code =}); backward methods accumulate ({@code +=}) into {@code dx},
 * {@code dgamma} and {@code dbeta}. The per-feature (batch norm) or per-row (layer norm)
 * {@code mean} and {@code rstd = 1/sqrt(var + eps)} a forward writes are what the backward reads.
 * A layer without affine parameters passes {@code gamma = 1}, {@code beta = 0}. Outputs must not
 * overlap inputs (no in-place normalization).
 *
 * <p>Errors against the double-precision evaluation of the same formulas: statistics (mean,
 * variance) are summed in double by the scalar twin and in float by the SIMD set, blocked in
 * chunks of rows (batch norm) or over {@code LANES} partial sums (layer norm), so the SIMD result
 * may differ from the scalar one by a few float ulps of the largest term involved
 * ({@code |x|}, {@code |x - mean| * rstd}, {@code |dy|}); the exact bounds the tests enforce are
 * stated in {@code NormsTest}. The SIMD set's float sums of squares overflow for
 * {@code |x| >= 2^60} (about 1.2e18); it then reports {@code rstd = 0} (output {@code beta}) where
 * the scalar twin still normalizes. NaN or an infinity anywhere in a feature column (batch norm) or row (layer norm)
 * makes that whole column or row NaN.
 */
public interface Norms {

    /**
     * Batch norm, training mode (batch statistics), with PyTorch's running-statistics update.
     * Per feature {@code f} over the {@code batch} rows:
     * <pre>
     * mean[f] = sum_b x[b,f] / B;  v = sum_b (x[b,f] - mean[f])^2;  rstd[f] = 1 / sqrt(v/B + eps)
     * y[b,f]  = (x[b,f] - mean[f]) * (rstd[f] * gamma[f]) + beta[f]
     * runningMean[f] = (1 - momentum) * runningMean[f] + momentum * mean[f]
     * runningVar[f]  = (1 - momentum) * runningVar[f]  + momentum * v/(B-1)   (unbiased)
     * </pre>
     * Writes {@code y [batch, features]}, {@code mean [features]}, {@code rstd [features]};
     * updates {@code runningMean}, {@code runningVar [features]} in place. Requires
     * {@code batch >= 2} (the unbiased variance needs two rows), {@code eps >= 0},
     * {@code 0 <= momentum <= 1}.
     */
    void batchNormTrain(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                        float[] runningMean, int runningMeanOff, float[] runningVar, int runningVarOff,
                        float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                        float momentum, float eps, int batch, int features);

    /**
     * Batch norm, evaluation mode (running statistics):
     * <pre>
     * mean[f] = runningMean[f];  rstd[f] = 1 / sqrt(runningVar[f] + eps)
     * y[b,f]  = (x[b,f] - mean[f]) * (rstd[f] * gamma[f]) + beta[f]
     * </pre>
     * Writes {@code y}, {@code mean} and {@code rstd} (so that {@link #batchNormBackward} with
     * {@code batchStats = false} can run after it). {@code batch >= 0}, {@code eps >= 0}.
     */
    void batchNormEval(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                       float[] x, int xOff, float[] runningMean, int runningMeanOff,
                       float[] runningVar, int runningVarOff, float[] gamma, int gammaOff,
                       float[] beta, int betaOff, float eps, int batch, int features);

    /**
     * Batch norm backward. With {@code xhat = (x - mean) * rstd}, per feature
     * {@code sdy = sum_b dy}, {@code sdyx = sum_b dy * xhat}:
     * <pre>
     * dgamma[f] += sdyx;   dbeta[f] += sdy
     * batchStats:   dx[b,f] += gamma[f] * rstd[f] * (dy[b,f] - sdy/B - xhat[b,f] * sdyx/B)
     * !batchStats:  dx[b,f] += gamma[f] * rstd[f] * dy[b,f]     (statistics were constants)
     * </pre>
     * {@code mean} and {@code rstd} are those the forward wrote. {@code batchStats = true} requires
     * {@code batch >= 1}.
     */
    void batchNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                           float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                           float[] rstd, int rstdOff, float[] gamma, int gammaOff,
                           boolean batchStats, int batch, int features);

    /**
     * Layer norm over the last dimension. Per row {@code r} of {@code cols} elements:
     * <pre>
     * mean[r] = sum_c x[r,c] / C;  rstd[r] = 1 / sqrt(sum_c (x[r,c] - mean[r])^2 / C + eps)
     * y[r,c]  = ((x[r,c] - mean[r]) * rstd[r]) * gamma[c] + beta[c]
     * </pre>
     * Writes {@code y [rows, cols]}, {@code mean [rows]}, {@code rstd [rows]}. Requires
     * {@code cols >= 1}, {@code eps >= 0}.
     */
    void layerNorm(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                   float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                   float eps, int rows, int cols);

    /**
     * Layer norm backward. With {@code xhat = (x - mean[r]) * rstd[r]}, {@code g = dy * gamma},
     * per row {@code a = sum_c g / C}, {@code b = sum_c g * xhat / C}:
     * <pre>
     * dgamma[c] += sum_r dy[r,c] * xhat[r,c];   dbeta[c] += sum_r dy[r,c]
     * dx[r,c]   += rstd[r] * (g[r,c] - a - xhat[r,c] * b)
     * </pre>
     * Requires {@code cols >= 1}.
     */
    void layerNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                           float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                           float[] rstd, int rstdOff, float[] gamma, int gammaOff, int rows, int cols);
}
