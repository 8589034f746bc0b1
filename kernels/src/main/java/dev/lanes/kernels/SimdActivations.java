package dev.lanes.kernels;

import static dev.lanes.kernels.VectorShapes.FLOAT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Activations} on the Vector API.
 *
 * <p><b>exp and tanh: chosen by measurement.</b> Two ways were built and measured on this
 * machine (AVX-512, 16 floats per vector, JDK 25):
 * <ol>
 *   <li>an own exp: {@code k = round(x*log2(e))} by the 1.5*2^23 shifter trick, a two-step
 *       Cody-Waite reduction {@code r = x - k*ln2} with FMA, {@code e^r = 1 + r + r^2*P(r)}
 *       ({@code P} of degree 4, coefficients fitted for this project, 0.05 ulp approximation
 *       error), and {@code 2^k} built in the exponent bits by integer adds and shifts, applied
 *       in two halves so subnormal results come out right; tanh as an odd degree-11 polynomial
 *       below |x| = 0.625 and {@code (1-e)/(1+e)}, {@code e = exp(-2|x|)}, above (git history
 *       of this file, commit "scalar twin ... own exp polynomial");</li>
 *   <li>the Vector API's lanewise {@code VectorOperators.EXP} / {@code TANH} (intrinsified with
 *       Intel's SVML here).</li>
 * </ol>
 * Measured (dense sweep of every 256th float bit pattern, max error vs a double reference;
 * throwaway timing harness, best of 7, ns per element at n = 4096 / 65536):
 * <pre>
 *                      max error      sigmoid ns/el    tanh ns/el
 *   own polynomial     exp ~1 ulp     0.31 / 0.30      0.76 / 0.85   (sigmoid 2.2 ulp, tanh 1.5 ulp)
 *   lanewise EXP/TANH  0.50 ulp       0.17 / 0.15      0.29 / 0.27   (tanh 0.56 ulp)
 *   scalar Math.exp    -              3.1 ns/el for exp alone
 * </pre>
 * The lanewise operators won on both counts, so every kernel uses them (EXPM1 for ELU, LOG1P
 * for softplus likewise, both measured at 0.5 ulp). Their special values were checked:
 * {@code EXP(-inf) = 0}, {@code EXP(-100) = 3.78e-44} (correct subnormal), {@code EXP(89) = +inf},
 * {@code TANH(+-100) = +-1}, NaN in, NaN out. Caveat: where the JDK has no intrinsic for these
 * operators the Vector API computes them lane by lane in Java, much slower.
 *
 * <p><b>erfc for the exact GELU</b> (the Vector API has no erf): for {@code z = |x|/sqrt2},
 * {@code erfc(z) = exp(-z^2) * t * F(t - 0.6005)}, {@code t = 1/(1 + 0.375z)}, with {@code F} a
 * degree-9 polynomial fitted for this project with mpmath (weighted least squares refined toward
 * minimax, coefficients rounded to float one at a time and the rest refitted: 0.26 ulp over
 * {@code z} in [0, 10.6]). {@code z^2 = x^2/2} is split exactly into {@code hi + lo} with an FMA
 * and {@code exp(-z^2) = exp(-hi) * (1 - lo)}, so the negative tail keeps relative accuracy, and
 * the tiny factor {@code exp(-hi)} is multiplied last. {@code x > 0} uses
 * {@code x - x*Phi(-x)}: one formula, no cancellation on either side.
 *
 * <p><b>Sigmoid family</b> uses {@code e = exp(-|x|)} (never overflows) and
 * {@code sigmoid = (x < 0 ? e : 1) / (1 + e)}; tanh-GELU is {@code x * sigmoid(2u)}.
 *
 * <p>Every method has the project's shape: a vector loop up to {@code FLOAT.loopBound(n)},
 * then one masked vector step for the tail. The per-element math lives in small private static
 * methods that take and return vectors; C2 inlines them (checked by speed: 0.2 - 1 ns per
 * element; an out-of-line call would box the vectors and run several times slower). Where that
 * math is large (ELU, GELU, SiLU, softplus and their derivatives) the method is a single loop
 * whose every step is masked ({@code FLOAT.indexInRange(i, n)}, all lanes set but in the last
 * step), so the math has one call site: written twice, body and tail, it overflowed C2's
 * inlining budget and the tail's vectors were boxed (measured: gelu at n = 100 allocated about
 * 1 KB per call, and 192 B with the tail in a method of its own; 0 B as one masked loop, at the
 * same speed: 1.7e9 elements/s at 4K and 64K).
 *
 * <p>The vector math calls {@code FloatVector.broadcast} and {@code lanewise(EXP)} directly; there
 * are no {@code splat}/{@code exp} helpers: C2 stops inlining ordinary methods once a compile has
 * created NodeCountInliningCutoff (18000) nodes, dead ones included, but the JDK's
 * {@code @ForceInline} Vector API methods are inlined past it. Inside a network (Vector API
 * profiles shared with the other kernels) the tier-4 compile of geluBackward reached the cutoff at
 * the end of geluDerivV: {@code exp} and two {@code splat} calls stayed calls and their vectors
 * were boxed (12,288 B per call at n = 512; -XX:+LogCompilation shows inline_fail
 * NodeCountInliningCutoff). geluTanh's forward also allocated now and then (6,144 B per call, 2
 * vectors per step) in a JVM that had trained an exact-GELU network first; the cutoff is the likely
 * cause there too (not confirmed in a compile log). Direct calls: 0 B, same speed.
 */
