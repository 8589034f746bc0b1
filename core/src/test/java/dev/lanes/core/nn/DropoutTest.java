package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.core.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {

    /** Over 400k ones: survivors are exactly 1/(1-p), the kept fraction is 1-p, the mean stays 1. */
    @Test
    void expectationPreservedInTraining() {
        float p = 0.3f;
        Dropout d = new Dropout(p, new SplittableRandom(42));
        int n = 400_000;
        Tensor x = new Tensor(400, 1000);
        java.util.Arrays.fill(x.data(), 1f);
        float[] y = d.forward(x).data();
        long kept = 0;
        double sum = 0;
        for (float v : y) {
            if (v != 0) {
                kept++;
                assertEquals(1f / (1f - p), v, "survivor scaled by 1/(1-p)");
            }
            sum += v;
        }
        double sd = Math.sqrt(p * (1 - p) / n);
        assertEquals(1 - p, kept / (double) n, 5 * sd, "kept fraction");
        assertEquals(1.0, sum / n, 5 * sd / (1 - p), "mean preserved");
        // backward applies the same mask
        Tensor dy = GradCheck.randomTensor(1, 1.0, 400, 1000);
        float[] dx = d.backward(dy).data();
        for (int i = 0; i < n; i += 997) {
            assertEquals(y[i] * dy.data()[i], dx[i], 1e-6f, "dx = dy * mask");
        }
    }

    @Test
    void identityInEvalAndReproducible() {
        Dropout d = new Dropout(0.5f, new SplittableRandom(1));
        d.train(false);
        Tensor x = GradCheck.randomTensor(2, 1.0, 3, 4);
        assertSame(x, d.forward(x), "eval returns the input itself");
        Tensor dy = GradCheck.randomTensor(3, 1.0, 3, 4);
        assertSame(dy, d.backward(dy));
        float[] a = new Dropout(0.5f, new SplittableRandom(9)).forward(x).data().clone();
        float[] b = new Dropout(0.5f, new SplittableRandom(9)).forward(x).data();
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "same seed, same mask");
        // after eval, training again must not write into the caller's input
        float[] before = x.data().clone();
        d.train(true);
        d.forward(x);
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(x.data()), "input untouched");
    }

    @Test
    void extremes() {
        Tensor x = GradCheck.randomTensor(4, 1.0, 2, 5);
        float[] zero = new Dropout(1f, new SplittableRandom(1)).forward(x).data();
        for (float v : zero) {
            assertEquals(0f, v, 0f, "p = 1 zeroes everything (sign of zero aside)");
        }
        float[] same = new Dropout(0f, new SplittableRandom(1)).forward(x).data();
        for (int i = 0; i < same.length; i++) {
            assertEquals(x.data()[i], same[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f, new SplittableRandom(1)));
    }
}
