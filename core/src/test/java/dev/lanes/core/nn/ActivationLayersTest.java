package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.core.Tensor;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationLayersTest {

    record Case(ActivationLayer layer, DoubleUnaryOperator f) {}

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Values of exact GELU x * Phi(x) at fixed points (from the normal CDF tables, 16 digits). */
    private static double geluAt(double x) {
        if (x == 1) return 0.8413447460685429;
        if (x == -1) return -0.15865525393145707;
        if (x == 2) return 1.9544997361036416;
        if (x == -0.5) return -0.15426876936299347;
        throw new IllegalArgumentException();
    }

    private static List<Case> elementwise() {
        return List.of(
                new Case(new ReLU(), x -> Math.max(x, 0)),
                new Case(new LeakyReLU(), x -> x > 0 ? x : 0.01 * x),
                new Case(new LeakyReLU(0.2f), x -> x > 0 ? x : (double) 0.2f * x),
                new Case(new ELU(), x -> x > 0 ? x : Math.expm1(x)),
                new Case(new ELU(0.5f), x -> x > 0 ? x : 0.5 * Math.expm1(x)),
                new Case(new SiLU(), x -> x * sigmoid(x)),
                new Case(new Sigmoid(), ActivationLayersTest::sigmoid),
                new Case(new Tanh(), Math::tanh),
                new Case(new Softplus(), x -> x > 20 ? x : Math.log1p(Math.exp(x))),
                new Case(new Softplus(2f, 5f), x -> 2 * x > 5 ? x : Math.log1p(Math.exp(2 * x)) / 2),
                new Case(new GELU(GELU.Approximation.TANH),
                        x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))));
    }

    /** Inputs in [-3, 3] kept at least 0.05 away from the kinks at 0 (and softplus thresholds). */
    private static Tensor inputs(long seed, int... shape) {
        Tensor t = GradCheck.randomTensor(seed, 3.0, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (Math.abs(d[i]) < 0.05f) {
                d[i] = d[i] < 0 ? -0.05f - d[i] : 0.05f + d[i];
            }
            if (Math.abs(d[i] - 2.5f) < 0.05f) {
                d[i] += 0.1f;
            }
        }
        return t;
    }

    @Test
    void forwardMatchesDoubleFormulas() {
        Tensor x = inputs(1, 6, 9);
        for (Case c : elementwise()) {
            float[] y = c.layer().forward(x).data();
            for (int i = 0; i < y.length; i++) {
                double e = c.f().applyAsDouble(x.data()[i]);
                assertEquals(e, y[i], 4e-6 * (1 + Math.abs(e)), c.layer().describe() + " at x = " + x.data()[i]);
            }
        }
        GELU gelu = new GELU();
        float[] g = gelu.forward(Tensor.wrap(new float[] {1, -1, 2, -0.5f}, 4)).data();
        double[] at = {1, -1, 2, -0.5};
        for (int i = 0; i < 4; i++) {
            assertEquals(geluAt(at[i]), g[i], 2e-6, "exact GELU at " + at[i]);
        }
    }

    @Test
    void finiteDifferences() {
        for (Case c : elementwise()) {
            GradCheck.check(c.layer(), inputs(2, 3, 7), 3, 1e-2f, 2e-3, 1e-2, true);
        }
        GradCheck.check(new GELU(), inputs(4, 3, 7), 5, 1e-2f, 2e-3, 1e-2, true);
        GradCheck.check(new Softmax(), inputs(6, 4, 5), 7, 1e-2f, 2e-3, 1e-2, true);
        GradCheck.check(new LogSoftmax(), inputs(8, 4, 5), 9, 1e-2f, 2e-3, 1e-2, true);
    }

    @Test
    void softmaxRowsAndLogSoftmax() {
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 1000, 1000, 1000}, 2, 3);
        float[] s = new Softmax().forward(x).data();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / z, s[0], 1e-6);
        assertEquals(Math.exp(3) / z, s[2], 1e-6);
        assertEquals(1.0 / 3, s[4], 1e-6, "stable for large logits");
        float[] l = new LogSoftmax().forward(x).data();
        assertEquals(1 - Math.log(z), l[0], 1e-5);
        assertEquals(-Math.log(3), l[5], 1e-5);
    }

    @Test
    void backwardChecksShapesAndOrder() {
        ReLU r = new ReLU();
        assertThrows(IllegalStateException.class, () -> r.backward(new Tensor(2, 2)));
        Tensor y = r.forward(new Tensor(2, 2));
        assertSame(y, r.forward(new Tensor(2, 2)), "buffer reused for the same shape");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.backward(new Tensor(2, 3)));
        assertEquals("ReLU: gradOutput must have the output's shape [2, 2], got [2, 3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Softplus(0f, 20f));
    }
}
