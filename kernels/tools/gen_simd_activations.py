"""Generates kernels/src/main/java/dev/lanes/kernels/SimdActivations.java.

Every kernel's per-element math is written once below (Java text) and expanded:
  * elementwise kernels: into a full-vector loop method and a masked-tail method (as SimdUpdates);
  * helpers ("static FloatVector name(...)" in HELPERS) are inlined as text at every
    "INLINE <type> <var> = name(args);" line, their locals renamed, so the generated file has no
    method that takes or returns a vector: nothing depends on C2's inlining decisions.

Run: python3 kernels/tools/gen_simd_activations.py          (rewrites the Java file)
     python3 kernels/tools/gen_simd_activations.py --check  (exit 1 with a diff if it differs)"""
import re
import sys

from genlib import indent, java_target, sub_io, write_or_check

TARGET = java_target("SimdActivations.java")

# ---- helpers (inlined as text) ---------------------------------------------------------------
HELPERS = r"""
static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(EXP_LO).min(EXP_HI);
    FloatVector t = xc.fma(LOG2E, SHIFTER);
    FloatVector k = t.sub(SHIFTER);
    FloatVector r = k.fma(FloatVector.broadcast(FLOAT, -LN2_HI), xc);
    r = k.fma(FloatVector.broadcast(FLOAT, -LN2_LO), r);
    FloatVector q = r.fma(E6, E5);
    q = q.fma(r, FloatVector.broadcast(FLOAT, E4));
    q = q.fma(r, FloatVector.broadcast(FLOAT, E3));
    q = q.fma(r, FloatVector.broadcast(FLOAT, E2));
    FloatVector p = q.fma(r.mul(r), r).add(1f);
    IntVector ki = t.reinterpretAsInts().sub(SHIFTER_BITS);
    IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
    IntVector k2 = ki.sub(k1);
    FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(s1).mul(s2);
}

static FloatVector expm1Negative(FloatVector x) {
    FloatVector t = x.fma(LOG2E, SHIFTER);
    FloatVector k = t.sub(SHIFTER);
    FloatVector r = k.fma(FloatVector.broadcast(FLOAT, -LN2_HI), x);
    r = k.fma(FloatVector.broadcast(FLOAT, -LN2_LO), r);
    FloatVector q = r.fma(E6, E5);
    q = q.fma(r, FloatVector.broadcast(FLOAT, E4));
    q = q.fma(r, FloatVector.broadcast(FLOAT, E3));
    q = q.fma(r, FloatVector.broadcast(FLOAT, E2));
    FloatVector em1r = q.fma(r.mul(r), r);
    FloatVector s = t.reinterpretAsInts().sub(SHIFTER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return s.fma(em1r, s.sub(1f));
}

static FloatVector log1pUnit(FloatVector e) {
    VectorMask<Float> big = e.compare(VectorOperators.GT, SQRT2_MINUS_1);
    FloatVector zero = FloatVector.broadcast(FLOAT, 0f);
    FloatVector k = zero.blend(1f, big);
    FloatVector s = e.sub(k).div(e.add(k).add(2f));
    FloatVector s2 = s.mul(s);
    FloatVector a = s2.fma(A3, A2);
    a = a.fma(s2, FloatVector.broadcast(FLOAT, A1));
    a = a.fma(s2, FloatVector.broadcast(FLOAT, A0));
    FloatVector l = s.mul(s2).fma(a, s.mul(2f));
    return l.add(zero.blend(LN2, big));
}

static FloatVector sigmoidV(FloatVector x) {
    INLINE FloatVector e = exp(x.abs().neg());
    FloatVector num = FloatVector.broadcast(FLOAT, 1f).blend(e, x.lt(0f));
    return num.div(e.add(1f));
}

static FloatVector tanhV(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector x2 = x.mul(x);
    FloatVector q = x2.fma(T4, T3);
    q = q.fma(x2, FloatVector.broadcast(FLOAT, T2));
    q = q.fma(x2, FloatVector.broadcast(FLOAT, T1));
    q = q.fma(x2, FloatVector.broadcast(FLOAT, T0));
    FloatVector small = x.mul(x2).fma(q, x);
    INLINE FloatVector e = exp(a.mul(-2f));
    FloatVector big = FloatVector.broadcast(FLOAT, 1f).sub(e).div(e.add(1f));
    big = big.blend(big.neg(), x.lt(0f));
    small = small.blend(x, x.compare(VectorOperators.EQ, 0f));
    return big.blend(small, a.lt(TANH_SMALL));
}

static FloatVector erfcTF(FloatVector ax) {
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
    return t.mul(f);
}

static FloatVector expNegHalfSquare(FloatVector ax) {
    FloatVector h = ax.mul(0.5f);
    FloatVector hi = h.mul(ax);
    FloatVector negLo = h.neg().fma(ax, hi);
    INLINE FloatVector ez = exp(hi.neg());
    return ez.fma(negLo, ez);
}

static FloatVector geluV(FloatVector x) {
    FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
    FloatVector ax = xc.abs();
    INLINE FloatVector tf = erfcTF(ax);
    INLINE FloatVector ez = expNegHalfSquare(ax);
    FloatVector a = xc.mul(tf.mul(0.5f));
    FloatVector pos = a.fma(ez.neg(), x);
    return a.mul(ez).blend(pos, x.compare(VectorOperators.GT, 0f));
}

static FloatVector geluDerivV(FloatVector x) {
    FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
    FloatVector ax = xc.abs();
    INLINE FloatVector tf = erfcTF(ax);
    INLINE FloatVector ez = expNegHalfSquare(ax);
    FloatVector hw = ez.mul(tf).mul(0.5f);
    FloatVector phiCdf = FloatVector.broadcast(FLOAT, 1f).sub(hw).blend(hw, x.compare(VectorOperators.LE, 0f));
    return xc.mul(ez).fma(FloatVector.broadcast(FLOAT, INV_SQRT_2PI), phiCdf);
}

static FloatVector geluTanhV(FloatVector x) {
    FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
    FloatVector u2 = xc.mul(xc).fma(GT_K3, GT_K1).mul(xc);
    INLINE FloatVector e = exp(u2.abs().neg());
    FloatVector s = FloatVector.broadcast(FLOAT, 1f).blend(e, u2.lt(0f)).div(e.add(1f));
    return x.max(-Float.MAX_VALUE).mul(s);
}

static FloatVector geluTanhDerivV(FloatVector x) {
    FloatVector xc = x.max(-GELU_CLAMP).min(GELU_CLAMP);
    FloatVector x2 = xc.mul(xc);
    FloatVector u2 = x2.fma(GT_K3, GT_K1).mul(xc);
    FloatVector du2 = x2.fma(3 * GT_K3, GT_K1);
    INLINE FloatVector e = exp(u2.abs().neg());
    FloatVector rd = FloatVector.broadcast(FLOAT, 1f).div(e.add(1f));
    FloatVector s = rd.blend(e.mul(rd), u2.lt(0f));
    FloatVector slope = e.mul(rd).mul(rd);
    return xc.mul(du2).fma(slope, s);
}

static FloatVector siluV(FloatVector x) {
    INLINE FloatVector s = sigmoidV(x);
    return x.max(-Float.MAX_VALUE).mul(s);
}

static FloatVector siluDerivV(FloatVector x) {
    FloatVector xc = x.max(-Float.MAX_VALUE).min(Float.MAX_VALUE);
    INLINE FloatVector e = exp(x.abs().neg());
    FloatVector rd = FloatVector.broadcast(FLOAT, 1f).div(e.add(1f));
    FloatVector er = e.mul(rd);
    VectorMask<Float> neg = x.lt(0f);
    FloatVector s = rd.blend(er, neg);
    FloatVector oneMinusS = er.blend(rd, neg);
    return s.mul(xc.fma(oneMinusS, FloatVector.broadcast(FLOAT, 1f)));
}

static FloatVector softplusExp(FloatVector p, FloatVector x) {
    FloatVector err = x.fma(FloatVector.broadcast(FLOAT, beta), p.neg());
    FloatVector c = err.blend(err.neg(), p.compare(VectorOperators.GE, 0f));
    c = c.blend(0f, p.abs().compare(VectorOperators.GT, SOFTPLUS_TAIL).or(p.test(VectorOperators.IS_NAN)));
    INLINE FloatVector e = exp(p.abs().neg());
    return e.fma(c, e);
}

static FloatVector softplusV(FloatVector x) {
    FloatVector p = x.mul(beta);
    INLINE FloatVector e = softplusExp(p, x);
    INLINE FloatVector l = log1pUnit(e);
    FloatVector val = p.max(0f).add(l).div(beta);
    return val.blend(x, p.compare(VectorOperators.GT, threshold));
}

static FloatVector softplusDerivV(FloatVector x) {
    FloatVector p = x.mul(beta);
    INLINE FloatVector e = softplusExp(p, x);
    FloatVector s = FloatVector.broadcast(FLOAT, 1f).blend(e, p.lt(0f)).div(e.add(1f));
    return s.blend(1f, p.compare(VectorOperators.GT, threshold));
}

static FloatVector eluV(FloatVector v) {
    INLINE FloatVector em1 = expm1Negative(v.min(0f).max(-30f));
    FloatVector neg = em1.mul(alpha);
    return neg.blend(v, v.compare(VectorOperators.GT, 0f));
}

static FloatVector eluDerivV(FloatVector v) {
    INLINE FloatVector e = exp(v.min(0f));
    FloatVector neg = e.mul(alpha);
    return neg.blend(1f, v.compare(VectorOperators.GT, 0f));
}
"""

