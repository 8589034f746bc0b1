package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Updates} on the Vector API. Every method: vector body up to {@code F.loopBound(n)}, then
 * one masked vector step for the tail. The body is the scalar twin's expression tree lane by lane
 * (same operations, same order, no FMA), so results are bit-identical to {@link ScalarUpdates}.
 * No unrolling: these loops stream 3 to 6 arrays and are bound by memory bandwidth, not by the
 * arithmetic (measured in UpdatesBench). Loop-invariant flags are tested inside the loop; C2
 * unswitches or predicts them.
 *
 * <p>Generated from one template per rule (body written once, expanded for the full-vector and
 * the masked tail step), so the two copies cannot drift apart.
 */
final class SimdUpdates implements Updates {
    private static final VectorSpecies<Float> F = VectorShapes.FLOAT;
    private static final int L = F.length();

    @Override
    public void sgd(float[] p, int pOff, float[] buf, int bufOff, float[] g, int gOff,
                    float lr, float weightDecay, float momentum, float oneMinusDampening,
                    boolean nesterov, boolean maximize, boolean initBuffer, int n) {
        float negLr = -lr;
        boolean decay = weightDecay != 0f;
        boolean mom = momentum != 0f;
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            if (mom) {
                FloatVector b = initBuffer ? d : FloatVector.fromArray(F, buf, bufOff + i).mul(momentum).add(d.mul(oneMinusDampening));
                b.intoArray(buf, bufOff + i);
                d = nesterov ? d.add(b.mul(momentum)) : b;
            }
            pv.add(d.mul(negLr)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            if (mom) {
                FloatVector b = initBuffer ? d : FloatVector.fromArray(F, buf, bufOff + i, tail).mul(momentum).add(d.mul(oneMinusDampening));
                b.intoArray(buf, bufOff + i, tail);
                d = nesterov ? d.add(b.mul(momentum)) : b;
            }
            pv.add(d.mul(negLr)).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void rmsprop(float[] p, int pOff, float[] sq, int sqOff, float[] gAvg, int gAvgOff,
                        float[] buf, int bufOff, float[] g, int gOff,
                        float lr, float alpha, float oneMinusAlpha, float eps, float weightDecay,
                        float momentum, boolean maximize, int n) {
        float negLr = -lr;
        boolean decay = weightDecay != 0f;
        boolean centered = gAvg != null;
        boolean mom = buf != null;
        boolean small = Math.abs(oneMinusAlpha) < 0.5f;
        float lc = small ? oneMinusAlpha : -(1f - oneMinusAlpha);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector s = FloatVector.fromArray(F, sq, sqOff + i).mul(alpha).add(d.mul(oneMinusAlpha).mul(d));
            s.intoArray(sq, sqOff + i);
            FloatVector avg;
            if (centered) {
                FloatVector ga0 = FloatVector.fromArray(F, gAvg, gAvgOff + i);
                FloatVector ga = (small ? ga0 : d).add(d.sub(ga0).mul(lc));
                ga.intoArray(gAvg, gAvgOff + i);
                avg = s.sub(ga.mul(ga)).sqrt();
            } else {
                avg = s.sqrt();
            }
            avg = avg.add(eps);
            if (mom) {
                FloatVector b = FloatVector.fromArray(F, buf, bufOff + i).mul(momentum).add(d.div(avg));
                b.intoArray(buf, bufOff + i);
                pv.add(b.mul(negLr)).intoArray(p, pOff + i);
            } else {
                pv.add(d.div(avg).mul(negLr)).intoArray(p, pOff + i);
            }
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector s = FloatVector.fromArray(F, sq, sqOff + i, tail).mul(alpha).add(d.mul(oneMinusAlpha).mul(d));
            s.intoArray(sq, sqOff + i, tail);
            FloatVector avg;
            if (centered) {
                FloatVector ga0 = FloatVector.fromArray(F, gAvg, gAvgOff + i, tail);
                FloatVector ga = (small ? ga0 : d).add(d.sub(ga0).mul(lc));
                ga.intoArray(gAvg, gAvgOff + i, tail);
                avg = s.sub(ga.mul(ga)).sqrt();
            } else {
                avg = s.sqrt();
            }
            avg = avg.add(eps);
            if (mom) {
                FloatVector b = FloatVector.fromArray(F, buf, bufOff + i, tail).mul(momentum).add(d.div(avg));
                b.intoArray(buf, bufOff + i, tail);
                pv.add(b.mul(negLr)).intoArray(p, pOff + i, tail);
            } else {
                pv.add(d.div(avg).mul(negLr)).intoArray(p, pOff + i, tail);
            }
        }
    }

    @Override
    public void adagrad(float[] p, int pOff, float[] sum, int sumOff, float[] g, int gOff,
                        float clr, float weightDecay, float eps, boolean maximize, int n) {
        float negClr = -clr;
        boolean decay = weightDecay != 0f;
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector s = FloatVector.fromArray(F, sum, sumOff + i).add(d.mul(d));
            s.intoArray(sum, sumOff + i);
            FloatVector std = s.sqrt().add(eps);
            pv.add(d.div(std).mul(negClr)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector s = FloatVector.fromArray(F, sum, sumOff + i, tail).add(d.mul(d));
            s.intoArray(sum, sumOff + i, tail);
            FloatVector std = s.sqrt().add(eps);
            pv.add(d.div(std).mul(negClr)).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void adadelta(float[] p, int pOff, float[] sq, int sqOff, float[] acc, int accOff,
                         float[] g, int gOff, float lr, float rho, float oneMinusRho, float eps,
                         float weightDecay, boolean maximize, int n) {
        float negLr = -lr;
        boolean decay = weightDecay != 0f;
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector s = FloatVector.fromArray(F, sq, sqOff + i).mul(rho).add(d.mul(oneMinusRho).mul(d));
            s.intoArray(sq, sqOff + i);
            FloatVector std = s.add(eps).sqrt();
            FloatVector a = FloatVector.fromArray(F, acc, accOff + i);
            FloatVector delta = a.add(eps).sqrt().div(std).mul(d);
            a.mul(rho).add(delta.mul(oneMinusRho).mul(delta)).intoArray(acc, accOff + i);
            pv.add(delta.mul(negLr)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector s = FloatVector.fromArray(F, sq, sqOff + i, tail).mul(rho).add(d.mul(oneMinusRho).mul(d));
            s.intoArray(sq, sqOff + i, tail);
            FloatVector std = s.add(eps).sqrt();
            FloatVector a = FloatVector.fromArray(F, acc, accOff + i, tail);
            FloatVector delta = a.add(eps).sqrt().div(std).mul(d);
            a.mul(rho).add(delta.mul(oneMinusRho).mul(delta)).intoArray(acc, accOff + i, tail);
            pv.add(delta.mul(negLr)).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void adam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff,
                     float[] vMax, int vMaxOff, float[] g, int gOff,
                     float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, float stepSize, float bias2Sqrt, float eps,
                     boolean maximize, int n) {
        float negStep = -stepSize;
        boolean decay = weightDecay != 0f;
        boolean ams = vMax != null;
        boolean small = Math.abs(oneMinusBeta1) < 0.5f;
        float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i).mul(paramScale);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i);
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            vi.intoArray(v, vOff + i);
            if (ams) {
                vi = FloatVector.fromArray(F, vMax, vMaxOff + i).max(vi);
                vi.intoArray(vMax, vMaxOff + i);
            }
            FloatVector denom = vi.sqrt().div(bias2Sqrt).add(eps);
            pv.add(mi.div(denom).mul(negStep)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail).mul(paramScale);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i, tail);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i, tail);
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i, tail).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            vi.intoArray(v, vOff + i, tail);
            if (ams) {
                vi = FloatVector.fromArray(F, vMax, vMaxOff + i, tail).max(vi);
                vi.intoArray(vMax, vMaxOff + i, tail);
            }
            FloatVector denom = vi.sqrt().div(bias2Sqrt).add(eps);
            pv.add(mi.div(denom).mul(negStep)).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void adamax(float[] p, int pOff, float[] m, int mOff, float[] u, int uOff, float[] g, int gOff,
                       float weightDecay, float oneMinusBeta1, float beta2, float eps, float stepSize,
                       boolean maximize, int n) {
        float negStep = -stepSize;
        boolean decay = weightDecay != 0f;
        boolean small = Math.abs(oneMinusBeta1) < 0.5f;
        float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i);
            FloatVector ui = FloatVector.fromArray(F, u, uOff + i).mul(beta2).max(d.abs().add(eps));
            ui.intoArray(u, uOff + i);
            pv.add(mi.div(ui).mul(negStep)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i, tail);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i, tail);
            FloatVector ui = FloatVector.fromArray(F, u, uOff + i, tail).mul(beta2).max(d.abs().add(eps));
            ui.intoArray(u, uOff + i, tail);
            pv.add(mi.div(ui).mul(negStep)).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void nadam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias2, float eps, float coefGrad, float coefAvg,
                      boolean maximize, int n) {
        boolean decay = weightDecay != 0f;
        boolean small = Math.abs(oneMinusBeta1) < 0.5f;
        float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i).mul(paramScale);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i);
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            vi.intoArray(v, vOff + i);
            FloatVector denom = vi.div(bias2).sqrt().add(eps);
            pv = pv.add(d.div(denom).mul(coefGrad));
            pv.add(mi.div(denom).mul(coefAvg)).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail).mul(paramScale);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i, tail);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i, tail);
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i, tail).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            vi.intoArray(v, vOff + i, tail);
            FloatVector denom = vi.div(bias2).sqrt().add(eps);
            pv = pv.add(d.div(denom).mul(coefGrad));
            pv.add(mi.div(denom).mul(coefAvg)).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void radam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias1, float lr, float bias2Sqrt, float eps,
                      boolean rectified, float rect, boolean maximize, int n) {
        boolean decay = weightDecay != 0f;
        boolean small = Math.abs(oneMinusBeta1) < 0.5f;
        float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i).mul(paramScale);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i);
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            vi.intoArray(v, vOff + i);
            FloatVector step = mi.div(bias1).mul(lr);
            if (rectified) {
                FloatVector adaptive = FloatVector.broadcast(F, bias2Sqrt).div(vi.sqrt().add(eps));
                step = step.mul(adaptive).mul(rect);
            }
            pv.sub(step).intoArray(p, pOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail).mul(paramScale);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            if (decay) {
                d = d.add(pv.mul(weightDecay));
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i, tail);
            FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
            mi.intoArray(m, mOff + i, tail);
            FloatVector vi = FloatVector.fromArray(F, v, vOff + i, tail).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
            vi.intoArray(v, vOff + i, tail);
            FloatVector step = mi.div(bias1).mul(lr);
            if (rectified) {
                FloatVector adaptive = FloatVector.broadcast(F, bias2Sqrt).div(vi.sqrt().add(eps));
                step = step.mul(adaptive).mul(rect);
            }
            pv.sub(step).intoArray(p, pOff + i, tail);
        }
    }

    @Override
    public void lion(float[] p, int pOff, float[] m, int mOff, float[] g, int gOff,
                     float lr, float weightDecay, float beta1, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, boolean maximize, int n) {
        boolean decay = weightDecay != 0f;
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector minusOne = FloatVector.broadcast(F, -1f);
        int i = 0;
        int bound = F.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i);
            if (maximize) {
                d = d.neg();
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i);
            FloatVector c = m0.mul(beta1).add(d.mul(oneMinusBeta1));
            // sign(c): +-1 for nonzero numbers; +-0 and NaN pass through (as Math.signum).
            FloatVector u = c.blend(one, c.compare(VectorOperators.GT, 0f))
                    .blend(minusOne, c.compare(VectorOperators.LT, 0f));
            if (decay) {
                u = u.add(pv.mul(weightDecay));
            }
            pv.sub(u.mul(lr)).intoArray(p, pOff + i);
            m0.mul(beta2).add(d.mul(oneMinusBeta2)).intoArray(m, mOff + i);
        }
        if (i < n) {
            VectorMask<Float> tail = F.indexInRange(i, n);
            FloatVector pv = FloatVector.fromArray(F, p, pOff + i, tail);
            FloatVector d = FloatVector.fromArray(F, g, gOff + i, tail);
            if (maximize) {
                d = d.neg();
            }
            FloatVector m0 = FloatVector.fromArray(F, m, mOff + i, tail);
            FloatVector c = m0.mul(beta1).add(d.mul(oneMinusBeta1));
            // sign(c): +-1 for nonzero numbers; +-0 and NaN pass through (as Math.signum).
            FloatVector u = c.blend(one, c.compare(VectorOperators.GT, 0f))
                    .blend(minusOne, c.compare(VectorOperators.LT, 0f));
            if (decay) {
                u = u.add(pv.mul(weightDecay));
            }
            pv.sub(u.mul(lr)).intoArray(p, pOff + i, tail);
            m0.mul(beta2).add(d.mul(oneMinusBeta2)).intoArray(m, mOff + i, tail);
        }
    }
}
