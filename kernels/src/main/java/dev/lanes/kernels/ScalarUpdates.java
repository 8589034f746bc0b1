package dev.lanes.kernels;

/**
 * The specification of {@link Updates}: one plain loop per rule, one element at a time, float
 * arithmetic in PyTorch's single-tensor operation order (Java never contracts to FMA).
 */
final class ScalarUpdates implements Updates {

    /** PyTorch's CPU lerp: {@code |w| < 0.5 ? a + w*(b - a) : b - (b - a)*(1 - w)}. */
    static float lerp(float a, float b, float w) {
        return Math.abs(w) < 0.5f ? a + w * (b - a) : b - (b - a) * (1f - w);
    }

    /**
     * Flush to zero: {@code |x| < Float.MIN_NORMAL ? +0 : x} (NaN passes through). Applied to
     * every stored state value; see {@link Updates} for why.
     */
    static float ftz(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }

    @Override
    public void sgd(float[] p, int pOff, float[] buf, int bufOff, float[] g, int gOff,
                    float lr, float weightDecay, float momentum, float oneMinusDampening,
                    boolean nesterov, boolean maximize, boolean initBuffer, int n) {
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            if (momentum != 0f) {
                float b = ftz(initBuffer ? d : buf[bufOff + i] * momentum + oneMinusDampening * d);
                buf[bufOff + i] = b;
                d = nesterov ? d + momentum * b : b;
            }
            p[pOff + i] = pi + negLr * d;
        }
    }

    @Override
    public void rmsprop(float[] p, int pOff, float[] sq, int sqOff, float[] gAvg, int gAvgOff,
                        float[] buf, int bufOff, float[] g, int gOff,
                        float lr, float alpha, float oneMinusAlpha, float eps, float weightDecay,
                        float momentum, boolean maximize, int n) {
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float s = ftz(sq[sqOff + i] * alpha + (oneMinusAlpha * d) * d);
            sq[sqOff + i] = s;
            float avg;
            if (gAvg != null) {
                float ga = ftz(lerp(gAvg[gAvgOff + i], d, oneMinusAlpha));
                gAvg[gAvgOff + i] = ga;
                avg = (float) Math.sqrt(s - ga * ga);
            } else {
                avg = (float) Math.sqrt(s);
            }
            avg = avg + eps;
            if (buf != null) {
                float b = ftz(buf[bufOff + i] * momentum + d / avg);
                buf[bufOff + i] = b;
                p[pOff + i] = pi + negLr * b;
            } else {
                p[pOff + i] = pi + negLr * (d / avg);
            }
        }
    }

    @Override
    public void adagrad(float[] p, int pOff, float[] sum, int sumOff, float[] g, int gOff,
                        float clr, float weightDecay, float eps, boolean maximize, int n) {
        float negClr = -clr;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float s = ftz(sum[sumOff + i] + d * d);
            sum[sumOff + i] = s;
            float std = (float) Math.sqrt(s) + eps;
            p[pOff + i] = pi + negClr * (d / std);
        }
    }

    @Override
    public void adadelta(float[] p, int pOff, float[] sq, int sqOff, float[] acc, int accOff,
                         float[] g, int gOff, float lr, float rho, float oneMinusRho, float eps,
                         float weightDecay, boolean maximize, int n) {
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float s = ftz(sq[sqOff + i] * rho + (oneMinusRho * d) * d);
            sq[sqOff + i] = s;
            float std = (float) Math.sqrt(s + eps);
            float a = acc[accOff + i];
            float delta = ((float) Math.sqrt(a + eps) / std) * d;
            acc[accOff + i] = ftz(a * rho + (oneMinusRho * delta) * delta);
            p[pOff + i] = pi + negLr * delta;
        }
    }

    @Override
    public void adam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff,
                     float[] vMax, int vMaxOff, float[] g, int gOff,
                     float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, float stepSize, float bias2Sqrt, float eps,
                     boolean maximize, int n) {
        float negStep = -stepSize;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i] * paramScale;
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float mi = ftz(lerp(m[mOff + i], d, oneMinusBeta1));
            m[mOff + i] = mi;
            float vi = ftz(v[vOff + i] * beta2 + (oneMinusBeta2 * d) * d);
            v[vOff + i] = vi;
            if (vMax != null) {
                vi = ftz(Math.max(vMax[vMaxOff + i], vi));
                vMax[vMaxOff + i] = vi;
            }
            float denom = (float) Math.sqrt(vi) / bias2Sqrt + eps;
            p[pOff + i] = pi + negStep * (mi / denom);
        }
    }

    @Override
    public void adamax(float[] p, int pOff, float[] m, int mOff, float[] u, int uOff, float[] g, int gOff,
                       float weightDecay, float oneMinusBeta1, float beta2, float eps, float stepSize,
                       boolean maximize, int n) {
        float negStep = -stepSize;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float mi = ftz(lerp(m[mOff + i], d, oneMinusBeta1));
            m[mOff + i] = mi;
            float ui = Math.max(u[uOff + i] * beta2, Math.abs(d) + eps);
            u[uOff + i] = ui;
            p[pOff + i] = pi + negStep * (mi / ui);
        }
    }

    @Override
    public void nadam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias2, float eps, float coefGrad, float coefAvg,
                      boolean maximize, int n) {
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i] * paramScale;
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float mi = ftz(lerp(m[mOff + i], d, oneMinusBeta1));
            m[mOff + i] = mi;
            float vi = ftz(v[vOff + i] * beta2 + (oneMinusBeta2 * d) * d);
            v[vOff + i] = vi;
            float denom = (float) Math.sqrt(vi / bias2) + eps;
            pi = pi + coefGrad * (d / denom);
            p[pOff + i] = pi + coefAvg * (mi / denom);
        }
    }

    @Override
    public void radam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias1, float lr, float bias2Sqrt, float eps,
                      boolean rectified, float rect, boolean maximize, int n) {
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i] * paramScale;
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            if (weightDecay != 0f) {
                d = d + weightDecay * pi;
            }
            float mi = ftz(lerp(m[mOff + i], d, oneMinusBeta1));
            m[mOff + i] = mi;
            float vi = ftz(v[vOff + i] * beta2 + (oneMinusBeta2 * d) * d);
            v[vOff + i] = vi;
            float step = (mi / bias1) * lr;
            if (rectified) {
                float adaptive = bias2Sqrt / ((float) Math.sqrt(vi) + eps);
                step = (step * adaptive) * rect;
            }
            p[pOff + i] = pi - step;
        }
    }

    @Override
    public void lion(float[] p, int pOff, float[] m, int mOff, float[] g, int gOff,
                     float lr, float weightDecay, float beta1, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, boolean maximize, int n) {
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float d = maximize ? -g[gOff + i] : g[gOff + i];
            float mi = m[mOff + i];
            float c = beta1 * mi + oneMinusBeta1 * d;
            float u = Math.signum(c);
            if (weightDecay != 0f) {
                u = u + weightDecay * pi;
            }
            p[pOff + i] = pi - lr * u;
            m[mOff + i] = ftz(beta2 * mi + oneMinusBeta2 * d);
        }
    }
}
