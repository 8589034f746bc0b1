package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class LossesTest {

    /** Central differences of a float loss; the actual float step is used. */
    private static void fdCheck(float[] x, float[] analytic, DoubleSupplier loss, float h, double atol, double rtol, String what) {
        for (int i = 0; i < x.length; i++) {
            float o = x[i];
            float p = o + h;
            float m = o - h;
            x[i] = p;
            double lp = loss.getAsDouble();
            x[i] = m;
            double lm = loss.getAsDouble();
            x[i] = o;
            double fd = (lp - lm) / ((double) p - m);
            assertEquals(fd, analytic[i], atol + rtol * Math.abs(analytic[i]), what + "[" + i + "]");
        }
    }

    @Test
    void mseValueAndGradient() {
        Tensor pred = Tensor.wrap(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor target = Tensor.wrap(new float[] {0, 2, 5, 3}, 2, 2);
        MSELoss mse = new MSELoss();
        assertEquals((1 + 0 + 4 + 1) / 4.0, mse.forward(pred, target), 1e-7);
        float[] g = mse.backward().data();
        assertEquals(2 * 1 / 4.0, g[0], 1e-7);
        assertEquals(2 * -2 / 4.0, g[2], 1e-7);
        MSELoss sum = new MSELoss(Reduction.SUM);
        assertEquals(6.0, sum.forward(pred, target), 1e-6);
        Tensor p2 = GradCheck.randomTensor(1, 2.0, 3, 4);
        Tensor t2 = GradCheck.randomTensor(2, 2.0, 3, 4);
        mse.forward(p2, t2);
        float[] an = mse.backward().data().clone();
        fdCheck(p2.data(), an, () -> mse.forward(p2, t2), 1e-2f, 1e-4, 1e-3, "dMSE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mse.forward(pred, new Tensor(4)));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    private static double referenceCe(float[] logits, int[] labels, int n, int c, double s, boolean mean) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, logits[r * c + j]);
            double z = 0;
            for (int j = 0; j < c; j++) z += Math.exp(logits[r * c + j] - max);
            double lse = max + Math.log(z);
            for (int j = 0; j < c; j++) {
                double q = (j == labels[r] ? 1 - s : 0) + s / c;
                total -= q * (logits[r * c + j] - lse);
            }
        }
        return mean ? total / n : total;
    }

    @Test
    void crossEntropyMatchesReferenceAndFiniteDifferences() {
        int n = 5;
        int c = 4;
        int[] labels = {0, 3, 1, 1, 2};
        for (float s : new float[] {0f, 0.1f, 0.3f}) {
            for (Reduction red : Reduction.values()) {
                Tensor logits = GradCheck.randomTensor(11, 3.0, n, c);
                CrossEntropyLoss ce = new CrossEntropyLoss(red, s);
                float loss = ce.forward(logits, labels);
                double ref = referenceCe(logits.data(), labels, n, c, s, red == Reduction.MEAN);
                assertEquals(ref, loss, 1e-5 * (1 + Math.abs(ref)), "loss s=" + s + " " + red);
                float[] an = ce.backward().data().clone();
                // the analytic formula (softmax - q) / N, in double
                for (int r = 0; r < n; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < c; j++) max = Math.max(max, logits.data()[r * c + j]);
                    double z = 0;
                    for (int j = 0; j < c; j++) z += Math.exp(logits.data()[r * c + j] - max);
                    for (int j = 0; j < c; j++) {
                        double g = Math.exp(logits.data()[r * c + j] - max) / z - ((j == labels[r] ? 1 - s : 0) + s / c);
                        if (red == Reduction.MEAN) g /= n;
                        assertEquals(g, an[r * c + j], 1e-6, "dlogits[" + r + "," + j + "]");
                    }
                }
                fdCheck(logits.data(), an, () -> ce.forward(logits, labels), 1e-2f, 2e-4, 1e-2, "dCE");
            }
        }
    }

    /** cross_entropy([[2, 1, 0.1]], [0]) = logsumexp - 2, with and without smoothing, from the documented formula. */
    @Test
    void crossEntropyKnownValue() {
        Tensor logits = Tensor.wrap(new float[] {2f, 1f, 0.1f}, 1, 3);
        double lse = Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.1));
        assertEquals(lse - 2, new CrossEntropyLoss().forward(logits, new int[] {0}), 1e-6);
        double smooth = 0.9 * (lse - 2) + 0.1 / 3 * (3 * lse - 2 - 1 - 0.1);
        assertEquals(smooth, new CrossEntropyLoss(Reduction.MEAN, 0.1f).forward(logits, new int[] {0}), 1e-6);
    }

    /**
     * Issue 12 item 9: changing the caller's label array between forward and backward changes
     * nothing (before: an ArrayIndexOutOfBoundsException from inside backward, or a silently
     * wrong gradient for an in-range change).
     */
    @Test
    void crossEntropyBackwardUsesTheLabelsOfItsForward() {
        Tensor logits = GradCheck.randomTensor(3, 2.0, 4, 5);
        int[] labels = {1, 0, 4, 2};
        CrossEntropyLoss reference = new CrossEntropyLoss(Reduction.MEAN, 0.1f);
        reference.forward(logits, labels.clone());
        float[] expected = reference.backward().data().clone();
        for (int changed : new int[] {99, -1, 3}) {
            CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0.1f);
            int[] mine = labels.clone();
            loss.forward(logits, mine);
            mine[2] = changed;
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, loss.backward().data(), "labels[2] = " + changed);
        }
    }

    @Test
    void crossEntropyBadLabelsAndShapes() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Tensor logits = new Tensor(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ce.forward(logits, new int[] {0, 3}));
        assertEquals("CrossEntropyLoss: labels[1] must be a class index in [0, 3), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ce.forward(logits, new int[] {-1, 0}));
        assertTrue(e.getMessage().contains("labels[0]") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ce.forward(logits, new int[] {0}));
        assertTrue(e.getMessage().contains("(2)") && e.getMessage().contains("got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ce.forward(new Tensor(6), new int[] {0}));
        assertTrue(e.getMessage().contains("[6]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new CrossEntropyLoss().backward());
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(Reduction.MEAN, 1.5f));
    }

    @Test
    void bceWithLogitsStableAndGradient() {
        Tensor x = Tensor.wrap(new float[] {0.5f, -2f, 100f, -100f, 3f, 0f}, 2, 3);
        Tensor t = Tensor.wrap(new float[] {1f, 0f, 1f, 0f, 0.25f, 1f}, 2, 3);
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss();
        double ref = 0;
        for (int i = 0; i < 6; i++) {
            double xi = x.data()[i];
            double ti = t.data()[i];
            ref += Math.max(xi, 0) - xi * ti + Math.log1p(Math.exp(-Math.abs(xi)));
        }
        assertEquals(ref / 6, bce.forward(x, t), 1e-6, "stable for |x| = 100");
        float[] g = bce.backward().data();
        for (int i = 0; i < 6; i++) {
            double s = 1 / (1 + Math.exp(-x.data()[i]));
            assertEquals((s - t.data()[i]) / 6, g[i], 1e-7, "dx[" + i + "]");
        }
        Tensor x2 = GradCheck.randomTensor(5, 4.0, 3, 4);
        Tensor t2 = GradCheck.randomTensor(6, 0.5, 3, 4);
        for (int i = 0; i < t2.size(); i++) t2.data()[i] += 0.5f;
        BCEWithLogitsLoss sum = new BCEWithLogitsLoss(Reduction.SUM);
        sum.forward(x2, t2);
        float[] an = sum.backward().data().clone();
        fdCheck(x2.data(), an, () -> sum.forward(x2, t2), 1e-2f, 2e-4, 1e-2, "dBCE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bce.forward(x, Tensor.wrap(new float[] {0, 0, 2, 0, 0, 0}, 2, 3)));
        assertTrue(e.getMessage().contains("targets[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bce.forward(x, new Tensor(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}
