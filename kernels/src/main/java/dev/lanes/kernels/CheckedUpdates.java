package dev.lanes.kernels;

import static dev.lanes.kernels.Checks.nonNegative;
import static dev.lanes.kernels.Checks.range;

/**
 * Validates every argument of {@link Updates} (array ranges, required state buffers,
 * {@code n >= 0}), then calls the wrapped implementation. Scalars are not validated here: the
 * optimizers validate hyperparameters where the user sets them.
 */
final class CheckedUpdates implements Updates {
    private final Updates k;

    CheckedUpdates(Updates k) {
        this.k = k;
    }

    private static void common(float[] p, int pOff, float[] g, int gOff, int n) {
        nonNegative(n, "n");
        range(p, pOff, n, "p");
        range(g, gOff, n, "g");
    }

    @Override
    public void sgd(float[] p, int pOff, float[] buf, int bufOff, float[] g, int gOff,
                    float lr, float weightDecay, float momentum, float oneMinusDampening,
                    boolean nesterov, boolean maximize, boolean initBuffer, int n) {
        common(p, pOff, g, gOff, n);
        if (momentum != 0f) {
            range(buf, bufOff, n, "buf (momentum buffer, required when momentum != 0)");
        }
        k.sgd(p, pOff, buf, bufOff, g, gOff, lr, weightDecay, momentum, oneMinusDampening,
                nesterov, maximize, initBuffer, n);
    }

    @Override
    public void rmsprop(float[] p, int pOff, float[] sq, int sqOff, float[] gAvg, int gAvgOff,
                        float[] buf, int bufOff, float[] g, int gOff,
                        float lr, float alpha, float oneMinusAlpha, float eps, float weightDecay,
                        float momentum, boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(sq, sqOff, n, "sq");
        if (gAvg != null) {
            range(gAvg, gAvgOff, n, "gAvg");
        }
        if (buf != null) {
            range(buf, bufOff, n, "buf");
        }
        k.rmsprop(p, pOff, sq, sqOff, gAvg, gAvgOff, buf, bufOff, g, gOff, lr, alpha, oneMinusAlpha,
                eps, weightDecay, momentum, maximize, n);
    }

    @Override
    public void adagrad(float[] p, int pOff, float[] sum, int sumOff, float[] g, int gOff,
                        float clr, float weightDecay, float eps, boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(sum, sumOff, n, "sum");
        k.adagrad(p, pOff, sum, sumOff, g, gOff, clr, weightDecay, eps, maximize, n);
    }

    @Override
    public void adadelta(float[] p, int pOff, float[] sq, int sqOff, float[] acc, int accOff,
                         float[] g, int gOff, float lr, float rho, float oneMinusRho, float eps,
                         float weightDecay, boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(sq, sqOff, n, "sq");
        range(acc, accOff, n, "acc");
        k.adadelta(p, pOff, sq, sqOff, acc, accOff, g, gOff, lr, rho, oneMinusRho, eps, weightDecay,
                maximize, n);
    }

    @Override
    public void adam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff,
                     float[] vMax, int vMaxOff, float[] g, int gOff,
                     float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, float stepSize, float bias2Sqrt, float eps,
                     boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(m, mOff, n, "m");
        range(v, vOff, n, "v");
        if (vMax != null) {
            range(vMax, vMaxOff, n, "vMax");
        }
        k.adam(p, pOff, m, mOff, v, vOff, vMax, vMaxOff, g, gOff, paramScale, weightDecay,
                oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bias2Sqrt, eps, maximize, n);
    }

    @Override
    public void adamax(float[] p, int pOff, float[] m, int mOff, float[] u, int uOff, float[] g, int gOff,
                       float weightDecay, float oneMinusBeta1, float beta2, float eps, float stepSize,
                       boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(m, mOff, n, "m");
        range(u, uOff, n, "u");
        k.adamax(p, pOff, m, mOff, u, uOff, g, gOff, weightDecay, oneMinusBeta1, beta2, eps, stepSize,
                maximize, n);
    }

    @Override
    public void nadam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias2, float eps, float coefGrad, float coefAvg,
                      boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(m, mOff, n, "m");
        range(v, vOff, n, "v");
        k.nadam(p, pOff, m, mOff, v, vOff, g, gOff, paramScale, weightDecay, oneMinusBeta1, beta2,
                oneMinusBeta2, bias2, eps, coefGrad, coefAvg, maximize, n);
    }

    @Override
    public void radam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias1, float lr, float bias2Sqrt, float eps,
                      boolean rectified, float rect, boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(m, mOff, n, "m");
        range(v, vOff, n, "v");
        k.radam(p, pOff, m, mOff, v, vOff, g, gOff, paramScale, weightDecay, oneMinusBeta1, beta2,
                oneMinusBeta2, bias1, lr, bias2Sqrt, eps, rectified, rect, maximize, n);
    }

    @Override
    public void lion(float[] p, int pOff, float[] m, int mOff, float[] g, int gOff,
                     float lr, float weightDecay, float beta1, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, boolean maximize, int n) {
        common(p, pOff, g, gOff, n);
        range(m, mOff, n, "m");
        k.lion(p, pOff, m, mOff, g, gOff, lr, weightDecay, beta1, oneMinusBeta1, beta2, oneMinusBeta2,
                maximize, n);
    }
}
