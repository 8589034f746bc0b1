package dev.lanes.kernels;

import static dev.lanes.kernels.Checks.range;

/** Validates every argument, then calls the wrapped implementation. */
final class CheckedNorms implements Norms {
    private final Norms k;

    CheckedNorms(Norms k) {
        this.k = k;
    }

    private static void eps(float eps) {
        if (!(eps >= 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and >= 0, got " + eps);
        }
    }

    @Override public void batchNormTrain(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                         float[] runningMean, int runningMeanOff, float[] runningVar, int runningVarOff,
                                         float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                         float momentum, float eps, int batch, int features) {
        if (batch < 2) {
            throw new IllegalArgumentException("batch must be >= 2 in training mode (the unbiased batch variance"
                    + " needs two rows per feature), got " + batch);
        }
        Checks.nonNegative(features, "features");
        eps(eps);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
        int n = Checks.elements(batch, features, "x");
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
        range(mean, meanOff, features, "mean");
        range(rstd, rstdOff, features, "rstd");
        range(runningMean, runningMeanOff, features, "runningMean");
        range(runningVar, runningVarOff, features, "runningVar");
        range(gamma, gammaOff, features, "gamma");
        range(beta, betaOff, features, "beta");
        k.batchNormTrain(y, yOff, mean, meanOff, rstd, rstdOff, runningMean, runningMeanOff, runningVar, runningVarOff,
                x, xOff, gamma, gammaOff, beta, betaOff, momentum, eps, batch, features);
    }

    @Override public void batchNormEval(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                        float[] x, int xOff, float[] runningMean, int runningMeanOff,
                                        float[] runningVar, int runningVarOff, float[] gamma, int gammaOff,
                                        float[] beta, int betaOff, float eps, int batch, int features) {
        eps(eps);
        int n = Checks.elements(batch, features, "x");
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
        range(mean, meanOff, features, "mean");
        range(rstd, rstdOff, features, "rstd");
        range(runningMean, runningMeanOff, features, "runningMean");
        range(runningVar, runningVarOff, features, "runningVar");
        range(gamma, gammaOff, features, "gamma");
        range(beta, betaOff, features, "beta");
        k.batchNormEval(y, yOff, mean, meanOff, rstd, rstdOff, x, xOff, runningMean, runningMeanOff,
                runningVar, runningVarOff, gamma, gammaOff, beta, betaOff, eps, batch, features);
    }

    @Override public void batchNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff,
                                            boolean batchStats, int batch, int features) {
        if (batchStats) {
            Checks.positive(batch, "batch");
        }
        int n = Checks.elements(batch, features, "x");
        range(dx, dxOff, n, "dx");
        range(dy, dyOff, n, "dy");
        range(x, xOff, n, "x");
        range(dgamma, dgammaOff, features, "dgamma");
        range(dbeta, dbetaOff, features, "dbeta");
        range(mean, meanOff, features, "mean");
        range(rstd, rstdOff, features, "rstd");
        range(gamma, gammaOff, features, "gamma");
        k.batchNormBackward(dx, dxOff, dgamma, dgammaOff, dbeta, dbetaOff, dy, dyOff, x, xOff, mean, meanOff,
                rstd, rstdOff, gamma, gammaOff, batchStats, batch, features);
    }

    @Override public void layerNorm(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                    float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                    float eps, int rows, int cols) {
        Checks.positive(cols, "cols");
        eps(eps);
        int n = Checks.elements(rows, cols, "x");
        range(y, yOff, n, "y");
        range(x, xOff, n, "x");
        range(mean, meanOff, rows, "mean");
        range(rstd, rstdOff, rows, "rstd");
        range(gamma, gammaOff, cols, "gamma");
        range(beta, betaOff, cols, "beta");
        k.layerNorm(y, yOff, mean, meanOff, rstd, rstdOff, x, xOff, gamma, gammaOff, beta, betaOff, eps, rows, cols);
    }

    @Override public void layerNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff, int rows, int cols) {
        Checks.positive(cols, "cols");
        int n = Checks.elements(rows, cols, "x");
        range(dx, dxOff, n, "dx");
        range(dy, dyOff, n, "dy");
        range(x, xOff, n, "x");
        range(dgamma, dgammaOff, cols, "dgamma");
        range(dbeta, dbetaOff, cols, "dbeta");
        range(mean, meanOff, rows, "mean");
        range(rstd, rstdOff, rows, "rstd");
        range(gamma, gammaOff, cols, "gamma");
        k.layerNormBackward(dx, dxOff, dgamma, dgammaOff, dbeta, dbetaOff, dy, dyOff, x, xOff, mean, meanOff,
                rstd, rstdOff, gamma, gammaOff, rows, cols);
    }
}
