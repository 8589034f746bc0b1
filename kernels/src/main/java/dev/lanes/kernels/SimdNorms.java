package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Norms} on the Vector API.
 *
 * <p>Batch norm works on one vector of features at a time and walks down the batch rows (stride
 * {@code features}), keeping the per-feature sums in registers, so that statistics, the output
 * and the backward of a feature block are all computed while its rows are still in cache. The
 * full-width blocks run up to {@code FLOAT.loopBound(features)}; the last partial block runs the
 * same block routine with an {@code indexInRange} mask (the project's tail style). Because the
 * routine walks all rows of one block per call, the body calls it with an all-true mask: on the
 * AVX-512 target a masked load or store with an all-true mask costs the same as a plain one, and
 * one routine keeps body and tail identical.
 *
 * <p>Layer norm works row by row over contiguous rows: vector body to {@code loopBound(cols)},
 * masked tail.
 *
 * <p>Sums are float: batch-norm column sums add {@link #CHUNK} rows into a partial before the
 * partial joins the total (error about {@code (CHUNK + B/CHUNK)} ulps instead of {@code B});
 * layer-norm row sums keep {@code LANES} partial sums.
 */
final class SimdNorms implements Norms {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();
    /** Rows summed into one float partial before it joins the total: bounds float summation error to ~(CHUNK + B/CHUNK) ulps. */
    private static final int CHUNK = 64;

    // ---------------------------------------------------------------- batch norm, training

    @Override public void batchNormTrain(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                         float[] runningMean, int runningMeanOff, float[] runningVar, int runningVarOff,
                                         float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                         float momentum, float eps, int batch, int features) {
        int bound = S.loopBound(features);
        VectorMask<Float> all = S.maskAll(true);
        int f = 0;
        for (; f < bound; f += L) {
            trainBlock(y, yOff, mean, meanOff, rstd, rstdOff, runningMean, runningMeanOff, runningVar, runningVarOff,
                    x, xOff, gamma, gammaOff, beta, betaOff, momentum, eps, batch, features, f, all);
        }
        if (f < features) {
            trainBlock(y, yOff, mean, meanOff, rstd, rstdOff, runningMean, runningMeanOff, runningVar, runningVarOff,
                    x, xOff, gamma, gammaOff, beta, betaOff, momentum, eps, batch, features, f, S.indexInRange(f, features));
        }
    }

    private static void trainBlock(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                   float[] runningMean, int runningMeanOff, float[] runningVar, int runningVarOff,
                                   float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                   float momentum, float eps, int batch, int features, int f, VectorMask<Float> mk) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector total = zero;
        for (int b0 = 0; b0 < batch; b0 += CHUNK) {
            int end = Math.min(batch, b0 + CHUNK);
            FloatVector part = zero;
            for (int b = b0; b < end; b++) {
                part = part.add(FloatVector.fromArray(S, x, xOff + b * features + f, mk));
            }
            total = total.add(part);
        }
        FloatVector m = total.div((float) batch);
        FloatVector sq = zero;
        for (int b0 = 0; b0 < batch; b0 += CHUNK) {
            int end = Math.min(batch, b0 + CHUNK);
            FloatVector part = zero;
            for (int b = b0; b < end; b++) {
                FloatVector d = FloatVector.fromArray(S, x, xOff + b * features + f, mk).sub(m);
                part = d.fma(d, part);
            }
            sq = sq.add(part);
        }
        FloatVector r = FloatVector.broadcast(S, 1f).div(sq.div((float) batch).add(eps).sqrt());
        m.intoArray(mean, meanOff + f, mk);
        r.intoArray(rstd, rstdOff + f, mk);
        FloatVector rm = FloatVector.fromArray(S, runningMean, runningMeanOff + f, mk);
        rm.mul(1 - momentum).add(m.mul(momentum)).intoArray(runningMean, runningMeanOff + f, mk);
        FloatVector rv = FloatVector.fromArray(S, runningVar, runningVarOff + f, mk);
        rv.mul(1 - momentum).add(sq.div((float) (batch - 1)).mul(momentum)).intoArray(runningVar, runningVarOff + f, mk);
        FloatVector scale = r.mul(FloatVector.fromArray(S, gamma, gammaOff + f, mk));
        FloatVector shift = FloatVector.fromArray(S, beta, betaOff + f, mk);
        for (int b = 0; b < batch; b++) {
            int i = b * features + f;
            FloatVector.fromArray(S, x, xOff + i, mk).sub(m).mul(scale).add(shift).intoArray(y, yOff + i, mk);
        }
    }

    // ---------------------------------------------------------------- batch norm, evaluation

    @Override public void batchNormEval(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                        float[] x, int xOff, float[] runningMean, int runningMeanOff,
                                        float[] runningVar, int runningVarOff, float[] gamma, int gammaOff,
                                        float[] beta, int betaOff, float eps, int batch, int features) {
        int bound = S.loopBound(features);
        VectorMask<Float> all = S.maskAll(true);
        int f = 0;
        for (; f < bound; f += L) {
            evalBlock(y, yOff, mean, meanOff, rstd, rstdOff, x, xOff, runningMean, runningMeanOff,
                    runningVar, runningVarOff, gamma, gammaOff, beta, betaOff, eps, batch, features, f, all);
        }
        if (f < features) {
            evalBlock(y, yOff, mean, meanOff, rstd, rstdOff, x, xOff, runningMean, runningMeanOff,
                    runningVar, runningVarOff, gamma, gammaOff, beta, betaOff, eps, batch, features, f,
                    S.indexInRange(f, features));
        }
    }

    private static void evalBlock(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                  float[] x, int xOff, float[] runningMean, int runningMeanOff,
                                  float[] runningVar, int runningVarOff, float[] gamma, int gammaOff,
                                  float[] beta, int betaOff, float eps, int batch, int features, int f,
                                  VectorMask<Float> mk) {
        FloatVector m = FloatVector.fromArray(S, runningMean, runningMeanOff + f, mk);
        FloatVector r = FloatVector.broadcast(S, 1f)
                .div(FloatVector.fromArray(S, runningVar, runningVarOff + f, mk).add(eps).sqrt());
        m.intoArray(mean, meanOff + f, mk);
        r.intoArray(rstd, rstdOff + f, mk);
        FloatVector scale = r.mul(FloatVector.fromArray(S, gamma, gammaOff + f, mk));
        FloatVector shift = FloatVector.fromArray(S, beta, betaOff + f, mk);
        for (int b = 0; b < batch; b++) {
            int i = b * features + f;
            FloatVector.fromArray(S, x, xOff + i, mk).sub(m).mul(scale).add(shift).intoArray(y, yOff + i, mk);
        }
    }

    // ---------------------------------------------------------------- batch norm, backward

    @Override public void batchNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff,
                                            boolean batchStats, int batch, int features) {
        int bound = S.loopBound(features);
        VectorMask<Float> all = S.maskAll(true);
        int f = 0;
        for (; f < bound; f += L) {
            backwardBlock(dx, dxOff, dgamma, dgammaOff, dbeta, dbetaOff, dy, dyOff, x, xOff, mean, meanOff,
                    rstd, rstdOff, gamma, gammaOff, batchStats, batch, features, f, all);
        }
        if (f < features) {
            backwardBlock(dx, dxOff, dgamma, dgammaOff, dbeta, dbetaOff, dy, dyOff, x, xOff, mean, meanOff,
                    rstd, rstdOff, gamma, gammaOff, batchStats, batch, features, f, S.indexInRange(f, features));
        }
    }

    private static void backwardBlock(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                      float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                      float[] rstd, int rstdOff, float[] gamma, int gammaOff,
                                      boolean batchStats, int batch, int features, int f, VectorMask<Float> mk) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector m = FloatVector.fromArray(S, mean, meanOff + f, mk);
        FloatVector r = FloatVector.fromArray(S, rstd, rstdOff + f, mk);
        FloatVector sdy = zero;
        FloatVector sdyx = zero;
        for (int b0 = 0; b0 < batch; b0 += CHUNK) {
            int end = Math.min(batch, b0 + CHUNK);
            FloatVector p1 = zero;
            FloatVector p2 = zero;
            for (int b = b0; b < end; b++) {
                int i = b * features + f;
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + i, mk);
                FloatVector xhat = FloatVector.fromArray(S, x, xOff + i, mk).sub(m).mul(r);
                p1 = p1.add(d);
                p2 = d.fma(xhat, p2);
            }
            sdy = sdy.add(p1);
            sdyx = sdyx.add(p2);
        }
        FloatVector.fromArray(S, dgamma, dgammaOff + f, mk).add(sdyx).intoArray(dgamma, dgammaOff + f, mk);
        FloatVector.fromArray(S, dbeta, dbetaOff + f, mk).add(sdy).intoArray(dbeta, dbetaOff + f, mk);
        FloatVector k = FloatVector.fromArray(S, gamma, gammaOff + f, mk).mul(r);
        if (batchStats) {
            FloatVector a = sdy.div((float) batch);
            FloatVector c = sdyx.div((float) batch);
            for (int b = 0; b < batch; b++) {
                int i = b * features + f;
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + i, mk);
                FloatVector xhat = FloatVector.fromArray(S, x, xOff + i, mk).sub(m).mul(r);
                FloatVector t = d.sub(a).sub(xhat.mul(c));
                k.fma(t, FloatVector.fromArray(S, dx, dxOff + i, mk)).intoArray(dx, dxOff + i, mk);
            }
        } else {
            for (int b = 0; b < batch; b++) {
                int i = b * features + f;
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + i, mk);
                k.fma(d, FloatVector.fromArray(S, dx, dxOff + i, mk)).intoArray(dx, dxOff + i, mk);
            }
        }
    }

    // ---------------------------------------------------------------- layer norm

    @Override public void layerNorm(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                    float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                    float eps, int rows, int cols) {
        int bound = S.loopBound(cols);
        for (int row = 0; row < rows; row++) {
            int base = xOff + row * cols;
            FloatVector acc = FloatVector.zero(S);
            int c = 0;
            for (; c < bound; c += L) {
                acc = acc.add(FloatVector.fromArray(S, x, base + c));
            }
            if (c < cols) {
                acc = acc.add(FloatVector.fromArray(S, x, base + c, S.indexInRange(c, cols)));
            }
            float m = acc.reduceLanes(VectorOperators.ADD) / cols;
            FloatVector mv = FloatVector.broadcast(S, m);
            FloatVector sq = FloatVector.zero(S);
            c = 0;
            for (; c < bound; c += L) {
                FloatVector d = FloatVector.fromArray(S, x, base + c).sub(mv);
                sq = d.fma(d, sq);
            }
            if (c < cols) {
                VectorMask<Float> mk = S.indexInRange(c, cols);
                FloatVector d = FloatVector.fromArray(S, x, base + c, mk).sub(mv, mk);
                sq = d.fma(d, sq);
            }
            float rs = 1f / (float) Math.sqrt(sq.reduceLanes(VectorOperators.ADD) / cols + eps);
            mean[meanOff + row] = m;
            rstd[rstdOff + row] = rs;
            int yb = yOff + row * cols;
            c = 0;
            for (; c < bound; c += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, base + c).sub(mv).mul(rs);
                xhat.mul(FloatVector.fromArray(S, gamma, gammaOff + c))
                        .add(FloatVector.fromArray(S, beta, betaOff + c)).intoArray(y, yb + c);
            }
            if (c < cols) {
                VectorMask<Float> mk = S.indexInRange(c, cols);
                FloatVector xhat = FloatVector.fromArray(S, x, base + c, mk).sub(mv).mul(rs);
                xhat.mul(FloatVector.fromArray(S, gamma, gammaOff + c, mk))
                        .add(FloatVector.fromArray(S, beta, betaOff + c, mk)).intoArray(y, yb + c, mk);
            }
        }
    }

    @Override public void layerNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff, int rows, int cols) {
        int bound = S.loopBound(cols);
        for (int row = 0; row < rows; row++) {
            int base = row * cols;
            FloatVector mv = FloatVector.broadcast(S, mean[meanOff + row]);
            float rs = rstd[rstdOff + row];
            FloatVector sg = FloatVector.zero(S);
            FloatVector sgx = FloatVector.zero(S);
            int c = 0;
            for (; c < bound; c += L) {
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + base + c);
                FloatVector xhat = FloatVector.fromArray(S, x, xOff + base + c).sub(mv).mul(rs);
                FloatVector g = d.mul(FloatVector.fromArray(S, gamma, gammaOff + c));
                sg = sg.add(g);
                sgx = g.fma(xhat, sgx);
                d.fma(xhat, FloatVector.fromArray(S, dgamma, dgammaOff + c)).intoArray(dgamma, dgammaOff + c);
                d.add(FloatVector.fromArray(S, dbeta, dbetaOff + c)).intoArray(dbeta, dbetaOff + c);
            }
            if (c < cols) {
                VectorMask<Float> mk = S.indexInRange(c, cols);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + base + c, mk);
                FloatVector xhat = FloatVector.fromArray(S, x, xOff + base + c, mk).sub(mv, mk).mul(rs);
                FloatVector g = d.mul(FloatVector.fromArray(S, gamma, gammaOff + c, mk));
                sg = sg.add(g);
                sgx = g.fma(xhat, sgx);
                d.fma(xhat, FloatVector.fromArray(S, dgamma, dgammaOff + c, mk)).intoArray(dgamma, dgammaOff + c, mk);
                d.add(FloatVector.fromArray(S, dbeta, dbetaOff + c, mk)).intoArray(dbeta, dbetaOff + c, mk);
            }
            FloatVector a = FloatVector.broadcast(S, sg.reduceLanes(VectorOperators.ADD) / cols);
            FloatVector b = FloatVector.broadcast(S, sgx.reduceLanes(VectorOperators.ADD) / cols);
            c = 0;
            for (; c < bound; c += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, xOff + base + c).sub(mv).mul(rs);
                FloatVector g = FloatVector.fromArray(S, dy, dyOff + base + c)
                        .mul(FloatVector.fromArray(S, gamma, gammaOff + c));
                FloatVector t = g.sub(a).sub(xhat.mul(b));
                t.mul(rs).add(FloatVector.fromArray(S, dx, dxOff + base + c)).intoArray(dx, dxOff + base + c);
            }
            if (c < cols) {
                VectorMask<Float> mk = S.indexInRange(c, cols);
                FloatVector xhat = FloatVector.fromArray(S, x, xOff + base + c, mk).sub(mv).mul(rs);
                FloatVector g = FloatVector.fromArray(S, dy, dyOff + base + c, mk)
                        .mul(FloatVector.fromArray(S, gamma, gammaOff + c, mk));
                FloatVector t = g.sub(a).sub(xhat.mul(b));
                t.mul(rs).add(FloatVector.fromArray(S, dx, dxOff + base + c, mk)).intoArray(dx, dxOff + base + c, mk);
            }
        }
    }
}