final class SimdActivations implements Activations {

    private static final int LANES = FLOAT.length();

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

    /** Beyond this |beta*x| exp(-|beta*x|) is 0 and the product's rounding error is irrelevant. */
    private static final float SOFTPLUS_TAIL = 104f;

    private static FloatVector sigmoidV(FloatVector x) {
        FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector num = FloatVector.broadcast(FLOAT, 1f).blend(e, x.lt(0f));
        return num.div(e.add(1f));
    }

    private static FloatVector tanhV(FloatVector x) {
        return x.lanewise(VectorOperators.TANH);
    }

    /** Exact GELU, {@code x * Phi(x)}, with Phi from the erfc approximation of the class comment. */
    private static FloatVector geluV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector ax = xc.abs();
        FloatVector t = FloatVector.broadcast(FLOAT, 1f).div(ax.mul(INV_SQRT2).fma(ERFC_A, 1f));
        FloatVector v = t.sub(ERFC_MID);
        FloatVector f = v.fma(F9, F8);
        f = f.fma(v, FloatVector.broadcast(FLOAT, F7));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F6));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F5));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F4));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F3));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F2));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F1));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F0));
        FloatVector h = ax.mul(0.5f);
        FloatVector hi = h.mul(ax);                  // z^2 rounded
        FloatVector negLo = h.neg().fma(ax, hi);     // -(z^2 - hi), exact
        FloatVector ez = hi.neg().lanewise(VectorOperators.EXP);
        ez = ez.fma(negLo, ez);                      // exp(-z^2) = exp(-hi) * (1 - lo)
        // Phi(-|x|) = 0.5*erfc(|z|) = g * ez with g = 0.5*t*F. The tiny factor ez is applied
        // last, so a result near the subnormal range is rounded once.
        // The clamped xc keeps a finite (so a*0 = 0 at +-inf); beyond |x| = 20, ez is 0.
        FloatVector a = xc.mul(t.mul(f).mul(0.5f));
        FloatVector pos = a.fma(ez.neg(), x);        // x - x*Phi(-x) for x > 0
        return a.mul(ez).blend(pos, x.compare(VectorOperators.GT, 0f));
    }

    /** {@code Phi(x) + x*phi(x)}: the same erfc pieces as {@link #geluV}, plus phi = exp(-z^2)/sqrt(2 pi). */
    private static FloatVector geluDerivV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector ax = xc.abs();
        FloatVector t = FloatVector.broadcast(FLOAT, 1f).div(ax.mul(INV_SQRT2).fma(ERFC_A, 1f));
        FloatVector v = t.sub(ERFC_MID);
        FloatVector f = v.fma(F9, F8);
        f = f.fma(v, FloatVector.broadcast(FLOAT, F7));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F6));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F5));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F4));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F3));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F2));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F1));
        f = f.fma(v, FloatVector.broadcast(FLOAT, F0));
        FloatVector h = ax.mul(0.5f);
        FloatVector hi = h.mul(ax);
        FloatVector negLo = h.neg().fma(ax, hi);
        FloatVector ez = hi.neg().lanewise(VectorOperators.EXP);
        ez = ez.fma(negLo, ez);
        FloatVector hw = ez.mul(t).mul(f).mul(0.5f);
        FloatVector phiCdf = FloatVector.broadcast(FLOAT, 1f).sub(hw).blend(hw, x.compare(VectorOperators.LE, 0f));
        return xc.mul(ez).fma(FloatVector.broadcast(FLOAT, INV_SQRT_2PI), phiCdf); // Phi(x) + x*phi(x)
    }

    private static FloatVector geluTanhV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector u2 = xc.mul(xc).fma(GT_K3, GT_K1).mul(xc);
        FloatVector e = u2.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector s = FloatVector.broadcast(FLOAT, 1f).blend(e, u2.lt(0f)).div(e.add(1f));
        return x.max(-Float.MAX_VALUE).mul(s);
    }

    private static FloatVector geluTanhDerivV(FloatVector x) {
        FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
        FloatVector x2 = xc.mul(xc);
        FloatVector u2 = x2.fma(GT_K3, GT_K1).mul(xc);
        FloatVector du2 = x2.fma(3 * GT_K3, GT_K1);
        FloatVector e = u2.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector rd = FloatVector.broadcast(FLOAT, 1f).div(e.add(1f));
        FloatVector s = rd.blend(e.mul(rd), u2.lt(0f));
        FloatVector slope = e.mul(rd).mul(rd);       // s*(1-s) = e/(1+e)^2
        return xc.mul(du2).fma(slope, s);
    }

    private static FloatVector siluV(FloatVector x) {
        return x.max(-Float.MAX_VALUE).mul(sigmoidV(x));
    }

    private static FloatVector siluDerivV(FloatVector x) {
        FloatVector xc = x.max(-Float.MAX_VALUE).min(Float.MAX_VALUE);
        FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector rd = FloatVector.broadcast(FLOAT, 1f).div(e.add(1f));
        FloatVector er = e.mul(rd);
        VectorMask<Float> neg = x.lt(0f);
        FloatVector s = rd.blend(er, neg);           // sigmoid(x)
        FloatVector oneMinusS = er.blend(rd, neg);   // sigmoid(-x)
        return s.mul(xc.fma(oneMinusS, FloatVector.broadcast(FLOAT, 1f)));
    }

    /**
     * exp(-|z|) for z = beta*x, with the rounding error of the float product folded back in
     * ({@code exp(-|p + err|) = exp(-|p|) * (1 -+ err)}), so the far negative tail stays accurate.
     */
    private static FloatVector softplusExp(FloatVector p, FloatVector x, float beta) {
        FloatVector err = x.fma(FloatVector.broadcast(FLOAT, beta), p.neg()); // beta*x - p, exact
        FloatVector c = err.blend(err.neg(), p.compare(VectorOperators.GE, 0f));
        c = c.blend(0f, p.abs().compare(VectorOperators.GT, SOFTPLUS_TAIL).or(p.test(VectorOperators.IS_NAN)));
        FloatVector e = p.abs().neg().lanewise(VectorOperators.EXP);
        return e.fma(c, e);
    }

    private static FloatVector softplusV(FloatVector x, float beta, float threshold) {
        FloatVector p = x.mul(beta);
        FloatVector e = softplusExp(p, x, beta);
        FloatVector val = p.max(0f).add(e.lanewise(VectorOperators.LOG1P)).div(beta);
        return val.blend(x, p.compare(VectorOperators.GT, threshold));
    }

    private static FloatVector softplusDerivV(FloatVector x, float beta, float threshold) {
        FloatVector p = x.mul(beta);
        FloatVector e = softplusExp(p, x, beta);
        FloatVector s = FloatVector.broadcast(FLOAT, 1f).blend(e, p.lt(0f)).div(e.add(1f));
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

    /**
     * {@code x <= 0 ? +0 : x}: the same as {@code Math.max(x, 0)} (NaN compares false and stays,
     * -0 becomes +0) but one compare and one blend, where lanewise MAX needs extra instructions
     * for Java's NaN and signed-zero rules.
     */
    @Override public void relu(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(y, yOff + i, m);
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
        FloatVector neg = v.min(0f).lanewise(VectorOperators.EXPM1).mul(alpha);
        return neg.blend(v, v.compare(VectorOperators.GT, 0f));
    }

    @Override public void elu(float[] y, int yOff, float[] x, int xOff, float alpha, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            eluV(FloatVector.fromArray(FLOAT, x, xOff + i, m), alpha).intoArray(y, yOff + i, m);
        }
    }

    @Override public void gelu(float[] y, int yOff, float[] x, int xOff, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            geluV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void geluTanh(float[] y, int yOff, float[] x, int xOff, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            geluTanhV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void silu(float[] y, int yOff, float[] x, int xOff, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            siluV(FloatVector.fromArray(FLOAT, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override public void softplus(float[] y, int yOff, float[] x, int xOff, float beta, float threshold, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
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
            g.mul(s).fma(FloatVector.broadcast(FLOAT, 1f).sub(s), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.mul(s).fma(FloatVector.broadcast(FLOAT, 1f).sub(s), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector t = FloatVector.fromArray(FLOAT, y, yOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            g.fma(t.neg().fma(t, FloatVector.broadcast(FLOAT, 1f)), d).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector t = FloatVector.fromArray(FLOAT, y, yOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(t.neg().fma(t, FloatVector.broadcast(FLOAT, 1f)), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = FLOAT.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i);
            d.add(FloatVector.broadcast(FLOAT, 0f).blend(g, v.compare(VectorOperators.GT, 0f))).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            d.add(FloatVector.broadcast(FLOAT, 0f).blend(g, v.compare(VectorOperators.GT, 0f))).intoArray(dx, dxOff + i, m);
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
        FloatVector neg = v.min(0f).lanewise(VectorOperators.EXP).mul(alpha);
        return neg.blend(1f, v.compare(VectorOperators.GT, 0f));
    }

    @Override public void eluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(eluDerivV(v, alpha), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void geluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(geluDerivV(v), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void geluTanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(geluTanhDerivV(v), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void siluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(siluDerivV(v), d).intoArray(dx, dxOff + i, m);
        }
    }

    @Override public void softplusBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                           float beta, float threshold, int n) {
        // One masked loop: the vector math has a single call site (see class comment).
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOAT.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(FLOAT, x, xOff + i, m);
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + i, m);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + i, m);
            g.fma(softplusDerivV(v, beta, threshold), d).intoArray(dx, dxOff + i, m);
        }
    }

    // ---- row-wise softmax / log-softmax ----------------------------------------------------

    /**
     * {@code exp(x - max)} with the rounding error of the float subtraction folded back in:
     * {@code d = x - max} rounded, {@code err} its exact error by TwoSum (Knuth), and
     * {@code exp(d + err) = exp(d) * (1 + err)}. Without it a probability at {@code x - max = -20}
     * would carry up to 10 ulp from that one rounding (measured: max error over rows of
     * 10 / 100 / 1000 columns went from 19 / 23 / 28 ulp to 6.9 / 8.4 / 12.5 ulp, same speed).
     */
    private static FloatVector expShifted(FloatVector x, float max) {
        FloatVector d = x.sub(max);
        FloatVector bp = d.sub(x);                    // the part of d that came from -max
        FloatVector err = x.sub(d.sub(bp)).add(bp.neg().sub(max));
        // d infinite (x = -inf, or a finite x - max that overflows, e.g. -3e38 - 3e38): err is NaN
        // or meaningless there and e is 0, so the correction is dropped.
        err = err.blend(0f, d.test(VectorOperators.IS_INFINITE));
        FloatVector e = d.lanewise(VectorOperators.EXP);
        return e.fma(err, e);
    }

    /** Row maximum, NaN propagating (lanewise MAX follows Math.max). */
    private static float rowMax(float[] x, int base, int cols) {
        FloatVector acc = FloatVector.broadcast(FLOAT, Float.NEGATIVE_INFINITY);
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
            FloatVector sum = FloatVector.broadcast(FLOAT, 0f);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector e = expShifted(FloatVector.fromArray(FLOAT, x, xb + c), max);
                e.intoArray(y, yb + c);
                sum = sum.add(e);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector e = expShifted(FloatVector.fromArray(FLOAT, x, xb + c, m), max);
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
            FloatVector acc = FloatVector.broadcast(FLOAT, 0f);
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
            FloatVector sum = FloatVector.broadcast(FLOAT, 0f);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                sum = sum.add(FloatVector.fromArray(FLOAT, x, xb + c).sub(max).lanewise(VectorOperators.EXP));
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                sum = sum.add(FloatVector.fromArray(FLOAT, x, xb + c, m).sub(max).lanewise(VectorOperators.EXP), m);
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
            FloatVector acc = FloatVector.broadcast(FLOAT, 0f);
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
                s.lanewise(VectorOperators.EXP).fma(FloatVector.broadcast(FLOAT, negSum), g).add(d).intoArray(dx, dxOff + base + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + base + c, m);
                FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + base + c, m);
                FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + base + c, m);
                s.lanewise(VectorOperators.EXP).fma(FloatVector.broadcast(FLOAT, negSum), g).add(d).intoArray(dx, dxOff + base + c, m);
            }
        }
    }
}
