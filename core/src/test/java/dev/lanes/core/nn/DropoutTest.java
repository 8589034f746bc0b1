package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The generator state is (seed, counter): a fresh layer set to a saved counter draws the same
     * masks as the layer that went on, and the old RandomGenerator constructor is the seed drawn
     * once from the generator.
     */
    @Test
    void counterStateRestoresTheMaskSequence() {
        Tensor x = GradCheck.randomTensor(5, 1.0, 7, 13);
        Dropout a = new Dropout(0.4f, 1234L);
        assertEquals(0L, a.counter());
        a.forward(x);
        assertEquals(91L, a.counter(), "one training forward of 7 x 13 draws 91 uniforms");
        long saved = a.counter();
        float[] next1 = a.forward(x).data().clone();
        float[] next2 = a.forward(x).data().clone();

        Dropout b = new Dropout(0.4f, 1234L);
        b.setCounter(saved);
        assertArrayEquals(next1, b.forward(x).data(), "same (seed, counter), same mask");
        assertArrayEquals(next2, b.forward(x).data());
        assertFalse(java.util.Arrays.equals(next1, next2), "successive masks differ");

        // eval mode draws nothing
        b.train(false);
        b.forward(x);
        assertEquals(a.counter(), b.counter());

        long seed = new SplittableRandom(77).nextLong();
        Dropout c = new Dropout(0.4f, new SplittableRandom(77));
        assertEquals(seed, c.seed(), "the old constructor draws its seed once from the generator");
        assertArrayEquals(new Dropout(0.4f, seed).forward(x).data(), c.forward(x).data());
        assertThrows(IllegalArgumentException.class, () -> b.setCounter(-1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(0.5f, (java.util.random.RandomGenerator) null));
    }

    /** The counter-based uniforms: in [0, 1), 24-bit grid, mean 1/2 and variance 1/12 over 10^6 draws. */
    @Test
    void counterBasedUniformsAreUniform() {
        int n = 1_000_000;
        double sum = 0;
        double sq = 0;
        int[] bins = new int[16];
        for (int k = 0; k < n; k++) {
            float u = Dropout.uniform(99L, k);
            assertTrue(u >= 0f && u < 1f, "u in [0, 1): " + u);
            assertEquals(u, (float) (Math.rint(u * 0x1.0p24) * 0x1.0p-24), 0f, "24-bit grid");
            sum += u;
            sq += (double) u * u;
            bins[(int) (u * 16)]++;
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 5 * Math.sqrt(1.0 / 12 / n));
        assertEquals(1.0 / 12, sq / n - mean * mean, 1e-3);
        double expected = n / 16.0;
        double chi2 = 0;
        for (int b : bins) {
            chi2 += (b - expected) * (b - expected) / expected;
        }
        // 15 degrees of freedom: P(chi2 > 40) < 5e-4; the draws are a fixed sequence, so the verdict never changes
        assertTrue(chi2 < 40, "chi-square over 16 bins: " + chi2);
    }
}
