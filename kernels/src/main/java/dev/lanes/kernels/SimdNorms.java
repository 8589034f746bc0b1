package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Norms} on the Vector API.
 *
 * <p>Batch norm walks column blocks (see the comment above {@code BLOCK_FLOATS}); layer norm works
 * row by row over contiguous rows. Every loop is a vector body to {@code FLOAT.loopBound(n)}, then
 * one masked tail ({@code indexInRange}).
 *
 * <p>Sums are float: batch-norm column sums add {@link #CHUNK} rows into a partial before the
 * partial joins the total (error about {@code (CHUNK + B/CHUNK)} ulps instead of {@code B});
 * layer-norm row sums keep {@code LANES} partial sums. {@code y} must not overlap {@code x} (the
 * batch-norm forward uses y's first row as scratch).
 */
final class SimdNorms implements Norms {
    private static final VectorSpecies<Float> S = VectorShapes.FLOAT;
    private static final int L = S.length();
    /** Rows summed into one float partial before it joins the total: bounds float summation error to ~(CHUNK + B/CHUNK) ulps. */
    private static final int CHUNK = 64;

    // ---------------------------------------------------------------- batch norm
    //
    // The batch is processed in column blocks of W features (W a multiple of LANES, sized so that
    // a block's rows, batch * W floats, stay in the L2 cache): the statistics passes and the output
    // pass of a block re-read its rows from cache, so a large input streams from memory about once.
    // Inside a block every pass walks the rows in order and each row segment is a contiguous
    // vector loop (body, then masked tail) accumulating into small arrays that stay in L1.

    /** Floats of one column block across the batch: 64K floats = 256 KB, half of a typical L2. */
    private static final int BLOCK_FLOATS = 1 << 16;
    /** Widest column block, in floats (16 KB of accumulators per array). */
    private static final int MAX_BLOCK = 4096;

    private static int blockWidth(int batch, int features) {
        int w = BLOCK_FLOATS / Math.max(1, batch);
        w = Math.min(Math.max(w - w % L, L), MAX_BLOCK);
        return Math.min(w, features);
    }

    /** Per-thread scratch of the backward (grow-only; never shrinks, so steady state allocates nothing). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }

    @Override public void batchNormTrain(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                         float[] runningMean, int runningMeanOff, float[] runningVar, int runningVarOff,
                                         float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                         float momentum, float eps, int batch, int features) {
        int w = blockWidth(batch, features);
        for (int f0 = 0; f0 < features; f0 += w) {
            int n = Math.min(w, features - f0);
            // y's first row segment is the chunk partial (it is written last, in the output pass)
            int part = yOff + f0;
            int tot = meanOff + f0;
            fill(mean, tot, 0f, n);
            for (int b0 = 0; b0 < batch; b0 += CHUNK) {
                int end = Math.min(batch, b0 + CHUNK);
                fill(y, part, 0f, n);
                for (int b = b0; b < end; b++) {
                    addInto(y, part, x, xOff + b * features + f0, n);
                }
                addInto(mean, tot, y, part, n);
            }
            divideInto(mean, tot, batch, n);
            int tot2 = rstdOff + f0;
            fill(rstd, tot2, 0f, n);
            for (int b0 = 0; b0 < batch; b0 += CHUNK) {
                int end = Math.min(batch, b0 + CHUNK);
                fill(y, part, 0f, n);
                for (int b = b0; b < end; b++) {
                    squaredDeviationsInto(y, part, x, xOff + b * features + f0, mean, tot, n);
                }
                addInto(rstd, tot2, y, part, n);
            }
            finishStatistics(rstd, tot2, mean, tot, runningMean, runningMeanOff + f0, runningVar, runningVarOff + f0,
                    momentum, eps, batch, n);
            for (int b = 0; b < batch; b++) {
                int i = b * features + f0;
                normalizeRow(y, yOff + i, x, xOff + i, mean, tot, rstd, tot2, gamma, gammaOff + f0, beta, betaOff + f0, n);
            }
        }
    }

    @Override public void batchNormEval(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                        float[] x, int xOff, float[] runningMean, int runningMeanOff,
                                        float[] runningVar, int runningVarOff, float[] gamma, int gammaOff,
                                        float[] beta, int betaOff, float eps, int batch, int features) {
        copy(mean, meanOff, runningMean, runningMeanOff, features);
        inverseSqrt(rstd, rstdOff, runningVar, runningVarOff, eps, features);
        for (int b = 0; b < batch; b++) {
            int i = b * features;
            normalizeRow(y, yOff + i, x, xOff + i, mean, meanOff, rstd, rstdOff, gamma, gammaOff, beta, betaOff, features);
        }
    }

    @Override public void batchNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff,
                                            boolean batchStats, int batch, int features) {
        if (features == 0) {
            return;
        }
        int w = blockWidth(batch, features);
        // scratch: [0, w) partial sum dy, [w, 2w) partial sum dy*xhat, [2w, 3w) total dy, [3w, 4w) total dy*xhat
        float[] s = scratch(4 * w);
        for (int f0 = 0; f0 < features; f0 += w) {
            int n = Math.min(w, features - f0);
            fill(s, 2 * w, 0f, n);
            fill(s, 3 * w, 0f, n);
            for (int b0 = 0; b0 < batch; b0 += CHUNK) {
                int end = Math.min(batch, b0 + CHUNK);
                fill(s, 0, 0f, n);
                fill(s, w, 0f, n);
                for (int b = b0; b < end; b++) {
                    int i = b * features + f0;
                    backwardSumsInto(s, 0, s, w, dy, dyOff + i, x, xOff + i, mean, meanOff + f0, rstd, rstdOff + f0, n);
                }
                addInto(s, 2 * w, s, 0, n);
                addInto(s, 3 * w, s, w, n);
            }
            addInto(dbeta, dbetaOff + f0, s, 2 * w, n);
            addInto(dgamma, dgammaOff + f0, s, 3 * w, n);
            if (batchStats) {
                // per feature: k = gamma*rstd, p = -k*rstd*sdyx/B, q = -k*sdy/B, so that
                // dx += k*dy + p*(x - mean) + q
                backwardCoefficients(s, w, rstd, rstdOff + f0, gamma, gammaOff + f0, batch, n);
                for (int b = 0; b < batch; b++) {
                    int i = b * features + f0;
                    backwardRow(dx, dxOff + i, dy, dyOff + i, x, xOff + i, mean, meanOff + f0, s, w, n);
                }
            } else {
                for (int b = 0; b < batch; b++) {
                    int i = b * features + f0;
                    backwardRowConstantStats(dx, dxOff + i, dy, dyOff + i, rstd, rstdOff + f0, gamma, gammaOff + f0, n);
                }
            }
        }
    }

    // Row-segment loops: vector body to loopBound(n), then one masked tail.

    private static void fill(float[] a, int off, float v, int n) {
        FloatVector fv = FloatVector.broadcast(S, v);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            fv.intoArray(a, off + i);
        }
        if (i < n) {
            fv.intoArray(a, off + i, S.indexInRange(i, n));
        }
    }

    private static void copy(float[] d, int dOff, float[] a, int aOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).intoArray(d, dOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, aOff + i, m).intoArray(d, dOff + i, m);
        }
    }

    /** {@code acc += a}. */
    private static void addInto(float[] acc, int accOff, float[] a, int aOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, a, aOff + i)).intoArray(acc, accOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, acc, accOff + i, m).add(FloatVector.fromArray(S, a, aOff + i, m)).intoArray(acc, accOff + i, m);
        }
    }

    /** {@code a = a / divisor} (a true division, not a product with the reciprocal). */
    private static void divideInto(float[] a, int off, int divisor, int n) {
        float d = divisor;
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, a, off + i).div(d).intoArray(a, off + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, off + i, m).div(d).intoArray(a, off + i, m);
        }
    }

    /** {@code acc += (x - mean)^2}. */
    private static void squaredDeviationsInto(float[] acc, int accOff, float[] x, int xOff, float[] mean, int mOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, mean, mOff + i));
            d.fma(d, FloatVector.fromArray(S, acc, accOff + i)).intoArray(acc, accOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, x, xOff + i, m).sub(FloatVector.fromArray(S, mean, mOff + i, m));
            d.fma(d, FloatVector.fromArray(S, acc, accOff + i, m)).intoArray(acc, accOff + i, m);
        }
    }

    /**
     * {@code ss} holds sum (x - mean)^2 on entry; writes rstd = 1/sqrt(ss/B + eps) over it and
     * updates the running statistics (unbiased variance ss/(B-1)).
     */
    private static void finishStatistics(float[] ss, int sOff, float[] mean, int mOff, float[] rm, int rmOff,
                                         float[] rv, int rvOff, float momentum, float eps, int batch, int n) {
        float keep = 1 - momentum;
        float b = batch;
        float b1 = batch - 1;
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector q = FloatVector.fromArray(S, ss, sOff + i);
            FloatVector mv = FloatVector.fromArray(S, mean, mOff + i);
            FloatVector.fromArray(S, rm, rmOff + i).mul(keep).add(mv.mul(momentum)).intoArray(rm, rmOff + i);
            FloatVector.fromArray(S, rv, rvOff + i).mul(keep).add(q.div(b1).mul(momentum)).intoArray(rv, rvOff + i);
            one.div(q.div(b).add(eps).sqrt()).intoArray(ss, sOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector q = FloatVector.fromArray(S, ss, sOff + i, m);
            FloatVector mv = FloatVector.fromArray(S, mean, mOff + i, m);
            FloatVector.fromArray(S, rm, rmOff + i, m).mul(keep).add(mv.mul(momentum)).intoArray(rm, rmOff + i, m);
            FloatVector.fromArray(S, rv, rvOff + i, m).mul(keep).add(q.div(b1).mul(momentum)).intoArray(rv, rvOff + i, m);
            one.div(q.div(b).add(eps).sqrt()).intoArray(ss, sOff + i, m);
        }
    }

    /** {@code r = 1 / sqrt(v + eps)}. */
    private static void inverseSqrt(float[] r, int rOff, float[] v, int vOff, float eps, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            one.div(FloatVector.fromArray(S, v, vOff + i).add(eps).sqrt()).intoArray(r, rOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            one.div(FloatVector.fromArray(S, v, vOff + i, m).add(eps).sqrt()).intoArray(r, rOff + i, m);
        }
    }

    /** {@code y = (x - mean) * (rstd * gamma) + beta}. */
    private static void normalizeRow(float[] y, int yOff, float[] x, int xOff, float[] mean, int mOff,
                                     float[] rstd, int rOff, float[] gamma, int gOff, float[] beta, int bOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector scale = FloatVector.fromArray(S, rstd, rOff + i).mul(FloatVector.fromArray(S, gamma, gOff + i));
            FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, mean, mOff + i)).mul(scale)
                    .add(FloatVector.fromArray(S, beta, bOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector scale = FloatVector.fromArray(S, rstd, rOff + i, m).mul(FloatVector.fromArray(S, gamma, gOff + i, m));
            FloatVector.fromArray(S, x, xOff + i, m).sub(FloatVector.fromArray(S, mean, mOff + i, m)).mul(scale)
                    .add(FloatVector.fromArray(S, beta, bOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    /** {@code s1 += dy; s2 += dy * (x - mean) * rstd}. */
    private static void backwardSumsInto(float[] s1, int s1Off, float[] s2, int s2Off, float[] dy, int dyOff,
                                         float[] x, int xOff, float[] mean, int mOff, float[] rstd, int rOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, mean, mOff + i))
                    .mul(FloatVector.fromArray(S, rstd, rOff + i));
            FloatVector.fromArray(S, s1, s1Off + i).add(d).intoArray(s1, s1Off + i);
            d.fma(xhat, FloatVector.fromArray(S, s2, s2Off + i)).intoArray(s2, s2Off + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i, m);
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + i, m).sub(FloatVector.fromArray(S, mean, mOff + i, m))
                    .mul(FloatVector.fromArray(S, rstd, rOff + i, m));
            FloatVector.fromArray(S, s1, s1Off + i, m).add(d).intoArray(s1, s1Off + i, m);
            d.fma(xhat, FloatVector.fromArray(S, s2, s2Off + i, m)).intoArray(s2, s2Off + i, m);
        }
    }

    /**
     * From the totals {@code sdy = s[2w..]}, {@code sdyx = s[3w..]}: writes {@code k = gamma*rstd}
     * to {@code s[0..]}, {@code p = -k*rstd*(sdyx/B)} to {@code s[w..]}, {@code q = -k*(sdy/B)} to
     * {@code s[2w..]}.
     */
    private static void backwardCoefficients(float[] s, int w, float[] rstd, int rOff, float[] gamma, int gOff,
                                             int batch, int n) {
        float bf = batch;
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector r = FloatVector.fromArray(S, rstd, rOff + i);
            FloatVector k = FloatVector.fromArray(S, gamma, gOff + i).mul(r);
            FloatVector a = FloatVector.fromArray(S, s, 2 * w + i).div(bf);
            FloatVector c = FloatVector.fromArray(S, s, 3 * w + i).div(bf);
            k.intoArray(s, i);
            k.mul(r).mul(c).neg().intoArray(s, w + i);
            k.mul(a).neg().intoArray(s, 2 * w + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector r = FloatVector.fromArray(S, rstd, rOff + i, m);
            FloatVector k = FloatVector.fromArray(S, gamma, gOff + i, m).mul(r);
            FloatVector a = FloatVector.fromArray(S, s, 2 * w + i, m).div(bf);
            FloatVector c = FloatVector.fromArray(S, s, 3 * w + i, m).div(bf);
            k.intoArray(s, i, m);
            k.mul(r).mul(c).neg().intoArray(s, w + i, m);
            k.mul(a).neg().intoArray(s, 2 * w + i, m);
        }
    }

    /** {@code dx += k*dy + p*(x - mean) + q} with {@code k, p, q} at {@code s[0..], s[w..], s[2w..]}. */
    private static void backwardRow(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                    float[] mean, int mOff, float[] s, int w, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, mean, mOff + i));
            FloatVector t = d.fma(FloatVector.fromArray(S, s, w + i), FloatVector.fromArray(S, s, 2 * w + i));
            FloatVector.fromArray(S, s, i).fma(FloatVector.fromArray(S, dy, dyOff + i), t)
                    .add(FloatVector.fromArray(S, dx, dxOff + i)).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            backwardRowTail(dx, dxOff, dy, dyOff, x, xOff, mean, mOff, s, w, i, n);
        }
    }

    /** The masked tail of {@link #backwardRow} (kept out of line: inlined, C2 boxed its vectors). */
    private static void backwardRowTail(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                        float[] mean, int mOff, float[] s, int w, int i, int n) {
        VectorMask<Float> m = S.indexInRange(i, n);
        FloatVector d = FloatVector.fromArray(S, x, xOff + i, m).sub(FloatVector.fromArray(S, mean, mOff + i, m));
        FloatVector t = d.fma(FloatVector.fromArray(S, s, w + i, m), FloatVector.fromArray(S, s, 2 * w + i, m));
        FloatVector.fromArray(S, s, i, m).fma(FloatVector.fromArray(S, dy, dyOff + i, m), t)
                .add(FloatVector.fromArray(S, dx, dxOff + i, m)).intoArray(dx, dxOff + i, m);
    }

    /** {@code dx += gamma * rstd * dy}. */
    private static void backwardRowConstantStats(float[] dx, int dxOff, float[] dy, int dyOff, float[] rstd, int rOff,
                                                 float[] gamma, int gOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector k = FloatVector.fromArray(S, gamma, gOff + i).mul(FloatVector.fromArray(S, rstd, rOff + i));
            k.fma(FloatVector.fromArray(S, dy, dyOff + i), FloatVector.fromArray(S, dx, dxOff + i)).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector k = FloatVector.fromArray(S, gamma, gOff + i, m).mul(FloatVector.fromArray(S, rstd, rOff + i, m));
            k.fma(FloatVector.fromArray(S, dy, dyOff + i, m), FloatVector.fromArray(S, dx, dxOff + i, m)).intoArray(dx, dxOff + i, m);
        }
    }

    // ---------------------------------------------------------------- layer norm
    //
    // Row by row; each pass over a row is its own small method (vector body, then the masked
    // tail in a separate method returning a float or writing directly), because with everything
    // inlined into one method C2 ran out of inlining budget and boxed vectors.

    @Override public void layerNorm(float[] y, int yOff, float[] mean, int meanOff, float[] rstd, int rstdOff,
                                    float[] x, int xOff, float[] gamma, int gammaOff, float[] beta, int betaOff,
                                    float eps, int rows, int cols) {
        for (int row = 0; row < rows; row++) {
            int base = row * cols;
            float m = rowSum(x, xOff + base, cols) / cols;
            float rs = 1f / (float) Math.sqrt(rowSquaredDeviations(x, xOff + base, m, cols) / cols + eps);
            mean[meanOff + row] = m;
            rstd[rstdOff + row] = rs;
            layerNormRow(y, yOff + base, x, xOff + base, m, rs, gamma, gammaOff, beta, betaOff, cols);
        }
    }

    @Override public void layerNormBackward(float[] dx, int dxOff, float[] dgamma, int dgammaOff, float[] dbeta, int dbetaOff,
                                            float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff,
                                            float[] rstd, int rstdOff, float[] gamma, int gammaOff, int rows, int cols) {
        float[] sums = scratch(2);
        for (int row = 0; row < rows; row++) {
            int base = row * cols;
            float m = mean[meanOff + row];
            float rs = rstd[rstdOff + row];
            layerNormGradSums(sums, dgamma, dgammaOff, dbeta, dbetaOff, dy, dyOff + base, x, xOff + base, m, rs,
                    gamma, gammaOff, cols);
            float a = sums[0] / cols;
            float b = sums[1] / cols;
            layerNormDxRow(dx, dxOff + base, dy, dyOff + base, x, xOff + base, m, rs, gamma, gammaOff, a, b, cols);
        }
    }

    private static float rowSum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float[] ls = LaneSums.floats();
        acc.intoArray(ls, 0); // lane order, not reduceLanes (see LaneSums)
        float s = LaneSums.sum(ls, L);
        return i < n ? s + rowSumTail(x, off, i, n) : s;
    }

    private static float rowSumTail(float[] x, int off, int i, int n) {
        float[] ls = LaneSums.floats();
        FloatVector.fromArray(S, x, off + i, S.indexInRange(i, n)).intoArray(ls, 0);
        return LaneSums.sum(ls, L);
    }

    private static float rowSquaredDeviations(float[] x, int off, float m, int n) {
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(m);
            acc = d.fma(d, acc);
        }
        float[] ls = LaneSums.floats();
        acc.intoArray(ls, 0); // lane order, not reduceLanes (see LaneSums)
        float s = LaneSums.sum(ls, L);
        return i < n ? s + rowSquaredDeviationsTail(x, off, m, i, n) : s;
    }

    private static float rowSquaredDeviationsTail(float[] x, int off, float m, int i, int n) {
        VectorMask<Float> mk = S.indexInRange(i, n);
        FloatVector d = FloatVector.fromArray(S, x, off + i, mk).sub(FloatVector.broadcast(S, m), mk);
        float[] ls = LaneSums.floats();
        d.mul(d).intoArray(ls, 0);
        return LaneSums.sum(ls, L);
    }

    /** {@code y = ((x - m) * rs) * gamma + beta} over one row. */
    private static void layerNormRow(float[] y, int yOff, float[] x, int xOff, float m, float rs,
                                     float[] gamma, int gOff, float[] beta, int bOff, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + i).sub(m).mul(rs);
            xhat.mul(FloatVector.fromArray(S, gamma, gOff + i)).add(FloatVector.fromArray(S, beta, bOff + i))
                    .intoArray(y, yOff + i);
        }
        if (i < n) {
            layerNormRowTail(y, yOff, x, xOff, m, rs, gamma, gOff, beta, bOff, i, n);
        }
    }

    private static void layerNormRowTail(float[] y, int yOff, float[] x, int xOff, float m, float rs,
                                         float[] gamma, int gOff, float[] beta, int bOff, int i, int n) {
        VectorMask<Float> mk = S.indexInRange(i, n);
        FloatVector xhat = FloatVector.fromArray(S, x, xOff + i, mk).sub(m).mul(rs);
        xhat.mul(FloatVector.fromArray(S, gamma, gOff + i, mk)).add(FloatVector.fromArray(S, beta, bOff + i, mk))
                .intoArray(y, yOff + i, mk);
    }

    /**
     * Over one row, with {@code g = dy*gamma}, {@code xhat = (x - m)*rs}: {@code sums[0] = sum g},
     * {@code sums[1] = sum g*xhat}; accumulates {@code dgamma += dy*xhat}, {@code dbeta += dy}.
     */
    private static void layerNormGradSums(float[] sums, float[] dgamma, int dgOff, float[] dbeta, int dbOff,
                                          float[] dy, int dyOff, float[] x, int xOff, float m, float rs,
                                          float[] gamma, int gOff, int n) {
        FloatVector sg = FloatVector.zero(S);
        FloatVector sgx = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + i).sub(m).mul(rs);
            FloatVector g = d.mul(FloatVector.fromArray(S, gamma, gOff + i));
            sg = sg.add(g);
            sgx = g.fma(xhat, sgx);
            d.fma(xhat, FloatVector.fromArray(S, dgamma, dgOff + i)).intoArray(dgamma, dgOff + i);
            d.add(FloatVector.fromArray(S, dbeta, dbOff + i)).intoArray(dbeta, dbOff + i);
        }
        float[] ls = LaneSums.floats();
        sg.intoArray(ls, 0); // lane order, not reduceLanes (see LaneSums)
        sums[0] = LaneSums.sum(ls, L);
        sgx.intoArray(ls, 0);
        sums[1] = LaneSums.sum(ls, L);
        if (i < n) {
            layerNormGradSumsTail(sums, dgamma, dgOff, dbeta, dbOff, dy, dyOff, x, xOff, m, rs, gamma, gOff, i, n);
        }
    }

    private static void layerNormGradSumsTail(float[] sums, float[] dgamma, int dgOff, float[] dbeta, int dbOff,
                                              float[] dy, int dyOff, float[] x, int xOff, float m, float rs,
                                              float[] gamma, int gOff, int i, int n) {
        VectorMask<Float> mk = S.indexInRange(i, n);
        FloatVector d = FloatVector.fromArray(S, dy, dyOff + i, mk);
        FloatVector xhat = FloatVector.fromArray(S, x, xOff + i, mk).sub(FloatVector.broadcast(S, m), mk).mul(rs);
        FloatVector g = d.mul(FloatVector.fromArray(S, gamma, gOff + i, mk));
        float[] ls = LaneSums.floats();
        g.intoArray(ls, 0); // masked-off lanes are 0 (loaded as 0, times 0)
        sums[0] += LaneSums.sum(ls, L);
        g.mul(xhat).intoArray(ls, 0);
        sums[1] += LaneSums.sum(ls, L);
        d.fma(xhat, FloatVector.fromArray(S, dgamma, dgOff + i, mk)).intoArray(dgamma, dgOff + i, mk);
        d.add(FloatVector.fromArray(S, dbeta, dbOff + i, mk)).intoArray(dbeta, dbOff + i, mk);
    }

    /** {@code dx += rs * (dy*gamma - a - xhat*b)} over one row. */
    private static void layerNormDxRow(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float m,
                                       float rs, float[] gamma, int gOff, float a, float b, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + i).sub(m).mul(rs);
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + i).mul(FloatVector.fromArray(S, gamma, gOff + i));
            FloatVector t = g.sub(a).sub(xhat.mul(b));
            t.mul(rs).add(FloatVector.fromArray(S, dx, dxOff + i)).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            layerNormDxRowTail(dx, dxOff, dy, dyOff, x, xOff, m, rs, gamma, gOff, a, b, i, n);
        }
    }

    private static void layerNormDxRowTail(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float m,
                                           float rs, float[] gamma, int gOff, float a, float b, int i, int n) {
        VectorMask<Float> mk = S.indexInRange(i, n);
        FloatVector xhat = FloatVector.fromArray(S, x, xOff + i, mk).sub(m).mul(rs);
        FloatVector g = FloatVector.fromArray(S, dy, dyOff + i, mk).mul(FloatVector.fromArray(S, gamma, gOff + i, mk));
        FloatVector t = g.sub(a).sub(xhat.mul(b));
        t.mul(rs).add(FloatVector.fromArray(S, dx, dxOff + i, mk)).intoArray(dx, dxOff + i, mk);
    }
}
