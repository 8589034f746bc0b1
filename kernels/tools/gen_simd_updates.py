"""Generates kernels/src/main/java/dev/lanes/kernels/SimdUpdates.java: each rule's body is written
once below and expanded into the full-vector loop; the last n % L elements go to the scalar twin.

Run: python3 kernels/tools/gen_simd_updates.py          (rewrites the Java file)
     python3 kernels/tools/gen_simd_updates.py --check  (exit 1 with a diff if the file differs;
                                                         the kernels build runs this)"""
import re
import sys

from genlib import indent, java_target, sub_io, write_or_check
# Each method: (signature, setup, body). Body uses LOAD(a) and STORE(v, a): arrays use <a>Off offsets.
methods = []
def M(sig, setup, body): methods.append((sig, setup, body))

M("""public void sgd(float[] p, int pOff, float[] buf, int bufOff, float[] g, int gOff,
                    float lr, float weightDecay, float momentum, float oneMinusDampening,
                    boolean nesterov, boolean maximize, boolean initBuffer, int n)""",
"""float negLr = -lr;
boolean decay = weightDecay != 0f;
boolean mom = momentum != 0f;""",
"""FloatVector pv = LOAD(p);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
if (mom) {
    FloatVector b = initBuffer ? d : LOAD(buf).mul(momentum).add(d.mul(oneMinusDampening));
    FTZ(b);
    STORE(b, buf);
    d = nesterov ? d.add(b.mul(momentum)) : b;
}
STORE(pv.add(d.mul(negLr)), p);""")

M("""public void rmsprop(float[] p, int pOff, float[] sq, int sqOff, float[] gAvg, int gAvgOff,
                        float[] buf, int bufOff, float[] g, int gOff,
                        float lr, float alpha, float oneMinusAlpha, float eps, float weightDecay,
                        float momentum, boolean maximize, int n)""",
"""float negLr = -lr;
boolean decay = weightDecay != 0f;
boolean centered = gAvg != null;
boolean mom = buf != null;
boolean small = Math.abs(oneMinusAlpha) < 0.5f;
float lc = small ? oneMinusAlpha : -(1f - oneMinusAlpha);""",
"""FloatVector pv = LOAD(p);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector s = LOAD(sq).mul(alpha).add(d.mul(oneMinusAlpha).mul(d));
FTZ(s);
STORE(s, sq);
FloatVector avg;
if (centered) {
    FloatVector ga0 = LOAD(gAvg);
    FloatVector ga = (small ? ga0 : d).add(d.sub(ga0).mul(lc));
    FTZ(ga);
    STORE(ga, gAvg);
    avg = s.sub(ga.mul(ga)).sqrt();
} else {
    avg = s.sqrt();
}
avg = avg.add(eps);
if (mom) {
    FloatVector b = LOAD(buf).mul(momentum).add(d.div(avg));
    FTZ(b);
    STORE(b, buf);
    STORE(pv.add(b.mul(negLr)), p);
} else {
    STORE(pv.add(d.div(avg).mul(negLr)), p);
}""")

M("""public void adagrad(float[] p, int pOff, float[] sum, int sumOff, float[] g, int gOff,
                        float clr, float weightDecay, float eps, boolean maximize, int n)""",
"""float negClr = -clr;
boolean decay = weightDecay != 0f;""",
"""FloatVector pv = LOAD(p);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector s = LOAD(sum).add(d.mul(d));
FTZ(s);
STORE(s, sum);
FloatVector std = s.sqrt().add(eps);
STORE(pv.add(d.div(std).mul(negClr)), p);""")

M("""public void adadelta(float[] p, int pOff, float[] sq, int sqOff, float[] acc, int accOff,
                         float[] g, int gOff, float lr, float rho, float oneMinusRho, float eps,
                         float weightDecay, boolean maximize, int n)""",
"""float negLr = -lr;
boolean decay = weightDecay != 0f;""",
"""FloatVector pv = LOAD(p);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector s = LOAD(sq).mul(rho).add(d.mul(oneMinusRho).mul(d));
FTZ(s);
STORE(s, sq);
FloatVector std = s.add(eps).sqrt();
FloatVector a = LOAD(acc);
FloatVector delta = a.add(eps).sqrt().div(std).mul(d);
FloatVector a1 = a.mul(rho).add(delta.mul(oneMinusRho).mul(delta));
FTZ(a1);
STORE(a1, acc);
STORE(pv.add(delta.mul(negLr)), p);""")

