package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import org.junit.jupiter.api.Test;

class NormLayersTest {

    /**
     * Hand-derived: feature 0 = {1,3,5,7} (mean 4, biased var 5, unbiased 20/3), feature 1 =
     * {2,2,2,10} (mean 4, biased var 12, unbiased 16).
     */
    @Test
    void batchNormTrainAndEvalHandValues() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 2, 5, 2, 7, 10}, 4, 2);
        float[] y = bn.forward(x).data();
        double eps = 1e-5;
        double[] f0 = {1, 3, 5, 7};
        double[] f1 = {2, 2, 2, 10};
        for (int r = 0; r < 4; r++) {
            assertEquals((f0[r] - 4) / Math.sqrt(5 + eps), y[2 * r], 1e-6, "y[" + r + ",0]");
            assertEquals((f1[r] - 4) / Math.sqrt(12 + eps), y[2 * r + 1], 1e-6, "y[" + r + ",1]");
        }
        // PyTorch: momentum 0.1, running var from the unbiased batch variance
        assertEquals(0.1 * 4, bn.runningMean().data()[0], 1e-6);
        assertEquals(0.1 * 4, bn.runningMean().data()[1], 1e-6);
        assertEquals(0.9 * 1 + 0.1 * 20.0 / 3, bn.runningVar().data()[0], 1e-6);
        assertEquals(0.9 * 1 + 0.1 * 16, bn.runningVar().data()[1], 1e-6);
        // a second step compounds exactly
        bn.forward(x);
        assertEquals(0.9 * 0.4 + 0.1 * 4, bn.runningMean().data()[0], 1e-6);
        assertEquals(0.9 * (0.9 + 0.1 * 20.0 / 3) + 0.1 * 20.0 / 3, bn.runningVar().data()[0], 1e-6);
        // eval uses the running statistics, and does not change them
        bn.train(false);
        float rm0 = bn.runningMean().data()[0];
        float rv0 = bn.runningVar().data()[0];
        float[] ye = bn.forward(x).data();
        for (int r = 0; r < 4; r++) {
            assertEquals((f0[r] - rm0) / Math.sqrt(rv0 + eps), ye[2 * r], 1e-5, "eval y[" + r + ",0]");
        }
        assertEquals(rm0, bn.runningMean().data()[0]);
        assertEquals(rv0, bn.runningVar().data()[0]);
    }

    @Test
    void batchNormAffineAndCustomMomentum() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-3f, 0.5f, true);
        bn.weight().value().data()[0] = 2f;
        bn.bias().value().data()[0] = -1f;
        float[] y = bn.forward(Tensor.wrap(new float[] {0, 2}, 2, 1)).data();
        assertEquals(-1 * 2 / Math.sqrt(1 + 1e-3) - 1, y[0], 1e-6);
        assertEquals(1 * 2 / Math.sqrt(1 + 1e-3) - 1, y[1], 1e-6);
        assertEquals(0.5 * 0 + 0.5 * 1, bn.runningMean().data()[0], 1e-7);
        assertEquals(0.5 * 1 + 0.5 * 2, bn.runningVar().data()[0], 1e-6); // unbiased var of {0,2} = 2
    }

    @Test
    void batchNormFiniteDifferences() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.weight().value().data()[1] = 1.7f;
        bn.bias().value().data()[2] = 0.3f;
        GradCheck.check(bn, GradCheck.randomTensor(21, 2.0, 6, 3), 22, 1e-2f, 3e-3, 1e-2, true);
        BatchNorm1d plain = new BatchNorm1d(4, 1e-5f, 0.1f, false);
        GradCheck.check(plain, GradCheck.randomTensor(23, 2.0, 5, 4), 24, 1e-2f, 3e-3, 1e-2, true);
        // eval mode: the running statistics are constants
        BatchNorm1d ev = new BatchNorm1d(3);
        ev.forward(GradCheck.randomTensor(25, 2.0, 8, 3));
        ev.train(false);
        GradCheck.check(ev, GradCheck.randomTensor(26, 2.0, 3, 3), 27, 1e-2f, 2e-3, 1e-2, true);
    }

    @Test
    void batchNormErrors() {
        BatchNorm1d bn = new BatchNorm1d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(new Tensor(1, 3)));
        assertTrue(e.getMessage().contains("more than 1 value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(new Tensor(4, 2)));
        assertTrue(e.getMessage().contains("[batch, 3]"), e.getMessage());
        bn.train(false);
        assertEquals(3, bn.forward(new Tensor(1, 3)).size(), "eval accepts a single row");
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3, 1e-5f, 2f, true));
    }

    /** Row {1,2,3,4}: mean 2.5, var 1.25; row {-1,-1,-1,-1}: constant, output = beta. */
    @Test
    void layerNormHandValues() {
        LayerNorm ln = new LayerNorm(4);
        ln.bias().value().data()[2] = 0.5f;
        ln.weight().value().data()[3] = 2f;
        float[] y = ln.forward(Tensor.wrap(new float[] {1, 2, 3, 4, -1, -1, -1, -1}, 2, 4)).data();
        double s = Math.sqrt(1.25 + 1e-5);
        assertEquals(-1.5 / s, y[0], 1e-6);
        assertEquals(-0.5 / s, y[1], 1e-6);
        assertEquals(0.5 / s + 0.5, y[2], 1e-6);
        assertEquals(2 * 1.5 / s, y[3], 1e-6);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0}, java.util.Arrays.copyOfRange(y, 4, 8), 1e-6f);
        ln.train(false);
        assertEquals(-1.5 / s, ln.forward(Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 4)).data()[0], 1e-6, "same in eval");
    }

    @Test
    void layerNormFiniteDifferences() {
        LayerNorm ln = new LayerNorm(5);
        ln.weight().value().data()[1] = -0.8f;
        ln.bias().value().data()[4] = 0.2f;
        GradCheck.check(ln, GradCheck.randomTensor(31, 2.0, 3, 5), 32, 1e-2f, 3e-3, 1e-2, true);
        // rank 3 input normalizes the last dim
        GradCheck.check(new LayerNorm(4, 1e-5f, false), GradCheck.randomTensor(33, 2.0, 2, 3, 4), 34, 1e-2f, 3e-3, 1e-2, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(new Tensor(2, 4)));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }
}
