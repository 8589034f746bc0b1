package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The GEMM warm-up changes timing only: while it runs on another thread (sharing the pooled
 * workspaces and calling the same kernels), products on this thread give the same bits as before
 * it started, and it finishes without an error.
 */
class GemmWarmUpTest {

    @Test
    void productsDuringTheWarmUpAreBitIdenticalToProductsWithout() throws Exception {
        GemmBlocking blocking = GemmBlocking.forVectorBits(VectorShapes.FLOAT.vectorBitSize());
        SplittableRandom rng = new SplittableRandom(7);
        int[][] shapes = {{13, 37, 29}, {64, 256, 70}, {6, 3 * VectorShapes.LANES, 5}, {31, 17, 300}};
        float[][] as = new float[shapes.length][];
        float[][] bs = new float[shapes.length][];
        float[][] want = new float[shapes.length * 4][];
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0];
            int n = shapes[s][1];
            int k = shapes[s][2];
            as[s] = random(rng, m * k);
            bs[s] = random(rng, k * n);
            for (int t = 0; t < 4; t++) {
                want[s * 4 + t] = product(blocking, as[s], bs[s], m, n, k, t);
            }
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread warm = new Thread(() -> {
            try {
                GemmWarmUp.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        warm.start();
        int rounds = 0;
        do {
            for (int s = 0; s < shapes.length; s++) {
                for (int t = 0; t < 4; t++) {
                    float[] got = product(blocking, as[s], bs[s], shapes[s][0], shapes[s][1], shapes[s][2], t);
                    assertArrayEquals(want[s * 4 + t], got, "shape " + s + " transposes " + t + " round " + rounds);
                }
            }
            rounds++;
        } while (warm.isAlive() || rounds < 2);
        warm.join();
        assertEquals(null, failure.get(), "the warm-up itself failed");
    }

    private static float[] product(GemmBlocking blocking, float[] a, float[] b, int m, int n, int k, int t) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        float[] c = new float[m * n];
        GemmDriver.sgemm(blocking, c, 0, n, a, 0, ta ? m : k, ta, b, 0, tb ? k : n, tb, m, n, k, 1f, 0f);
        return c;
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }
}