M("""public void adam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff,
                     float[] vMax, int vMaxOff, float[] g, int gOff,
                     float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, float stepSize, float bias2Sqrt, float eps,
                     boolean maximize, int n)""",
"""float negStep = -stepSize;
boolean decay = weightDecay != 0f;
boolean ams = vMax != null;
boolean small = Math.abs(oneMinusBeta1) < 0.5f;
float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);""",
"""FloatVector pv = LOAD(p).mul(paramScale);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector m0 = LOAD(m);
FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
FTZ(mi);
STORE(mi, m);
FloatVector vi = LOAD(v).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
FTZ(vi);
STORE(vi, v);
if (ams) {
    vi = LOAD(vMax).max(vi);
    FTZ(vi);
    STORE(vi, vMax);
}
FloatVector denom = vi.sqrt().div(bias2Sqrt).add(eps);
STORE(pv.add(mi.div(denom).mul(negStep)), p);""")

M("""public void adamax(float[] p, int pOff, float[] m, int mOff, float[] u, int uOff, float[] g, int gOff,
                       float weightDecay, float oneMinusBeta1, float beta2, float eps, float stepSize,
                       boolean maximize, int n)""",
"""float negStep = -stepSize;
boolean decay = weightDecay != 0f;
boolean small = Math.abs(oneMinusBeta1) < 0.5f;
float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);""",
"""FloatVector pv = LOAD(p);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector m0 = LOAD(m);
FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
FTZ(mi);
STORE(mi, m);
FloatVector ui = LOAD(u).mul(beta2).max(d.abs().add(eps));
STORE(ui, u);
STORE(pv.add(mi.div(ui).mul(negStep)), p);""")

M("""public void nadam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias2, float eps, float coefGrad, float coefAvg,
                      boolean maximize, int n)""",
"""boolean decay = weightDecay != 0f;
boolean small = Math.abs(oneMinusBeta1) < 0.5f;
float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);""",
"""FloatVector pv = LOAD(p).mul(paramScale);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector m0 = LOAD(m);
FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
FTZ(mi);
STORE(mi, m);
FloatVector vi = LOAD(v).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
FTZ(vi);
STORE(vi, v);
FloatVector denom = vi.div(bias2).sqrt().add(eps);
pv = pv.add(d.div(denom).mul(coefGrad));
STORE(pv.add(mi.div(denom).mul(coefAvg)), p);""")

M("""public void radam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
                      float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
                      float oneMinusBeta2, float bias1, float lr, float bias2Sqrt, float eps,
                      boolean rectified, float rect, boolean maximize, int n)""",
"""boolean decay = weightDecay != 0f;
boolean small = Math.abs(oneMinusBeta1) < 0.5f;
float lc = small ? oneMinusBeta1 : -(1f - oneMinusBeta1);""",
"""FloatVector pv = LOAD(p).mul(paramScale);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
if (decay) {
    d = d.add(pv.mul(weightDecay));
}
FloatVector m0 = LOAD(m);
FloatVector mi = (small ? m0 : d).add(d.sub(m0).mul(lc));
FTZ(mi);
STORE(mi, m);
FloatVector vi = LOAD(v).mul(beta2).add(d.mul(oneMinusBeta2).mul(d));
FTZ(vi);
STORE(vi, v);
FloatVector step = mi.div(bias1).mul(lr);
if (rectified) {
    FloatVector adaptive = FloatVector.broadcast(F, bias2Sqrt).div(vi.sqrt().add(eps));
    step = step.mul(adaptive).mul(rect);
}
STORE(pv.sub(step), p);""")

M("""public void lion(float[] p, int pOff, float[] m, int mOff, float[] g, int gOff,
                     float lr, float weightDecay, float beta1, float oneMinusBeta1, float beta2,
                     float oneMinusBeta2, boolean maximize, int n)""",
"""boolean decay = weightDecay != 0f;
FloatVector one = FloatVector.broadcast(F, 1f);
FloatVector minusOne = FloatVector.broadcast(F, -1f);""",
"""FloatVector pv = LOAD(p);
FloatVector d = LOAD(g);
if (maximize) {
    d = d.neg();
}
FloatVector m0 = LOAD(m);
FloatVector c = m0.mul(beta1).add(d.mul(oneMinusBeta1));
// sign(c): +-1 for nonzero numbers; +-0 and NaN pass through (as Math.signum).
FloatVector u = c.blend(one, c.compare(VectorOperators.GT, 0f))
        .blend(minusOne, c.compare(VectorOperators.LT, 0f));
if (decay) {
    u = u.add(pv.mul(weightDecay));
}
STORE(pv.sub(u.mul(lr)), p);
FloatVector m1 = m0.mul(beta2).add(d.mul(oneMinusBeta2));
FTZ(m1);
STORE(m1, m);""")

