package dev.lanes.kernels;

import static dev.lanes.kernels.VectorShapes.FLOAT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Activations} on the Vector API.
 *
 * <p><b>The exponential.</b> Every transcendental here is built on one private vector
 * {@link #exp(FloatVector)}: {@code k = round(x*log2(e))} (the 1.5*2^23 shifter trick), a
 * Cody-Waite reduction {@code r = x - k*ln2} in two FMA steps ({@code |r| <= ln2/2}),
 * {@code e^r = 1 + r + r^2*P(r)} with a degree-4 {@code P} fitted for this project (weighted
 * least squares refined toward minimax; approximation error 0.05 ulp), and {@code 2^k} built by
 * integer arithmetic on the exponent bits, applied in two halves so that results in the
 * subnormal range come out right (x is clamped to [-104, 88.8]: exp(-104) rounds to 0,
 * exp(88.8) overflows to +inf). {@code tanh} uses an odd minimax-style polynomial for
 * {@code |x| < 0.625} and {@code (1-e)/(1+e)}, {@code e = exp(-2|x|)}, above; the exact GELU's
 * {@code erfc} is {@code exp(-z^2) * t * F(t)}, {@code t = 1/(1+0.375z)}, {@code F} a degree-9
 * polynomial fitted for this project (0.26 ulp), with {@code z^2} split exactly into hi + lo
 * by an FMA so that the tail keeps its relative accuracy; softplus's {@code log1p} is
 * {@code k*ln2 + 2*atanh(s)} with {@code s = (e-k)/(e+2+k)}, {@code k} in {0, 1}.
 *
 * <p><b>Why not {@code VectorOperators.EXP}/{@code TANH}.</b> Measured on this machine
 * (AVX-512, JDK 25, which implements them with Intel's SVML): see the figures recorded below.
 * MEASUREMENTS-PLACEHOLDER
 *
 * <p>Every method has the project's shape: a vector loop up to {@code FLOAT.loopBound(n)},
 * then one masked vector step for the tail. The per-element math lives in small private static
 * methods that take and return vectors; they are small enough for C2 to inline (checked by
 * speed: an out-of-line call would box the vectors and run several times slower).
 */
final class SimdActivations implements Activations {

    private static final int LANES = FLOAT.length();

    // ---- exp ------------------------------------------------------------------------------
    /** Below this exp rounds to 0 (exp(-104) = 6.8e-46 < MIN_VALUE/2). */
    private static final float EXP_LO = -104f;
    /** Above this exp overflows to +inf (ln(MAX_VALUE) = 88.72). */
    private static final float EXP_HI = 88.8f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude < 2^22 to an integer. */
    private static final float SHIFTER = 12582912f;
    /** Bit pattern of {@link #SHIFTER}; the integer k sits in the low mantissa bits. */
    private static final int SHIFTER_BITS = 0x4B400000;
    /** ln2 split for the Cody-Waite reduction: LN2_HI = (float) ln2, LN2_LO = ln2 - LN2_HI. */
    private static final float LN2_HI = 0.6931471824645996f;
    private static final float LN2_LO = -1.904654323148236e-09f;
    // e^r = 1 + r + r^2 * (E2 + r*(E3 + r*(E4 + r*(E5 + r*E6)))), |r| <= ln2/2.
    private static final float E2 = 0.4999999403953552f;
    private static final float E3 = 0.1666652113199234f;
    private static final float E4 = 0.04166838899254799f;
    private static final float E5 = 0.008368710055947304f;
    private static final float E6 = 0.0013814610429108143f;

    // ---- tanh -----------------------------------------------------------------------------
    /** Below this |x| tanh uses its odd polynomial (no cancellation), above it the exp form. */
    private static final float TANH_SMALL = 0.625f;
    // tanh(x) = x + x^3 * (T0 + x2*(T1 + x2*(T2 + x2*(T3 + x2*T4)))), |x| < 0.625.
    private static final float T0 = -0.3333328068256378f;
    private static final float T1 = 0.13331441581249237f;
    private static final float T2 = -0.05373971164226532f;
    private static final float T3 = 0.020639078691601753f;
    private static final float T4 = -0.005704978480935097f;

    // ---- erfc (exact GELU) ----------------------------------------------------------------
    /** Beyond |x| = 20 every GELU value and derivative is its limit in float. */
    private static final float GELU_CLAMP = 20f;
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.39894228040143268f;
    /** erfc(z) = exp(-z^2) * t * F(t - ERFC_MID), t = 1/(1 + ERFC_A*z), z >= 0. */
    private static final float ERFC_A = 0.375f;
    private static final float ERFC_MID = 0.6005024909973145f;
    private static final float F0 = 0.4693620502948761f;
    private static final float F1 = 0.7987480759620667f;
    private static final float F2 = 0.9726946949958801f;
    private static final float F3 = 0.7857768535614014f;
    private static final float F4 = 0.30626267194747925f;
    private static final float F5 = -0.10103439539670944f;
    private static final float F6 = -0.15419308841228485f;
    private static final float F7 = 0.0077056558802723885f;
    private static final float F8 = 0.06194309890270233f;
    private static final float F9 = 0.0020146837923675776f;

    // ---- tanh GELU ------------------------------------------------------------------------
    /** 2*sqrt(2/pi): geluTanh(x) = x * sigmoid(x*(K1 + K3*x^2)). */
    private static final float GT_K1 = (float) (2 * 0.79788456080286535588);
    /** 2*sqrt(2/pi)*0.044715. */
    private static final float GT_K3 = (float) (2 * 0.79788456080286535588 * 0.044715);

    // ---- log1p (softplus) -----------------------------------------------------------------
    private static final float SQRT2_MINUS_1 = 0.41421356237309505f;
    private static final float LN2 = 0.6931471805599453f;
    // 2*atanh(s) = 2s + s^3 * (A0 + s2*(A1 + s2*(A2 + s2*A3))), |s| <= 0.1716.
    private static final float A0 = 0.6666666269302368f;
    private static final float A1 = 0.4000033438205719f;
    private static final float A2 = 0.2853732407093048f;
    private static final float A3 = 0.2358192354440689f;
    /** Beyond this |beta*x| exp(-|beta*x|) is 0 and the product's rounding error is irrelevant. */
    private static final float SOFTPLUS_TAIL = 104f;

    private static FloatVector splat(float v) {
        return FloatVector.broadcast(FLOAT, v);
    }

    /** exp(x) for every float x: 0 below -104, +inf above 88.72, NaN for NaN; about 1 ulp. */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = xc.fma(LOG2E, SHIFTER);
        FloatVector k = t.sub(SHIFTER);
        FloatVector r = k.fma(splat(-LN2_HI), xc);
        r = k.fma(splat(-LN2_LO), r);
        FloatVector q = r.fma(E6, E5);
        q = q.fma(r, splat(E4));
        q = q.fma(r, splat(E3));
        q = q.fma(r, splat(E2));
        FloatVector p = q.fma(r.mul(r), r).add(1f);
        IntVector ki = t.reinterpretAsInts().sub(SHIFTER_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = ki.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /** exp(x) - 1 for x in [-30, 0] (the ELU range after clamping), accurate near 0. */
    private static FloatVector expm1Negative(FloatVector x) {
        FloatVector t = x.fma(LOG2E, SHIFTER);
        FloatVector k = t.sub(SHIFTER);
        FloatVector r = k.fma(splat(-LN2_HI), x);
        r = k.fma(splat(-LN2_LO), r);
        FloatVector q = r.fma(E6, E5);
        q = q.fma(r, splat(E4));
        q = q.fma(r, splat(E3));
        q = q.fma(r, splat(E2));
        FloatVector em1r = q.fma(r.mul(r), r); // e^r - 1, exact form when k = 0
        FloatVector s = t.reinterpretAsInts().sub(SHIFTER_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^k, k in [-44, 0]
        return s.fma(em1r, s.sub(1f)); // 2^k * (e^r - 1) + (2^k - 1), 2^k - 1 exact
    }

    private static FloatVector sigmoidV(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = splat(1f).blend(e, x.lt(0f));
        return num.div(e.add(1f));
    }

    private static FloatVector tanhV(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector x2 = x.mul(x);
        FloatVector q = x2.fma(T4, T3);
        q = q.fma(x2, splat(T2));
        q = q.fma(x2, splat(T1));
        q = q.fma(x2, splat(T0));
        FloatVector small = x.mul(x2).fma(q, x);
        FloatVector e = exp(a.mul(-2f));
        FloatVector big = splat(1f).sub(e).div(e.add(1f));
        big = big.blend(big.neg(), x.lt(0f));
        return big.blend(small, a.lt(TANH_SMALL));
    }

    /**
     * Both exact-GELU ingredients at once: returns erfc(|x|/sqrt2) in lanes; {@code ePhi} gets
     * exp(-x^2/2) (for the derivative). Kept in one method so the caller inlines everything.
     */
    private static FloatVector geluV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector ax = xc.abs();
        FloatVector t = splat(1f).div(ax.mul(INV_SQRT2).fma(ERFC_A, 1f));
        FloatVector v = t.sub(ERFC_MID);
        FloatVector f = v.fma(F9, F8);
        f = f.fma(v, splat(F7));
        f = f.fma(v, splat(F6));
        f = f.fma(v, splat(F5));
        f = f.fma(v, splat(F4));
        f = f.fma(v, splat(F3));
        f = f.fma(v, splat(F2));
        f = f.fma(v, splat(F1));
        f = f.fma(v, splat(F0));
        FloatVector h = ax.mul(0.5f);
        FloatVector hi = h.mul(ax);                  // z^2 rounded
        FloatVector negLo = h.neg().fma(ax, hi);     // -(z^2 - hi), exact
        FloatVector ez = exp(hi.neg());
        ez = ez.fma(negLo, ez);                      // exp(-z^2) = exp(-hi) * (1 - lo)
        // Phi(-|x|) = 0.5*erfc(|z|) = g * ez with g = 0.5*t*F. The tiny factor ez is applied
        // last, so a result near the subnormal range is rounded once.
        FloatVector xm = x.max(-Float.MAX_VALUE);
        FloatVector a = xm.mul(t.mul(f).mul(0.5f));
        FloatVector pos = a.fma(ez.neg(), xm);       // x * (1 - Phi(-x)) for x > 0
        return a.mul(ez).blend(pos, x.compare(VectorOperators.GT, 0f));
    }

    private static FloatVector geluDerivV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector ax = xc.abs();
        FloatVector t = splat(1f).div(ax.mul(INV_SQRT2).fma(ERFC_A, 1f));
        FloatVector v = t.sub(ERFC_MID);
        FloatVector f = v.fma(F9, F8);
        f = f.fma(v, splat(F7));
        f = f.fma(v, splat(F6));
        f = f.fma(v, splat(F5));
        f = f.fma(v, splat(F4));
        f = f.fma(v, splat(F3));
        f = f.fma(v, splat(F2));
        f = f.fma(v, splat(F1));
        f = f.fma(v, splat(F0));
        FloatVector h = ax.mul(0.5f);
        FloatVector hi = h.mul(ax);
        FloatVector negLo = h.neg().fma(ax, hi);
        FloatVector ez = exp(hi.neg());
        ez = ez.fma(negLo, ez);
        FloatVector hw = ez.mul(t).mul(f).mul(0.5f);
        FloatVector phiCdf = splat(1f).sub(hw).blend(hw, x.compare(VectorOperators.LE, 0f));
        return xc.mul(ez).fma(splat(INV_SQRT_2PI), phiCdf); // Phi(x) + x*phi(x)
    }

    private static FloatVector geluTanhV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector u2 = xc.mul(xc).fma(GT_K3, GT_K1).mul(xc);
        FloatVector e = exp(u2.abs().neg());
        FloatVector s = splat(1f).blend(e, u2.lt(0f)).div(e.add(1f));
        return x.max(-Float.MAX_VALUE).mul(s);
    }

    private static FloatVector geluTanhDerivV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector x2 = xc.mul(xc);
        FloatVector u2 = x2.fma(GT_K3, GT_K1).mul(xc);
        FloatVector du2 = x2.fma(3 * GT_K3, GT_K1);
        FloatVector e = exp(u2.abs().neg());
        FloatVector rd = splat(1f).div(e.add(1f));
        FloatVector s = rd.blend(e.mul(rd), u2.lt(0f));
        FloatVector slope = e.mul(rd).mul(rd);       // s*(1-s) = e/(1+e)^2
        return xc.mul(du2).fma(slope, s);
    }

    private static FloatVector siluV(FloatVector x) {
        return x.max(-Float.MAX_VALUE).mul(sigmoidV(x));
    }

    private static FloatVector siluDerivV(FloatVector x) {
        FloatVector xc = x.max(-Float.MAX_VALUE).min(Float.MAX_VALUE);
        FloatVector e = exp(x.abs().neg());
        FloatVector rd = splat(1f).div(e.add(1f));
        FloatVector er = e.mul(rd);
        VectorMask<Float> neg = x.lt(0f);
        FloatVector s = rd.blend(er, neg);           // sigmoid(x)
        FloatVector oneMinusS = er.blend(rd, neg);   // sigmoid(-x)
        return s.mul(xc.fma(oneMinusS, splat(1f)));
    }

    /** log1p(e) for e in [0, 1] (or NaN). */
    private static FloatVector log1pUnit(FloatVector e) {
        VectorMask<Float> big = e.compare(VectorOperators.GT, SQRT2_MINUS_1);
        FloatVector zero = splat(0f);
        FloatVector k = zero.blend(1f, big);
        FloatVector s = e.sub(k).div(e.add(k).add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector a = s2.fma(A3, A2);
        a = a.fma(s2, splat(A1));
        a = a.fma(s2, splat(A0));
        FloatVector l = s.mul(s2).fma(a, s.mul(2f));
        return l.add(zero.blend(LN2, big));
    }

    /**
     * exp(-|z|) for z = beta*x, with the rounding error of the float product folded back in
     * ({@code exp(-|p + err|) = exp(-|p|) * (1 -+ err)}), so the far negative tail stays accurate.
     */
    private static FloatVector softplusExp(FloatVector p, FloatVector x, float beta) {
        FloatVector err = x.fma(splat(beta), p.neg());         // beta*x - p, exact
        FloatVector c = err.blend(err.neg(), p.compare(VectorOperators.GE, 0f));
        c = c.blend(0f, p.abs().compare(VectorOperators.GT, SOFTPLUS_TAIL).or(p.test(VectorOperators.IS_NAN)));
        FloatVector e = exp(p.abs().neg());
        return e.fma(c, e);
    }

    private static FloatVector softplusV(FloatVector x, float beta, float threshold) {
        FloatVector p = x.mul(beta);
        FloatVector e = softplusExp(p, x, beta);
        FloatVector val = p.max(0f).add(log1pUnit(e)).div(beta);
        return val.blend(x, p.compare(VectorOperators.GT, threshold));
    }

    private static FloatVector softplusDerivV(FloatVector x, float beta, float threshold) {
        FloatVector p = x.mul(beta);
        FloatVector e = softplusExp(p, x, beta);
        FloatVector s = splat(1f).blend(e, p.lt(0f)).div(e.add(1f));
        return s.blend(1f, p.compare(VectorOperators.GT, threshold));
    }

    // ---- elementwise forward --------------------------------------------------------------

    @Override public void sigmoid(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            sigmoidV(FloatVector.fromArray(FLOAT, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            sigmoidV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void tanh(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            tanhV(FloatVector.fromArray(FLOAT, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            tanhV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void relu(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(FLOAT, x, xOff + i).max(0f).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector.fromArray(FLOAT, x, xOff + i, m).max(0f).intoArray(y, yOff + i, m);
        }
    }

    @Override public void leakyRelu(float[] y, int yOff, float[] x, int xOff, float slope, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i, m);
        }
    }

    private static FloatVector eluV(FloatVector v, float alpha) {
        FloatVector neg = expm1Negative(v.min(0f).max(-30f)).mul(alpha);
        return neg.blend(v, v.compare(VectorOperators.GT, 0f));
    }

    @Override public void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            eluV(FloatVector.fromArray(FLOAT, x, xOff + i), alpha).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            eluV(FloatVector.fromArray(FLOAT, x, xOff + i, m), alpha).intoArray(y, yOff + i, m);
        }
    }

    @Override public void gelu(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            geluV(FloatVector.fromArray(FLOAT, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            geluV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void geluTanh(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            geluTanhV(FloatVector.fromArray(FLOAT, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            geluTanhV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void silu(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            siluV(FloatVector.fromArray(FLOAT, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            siluV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            softplusV(FloatVector.fromArray(FLOAT, x, xOff + i), beta, threshold).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            softplusV(FloatVector.fromArray(FLOAT, x, xOff + i, m), beta, threshold).intoArray(y, yOff + i, m);
        }
    }

    // ---- elementwise backward: dx += dy * f'(.) --------------------------------------------

    @Override public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.mul(s).fma(splat(1f).sub(s), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.mul(s).fma(splat(1f).sub(s), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector t = FloatVector.fromArray(FLOAT, y, yOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(t.neg().fma(t, splat(1f)), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector t = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(t.neg().fma(t, splat(1f)), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            d.add(splat(0f).blend(g, v.compare(VectorOperators.GT, 0f))).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            d.add(splat(0f).blend(g, v.compare(VectorOperators.GT, 0f))).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float slope, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            d.add(g.mul(slope).blend(g, v.compare(VectorOperators.GT, 0f))).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            d.add(g.mul(slope).blend(g, v.compare(VectorOperators.GT, 0f))).intoArray(dx, dxOff + i, m);
        }
    }

    private static FloatVector eluDerivV(FloatVector v, float alpha) {
        FloatVector neg = exp(v.min(0f)).mul(alpha);
        return neg.blend(1f, v.compare(VectorOperators.GT, 0f));
    }

    @Override public void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(eluDerivV(v, alpha), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(eluDerivV(v, alpha), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(geluDerivV(v), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(geluDerivV(v), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(geluTanhDerivV(v), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(geluTanhDerivV(v), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(siluDerivV(v), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(siluDerivV(v), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                           float beta, float threshold, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(softplusDerivV(v, beta, threshold), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(softplusDerivV(v, beta, threshold), d).intoArray(dx, dxOff + i, m);
        }
    }

    // ---- row-wise softmax / log-softmax ----------------------------------------------------

    /** Row maximum, NaN propagating (lanewise MAX follows Math.max). */
    private static float rowMax(float[] x, int base, int cols) {
        FloatVector acc = splat(Float.NEGATIVE_INFINITY);
        int c = 0;
        for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
            acc = acc.max(FloatVector.fromArray(FLOAT, x, base + c));
        }
        if (c < cols) {
            VectorMask<Float> m = FLOAT.indexInRange(c, cols);
            acc = acc.lanewise(VectorOperators.MAX, FloatVector.fromArray(FLOAT, x, base + c, m), m);
        }
        return acc.reduceLanes(VectorOperators.MAX);
    }

    @Override public void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols;
            int yb = yOff + r * cols;
            float max = rowMax(x, xb, cols);
            FloatVector sum = splat(0f);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector e = exp(FloatVector.fromArray(FLOAT, x, xb + c).sub(max));
                e.intoArray(y, yb + c);
                sum = sum.add(e);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector e = exp(FloatVector.fromArray(FLOAT, x, xb + c, m).sub(max));
                e.intoArray(y, yb + c, m);
                sum = sum.add(e, m);
            }
            float inv = (float) (1.0 / sum.reduceLanes(VectorOperators.ADD));
            c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector.fromArray(FLOAT, y, yb + c).mul(inv).intoArray(y, yb + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector.fromArray(FLOAT, y, yb + c, m).mul(inv).intoArray(y, yb + c, m);
            }
        }
    }

    @Override public void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            FloatVector acc = splat(0f);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c);
                acc = g.fma(FloatVector.fromArray(FLOAT, y, yOff + base + c), acc);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c, m);
                acc = g.fma(FloatVector.fromArray(FLOAT, y, yOff + base + c, m), acc); // masked lanes add 0*0
            }
            float dot = acc.reduceLanes(VectorOperators.ADD);
            c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c);
                FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + base + c);
                FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + base + c);
                s.fma(g.sub(dot), d).intoArray(dx, dxOff + base + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c, m);
                FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + base + c, m);
                FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + base + c, m);
                s.fma(g.sub(dot), d).intoArray(dx, dxOff + base + c, m);
            }
        }
    }

    @Override public void logSoftmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols;
            int yb = yOff + r * cols;
            float max = rowMax(x, xb, cols);
            FloatVector sum = splat(0f);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                sum = sum.add(exp(FloatVector.fromArray(FLOAT, x, xb + c).sub(max)));
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                sum = sum.add(exp(FloatVector.fromArray(FLOAT, x, xb + c, m).sub(max)), m);
            }
            float lse = (float) Math.log(sum.reduceLanes(VectorOperators.ADD));
            c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector.fromArray(FLOAT, x, xb + c).sub(max).sub(lse).intoArray(y, yb + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector.fromArray(FLOAT, x, xb + c, m).sub(max).sub(lse).intoArray(y, yb + c, m);
            }
        }
    }

    @Override public void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            FloatVector acc = splat(0f);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                acc = acc.add(FloatVector.fromArray(FLOAT, dy, dyOff + base + c));
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                acc = acc.add(FloatVector.fromArray(FLOAT, dy, dyOff + base + c, m)); // masked lanes load 0
            }
            float negSum = -acc.reduceLanes(VectorOperators.ADD);
            c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c);
                FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + base + c);
                FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + base + c);
                exp(s).fma(splat(negSum), g).add(d).intoArray(dx, dxOff + base + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c, m);
                FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + base + c, m);
                FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + base + c, m);
                exp(s).fma(splat(negSum), g).add(d).intoArray(dx, dxOff + base + c, m);
            }
        }
    }
}
