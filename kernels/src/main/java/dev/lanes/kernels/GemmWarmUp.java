package dev.lanes.kernels;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Starts C2 on the SGEMM code before a training run needs it: one daemon thread, started once when
 * the SIMD set is chosen, calls every register-tile kernel of this vector width on tiny tiles
 * (k = 1..3) and then a few small products through the driver and the packing (NN, NT, TN;
 * beta 0 and 1; full and edge panels), and ends.
 *
 * <p>Why: until C2 has compiled a kernel, its Vector API calls run as Java fallbacks (boxed
 * vectors, lambdas) tens of times slower than scalar code, and the JIT's thresholds count calls
 * and loop iterations. A training step calls the kernels with k in the hundreds, so in a fresh JVM
 * the first steps spend seconds reaching those counts. Here each call costs a few microseconds
 * even uncompiled, so the kernels reach C2's queue within the first step, and as ordinary
 * compiles rather than the on-stack replacements a long first call triggers (docs/ARCHITECTURE.md,
 * "Warm-up").
 *
 * <p>It touches only its own arrays and the pooled workspaces, and the kernels' results do not
 * depend on how they were compiled (README, "Reproducibility"), so it changes timing only. Off
 * with {@code -Dlanes.warmup=false}.
 */
final class GemmWarmUp {
    private static final System.Logger LOG = System.getLogger("dev.lanes.kernels");
    /** Calls per kernel case: above HotSpot's default tier-4 invocation threshold (5,000). */
    static final int KERNEL_CALLS = 6000;
    /** Rounds of small products through the driver (packing, tile dispatch). */
    static final int PRODUCT_ROUNDS = 300;

    private GemmWarmUp() {}

    /** Starts the warm-up thread (daemon, lowest priority); {@link Kernels} checks the property. */
    static void start() {
        Thread t = new Thread(GemmWarmUp::runLogged, "lanes-gemm-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void runLogged() {
        long t0 = System.nanoTime();
        try {
            run();
            LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT, "lanes: GEMM warm-up done in %.0f ms",
                    (System.nanoTime() - t0) / 1e6));
        } catch (RuntimeException | Error e) {
            // Timing only: a failure here must not reach the application; the same code fails
            // loudly when the application calls it.
            LOG.log(Level.DEBUG, "lanes: GEMM warm-up stopped", e);
        }
    }

    /** The warm-up itself, on the calling thread. */
    static void run() {
        int l = VectorShapes.LANES;
        int nr = GemmDriver.NR;
        int mr = GemmDriver.MR;
        int kMax = 3;
        int ldc = 2 * nr;
        float[] a = filled(mr * kMax + l);
        float[] pb = filled(nr * kMax + l);
        float[] c = new float[(mr + 1) * ldc];
        float[] tile = new float[mr * nr];
        // Each kernel (3, 2 and 1 vectors wide), its full and partial panels, beta 0 and 1, full
        // and short tiles: one loop per kernel, so each gets its calls in one stretch.
        for (int nv = 3; nv >= 1; nv--) {
            for (int i = 0; i < KERNEL_CALLS; i++) {
                int kc = 1 + i % kMax;
                int w = (i & 1) == 0 ? nv * l : nv * l - 1;
                float beta = (i & 2) == 0 ? 0f : 1f;
                int rows = (i & 4) == 0 ? mr : mr - 1;
                if (GemmDriver.DIRECT_A) {
                    GemmDriver.tileDirect(a, 0, kMax, pb, 0, kc, c, 0, ldc, 1f, beta, rows, w, tile);
                }
                GemmDriver.tilePacked(a, 0, pb, 0, kc, c, 0, ldc, 1f, beta, rows, w, tile);
            }
        }
        GemmBlocking blocking = GemmBlocking.forVectorBits(VectorShapes.FLOAT.vectorBitSize());
        int m = 2 * mr + 1;
        int k = 17;
        int n = nr + 2 * l + 3;
        float[] pa = filled(m * k + l);
        float[] b = filled(k * n + l);
        float[] out = new float[m * n];
        for (int round = 0; round < PRODUCT_ROUNDS; round++) {
            float beta = (round & 1) == 0 ? 0f : 1f;
            GemmDriver.sgemm(blocking, out, 0, n, pa, 0, k, false, b, 0, n, false, m, n, k, 1f, beta);
            GemmDriver.sgemm(blocking, out, 0, n, pa, 0, k, false, b, 0, k, true, m, n, k, 1f, beta);
            GemmDriver.sgemm(blocking, out, 0, n, pa, 0, m, true, b, 0, n, false, m, n, k, 1f, beta);
        }
    }

    private static float[] filled(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 7 - 3) * 0.25f;
        }
        return x;
    }
}
