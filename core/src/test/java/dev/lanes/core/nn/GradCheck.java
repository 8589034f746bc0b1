package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.fail;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finite-difference gradient checks of a layer's backward. The scalar loss is
 * {@code L = sum_i w_i y_i} with fixed random weights {@code w} (so dL/dy = w), evaluated in double
 * from the layer's float forward. Central differences with step {@code h} on each input and
 * parameter element (the actual float step is used), compared with the backward's gradients.
 *
 * <p>Tolerance: float rounding in the forward puts noise of about {@code 2^-24 * sum|w y| / h}
 * on each difference quotient, and truncation adds {@code O(h^2)}; the check allows
 * {@code atol + rtol * |analytic|} with {@code atol, rtol} chosen per layer above both.
 */
final class GradCheck {
    private GradCheck() {}

    static double loss(Tensor y, float[] w) {
        double s = 0;
        float[] d = y.data();
        for (int i = 0; i < d.length; i++) {
            s += (double) w[i] * d[i];
        }
        return s;
    }

    static float[] randomWeights(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return w;
    }

    /** Checks dL/dx (if {@code checkInput}) and dL/dp for every parameter element. */
    static void check(Layer layer, Tensor x, long seed, float h, double atol, double rtol, boolean checkInput) {
        Tensor y0 = layer.forward(x);
        float[] w = randomWeights(y0.size(), seed);
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        Tensor dx = layer.backward(Tensor.wrap(w.clone(), y0.shape()));
        float[] dxCopy = dx == null ? null : dx.data().clone();
        List<float[]> grads = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            grads.add(p.grad().data().clone());
        }
        if (checkInput) {
            compare(layer, x, x.data(), dxCopy, w, h, atol, rtol, "input");
        }
        int k = 0;
        for (Parameter p : layer.parameters()) {
            compare(layer, x, p.value().data(), grads.get(k++), w, h, atol, rtol, p.name());
        }
    }

    private static void compare(Layer layer, Tensor x, float[] target, float[] analytic, float[] w, float h,
                                double atol, double rtol, String what) {
        for (int i = 0; i < target.length; i++) {
            float orig = target[i];
            float plus = orig + h;
            float minus = orig - h;
            target[i] = plus;
            double lp = loss(layer.forward(x), w);
            target[i] = minus;
            double lm = loss(layer.forward(x), w);
            target[i] = orig;
            double fd = (lp - lm) / ((double) plus - minus);
            double an = analytic[i];
            if (!(Math.abs(fd - an) <= atol + rtol * Math.abs(an))) {
                fail(layer.describe() + ": d/d" + what + "[" + i + "]: finite difference " + fd + ", backward " + an
                        + ", |diff| " + Math.abs(fd - an) + " > " + (atol + rtol * Math.abs(an)));
            }
        }
        layer.forward(x);
    }

    static Tensor randomTensor(long seed, double scale, int... shape) {
        Tensor t = new Tensor(shape);
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return t;
    }
}
