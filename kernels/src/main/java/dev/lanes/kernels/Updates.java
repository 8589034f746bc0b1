package dev.lanes.kernels;

/**
 * Optimizer update rules: one fused, elementwise pass per parameter tensor per step.
 *
 * <p>Each method updates in place the parameter {@code p} and the optimizer's state buffers (all
 * of them "outputs": read, then written) from the gradient {@code g} (read only). The optimizer
 * computes every per-step scalar (bias corrections, step sizes, decay factors) once per step in
 * double precision and passes it rounded to float; the kernel does only the elementwise float
 * math, in the operation order of PyTorch's single-tensor ("for-loop") implementation. Where
 * PyTorch uses {@code lerp(a, b, w)} the kernels use its CPU formula
 * {@code |w| < 0.5 ? a + w*(b - a) : b - (b - a)*(1 - w)}.
 *
 * <p>Common arguments: {@code maximize} negates the gradient first ({@code d = -g}); a
 * {@code weightDecay != 0} adds the L2 term {@code d = d + weightDecay*p} (skipped when 0, so an
 * infinite {@code p} does not turn into NaN); {@code paramScale} is the decoupled (AdamW-style)
 * decay factor {@code 1 - lr*wd} applied as {@code p = p * paramScale} (pass 1 for none:
 * multiplying by 1 is exact). {@code oneMinusX} arguments are {@code 1 - x} computed in double
 * by the caller, as PyTorch passes the Python float {@code 1 - x}.
 *
 * <p>Error against the scalar twin, every method: <b>none</b>. The SIMD implementation uses the
 * same IEEE operations (add, multiply, divide, square root, max, each correctly rounded) in the
 * same order and never contracts a multiply-add into an FMA, so it is bit-identical to
 * {@link ScalarUpdates} (NaN results are NaN in both, payload aside). Against PyTorch's CPU
 * kernels, which use FMA in their vectorized loops, results may differ by an ulp or so per
 * operation.
 *
 * <p><b>Flush to zero (a departure from PyTorch).</b> Every state value a rule stores (SGD's and
 * RMSprop's momentum buffer, RMSprop's square average and centered average, Adagrad's sum,
 * Adadelta's square average and accumulated delta, the first and second moments of Adam, AdamW,
 * NAdam and RAdam and AMSGrad's running maximum, the first moment of Adamax and Lion) is replaced by {@code +0} when its
 * magnitude is below {@code Float.MIN_NORMAL} (1.18e-38), and the step uses the flushed value.
 * Only values below {@code Float.MIN_NORMAL} change; normal values, zeros, infinities and NaN
 * are untouched, and parameters are never flushed. Why: a state that decays geometrically under
 * zero gradients (a dead ReLU unit) ends in subnormal floats and stays there (0.9 times the
 * smallest subnormal rounds back to it), and x86 cores take a microcode assist on most
 * operations with a subnormal operand or result: measured on an Intel Xeon, Adam with zero
 * gradients went from 138 to 2,210 us per step (SIMD) and 640 to 21,000+ us (scalar). Java cannot
 * set the processor's flush-to-zero mode, so the kernels do it. Adamax's infinity norm {@code u}
 * is not flushed ({@code u >= eps}; flushing it with {@code eps = 0} would turn {@code 0/u} into
 * NaN).
 */
public interface Updates {

    /**
     * SGD with momentum, dampening, Nesterov:
     * {@code d = g (+wd*p); b = init ? d : momentum*b + (1-dampening)*d; d = nesterov ? d + momentum*b : b; p = p - lr*d}.
     * Float order: {@code b = b*momentum + oneMinusDampening*d}, {@code p = p + (-lr)*d}.
     * With {@code momentum == 0} there is no buffer ({@code buf} may be null) and {@code p = p - lr*d}.
     * {@code initBuffer} is true on the buffer's first step (PyTorch clones the gradient into it).
     * Error vs scalar twin: 0 ulp (bit-identical).
     */
    void sgd(float[] p, int pOff, float[] buf, int bufOff, float[] g, int gOff,
             float lr, float weightDecay, float momentum, float oneMinusDampening,
             boolean nesterov, boolean maximize, boolean initBuffer, int n);

    /**
     * RMSprop: {@code s = alpha*s + (1-alpha)*d^2; [centered: ga = lerp(ga, d, 1-alpha); s~ = s - ga^2];
     * a = sqrt(s~) + eps; momentum > 0: b = momentum*b + d/a, p = p - lr*b; else p = p - lr*d/a}.
     * {@code gAvg} null means not centered; {@code buf} null means no momentum (then
     * {@code momentum} is ignored). Float order: {@code s = s*alpha + (oneMinusAlpha*d)*d}.
     * Error vs scalar twin: 0 ulp.
     */
    void rmsprop(float[] p, int pOff, float[] sq, int sqOff, float[] gAvg, int gAvgOff,
                 float[] buf, int bufOff, float[] g, int gOff,
                 float lr, float alpha, float oneMinusAlpha, float eps, float weightDecay,
                 float momentum, boolean maximize, int n);