def expand(body):
    # FTZ(v): flush subnormal lanes of v to +0 (see the class Javadoc), as ScalarUpdates.ftz.
    body = re.sub(r"FTZ\((\w+)\);", lambda mo: f"{mo.group(1)} = {mo.group(1)}.blend(0f, {mo.group(1)}.abs().lt(Float.MIN_NORMAL));", body)
    return sub_io(body, False, "F")

parts = []
for sig, setup, body in methods:
    name = re.search(r"void (\w+)\(", sig).group(1)
    params = sig[sig.index("(") + 1: sig.rindex(")")]
    names = [p.strip().split()[-1] for p in params.split(",")]
    args = ", ".join(names)
    # The tail call: every offset moved to bound, n - bound elements.
    tail_args = ", ".join(f"{a} + bound" if a.endswith("Off") else "n - bound" if a == "n" else a for a in names)
    psig = " ".join(params.split())
    parts.append(f"""    @Override
    {sig} {{
        int bound = F.loopBound(n);
        if (bound > 0) {{
            {name}Body({args}, bound);
        }}
        if (bound < n) {{
            TAIL.{name}({tail_args});
        }}
    }}

    /** Full vectors over {{@code [0, bound)}}. */
    private static void {name}Body({psig}, int bound) {{
{indent(setup, 8)}
        for (int i = 0; i < bound; i += L) {{
{indent(expand(body), 12)}
        }}
    }}
""")

header = """// GENERATED by kernels/tools/gen_simd_updates.py: edit the script, not this file.
package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Updates} on the Vector API. Every method: vector body up to {@code F.loopBound(n)}, then
 * the last {@code n % L} elements through the scalar twin ({@link ScalarUpdates}, same rule, offsets
 * moved to the bound). The body is the scalar twin's expression tree lane by lane (same
 * operations, same order, no FMA), so results are bit-identical to {@link ScalarUpdates}, tail
 * included. No unrolling: these loops stream 3 to 6 arrays and are bound by memory bandwidth, not
 * by the arithmetic (measured in UpdatesBench). Loop-invariant flags are tested inside the loop;
 * C2 unswitches or predicts them.
 *
 * <p>Why the tail is scalar, not the project's usual masked vector step: an update runs once per
 * parameter per optimizer step, so a tail method (no loop, no back-edge counts) reaches C2 only
 * after about 5,000 optimizer steps ({@code Tier4InvocationThreshold}); until then it runs in C1,
 * which boxes every vector. For 784-1024-1024-10 (about 35 ms per step at batch 256) that is
 * three minutes of training allocating about 5 KB per step in the 10-element output bias's masked
 * Adam tail (JFR {@code jdk.ObjectAllocationInNewTLAB}: {@code Float512Vector} and {@code float[]}
 * under {@code adamTail}, still at tier 3 after 20 s). The scalar remainder (at most L - 1
 * elements) allocates nothing in any tier and costs a few nanoseconds.
 *
 * <p>The vector loop is a private method per rule (no vector crosses a call): with the loop and
 * a masked tail in one method, C2 failed to intrinsify the larger rules (Adam, RMSprop) and boxed
 * their vectors, about 150 KB allocated per 1000-element step and 10-20x slower (JMH
 * {@code -prof gc}).
 *
 * <p>Generated by {@code kernels/tools/gen_simd_updates.py} from one template per rule (the body
 * written once). Edit the script, not this file.
 *
 * <p>Flush to zero: every state value a rule stores (momentum buffers, first and second moments,
 * sums, accumulators) is flushed to +0 when its magnitude is below {@code Float.MIN_NORMAL}, the
 * same way as {@link ScalarUpdates#ftz}; see {@link Updates} for why.
 */
final class SimdUpdates implements Updates {
    private static final VectorSpecies<Float> F = VectorShapes.FLOAT;
    private static final int L = F.length();
    /** The last {@code n % L} elements of every rule: the specification itself. */
    private static final ScalarUpdates TAIL = new ScalarUpdates();

"""
TARGET = java_target("SimdUpdates.java")
text = header + "\n".join(parts) + "}\n"
write_or_check(TARGET, text, __file__)
