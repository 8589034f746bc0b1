package dev.lanes.kernels;

/**
 * The specification of {@link Norms}: plain loops; statistics and backward sums accumulate in
 * double and are rounded to float once; the elementwise formulas are evaluated in float exactly as
 * written in the interface.
 */
final class ScalarNorms implements Norms {

    @Override public void batchNormTrain(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                         float[] runningMean, int runningMeanOff, float[] runningVar, int runningVarOff,
                                         float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                         float momentum, float eps, int batch, int features) {
        for (int f = 0; f < features; f++) {
            double s = 0;
            for (int b = 0; b < batch; b++) {
                s += x[xOff + b * features + f];
            }
            double m = s / batch;
            double v = 0;
            for (int b = 0; b < batch; b++) {
                double d = x[xOff + b * features + f] - m;
                v += d * d;
            }
            float meanF = (float) m;
            float rstdF = (float) (1.0 / Math.sqrt(v / batch + eps));
            mean[meanOff + f] = meanF;
            rstd[rstdOff + f] = rstdF;
            float unbiased = (float) (v / (batch - 1));
            runningMean[runningMeanOff + f] = (1 - momentum) * runningMean[runningMeanOff + f] + momentum * meanF;
            runningVar[runningVarOff + f] = (1 - momentum) * runningVar[runningVarOff + f] + momentum * unbiased;
            float scale = rstdF * gamma[gammaOff + f];
            float shift = beta[betaOff + f];
            for (int b = 0; b < batch; b++) {
                int i = b * features + f;
                y[yOff + i] = (x[xOff + i] - meanF) * scale + shift;
            }
        }
    }

    @Override public void batchNormEval(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                        float[] x, int xOff, float[] runningMean, int runningMeanOff,
                                        float[] runningVar, int runningVarOff, float[] gamma, int gammaOff,
                                        float[] beta, int betaOff, float eps, int batch, int features) {
        for (int f = 0; f < features; f++) {
            float meanF = runningMean[runningMeanOff + f];
            float rstdF = (float) (1.0 / Math.sqrt((double) runningVar[runningVarOff + f] + eps));
            mean[meanOff + f] = meanF;
            rstd[rstdOff + f] = rstdF;
            float scale = rstdF * gamma[gammaOff + f];
            float shift = beta[betaOff + f];
            for (int b = 0; b < batch; b++) {
                int i = b * features + f;
                y[yOff + i] = (x[xOff + i] - meanF) * scale + shift;
            }
        }
    }

    @Override public void batchNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff,
                                            boolean batchStats, int batch, int features) {
        for (int f = 0; f < features; f++) {
            float m = mean[meanOff + f];
            float r = rstd[rstdOff + f];
            double sdy = 0;
            double sdyx = 0;
            for (int b = 0; b < batch; b++) {
                int i = b * features + f;
                float xhat = (x[xOff + i] - m) * r;
                sdy += dy[dyOff + i];
                sdyx += (double) dy[dyOff + i] * xhat;
            }
            dgamma[dgammaOff + f] += (float) sdyx;
            dbeta[dbetaOff + f] += (float) sdy;
            float k = gamma[gammaOff + f] * r;
            if (batchStats) {
                float a = (float) (sdy / batch);
                float c = (float) (sdyx / batch);
                for (int b = 0; b < batch; b++) {
                    int i = b * features + f;
                    float xhat = (x[xOff + i] - m) * r;
                    dx[dxOff + i] += k * (dy[dyOff + i] - a - xhat * c);
                }
            } else {
                for (int b = 0; b < batch; b++) {
                    int i = b * features + f;
                    dx[dxOff + i] += k * dy[dyOff + i];
                }
            }
        }
    }

    @Override public void layerNorm(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                    float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                    float eps, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += x[xOff + base + c];
            }
            double m = s / cols;
            double v = 0;
            for (int c = 0; c < cols; c++) {
                double d = x[xOff + base + c] - m;
                v += d * d;
            }
            float meanF = (float) m;
            float rstdF = (float) (1.0 / Math.sqrt(v / cols + eps));
            mean[meanOff + r] = meanF;
            rstd[rstdOff + r] = rstdF;
            for (int c = 0; c < cols; c++) {
                float xhat = (x[xOff + base + c] - meanF) * rstdF;
                y[yOff + base + c] = xhat * gamma[gammaOff + c] + beta[betaOff + c];
            }
        }
    }

    @Override public void layerNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float m = mean[meanOff + r];
            float rs = rstd[rstdOff + r];
            double sg = 0;
            double sgx = 0;
            for (int c = 0; c < cols; c++) {
                float d = dy[dyOff + base + c];
                float xhat = (x[xOff + base + c] - m) * rs;
                float g = d * gamma[gammaOff + c];
                sg += g;
                sgx += (double) g * xhat;
                dgamma[dgammaOff + c] += d * xhat;
                dbeta[dbetaOff + c] += d;
            }
            float a = (float) (sg / cols);
            float b = (float) (sgx / cols);
            for (int c = 0; c < cols; c++) {
                float xhat = (x[xOff + base + c] - m) * rs;
                float g = dy[dyOff + base + c] * gamma[gammaOff + c];
                dx[dxOff + base + c] += rs * (g - a - xhat * b);
            }
        }
    }
}