    /**
     * Adagrad: {@code sum = sum + d*d; p = p - clr * d / (sqrt(sum) + eps)}, with the decayed
     * rate {@code clr = lr / (1 + (step-1)*lrDecay)} computed by the caller.
     * Error vs scalar twin: 0 ulp.
     */
    void adagrad(float[] p, int pOff, float[] sum, int sumOff, float[] g, int gOff,
                 float clr, float weightDecay, float eps, boolean maximize, int n);

    /**
     * Adadelta: {@code s = rho*s + (1-rho)*d^2; u = sqrt(acc + eps) / sqrt(s + eps) * d;
     * acc = rho*acc + (1-rho)*u^2; p = p - lr*u}. Error vs scalar twin: 0 ulp.
     */
    void adadelta(float[] p, int pOff, float[] sq, int sqOff, float[] acc, int accOff,
                  float[] g, int gOff, float lr, float rho, float oneMinusRho, float eps,
                  float weightDecay, boolean maximize, int n);

    /**
     * Adam / AdamW (PyTorch's eps placement):
     * {@code p = p*paramScale; m = lerp(m, d, 1-beta1); v = beta2*v + (1-beta2)*d^2;
     * [amsgrad: vMax = max(vMax, v), use vMax]; p = p - stepSize * m / (sqrt(v)/bias2Sqrt + eps)},
     * with {@code stepSize = lr/(1-beta1^t)} and {@code bias2Sqrt = sqrt(1-beta2^t)} from the
     * caller. {@code vMax} null means amsgrad off. Error vs scalar twin: 0 ulp.
     */
    void adam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff,
              float[] vMax, int vMaxOff, float[] g, int gOff,
              float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
              float oneMinusBeta2, float stepSize, float bias2Sqrt, float eps,
              boolean maximize, int n);

    /**
     * Adamax: {@code m = lerp(m, d, 1-beta1); u = max(beta2*u, |d| + eps); p = p - stepSize * m / u},
     * {@code stepSize = lr/(1-beta1^t)}. NaN propagates through the max. Error vs scalar twin: 0 ulp.
     */
    void adamax(float[] p, int pOff, float[] m, int mOff, float[] u, int uOff, float[] g, int gOff,
                float weightDecay, float oneMinusBeta1, float beta2, float eps, float stepSize,
                boolean maximize, int n);

    /**
     * NAdam: {@code p = p*paramScale; m = lerp(m, d, 1-beta1); v = beta2*v + (1-beta2)*d^2;
     * den = sqrt(v / bias2) + eps; p = p + coefGrad * d/den; p = p + coefAvg * m/den}, with
     * {@code bias2 = 1-beta2^t}, {@code coefGrad = -lr*(1-mu_t)/(1-prod_{i<=t} mu_i)} and
     * {@code coefAvg = -lr*mu_{t+1}/(1-prod_{i<=t+1} mu_i)} from the caller. Error vs scalar twin: 0 ulp.
     */
    void nadam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
               float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
               float oneMinusBeta2, float bias2, float eps, float coefGrad, float coefAvg,
               boolean maximize, int n);

    /**
     * RAdam: {@code p = p*paramScale; m = lerp(m, d, 1-beta1); v = beta2*v + (1-beta2)*d^2;
     * mh = m / bias1; rectified: p = p - ((mh*lr) * (bias2Sqrt / (sqrt(v) + eps))) * rect;
     * else p = p - mh*lr}. The caller decides {@code rectified} ({@code rho_t > 5}) and computes
     * {@code rect}. Error vs scalar twin: 0 ulp.
     */
    void radam(float[] p, int pOff, float[] m, int mOff, float[] v, int vOff, float[] g, int gOff,
               float paramScale, float weightDecay, float oneMinusBeta1, float beta2,
               float oneMinusBeta2, float bias1, float lr, float bias2Sqrt, float eps,
               boolean rectified, float rect, boolean maximize, int n);

    /**
     * Lion (Chen et al. 2023, Algorithm 2): {@code c = beta1*m + (1-beta1)*d;
     * p = p - lr*(sign(c) + wd*p); m = beta2*m + (1-beta2)*d}, {@code sign(+-0) = +-0},
     * {@code sign(NaN) = NaN}; with {@code wd == 0}, {@code p = p - lr*sign(c)}.
     * Error vs scalar twin: 0 ulp.
     */
    void lion(float[] p, int pOff, float[] m, int mOff, float[] g, int gOff,
              float lr, float weightDecay, float beta1, float oneMinusBeta1, float beta2,
              float oneMinusBeta2, boolean maximize, int n);
}
