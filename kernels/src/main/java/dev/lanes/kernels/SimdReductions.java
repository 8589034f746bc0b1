package dev.lanes.kernels;

import static dev.lanes.kernels.VectorShapes.DOUBLE;
import static dev.lanes.kernels.VectorShapes.FLOAT;
import static dev.lanes.kernels.VectorShapes.LANES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Reductions} on the Vector API.
 *
 * <p>Sums, dot products, sums of squares, norms and the mean/variance accumulate in double lanes:
 * each float vector is widened into two double vectors ({@code convertShape(F2D, DOUBLE, 0|1)})
 * and added there. Measured on this machine (10M floats, see {@code ReductionsBench} and the
 * project notes) this runs at the memory limit, and its result is the correctly rounded float of
 * the exact sum in every case tried, where compensated (Kahan / TwoSum) float lanes were both
 * slower on 10M floats and less accurate, and plain float lanes were 30x less accurate.
 * Products of two floats are exact in double, so dot and sumSquares lose nothing before the
 * additions, and squares of floats neither overflow nor underflow in double, so {@link #norm2}
 * needs no scaling.
 *
 * <p>Max/min use the lanewise MAX/MIN, which follow {@code Math.max}/{@code Math.min} (NaN wins,
 * -0 &lt; +0): the result equals the scalar twin's bit for bit, because those functions are
 * associative and commutative.
 */
final class SimdReductions implements Reductions {

    /**
     * Float vectors per iteration of the double-accumulating loops (so 2 * SUM_UNROLL double
     * accumulators) in dot, sumSquares and meanVariance: enough independent adds to keep loads streaming at
     * memory speed; 4 measured no faster on 10M floats.
     */
    private static final int SUM_UNROLL = 2;

    /*
     * TWO_STREAMS: sum reads the two halves of the input side by side. Measured on
     * 10M floats (standalone harness, same run): 49-54 GB/s against 46-48 GB/s for one stream
     * with two vectors per iteration (copy 57-58 GB/s); in cache both run at ~90-100 GB/s.
     */

    /**
     * Accumulators in max/min: a lanewise MAX that follows Math.max is a several-instruction
     * sequence on x86, so four independent chains hide its latency.
     */
    private static final int MAX_UNROLL = 4;

    @Override public float sum(float[] x, int xOff, int n) {
        DoubleVector a0 = DoubleVector.zero(DOUBLE);
        DoubleVector a1 = DoubleVector.zero(DOUBLE);
        DoubleVector a2 = DoubleVector.zero(DOUBLE);
        DoubleVector a3 = DoubleVector.zero(DOUBLE);
        // Two streams: the first and second half are read side by side (see TWO_STREAMS).
        int half = FLOAT.loopBound(n / 2);
        for (int i = 0; i < half; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector w = FloatVector.fromArray(FLOAT, x, xOff + half + i);
            a0 = a0.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0));
            a1 = a1.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1));
            a2 = a2.add((DoubleVector) w.convertShape(VectorOperators.F2D, DOUBLE, 0));
            a3 = a3.add((DoubleVector) w.convertShape(VectorOperators.F2D, DOUBLE, 1));
        }
        int i = 2 * half;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            a0 = a0.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0));
            a1 = a1.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1));
        }
        if (i < n) {
            // masked-off lanes load as +0, which adds nothing
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, FLOAT.indexInRange(i, n));
            a0 = a0.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0));
            a1 = a1.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1));
        }
        double[] ds = LaneSums.doubles();
        a0.add(a1).add(a2.add(a3)).intoArray(ds, 0); // lane order, not reduceLanes (see LaneSums)
        return (float) LaneSums.sum(ds, DOUBLE.length());
    }

    @Override public float max(float[] x, int xOff, int n) {
        return maxOf(x, xOff, n);
    }

    @Override public float min(float[] x, int xOff, int n) {
        FloatVector m0 = FloatVector.broadcast(FLOAT, x[xOff]);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        int i = 0;
        int unrolled = n - n % (MAX_UNROLL * LANES);
        for (; i < unrolled; i += MAX_UNROLL * LANES) {
            m0 = m0.min(FloatVector.fromArray(FLOAT, x, xOff + i));
            m1 = m1.min(FloatVector.fromArray(FLOAT, x, xOff + i + LANES));
            m2 = m2.min(FloatVector.fromArray(FLOAT, x, xOff + i + 2 * LANES));
            m3 = m3.min(FloatVector.fromArray(FLOAT, x, xOff + i + 3 * LANES));
        }
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            m0 = m0.min(FloatVector.fromArray(FLOAT, x, xOff + i));
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            m0 = m0.lanewise(VectorOperators.MIN, FloatVector.fromArray(FLOAT, x, xOff + i, m), m);
        }
        return m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
    }

    /** Math.max over x[xOff .. xOff+n), n >= 1; shared by max, argmax and logSumExpRows. */
    private static float maxOf(float[] x, int xOff, int n) {
        FloatVector m0 = FloatVector.broadcast(FLOAT, x[xOff]);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        int i = 0;
        int unrolled = n - n % (MAX_UNROLL * LANES);
        for (; i < unrolled; i += MAX_UNROLL * LANES) {
            m0 = m0.max(FloatVector.fromArray(FLOAT, x, xOff + i));
            m1 = m1.max(FloatVector.fromArray(FLOAT, x, xOff + i + LANES));
            m2 = m2.max(FloatVector.fromArray(FLOAT, x, xOff + i + 2 * LANES));
            m3 = m3.max(FloatVector.fromArray(FLOAT, x, xOff + i + 3 * LANES));
        }
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            m0 = m0.max(FloatVector.fromArray(FLOAT, x, xOff + i));
        }
        if (i < n) {
            // masked-off lanes keep the accumulator's value
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            m0 = m0.lanewise(VectorOperators.MAX, FloatVector.fromArray(FLOAT, x, xOff + i, m), m);
        }
        return m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    }

    @Override public int argmax(float[] x, int xOff, int n) {
        return argmaxOf(x, xOff, n);
    }

    /**
     * Two passes: the maximum m (NaN if any element is NaN), then the first index holding it. The
     * scalar twin keeps the first index whose value is strictly greater than all before it (or the
     * first NaN), which is exactly the first i with x[i] == m numerically (-0 == +0), or the first
     * NaN when m is NaN. The second pass stops at the first hit.
     */
    private static int argmaxOf(float[] x, int xOff, int n) {
        float max = maxOf(x, xOff, n);
        boolean nan = Float.isNaN(max);
        FloatVector mv = FloatVector.broadcast(FLOAT, max);
        int i = 0;
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.eq(mv);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            VectorMask<Float> hit = (nan ? v.test(VectorOperators.IS_NAN) : v.eq(mv)).and(m);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        // unreachable: the maximum (or the NaN that made it NaN) is one of the elements
        throw new AssertionError("argmax: maximum " + max + " not found among " + n + " elements");
    }

    @Override public void argmaxRows(int[] idx, int idxOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            idx[idxOff + r] = argmaxOf(x, xOff + r * cols, cols);
        }
    }

    @Override public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        DoubleVector a0 = DoubleVector.zero(DOUBLE);
        DoubleVector a1 = DoubleVector.zero(DOUBLE);
        DoubleVector a2 = DoubleVector.zero(DOUBLE);
        DoubleVector a3 = DoubleVector.zero(DOUBLE);
        int i = 0;
        int unrolled = n - n % (SUM_UNROLL * LANES);
        for (; i < unrolled; i += SUM_UNROLL * LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i);
            FloatVector xw = FloatVector.fromArray(FLOAT, x, xOff + i + LANES);
            FloatVector yw = FloatVector.fromArray(FLOAT, y, yOff + i + LANES);
            a0 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, DOUBLE, 0))
                    .fma((DoubleVector) yv.convertShape(VectorOperators.F2D, DOUBLE, 0), a0);
            a1 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, DOUBLE, 1))
                    .fma((DoubleVector) yv.convertShape(VectorOperators.F2D, DOUBLE, 1), a1);
            a2 = ((DoubleVector) xw.convertShape(VectorOperators.F2D, DOUBLE, 0))
                    .fma((DoubleVector) yw.convertShape(VectorOperators.F2D, DOUBLE, 0), a2);
            a3 = ((DoubleVector) xw.convertShape(VectorOperators.F2D, DOUBLE, 1))
                    .fma((DoubleVector) yw.convertShape(VectorOperators.F2D, DOUBLE, 1), a3);
        }
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i);
            a0 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, DOUBLE, 0))
                    .fma((DoubleVector) yv.convertShape(VectorOperators.F2D, DOUBLE, 0), a0);
            a1 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, DOUBLE, 1))
                    .fma((DoubleVector) yv.convertShape(VectorOperators.F2D, DOUBLE, 1), a1);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector yv = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            a0 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, DOUBLE, 0))
                    .fma((DoubleVector) yv.convertShape(VectorOperators.F2D, DOUBLE, 0), a0);
            a1 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, DOUBLE, 1))
                    .fma((DoubleVector) yv.convertShape(VectorOperators.F2D, DOUBLE, 1), a1);
        }
        double[] ds = LaneSums.doubles();
        a0.add(a1).add(a2.add(a3)).intoArray(ds, 0); // lane order, not reduceLanes (see LaneSums)
        return (float) LaneSums.sum(ds, DOUBLE.length());
    }

    @Override public float sumSquares(float[] x, int xOff, int n) {
        return (float) sumSquaresOf(x, xOff, n);
    }

    @Override public float norm2(float[] x, int xOff, int n) {
        // A float squared lies in [2^-298, 2^256]: exact in double, no overflow or underflow.
        return (float) Math.sqrt(sumSquaresOf(x, xOff, n));
    }

    private static double sumSquaresOf(float[] x, int xOff, int n) {
        DoubleVector a0 = DoubleVector.zero(DOUBLE);
        DoubleVector a1 = DoubleVector.zero(DOUBLE);
        DoubleVector a2 = DoubleVector.zero(DOUBLE);
        DoubleVector a3 = DoubleVector.zero(DOUBLE);
        int i = 0;
        int unrolled = n - n % (SUM_UNROLL * LANES);
        for (; i < unrolled; i += SUM_UNROLL * LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector w = FloatVector.fromArray(FLOAT, x, xOff + i + LANES);
            DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0);
            DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1);
            DoubleVector w0 = (DoubleVector) w.convertShape(VectorOperators.F2D, DOUBLE, 0);
            DoubleVector w1 = (DoubleVector) w.convertShape(VectorOperators.F2D, DOUBLE, 1);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
            a2 = w0.fma(w0, a2);
            a3 = w1.fma(w1, a3);
        }
        int upper = FLOAT.loopBound(n);
        for (; i < upper; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0);
            DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
        }
        if (i < n) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, FLOAT.indexInRange(i, n));
            DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0);
            DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
        }
        double[] ds = LaneSums.doubles();
        a0.add(a1).add(a2.add(a3)).intoArray(ds, 0); // lane order, not reduceLanes (see LaneSums)
        return LaneSums.sum(ds, DOUBLE.length());
    }

    /**
     * Per-lane Welford in double, then Chan's merge. The body gives each of the 2 * SUM_UNROLL
     * double vectors one element per lane per iteration, so after k iterations every lane holds
     * (count k, mean, M2) of its own k elements. Lanes with equal counts merge exactly as
     * mean = average of lane means, M2 = sum of lane M2 + k * sum (lane mean - mean)^2. The last
     * n mod (2 * LANES) elements form one more group (two-pass over at most two vectors, masked)
     * merged with Chan's pairwise formula.
     */
    @Override public void meanVariance(float[] out, int outOff, float[] x, int xOff, int n) {
        final int dl = DOUBLE.length();
        DoubleVector mean0 = DoubleVector.zero(DOUBLE);
        DoubleVector mean1 = DoubleVector.zero(DOUBLE);
        DoubleVector mean2 = DoubleVector.zero(DOUBLE);
        DoubleVector mean3 = DoubleVector.zero(DOUBLE);
        DoubleVector m20 = DoubleVector.zero(DOUBLE);
        DoubleVector m21 = DoubleVector.zero(DOUBLE);
        DoubleVector m22 = DoubleVector.zero(DOUBLE);
        DoubleVector m23 = DoubleVector.zero(DOUBLE);
        int i = 0;
        int unrolled = n - n % (SUM_UNROLL * LANES);
        double k = 0;
        for (; i < unrolled; i += SUM_UNROLL * LANES) {
            k += 1;
            DoubleVector inv = DoubleVector.broadcast(DOUBLE, 1.0 / k);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector w = FloatVector.fromArray(FLOAT, x, xOff + i + LANES);
            DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0);
            DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1);
            DoubleVector w0 = (DoubleVector) w.convertShape(VectorOperators.F2D, DOUBLE, 0);
            DoubleVector w1 = (DoubleVector) w.convertShape(VectorOperators.F2D, DOUBLE, 1);
            DoubleVector d0 = v0.sub(mean0);
            DoubleVector d1 = v1.sub(mean1);
            DoubleVector d2 = w0.sub(mean2);
            DoubleVector d3 = w1.sub(mean3);
            mean0 = d0.fma(inv, mean0);
            mean1 = d1.fma(inv, mean1);
            mean2 = d2.fma(inv, mean2);
            mean3 = d3.fma(inv, mean3);
            m20 = d0.fma(v0.sub(mean0), m20);
            m21 = d1.fma(v1.sub(mean1), m21);
            m22 = d2.fma(w0.sub(mean2), m22);
            m23 = d3.fma(w1.sub(mean3), m23);
        }
        double count = unrolled;
        double mean = 0;
        double m2 = 0;
        if (unrolled > 0) {
            // all 4 * dl lanes hold k elements each
            double[] ds = LaneSums.doubles(); // lane-order sums, not reduceLanes (see LaneSums)
            mean0.add(mean1).add(mean2.add(mean3)).intoArray(ds, 0);
            mean = LaneSums.sum(ds, dl) / (4 * dl);
            DoubleVector e0 = mean0.sub(mean);
            DoubleVector e1 = mean1.sub(mean);
            DoubleVector e2 = mean2.sub(mean);
            DoubleVector e3 = mean3.sub(mean);
            DoubleVector spread = e0.mul(e0).add(e1.mul(e1)).add(e2.mul(e2).add(e3.mul(e3)));
            m20.add(m21).add(m22.add(m23)).intoArray(ds, 0);
            m2 = LaneSums.sum(ds, dl);
            spread.intoArray(ds, 0);
            m2 += k * LaneSums.sum(ds, dl);
        }
        if (i < n) {
            // Tail group: fewer than 2 * LANES elements, as at most two masked vectors.
            int tailCount = n - i;
            DoubleVector s = DoubleVector.zero(DOUBLE);
            for (int j = i; j < n; j += LANES) {
                FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + j, FLOAT.indexInRange(j, n));
                s = s.add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0))
                        .add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1));
            }
            double[] ts = LaneSums.doubles();
            s.intoArray(ts, 0);
            double tailMean = LaneSums.sum(ts, dl) / tailCount;
            DoubleVector q = DoubleVector.zero(DOUBLE);
            for (int j = i; j < n; j += LANES) {
                FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + j, FLOAT.indexInRange(j, n));
                VectorMask<Double> lo = DOUBLE.indexInRange(j, n);
                VectorMask<Double> hi = DOUBLE.indexInRange(j + dl, n);
                // masked sub leaves the masked-off lanes at their loaded 0, so they add nothing
                DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 0))
                        .lanewise(VectorOperators.SUB, tailMean, lo);
                DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLE, 1))
                        .lanewise(VectorOperators.SUB, tailMean, hi);
                q = d0.fma(d0, q);
                q = d1.fma(d1, q);
            }
            q.intoArray(ts, 0);
            double tailM2 = LaneSums.sum(ts, dl);
            if (unrolled == 0) {
                mean = tailMean;
                m2 = tailM2;
            } else {
                double total = count + tailCount;
                double delta = tailMean - mean;
                mean += delta * (tailCount / total);
                m2 += tailM2 + delta * delta * (count * tailCount / total);
            }
        }
        out[outOff] = (float) mean;
        out[outOff + 1] = (float) (m2 / n);
    }

    @Override public void logSumExpRows(float[] out, int outOff, float[] x, int xOff, int rows, int cols) {
        FloatVector zero = FloatVector.zero(FLOAT);
        int upper = FLOAT.loopBound(cols);
        double[] ds = LaneSums.doubles();
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            float m = maxOf(x, base, cols);
            if (!Float.isFinite(m)) {
                // NaN anywhere gives NaN; any +Inf gives +Inf; an all -Inf row gives -Inf
                out[outOff + r] = m;
                continue;
            }
            FloatVector mv = FloatVector.broadcast(FLOAT, m);
            DoubleVector s0 = DoubleVector.zero(DOUBLE);
            DoubleVector s1 = DoubleVector.zero(DOUBLE);
            int c = 0;
            for (; c < upper; c += LANES) {
                FloatVector d = FloatVector.fromArray(FLOAT, x, base + c).sub(mv);
                // exp(d), d <= 0: the own polynomial of SimdActivations (not lanewise EXP: see its class comment)
                FloatVector xc_ = d.max(-104f);
                FloatVector t_ = xc_.fma(1.44269504088896341f, 12582912f);
                FloatVector k_ = t_.sub(12582912f);
                FloatVector r_ = k_.fma(FloatVector.broadcast(FLOAT, -0.6931471824645996f), xc_);
                r_ = k_.fma(FloatVector.broadcast(FLOAT, 1.904654323148236e-09f), r_);
                FloatVector q_ = r_.fma(0.0013814610429108143f, 0.008368710055947304f);
                q_ = q_.fma(r_, FloatVector.broadcast(FLOAT, 0.04166838899254799f));
                q_ = q_.fma(r_, FloatVector.broadcast(FLOAT, 0.1666652113199234f));
                q_ = q_.fma(r_, FloatVector.broadcast(FLOAT, 0.4999999403953552f));
                FloatVector p_ = q_.fma(r_.mul(r_), r_).add(1f);
                IntVector ki_ = t_.reinterpretAsInts().sub(0x4B400000);
                IntVector k1_ = ki_.lanewise(VectorOperators.ASHR, 1);
                FloatVector s1_ = k1_.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector s2_ = ki_.sub(k1_).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector e = p_.mul(s1_).mul(s2_);
                s0 = s0.add((DoubleVector) e.convertShape(VectorOperators.F2D, DOUBLE, 0));
                s1 = s1.add((DoubleVector) e.convertShape(VectorOperators.F2D, DOUBLE, 1));
            }
            if (c < cols) {
                VectorMask<Float> mask = FLOAT.indexInRange(c, cols);
                FloatVector d = FloatVector.fromArray(FLOAT, x, base + c, mask).sub(mv);
                // exp(d), d <= 0: the own polynomial of SimdActivations (not lanewise EXP: see its class comment)
                FloatVector xc_ = d.max(-104f);
                FloatVector t_ = xc_.fma(1.44269504088896341f, 12582912f);
                FloatVector k_ = t_.sub(12582912f);
                FloatVector r_ = k_.fma(FloatVector.broadcast(FLOAT, -0.6931471824645996f), xc_);
                r_ = k_.fma(FloatVector.broadcast(FLOAT, 1.904654323148236e-09f), r_);
                FloatVector q_ = r_.fma(0.0013814610429108143f, 0.008368710055947304f);
                q_ = q_.fma(r_, FloatVector.broadcast(FLOAT, 0.04166838899254799f));
                q_ = q_.fma(r_, FloatVector.broadcast(FLOAT, 0.1666652113199234f));
                q_ = q_.fma(r_, FloatVector.broadcast(FLOAT, 0.4999999403953552f));
                FloatVector p_ = q_.fma(r_.mul(r_), r_).add(1f);
                IntVector ki_ = t_.reinterpretAsInts().sub(0x4B400000);
                IntVector k1_ = ki_.lanewise(VectorOperators.ASHR, 1);
                FloatVector s1_ = k1_.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector s2_ = ki_.sub(k1_).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector e = p_.mul(s1_).mul(s2_);
                e = zero.blend(e, mask); // exp(0 - m) of the masked-off lanes must not count
                s0 = s0.add((DoubleVector) e.convertShape(VectorOperators.F2D, DOUBLE, 0));
                s1 = s1.add((DoubleVector) e.convertShape(VectorOperators.F2D, DOUBLE, 1));
            }
            s0.add(s1).intoArray(ds, 0); // lane order, not reduceLanes (see LaneSums)
            out[outOff + r] = (float) (m + Math.log(LaneSums.sum(ds, DOUBLE.length())));
        }
    }
}
