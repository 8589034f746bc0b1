package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearTest {

    /** Forward and all three backward products against a double-precision re-implementation. */
    @Test
    void matchesDoubleReference() {
        int batch = 5;
        int in = 7;
        int out = 4;
        Linear lin = new Linear(in, out, new SplittableRandom(1));
        Tensor x = GradCheck.randomTensor(2, 1.0, batch, in);
        float[] w = lin.weight().value().data();
        float[] b = lin.bias().value().data();
        Tensor y = lin.forward(x);
        assertTrue(y.is2d(batch, out));
        for (int r = 0; r < batch; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += (double) x.data()[r * in + i] * w[o * in + i];
                }
                assertEquals(s, y.data()[r * out + o], 1e-5 * (1 + Math.abs(s)), "y[" + r + "," + o + "]");
            }
        }
        Tensor dy = GradCheck.randomTensor(3, 1.0, batch, out);
        lin.weight().grad().data()[0] = 0.5f; // backward accumulates onto this
        Tensor dx = lin.backward(dy);
        for (int o = 0; o < out; o++) {
            double db = 0;
            for (int r = 0; r < batch; r++) {
                db += dy.data()[r * out + o];
            }
            assertEquals(db, lin.bias().grad().data()[o], 1e-5, "db[" + o + "]");
            for (int i = 0; i < in; i++) {
                double s = o == 0 && i == 0 ? 0.5 : 0;
                for (int r = 0; r < batch; r++) {
                    s += (double) dy.data()[r * out + o] * x.data()[r * in + i];
                }
                assertEquals(s, lin.weight().grad().data()[o * in + i], 1e-5 * (1 + Math.abs(s)), "dW[" + o + "," + i + "]");
            }
        }
        for (int r = 0; r < batch; r++) {
            for (int i = 0; i < in; i++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                    s += (double) dy.data()[r * out + o] * w[o * in + i];
                }
                assertEquals(s, dx.data()[r * in + i], 1e-5 * (1 + Math.abs(s)), "dx[" + r + "," + i + "]");
            }
        }
    }

    @Test
    void finiteDifferences() {
        Linear lin = new Linear(6, 3, new SplittableRandom(4));
        GradCheck.check(lin, GradCheck.randomTensor(5, 1.0, 4, 6), 6, 1e-2f, 2e-3, 1e-2, true);
        Linear noBias = new Linear(5, 2, false, new SplittableRandom(7));
        assertEquals(1, noBias.parameters().size());
        GradCheck.check(noBias, GradCheck.randomTensor(8, 1.0, 3, 5), 9, 1e-2f, 2e-3, 1e-2, true);
    }

    /** PyTorch's default init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias. */
    @Test
    void defaultInitBounds() {
        Linear lin = new Linear(400, 300, new SplittableRandom(10));
        double bound = 1 / Math.sqrt(400);
        double sum = 0;
        double sq = 0;
        for (float v : lin.weight().value().data()) {
            assertTrue(Math.abs(v) <= bound, "weight inside the bound");
            sum += v;
            sq += v * v;
        }
        int n = 400 * 300;
        assertEquals(0, sum / n, 4 * bound / Math.sqrt(3 * n));
        assertEquals(bound * bound / 3, sq / n, 0.02 * bound * bound / 3);
    }

    @Test
    void buffersReusedAndOwnership() {
        Linear lin = new Linear(3, 2, new SplittableRandom(1));
        Tensor y1 = lin.forward(new Tensor(4, 3));
        Tensor y2 = lin.forward(new Tensor(4, 3));
        assertSame(y1, y2, "same batch shape reuses the output buffer");
        Tensor y3 = lin.forward(new Tensor(5, 3));
        assertTrue(y3.is2d(5, 2));
        lin.computeInputGradient(false);
        assertNull(lin.backward(new Tensor(5, 2)), "no input gradient when switched off");
    }

    @Test
    void badShapesAreNamed() {
        Linear lin = new Linear(3, 2, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lin.forward(new Tensor(4, 5)));
        assertTrue(e.getMessage().contains("[batch, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Linear(3, 2, new SplittableRandom(1)).backward(new Tensor(4, 2)));
        lin.forward(new Tensor(4, 3));
        e = assertThrows(IllegalArgumentException.class, () -> lin.backward(new Tensor(4, 3)));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, new SplittableRandom(1)));
    }
}