helpers = {}
for mo in re.finditer(r"^static FloatVector (\w+)\(([^)]*)\) \{\n(.*?)^\}", HELPERS, re.S | re.M):
    name, params, body = mo.group(1), mo.group(2), mo.group(3)
    plist = [p.strip().split() for p in params.split(",") if p.strip()]
    lines = [l[4:] for l in body.rstrip("\n").split("\n")]
    assert lines[-1].startswith("return "), name
    helpers[name] = (plist, lines[:-1], lines[-1][len("return "):-1])

counter = [0]
DECL = re.compile(r"^\s*(?:FloatVector|IntVector|VectorMask<Float>|float|int) (\w+) =")


def split_args(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch in "(["
        depth -= ch in ")]"
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def rename(text, mapping):
    if not mapping:
        return text
    pat = re.compile(r"(?<![\w.])(" + "|".join(sorted(mapping, key=len, reverse=True)) + r")\b")
    return pat.sub(lambda m: mapping[m.group(1)], text)


INLINE = re.compile(r"^(\s*)INLINE (FloatVector|VectorMask<Float>) (\w+) = (\w+)\((.*)\);$")


def expand_inline(lines):
    """Expands every INLINE line (recursively) into the helper's statements."""
    out = []
    for line in lines:
        mo = INLINE.match(line)
        if not mo:
            out.append(line)
            continue
        ind, typ, dst, name, args = mo.groups()
        plist, body, ret = helpers[name]
        args = split_args(args)
        assert len(args) == len(plist), (name, args)
        counter[0] += 1
        sfx = "_" + str(counter[0])
        mapping = {}
        pre = []
        for (ptype, pname), a in zip(plist, args):
            if re.fullmatch(r"\w+", a):
                mapping[pname] = a
            else:
                mapping[pname] = pname + sfx
                pre.append(f"{ptype} {pname}{sfx} = {a};")
        for l in body:
            d = DECL.match(l)
            if d:
                mapping[d.group(1)] = d.group(1) + sfx
            for m2 in re.finditer(r"INLINE \S+ (\w+) =", l):
                mapping[m2.group(1)] = m2.group(1) + sfx
        inner = pre + [rename(l, mapping) for l in body] + [f"{typ} {dst} = {rename(ret, mapping)};"]
        out.append(f"{ind}// {name}")
        out.extend(ind + l if l.strip() else l for l in expand_inline(inner))
    return out


def expand(text):
    return "\n".join(expand_inline(text.split("\n")))


# ---- elementwise kernels ----------------------------------------------------------------------
# (javadoc, signature, setup, body); body uses LOAD(a) and STORE(v, a).
kernels = []


def K(sig, body, setup="", doc=""):
    kernels.append((doc, sig, setup, body))


UNARY = "float[] y, int yOff, float[] x, int xOff"
BACK = "float[] dx, int dxOff, float[] dy, int dyOff"

K(f"public void sigmoid({UNARY}, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = sigmoidV(v);
STORE(r, y);""")
K(f"public void tanh({UNARY}, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = tanhV(v);
STORE(r, y);""")
K(f"public void relu({UNARY}, int n)", """FloatVector v = LOAD(x);
STORE(v.blend(0f, v.compare(VectorOperators.LE, 0f)), y);""",
  doc="""    /**
     * {@code x <= 0 ? +0 : x}: the same as {@code Math.max(x, 0)} (NaN compares false and stays,
     * -0 becomes +0) but one compare and one blend, where lanewise MAX needs extra instructions
     * for Java's NaN and signed-zero rules.
     */
""")
K(f"public void leakyRelu({UNARY}, float slope, int n)", """FloatVector v = LOAD(x);
STORE(v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)), y);""")
K(f"public void elu({UNARY}, float alpha, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = eluV(v);
STORE(r, y);""")
K(f"public void gelu({UNARY}, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = geluV(v);
STORE(r, y);""")
K(f"public void geluTanh({UNARY}, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = geluTanhV(v);
STORE(r, y);""")
K(f"public void silu({UNARY}, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = siluV(v);
STORE(r, y);""")
K(f"public void softplus({UNARY}, float beta, float threshold, int n)", """FloatVector v = LOAD(x);
INLINE FloatVector r = softplusV(v);
STORE(r, y);""")

K(f"public void sigmoidBackward({BACK}, float[] y, int yOff, int n)", """FloatVector s = LOAD(y);
FloatVector g = LOAD(dy);
FloatVector d = LOAD(dx);
STORE(g.mul(s).fma(FloatVector.broadcast(FLOAT, 1f).sub(s), d), dx);""")
K(f"public void tanhBackward({BACK}, float[] y, int yOff, int n)", """FloatVector t = LOAD(y);
FloatVector g = LOAD(dy);
FloatVector d = LOAD(dx);
STORE(g.fma(t.neg().fma(t, FloatVector.broadcast(FLOAT, 1f)), d), dx);""")
K(f"public void reluBackward({BACK}, float[] x, int xOff, int n)", """FloatVector v = LOAD(x);
FloatVector g = LOAD(dy);
FloatVector d = LOAD(dx);
STORE(d.add(FloatVector.broadcast(FLOAT, 0f).blend(g, v.compare(VectorOperators.GT, 0f))), dx);""")
K(f"public void leakyReluBackward({BACK}, float[] x, int xOff, float slope, int n)", """FloatVector v = LOAD(x);
FloatVector g = LOAD(dy);
FloatVector d = LOAD(dx);
STORE(d.add(g.mul(slope).blend(g, v.compare(VectorOperators.GT, 0f))), dx);""")
for name, helper, extra in [("elu", "eluDerivV", ", float alpha"), ("gelu", "geluDerivV", ""),
                            ("geluTanh", "geluTanhDerivV", ""), ("silu", "siluDerivV", ""),
                            ("softplus", "softplusDerivV", ", float beta, float threshold")]:
    K(f"public void {name}Backward({BACK}, float[] x, int xOff{extra}, int n)", f"""FloatVector v = LOAD(x);
FloatVector g = LOAD(dy);
FloatVector d = LOAD(dx);
INLINE FloatVector f = {helper}(v);
STORE(g.fma(f, d), dx);""")


parts = []
for doc, sig, setup, body in kernels:
    name = re.search(r"void (\w+)\(", sig).group(1)
    params = sig[sig.index("(") + 1: sig.rindex(")")]
    args = ", ".join(p.strip().split()[-1] for p in params.split(","))
    setup_txt = (indent(setup, 8) + "\n") if setup else ""
    parts.append(f"""{doc}    @Override
    {sig} {{
        int bound = FLOAT.loopBound(n);
        if (bound > 0) {{
            {name}Body({args}, bound);
        }}
        if (bound < n) {{
            {name}Tail({args}, bound);
        }}
    }}

    private static void {name}Body({params}, int bound) {{
{setup_txt}        for (int i = 0; i < bound; i += LANES) {{
{indent(expand(sub_io(body, False, "FLOAT")), 12)}
        }}
    }}

    private static void {name}Tail({params}, int i) {{
{setup_txt}        VectorMask<Float> tail = FLOAT.indexInRange(i, n);
{indent(expand(sub_io(body, True, "FLOAT")), 8)}
    }}
""")

# ---- row-wise kernels (written out; the exp is inlined by INLINE) ------------------------------
ROWS = r"""
    // ---- row-wise softmax / log-softmax ----------------------------------------------------

    /** Row maximum, NaN propagating (lanewise MAX follows Math.max; exact, so any order gives the same bits). */
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

    /**
     * Softmax: {@code exp(x - max)} with the rounding error of the float subtraction folded back in
     * ({@code d = x - max} rounded, {@code err} its exact error by TwoSum (Knuth),
     * {@code exp(d + err) = exp(d) * (1 + err)}); without it a probability at {@code x - max = -20}
     * would carry up to 10 ulp from that one rounding. Where {@code d} is infinite ({@code x = -inf},
     * or a finite {@code x - max} that overflows, e.g. {@code -3e38 - 3e38}) the correction is
     * dropped (it is NaN there, and the exponential is 0).
     */
    @Override public void softmax(float[] y, int yOff, float[] x, int xOff, int rows, int cols) {
        float[] scratch = LaneSums.floats();
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols;
            int yb = yOff + r * cols;
            float max = rowMax(x, xb, cols);
            float sum = softmaxExpRow(y, yb, x, xb, cols, max, scratch);
            float inv = (float) (1.0 / sum);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector.fromArray(FLOAT, y, yb + c).mul(inv).intoArray(y, yb + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector.fromArray(FLOAT, y, yb + c, m).mul(inv).intoArray(y, yb + c, m);
            }
        }
    }

    /** Writes {@code exp(x - max)} of one row to y and returns the row's sum (lane order). */
    private static float softmaxExpRow(float[] y, int yb, float[] x, int xb, int cols, float max, float[] scratch) {
        FloatVector sum = FloatVector.broadcast(FLOAT, 0f);
        int c = 0;
        for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
            FloatVector xv = FloatVector.fromArray(FLOAT, x, xb + c);
            FloatVector d = xv.sub(max);
            FloatVector bp = d.sub(xv);
            FloatVector err = xv.sub(d.sub(bp)).add(bp.neg().sub(max));
            err = err.blend(0f, d.test(VectorOperators.IS_INFINITE));
            INLINE FloatVector e0 = exp(d);
            FloatVector e = e0.fma(err, e0);
            e.intoArray(y, yb + c);
            sum = sum.add(e);
        }
        sum.intoArray(scratch, 0);
        float s = LaneSums.sum(scratch, LANES);
        if (c < cols) {
            s += softmaxExpTail(y, yb, x, xb, c, cols, max, scratch);
        }
        return s;
    }

    private static float softmaxExpTail(float[] y, int yb, float[] x, int xb, int c, int cols, float max, float[] scratch) {
        VectorMask<Float> m = FLOAT.indexInRange(c, cols);
        FloatVector xv = FloatVector.fromArray(FLOAT, x, xb + c, m);
        FloatVector d = xv.sub(max);
        FloatVector bp = d.sub(xv);
        FloatVector err = xv.sub(d.sub(bp)).add(bp.neg().sub(max));
        err = err.blend(0f, d.test(VectorOperators.IS_INFINITE));
        INLINE FloatVector e0 = exp(d);
        FloatVector e = e0.fma(err, e0);
        e.intoArray(y, yb + c, m);
        FloatVector.broadcast(FLOAT, 0f).blend(e, m).intoArray(scratch, 0);
        return LaneSums.sum(scratch, LANES);
    }

    @Override public void softmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        float[] scratch = LaneSums.floats();
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
            acc.intoArray(scratch, 0);
            float dot = LaneSums.sum(scratch, LANES);
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
        float[] scratch = LaneSums.floats();
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * cols;
            int yb = yOff + r * cols;
            float max = rowMax(x, xb, cols);
            float sum = logSoftmaxSumRow(x, xb, cols, max, scratch);
            float lse = (float) Math.log(sum);
            int c = 0;
            for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
                FloatVector.fromArray(FLOAT, x, xb + c).sub(max).sub(lse).intoArray(y, yb + c);
            }
            if (c < cols) {
                VectorMask<Float> m = FLOAT.indexInRange(c, cols);
                FloatVector.fromArray(FLOAT, x, xb + c, m).sub(max).sub(lse).intoArray(y, yb + c, m);
            }
        }
    }

    /** {@code sum exp(x - max)} over one row, lane order. */
    private static float logSoftmaxSumRow(float[] x, int xb, int cols, float max, float[] scratch) {
        FloatVector sum = FloatVector.broadcast(FLOAT, 0f);
        int c = 0;
        for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
            FloatVector d = FloatVector.fromArray(FLOAT, x, xb + c).sub(max);
            INLINE FloatVector e = exp(d);
            sum = sum.add(e);
        }
        sum.intoArray(scratch, 0);
        float s = LaneSums.sum(scratch, LANES);
        if (c < cols) {
            s += logSoftmaxSumTail(x, xb, c, cols, max, scratch);
        }
        return s;
    }

    private static float logSoftmaxSumTail(float[] x, int xb, int c, int cols, float max, float[] scratch) {
        VectorMask<Float> m = FLOAT.indexInRange(c, cols);
        FloatVector d = FloatVector.fromArray(FLOAT, x, xb + c, m).sub(max);
        INLINE FloatVector e = exp(d);
        FloatVector.broadcast(FLOAT, 0f).blend(e, m).intoArray(scratch, 0);
        return LaneSums.sum(scratch, LANES);
    }

    @Override public void logSoftmaxBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int rows, int cols) {
        float[] scratch = LaneSums.floats();
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
            acc.intoArray(scratch, 0);
            float negSum = -LaneSums.sum(scratch, LANES);
            logSoftmaxBackwardRow(dx, dxOff + base, dy, dyOff + base, y, yOff + base, cols, negSum);
        }
    }

    private static void logSoftmaxBackwardRow(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff,
                                              int cols, float negSum) {
        int c = 0;
        for (int bound = FLOAT.loopBound(cols); c < bound; c += LANES) {
            FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + c);
            FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + c);
            FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + c);
            INLINE FloatVector e = exp(s);
            e.fma(FloatVector.broadcast(FLOAT, negSum), g).add(d).intoArray(dx, dxOff + c);
        }
        if (c < cols) {
            logSoftmaxBackwardTail(dx, dxOff, dy, dyOff, y, yOff, c, cols, negSum);
        }
    }

    private static void logSoftmaxBackwardTail(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff,
                                               int c, int cols, float negSum) {
        VectorMask<Float> m = FLOAT.indexInRange(c, cols);
        FloatVector g = FloatVector.fromArray(FLOAT, dy, dyOff + c, m);
        FloatVector s = FloatVector.fromArray(FLOAT, y, yOff + c, m);
        FloatVector d = FloatVector.fromArray(FLOAT, dx, dxOff + c, m);
        INLINE FloatVector e = exp(s);
        e.fma(FloatVector.broadcast(FLOAT, negSum), g).add(d).intoArray(dx, dxOff + c, m);
    }
"""

HEADER = """// GENERATED by kernels/tools/gen_simd_activations.py: edit the script, not this file.
package dev.lanes.kernels;

import static dev.lanes.kernels.VectorShapes.FLOAT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Activations} on the Vector API.
 *
 * <p><b>Same bits in every JIT tier.</b> Only operations whose result is fixed by IEEE 754 or by
 * their definition are used: add, subtract, multiply, divide, square root, FMA, min/max, compares,
 * blends, integer shifts and adds on the bit patterns. The Vector API's transcendental lanewise
 * operators ({@code EXP}, {@code TANH}, {@code EXPM1}, {@code LOG1P}) are not used: C2 compiles
 * them to the platform's vector math library (Intel SVML on x86), while the interpreter and C1 run
 * a Java fallback ({@code Math.exp} lane by lane), and the two differ in the last bit, so a
 * training run's bits depended on when C2 compiled each kernel (measured: three different results
 * from one seeded program). Nor is {@code reduceLanes(ADD)}: its order is unspecified (C2 adds in a
 * tree, the fallback in lane order); row sums are added in lane order by {@link LaneSums}.
 *
 * <p><b>The exponential</b> is an own polynomial, inlined wherever it is used:
 * {@code k = round(x*log2(e))} (the 1.5*2^23 shifter trick), a Cody-Waite reduction
 * {@code r = x - k*ln2} in two FMA steps ({@code |r| <= ln2/2}), {@code e^r = 1 + r + r^2*P(r)}
 * with a degree-4 {@code P} fitted for this project (approximation error 0.05 ulp; about 1 ulp in
 * all), and {@code 2^k} built by integer arithmetic on the exponent bits, applied in two halves
 * so that results in the subnormal range come out right (x is clamped to [-104, 88.8]: exp(-104)
 * rounds to 0, exp(88.8) overflows to +inf; NaN stays NaN). ELU uses the same reduction as an
 * expm1 for x in [-30, 0] ({@code 2^k (e^r - 1) + (2^k - 1)}, accurate near 0); tanh an odd
 * polynomial below |x| = 0.625 and {@code (1-e)/(1+e)}, {@code e = exp(-2|x|)}, above; softplus's
 * {@code log1p} is {@code k*ln2 + 2*atanh(s)}, {@code s = (e-k)/(e+2+k)}, {@code k} in {0, 1}.
 * Measured against SVML's lanewise EXP/TANH when this was first built (AVX-512, n = 4096 / 65536):
 * sigmoid 0.31 / 0.30 vs 0.17 / 0.15 ns per element, tanh 0.76 / 0.85 vs 0.29 / 0.27, errors
 * sigmoid 2.2 ulp, tanh 1.5 ulp (SVML 0.5 / 0.56); the scalar twin's {@code Math.exp} alone is
 * 3.1 ns per element. Reproducibility was judged worth the difference (see docs/ARCHITECTURE.md).
 *
 * <p><b>erfc for the exact GELU</b> (the Vector API has no erf): for {@code z = |x|/sqrt2},
 * {@code erfc(z) = exp(-z^2) * t * F(t - 0.6005)}, {@code t = 1/(1 + 0.375z)}, with {@code F} a
 * degree-9 polynomial fitted for this project with mpmath (0.26 ulp over {@code z} in [0, 10.6]).
 * {@code z^2 = x^2/2} is split exactly into {@code hi + lo} with an FMA and
 * {@code exp(-z^2) = exp(-hi) * (1 - lo)}, so the negative tail keeps relative accuracy, and the
 * tiny factor {@code exp(-hi)} is multiplied last. {@code x > 0} uses {@code x - x*Phi(-x)}.
 *
 * <p><b>Sigmoid family</b> uses {@code e = exp(-|x|)} (never overflows) and
 * {@code sigmoid = (x < 0 ? e : 1) / (1 + e)}; tanh-GELU is {@code x * sigmoid(2u)}.
 *
 * <p><b>Code form (generated).</b> Every elementwise kernel is a vector loop method up to
 * {@code FLOAT.loopBound(n)} and a masked-tail method, and all of its math is written out inline
 * in each: no method takes or returns a vector, so nothing depends on C2's inlining decisions
 * (which differ with the call history, the size a helper was already compiled to, and
 * NodeCountInliningCutoff; a helper left out of line boxes its vectors: heap allocation and
 * several times slower). The per-element math is written once in
 * {@code kernels/tools/gen_simd_activations.py} and expanded there; edit the script, not this file.
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

"""

text = HEADER + "\n".join(parts) + expand(ROWS) + "}\n"

write_or_check(TARGET, text, __file__)
