package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Cross-entropy on finite logits whose differences overflow float ({@code -3e38 - 3e38 = -inf}):
 * the loss and the gradient stay finite (issue 12, item 5: the SIMD softmax gave NaN there).
 */
class CrossEntropyExtremesTest {

    @Test
    void finiteExtremeLogitsGiveFiniteLossAndGradient() {
        Tensor logits = Tensor.wrap(new float[] {-3e38f, 3e38f, 0f, 1f, 2f, 3f}, 2, 3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        // row 0: label 1 (the maximum): loss 0; row 1: label 2: the usual softmax value
        float l = loss.forward(logits, new int[] {1, 2});
        double row1 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        assertEquals(row1 / 2, l, 1e-6, "mean loss");
        float[] g = loss.backward().data();
        for (int i = 0; i < g.length; i++) {
            assertTrue(Float.isFinite(g[i]), "gradient[" + i + "] = " + g[i]);
        }
        // row 0: softmax is [0, 1, 0], minus the one-hot at 1, halved by the mean
        assertEquals(0f, g[0]);
        assertEquals(0f, g[1]);
        assertEquals(0f, g[2]);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / z / 2, g[3], 1e-7);
        assertEquals((Math.exp(3) / z - 1) / 2, g[5], 1e-7);
    }
}
