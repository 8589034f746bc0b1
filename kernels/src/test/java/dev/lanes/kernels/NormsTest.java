package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Norms: SIMD vs scalar twin, scalar twin vs a double-precision reference, finite-difference
 * checks of both backwards, and argument checks.
 *
 * <p>Tolerances. Let {@code u = 2^-24}. The SIMD set sums batch-norm columns in float in chunks of
 * 64 rows ({@code (64 + B/64)} roundings per sum) and layer-norm rows over {@code LANES} partial
 * sums ({@code C/LANES + log2 LANES} roundings). So an output is allowed to differ from the scalar
 * twin by {@code TOL(n) * scale}, {@code TOL(n) = 8 u (64 + n/64 + 16)} for batch norm and
 * {@code 8 u (n/LANES + 64)} for layer norm, where {@code scale} is the size of the terms that
 * formed it: for y, {@code |gamma| * rstd * max|x - mean| + |beta| + |y|}; for dx, dgamma, dbeta,
 * {@code rstd * |gamma| * sum|dy| ...} (see each check). The scalar twin (double sums) must match
 * the double reference within {@code 8 u} of the same scale.
 */
class NormsTest {
    private static final Norms SCALAR = new ScalarNorms();
    private static final Norms SIMD = new SimdNorms();
    private static final int L = VectorShapes.LANES;
    private static final double U = Math.ulp(1f) / 2;

    // ------------------------------------------------------------------ data

    private static float[] randomArray(SplittableRandom rnd, int n, float scale, float center) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = center + scale * (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** An array of length off+n+pad filled with garbage outside the window. */
    private static float[] padded(SplittableRandom rnd, float[] window, int off, int pad) {
        float[] a = new float[off + window.length + pad];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1e6f + i;
        }
        System.arraycopy(window, 0, a, off, window.length);
        return a;
    }

    private static int featureSize(SplittableRandom rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(5000) + 1 : rnd.nextInt(4 * L + 3);
    }

    // ------------------------------------------------------------------ double references

    /** {y, mean, var(biased)} in double for batch norm with batch statistics. */
    static double[][] bnRef(float[] x, float[] g, float[] b, double eps, int batch, int features) {
        double[] y = new double[batch * features];
        double[] mean = new double[features];
        double[] var = new double[features];
        for (int f = 0; f < features; f++) {
            double s = 0;
            for (int r = 0; r < batch; r++) s += x[r * features + f];
            double m = s / batch;
            double v = 0;
            for (int r = 0; r < batch; r++) {
                double d = x[r * features + f] - m;
                v += d * d;
            }
            v /= batch;
            mean[f] = m;
            var[f] = v;
            for (int r = 0; r < batch; r++) {
                y[r * features + f] = (x[r * features + f] - m) / Math.sqrt(v + eps) * g[f] + b[f];
            }
        }
        return new double[][] {y, mean, var};
    }

    static double[][] lnRef(float[] x, float[] g, float[] b, double eps, int rows, int cols) {
        double[] y = new double[rows * cols];
        double[] mean = new double[rows];
        double[] var = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) s += x[r * cols + c];
            double m = s / cols;
            double v = 0;
            for (int c = 0; c < cols; c++) {
                double d = x[r * cols + c] - m;
                v += d * d;
            }
            v /= cols;
            mean[r] = m;
            var[r] = v;
            for (int c = 0; c < cols; c++) {
                y[r * cols + c] = (x[r * cols + c] - m) / Math.sqrt(v + eps) * g[c] + b[c];
            }
        }
        return new double[][] {y, mean, var};
    }

    // ------------------------------------------------------------------ batch norm forward

    private static double bnTol(int batch) {
        return 8 * U * (64 + batch / 64.0 + 16);
    }

    @Test
    void batchNormTrainSimdMatchesScalarAndReference() {
        qt().withExamples(300).forAll(integers().between(2, 300), longs().all()).checkAssert((batch, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int features = featureSize(rnd);
            if ((long) batch * features > 200_000) {
                batch = Math.max(2, 200_000 / Math.max(1, features));
            }
            checkBatchNormTrain(rnd, batch, features);
        });
    }

    @Test
    void batchNormTrainEveryTailResidue() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int features = 0; features <= 4 * L + 2; features++) {
            for (int batch : new int[] {2, 3, 17, 64, 65, 130}) {
                checkBatchNormTrain(rnd, batch, features);
            }
        }
        // a batch so large that the SIMD column blocks shrink to one vector
        checkBatchNormTrain(rnd, 4500, 2 * L + 5);
        checkBatchNormBackward(rnd, 4500, 2 * L + 5, true);
    }

    private static void checkBatchNormTrain(SplittableRandom rnd, int batch, int features) {
        int n = batch * features;
        float center = rnd.nextInt(3) == 0 ? 20f : 0f;
        float[] x0 = randomArray(rnd, n, 3f, center);
        float[] g0 = randomArray(rnd, features, 2f, 0f);
        float[] b0 = randomArray(rnd, features, 1f, 0f);
        float[] rm0 = randomArray(rnd, features, 1f, 0f);
        float[] rv0 = randomArray(rnd, features, 0.5f, 1f);
        float eps = 1e-5f;
        float momentum = 0.1f;
        int[] offs = {rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(5), rnd.nextInt(5)};
        float[][] out = new float[2][];
        float[][] stats = new float[2][];
        float[][] running = new float[2][];
        int k = 0;
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            float[] y = new float[offs[0] + n + 3];
            float[] mean = new float[offs[1] + features];
            float[] rstd = new float[offs[2] + features];
            float[] rm = padded(rnd, rm0, offs[3], 2);
            float[] rv = padded(rnd, rv0, offs[4], 2);
            float[] x = padded(rnd, x0, 1, 1);
            float[] g = padded(rnd, g0, 2, 0);
            float[] b = padded(rnd, b0, 0, 1);
            impl.batchNormTrain(y, offs[0], mean, offs[1], rstd, offs[2], rm, offs[3], rv, offs[4],
                    x, 1, g, 2, b, 0, momentum, eps, batch, features);
            out[k] = java.util.Arrays.copyOfRange(y, offs[0], offs[0] + n);
            stats[k] = concat(java.util.Arrays.copyOfRange(mean, offs[1], offs[1] + features),
                    java.util.Arrays.copyOfRange(rstd, offs[2], offs[2] + features));
            running[k] = concat(java.util.Arrays.copyOfRange(rm, offs[3], offs[3] + features),
                    java.util.Arrays.copyOfRange(rv, offs[4], offs[4] + features));
            // nothing outside the windows was touched
            for (int i = offs[0] + n; i < y.length; i++) assertEquals(0f, y[i], "y after its window untouched");
            for (int i = 0; i < offs[3]; i++) assertEquals(1e6f + i, rm[i], "runningMean before its window");
            k++;
        }
        double[][] ref = bnRef(x0, g0, b0, eps, batch, features);
        double tol = bnTol(batch);
        for (int f = 0; f < features; f++) {
            double maxDev = 0;
            for (int r = 0; r < batch; r++) maxDev = Math.max(maxDev, Math.abs(x0[r * features + f] - ref[1][f]));
            double rstdRef = 1 / Math.sqrt(ref[2][f] + eps);
            double scaleY = Math.abs(g0[f]) * rstdRef * (maxDev + Math.abs(ref[1][f])) + Math.abs(b0[f]);
            for (int r = 0; r < batch; r++) {
                int i = r * features + f;
                double yr = ref[0][i];
                near(yr, out[0][i], 8 * U * (scaleY + Math.abs(yr)) * 4, "scalar y vs double", batch, features, i);
                near(out[0][i], out[1][i], tol * (scaleY + Math.abs(yr)) * 4, "simd y vs scalar", batch, features, i);
            }
            double unbiased = ref[2][f] * batch / (batch - 1);
            double rmExp = 0.9 * rm0[f] + 0.1 * ref[1][f];
            double rvExp = 0.9 * rv0[f] + 0.1 * unbiased;
            near(rmExp, running[0][f], 8 * U * (Math.abs(rm0[f]) + Math.abs(ref[1][f]) + maxDev), "scalar runningMean", batch, features, f);
            near(rvExp, running[0][features + f], 8 * U * (Math.abs(rv0[f]) + unbiased), "scalar runningVar", batch, features, f);
            near(running[0][f], running[1][f], tol * (Math.abs(rm0[f]) + Math.abs(ref[1][f]) + maxDev), "simd runningMean", batch, features, f);
            near(running[0][features + f], running[1][features + f], tol * 4 * (Math.abs(rv0[f]) + unbiased + rstdRef * 0), "simd runningVar", batch, features, f);
            near(rstdRef, stats[0][features + f], 8 * U * rstdRef, "scalar rstd", batch, features, f);
            near(stats[0][features + f], stats[1][features + f], tol * 4 * rstdRef * (1 + Math.abs(ref[1][f]) / Math.max(maxDev, 1e-30)), "simd rstd", batch, features, f);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void near(double expected, double actual, double tol, String what, int d0, int d1, int i) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) return;
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + " at " + i + " (" + d0 + " x " + d1 + "): expected " + expected + ", got " + actual
                    + ", |diff| " + Math.abs(expected - actual) + " > tol " + tol);
        }
    }

    @Test
    void batchNormEvalSimdMatchesScalarAndReference() {
        qt().withExamples(200).forAll(integers().between(0, 200), longs().all()).checkAssert((batch, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int features = featureSize(rnd);
            if ((long) batch * features > 200_000) batch = 200_000 / Math.max(1, features);
            int n = batch * features;
            float[] x = randomArray(rnd, n, 3f, 1f);
            float[] g = randomArray(rnd, features, 2f, 0f);
            float[] b = randomArray(rnd, features, 1f, 0f);
            float[] rm = randomArray(rnd, features, 1f, 0f);
            float[] rv = randomArray(rnd, features, 0.5f, 1f);
            float eps = 1e-3f;
            int off = rnd.nextInt(4);
            float[][] ys = new float[2][];
            float[][] rs = new float[2][];
            int k = 0;
            for (Norms impl : new Norms[] {SCALAR, SIMD}) {
                float[] y = new float[n + off];
                float[] mean = new float[features];
                float[] rstd = new float[features + off];
                impl.batchNormEval(y, off, mean, 0, rstd, off, padded(rnd, x, off, 0), off, rm, 0, rv, 0, g, 0, b, 0, eps, batch, features);
                for (int f = 0; f < features; f++) assertEquals(rm[f], mean[f], "eval mean is the running mean");
                ys[k] = java.util.Arrays.copyOfRange(y, off, off + n);
                rs[k] = java.util.Arrays.copyOfRange(rstd, off, off + features);
                k++;
            }
            for (int f = 0; f < features; f++) {
                double r = 1 / Math.sqrt((double) rv[f] + eps);
                near(r, rs[0][f], 4 * U * r, "scalar eval rstd", batch, features, f);
                near(r, rs[1][f], 8 * U * r, "simd eval rstd", batch, features, f);
                for (int row = 0; row < batch; row++) {
                    int i = row * features + f;
                    double yr = (x[i] - (double) rm[f]) * r * g[f] + b[f];
                    double scale = Math.abs(x[i] - rm[f]) * r * Math.abs(g[f]) + Math.abs(b[f]) + Math.abs(rm[f]) * r * Math.abs(g[f]);
                    near(yr, ys[0][i], 8 * U * scale, "scalar eval y", batch, features, i);
                    near(yr, ys[1][i], 12 * U * scale, "simd eval y", batch, features, i);
                }
            }
        });
    }

    // ------------------------------------------------------------------ batch norm backward

    @Test
    void batchNormBackwardSimdMatchesScalar() {
        qt().withExamples(300).forAll(integers().between(1, 300), longs().all()).checkAssert((batch, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int features = featureSize(rnd);
            if ((long) batch * features > 200_000) batch = Math.max(1, 200_000 / Math.max(1, features));
            checkBatchNormBackward(rnd, batch, features, rnd.nextBoolean());
        });
        SplittableRandom rnd = new SplittableRandom(5);
        for (int features = 0; features <= 4 * L + 2; features++) {
            checkBatchNormBackward(rnd, 33, features, true);
            checkBatchNormBackward(rnd, 5, features, false);
        }
    }

    private static void checkBatchNormBackward(SplittableRandom rnd, int batch, int features, boolean batchStats) {
        int n = batch * features;
        float[] x = randomArray(rnd, n, 2f, 0.5f);
        float[] dy = randomArray(rnd, n, 1f, 0f);
        float[] g = randomArray(rnd, features, 2f, 0f);
        float[] mean = new float[features];
        float[] rstd = new float[features];
        double[][] ref = bnRef(x, g, new float[features], 1e-5, batch, features);
        for (int f = 0; f < features; f++) {
            mean[f] = (float) ref[1][f];
            rstd[f] = (float) (1 / Math.sqrt(ref[2][f] + 1e-5));
        }
        float[] dx0 = randomArray(rnd, n, 1f, 0f);
        float[] dg0 = randomArray(rnd, features, 1f, 0f);
        float[] db0 = randomArray(rnd, features, 1f, 0f);
        float[][] res = new float[2][];
        int k = 0;
        int off = rnd.nextInt(3);
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            float[] dx = padded(rnd, dx0, off, 1);
            float[] dg = dg0.clone();
            float[] db = padded(rnd, db0, off, 0);
            impl.batchNormBackward(dx, off, dg, 0, db, off, padded(rnd, dy, 1, 0), 1, x, 0, mean, 0,
                    padded(rnd, rstd, off, 2), off, g, 0, batchStats, batch, features);
            res[k++] = concat(concat(java.util.Arrays.copyOfRange(dx, off, off + n), dg),
                    java.util.Arrays.copyOfRange(db, off, off + features));
        }
        double tol = bnTol(batch);
        for (int f = 0; f < features; f++) {
            double sAbs = 0;
            double sAbsX = 0;
            for (int r = 0; r < batch; r++) {
                int i = r * features + f;
                sAbs += Math.abs(dy[i]);
                sAbsX += Math.abs(dy[i] * (x[i] - mean[f]) * rstd[f]);
            }
            near(res[0][n + f], res[1][n + f], tol * 2 * (sAbsX + Math.abs(dg0[f])), "dgamma", batch, features, f);
            near(res[0][n + features + f], res[1][n + features + f], tol * 2 * (sAbs + Math.abs(db0[f])), "dbeta", batch, features, f);
            for (int r = 0; r < batch; r++) {
                int i = r * features + f;
                double xhat = Math.abs((x[i] - mean[f]) * rstd[f]);
                double scale = Math.abs(g[f]) * rstd[f] * (Math.abs(dy[i]) + (sAbs + xhat * sAbsX) / batch) + Math.abs(dx0[i]);
                near(res[0][i], res[1][i], tol * 4 * scale, "dx", batch, features, i);
            }
        }
    }

    /** dL/dx, dL/dgamma, dL/dbeta of L = sum w * y by central differences on the double reference. */
    @Test
    void batchNormBackwardMatchesFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            for (boolean train : new boolean[] {true, false}) {
                int batch = 7;
                int features = L + 3;
                int n = batch * features;
                float[] x = randomArray(rnd, n, 2f, 0.3f);
                float[] g = randomArray(rnd, features, 1.5f, 0f);
                float[] b = randomArray(rnd, features, 1f, 0f);
                float[] w = randomArray(rnd, n, 1f, 0f);
                float[] rm = randomArray(rnd, features, 0.5f, 0f);
                float[] rv = randomArray(rnd, features, 0.5f, 1f);
                double eps = 1e-3;
                float[] y = new float[n];
                float[] mean = new float[features];
                float[] rstd = new float[features];
                if (train) {
                    impl.batchNormTrain(y, 0, mean, 0, rstd, 0, rm.clone(), 0, rv.clone(), 0, x, 0, g, 0, b, 0, 0.1f, (float) eps, batch, features);
                } else {
                    impl.batchNormEval(y, 0, mean, 0, rstd, 0, x, 0, rm, 0, rv, 0, g, 0, b, 0, (float) eps, batch, features);
                }
                float[] dx = new float[n];
                float[] dg = new float[features];
                float[] db = new float[features];
                impl.batchNormBackward(dx, 0, dg, 0, db, 0, w, 0, x, 0, mean, 0, rstd, 0, g, 0, train, batch, features);
                double h = 1e-3;
                for (int i = 0; i < n; i++) {
                    double fd = (bnLoss(x, i, h, g, -1, 0, b, w, eps, batch, features, train, rm, rv)
                            - bnLoss(x, i, -h, g, -1, 0, b, w, eps, batch, features, train, rm, rv)) / (2 * h);
                    assertEquals(fd, dx[i], 2e-4 * (1 + Math.abs(fd)), impl + " train=" + train + " dx[" + i + "]");
                }
                for (int f = 0; f < features; f++) {
                    double fd = (bnLoss(x, -1, 0, g, f, h, b, w, eps, batch, features, train, rm, rv)
                            - bnLoss(x, -1, 0, g, f, -h, b, w, eps, batch, features, train, rm, rv)) / (2 * h);
                    assertEquals(fd, dg[f], 2e-4 * (1 + Math.abs(fd)), "dgamma[" + f + "]");
                    double sw = 0;
                    for (int r = 0; r < batch; r++) sw += w[r * features + f];
                    assertEquals(sw, db[f], 1e-5 * (1 + Math.abs(sw)), "dbeta[" + f + "]");
                }
            }
        }
    }

    private static double bnLoss(float[] x, int xi, double hx, float[] g, int gi, double hg, float[] b, float[] w,
                                 double eps, int batch, int features, boolean train, float[] rm, float[] rv) {
        double loss = 0;
        for (int f = 0; f < features; f++) {
            double[] col = new double[batch];
            for (int r = 0; r < batch; r++) {
                int i = r * features + f;
                col[r] = x[i] + (i == xi ? hx : 0);
            }
            double m;
            double v;
            if (train) {
                m = 0;
                for (double c : col) m += c;
                m /= batch;
                v = 0;
                for (double c : col) v += (c - m) * (c - m);
                v /= batch;
            } else {
                m = rm[f];
                v = rv[f];
            }
            double gf = g[f] + (f == gi ? hg : 0);
            for (int r = 0; r < batch; r++) {
                loss += w[r * features + f] * ((col[r] - m) / Math.sqrt(v + eps) * gf + b[f]);
            }
        }
        return loss;
    }

    // ------------------------------------------------------------------ layer norm

    private static double lnTol(int cols) {
        return 8 * U * (cols / (double) L + 64);
    }

    @Test
    void layerNormSimdMatchesScalarAndReference() {
        qt().withExamples(300).forAll(integers().between(0, 100), longs().all()).checkAssert((rows, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int cols = Math.max(1, featureSize(rnd));
            if ((long) rows * cols > 200_000) rows = 200_000 / cols;
            checkLayerNorm(rnd, rows, cols);
        });
        SplittableRandom rnd = new SplittableRandom(3);
        for (int cols = 1; cols <= 4 * L + 2; cols++) {
            checkLayerNorm(rnd, 3, cols);
        }
    }

    private static void checkLayerNorm(SplittableRandom rnd, int rows, int cols) {
        int n = rows * cols;
        float[] x = randomArray(rnd, n, 3f, rnd.nextBoolean() ? 10f : 0f);
        float[] g = randomArray(rnd, cols, 2f, 0f);
        float[] b = randomArray(rnd, cols, 1f, 0f);
        float eps = 1e-5f;
        int off = rnd.nextInt(4);
        float[][] ys = new float[2][];
        float[][] st = new float[2][];
        int k = 0;
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            float[] y = new float[off + n];
            float[] mean = new float[off + rows];
            float[] rstd = new float[rows];
            impl.layerNorm(y, off, mean, off, rstd, 0, padded(rnd, x, off, 3), off, padded(rnd, g, 1, 0), 1, b, 0, eps, rows, cols);
            ys[k] = java.util.Arrays.copyOfRange(y, off, off + n);
            st[k] = concat(java.util.Arrays.copyOfRange(mean, off, off + rows), rstd);
            k++;
        }
        double[][] ref = lnRef(x, g, b, eps, rows, cols);
        double tol = lnTol(cols);
        for (int r = 0; r < rows; r++) {
            double maxDev = 0;
            for (int c = 0; c < cols; c++) maxDev = Math.max(maxDev, Math.abs(x[r * cols + c] - ref[1][r]));
            double rs = 1 / Math.sqrt(ref[2][r] + eps);
            near(rs, st[0][rows + r], 8 * U * rs, "scalar rstd", rows, cols, r);
            double relMean = (Math.abs(ref[1][r]) + maxDev) / Math.max(maxDev, 1e-30);
            near(st[0][rows + r], st[1][rows + r], tol * 4 * rs * relMean, "simd rstd", rows, cols, r);
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double scale = Math.abs(g[c]) * rs * (maxDev + Math.abs(ref[1][r])) + Math.abs(b[c]) + Math.abs(ref[0][i]);
                near(ref[0][i], ys[0][i], 16 * U * scale, "scalar y vs double", rows, cols, i);
                near(ys[0][i], ys[1][i], tol * 4 * scale, "simd y vs scalar", rows, cols, i);
            }
        }
    }

    @Test
    void layerNormBackwardSimdMatchesScalar() {
        qt().withExamples(300).forAll(integers().between(0, 60), longs().all()).checkAssert((rows, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int cols = Math.max(1, featureSize(rnd));
            if ((long) rows * cols > 200_000) rows = 200_000 / cols;
            checkLayerNormBackward(rnd, rows, cols);
        });
        SplittableRandom rnd = new SplittableRandom(8);
        for (int cols = 1; cols <= 4 * L + 2; cols++) {
            checkLayerNormBackward(rnd, 4, cols);
        }
    }

    private static void checkLayerNormBackward(SplittableRandom rnd, int rows, int cols) {
        int n = rows * cols;
        float[] x = randomArray(rnd, n, 2f, 0.5f);
        float[] dy = randomArray(rnd, n, 1f, 0f);
        float[] g = randomArray(rnd, cols, 2f, 0f);
        double[][] ref = lnRef(x, g, new float[cols], 1e-5, rows, cols);
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        for (int r = 0; r < rows; r++) {
            mean[r] = (float) ref[1][r];
            rstd[r] = (float) (1 / Math.sqrt(ref[2][r] + 1e-5));
        }
        float[] dx0 = randomArray(rnd, n, 1f, 0f);
        float[] dg0 = randomArray(rnd, cols, 1f, 0f);
        float[] db0 = randomArray(rnd, cols, 1f, 0f);
        float[][] res = new float[2][];
        int k = 0;
        int off = rnd.nextInt(3);
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            float[] dx = padded(rnd, dx0, off, 0);
            float[] dg = padded(rnd, dg0, off, 1);
            float[] db = db0.clone();
            impl.layerNormBackward(dx, off, dg, off, db, 0, dy, 0, padded(rnd, x, 2, 0), 2, mean, 0, rstd, 0,
                    g, 0, rows, cols);
            res[k++] = concat(concat(java.util.Arrays.copyOfRange(dx, off, off + n),
                    java.util.Arrays.copyOfRange(dg, off, off + cols)), db);
        }
        double tol = lnTol(cols);
        for (int c = 0; c < cols; c++) {
            double sAbs = Math.abs(db0[c]);
            double sAbsX = Math.abs(dg0[c]);
            for (int r = 0; r < rows; r++) {
                int i = r * cols + c;
                sAbs += Math.abs(dy[i]);
                sAbsX += Math.abs(dy[i] * (x[i] - mean[r]) * rstd[r]);
            }
            // dgamma/dbeta: same order of float additions in both; only FMA vs separate rounding differs
            near(res[0][n + c], res[1][n + c], 4 * U * (rows + 1) * sAbsX, "dgamma", rows, cols, c);
            near(res[0][n + cols + c], res[1][n + cols + c], 4 * U * (rows + 1) * sAbs, "dbeta", rows, cols, c);
        }
        for (int r = 0; r < rows; r++) {
            double sg = 0;
            double sgx = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xhat = Math.abs((x[i] - mean[r]) * rstd[r]);
                sg += Math.abs(dy[i] * g[c]);
                sgx += Math.abs(dy[i] * g[c]) * xhat;
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xhat = Math.abs((x[i] - mean[r]) * rstd[r]);
                double scale = rstd[r] * (Math.abs(dy[i] * g[c]) + (sg + xhat * sgx) / cols) + Math.abs(dx0[i]);
                near(res[0][i], res[1][i], tol * 4 * scale, "dx", rows, cols, i);
            }
        }
    }

    @Test
    void layerNormBackwardMatchesFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(43);
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            int rows = 3;
            int cols = 2 * L + 5;
            int n = rows * cols;
            float[] x = randomArray(rnd, n, 2f, 0.3f);
            float[] g = randomArray(rnd, cols, 1.5f, 0f);
            float[] b = randomArray(rnd, cols, 1f, 0f);
            float[] w = randomArray(rnd, n, 1f, 0f);
            double eps = 1e-3;
            float[] y = new float[n];
            float[] mean = new float[rows];
            float[] rstd = new float[rows];
            impl.layerNorm(y, 0, mean, 0, rstd, 0, x, 0, g, 0, b, 0, (float) eps, rows, cols);
            float[] dx = new float[n];
            float[] dg = new float[cols];
            float[] db = new float[cols];
            impl.layerNormBackward(dx, 0, dg, 0, db, 0, w, 0, x, 0, mean, 0, rstd, 0, g, 0, rows, cols);
            double h = 1e-3;
            for (int i = 0; i < n; i++) {
                double fd = (lnLoss(x, i, h, g, -1, 0, b, w, eps, rows, cols) - lnLoss(x, i, -h, g, -1, 0, b, w, eps, rows, cols)) / (2 * h);
                assertEquals(fd, dx[i], 2e-4 * (1 + Math.abs(fd)), impl + " dx[" + i + "]");
            }
            for (int c = 0; c < cols; c++) {
                double fd = (lnLoss(x, -1, 0, g, c, h, b, w, eps, rows, cols) - lnLoss(x, -1, 0, g, c, -h, b, w, eps, rows, cols)) / (2 * h);
                assertEquals(fd, dg[c], 2e-4 * (1 + Math.abs(fd)), "dgamma[" + c + "]");
                double sw = 0;
                for (int r = 0; r < rows; r++) sw += w[r * cols + c];
                assertEquals(sw, db[c], 1e-5 * (1 + Math.abs(sw)), "dbeta[" + c + "]");
            }
        }
    }

    private static double lnLoss(float[] x, int xi, double hx, float[] g, int gi, double hg, float[] b, float[] w,
                                 double eps, int rows, int cols) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            double[] row = new double[cols];
            double m = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                row[c] = x[i] + (i == xi ? hx : 0);
                m += row[c];
            }
            m /= cols;
            double v = 0;
            for (double e : row) v += (e - m) * (e - m);
            v /= cols;
            for (int c = 0; c < cols; c++) {
                double gc = g[c] + (c == gi ? hg : 0);
                loss += w[r * cols + c] * ((row[c] - m) / Math.sqrt(v + eps) * gc + b[c]);
            }
        }
        return loss;
    }

    // ------------------------------------------------------------------ special values

    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL * 0.5f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    /**
     * Zeros and subnormals behave as ordinary numbers; a NaN or infinity in a column (batch norm)
     * or row (layer norm) makes every output of that column or row NaN, in both sets, and leaves
     * the other columns or rows alone.
     */
    @Test
    void specialValues() {
        qt().withExamples(200).forAll(integers().between(2, 40), longs().all()).checkAssert((batch, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int features = 1 + rnd.nextInt(3 * L + 2);
            int n = batch * features;
            float[] x = randomArray(rnd, n, 2f, 0f);
            for (int j = 0; j < 1 + rnd.nextInt(4); j++) x[rnd.nextInt(n)] = SPECIAL[rnd.nextInt(SPECIAL.length)];
            float[] g = randomArray(rnd, features, 1f, 1f);
            float[] b = randomArray(rnd, features, 1f, 0f);
            float[][] y = new float[2][];
            float[][] ly = new float[2][];
            int k = 0;
            for (Norms impl : new Norms[] {SCALAR, SIMD}) {
                y[k] = new float[n];
                impl.batchNormTrain(y[k], 0, new float[features], 0, new float[features], 0, new float[features], 0,
                        new float[features], 0, x, 0, g, 0, b, 0, 0.1f, 1e-5f, batch, features);
                ly[k] = new float[n];
                impl.layerNorm(ly[k], 0, new float[batch], 0, new float[batch], 0, x, 0, g, 0, b, 0, 1e-5f, batch, features);
                k++;
            }
            for (int f = 0; f < features; f++) {
                boolean bad = false;
                for (int r = 0; r < batch; r++) bad |= !Float.isFinite(x[r * features + f]);
                for (int r = 0; r < batch; r++) {
                    int i = r * features + f;
                    for (int s = 0; s < 2; s++) {
                        assertEquals(bad, Float.isNaN(y[s][i]), "batch norm column " + f + " NaN iff a non-finite input, set " + s);
                    }
                    if (!bad) near(y[0][i], y[1][i], bnTol(batch) * 40 * (1 + Math.abs(y[0][i])), "special y", batch, features, i);
                }
            }
            for (int r = 0; r < batch; r++) {
                boolean bad = false;
                for (int c = 0; c < features; c++) bad |= !Float.isFinite(x[r * features + c]);
                for (int c = 0; c < features; c++) {
                    int i = r * features + c;
                    for (int s = 0; s < 2; s++) {
                        assertEquals(bad, Float.isNaN(ly[s][i]), "layer norm row " + r + " NaN iff a non-finite input, set " + s);
                    }
                    if (!bad) near(ly[0][i], ly[1][i], lnTol(features) * 40 * (1 + Math.abs(ly[0][i])), "special ly", batch, features, i);
                }
            }
        });
    }

    /**
     * Values near +-Float.MAX_VALUE: the scalar twin (double sums) normalizes them correctly; the
     * SIMD set's float sum of squares overflows, which it reports as rstd = 0 (output = beta),
     * never as a finite wrong scale — the documented limit |x| < 2^60 of the SIMD set.
     */
    @Test
    void hugeValues() {
        int features = L + 1;
        int batch = 4;
        float[] x = new float[batch * features];
        for (int r = 0; r < batch; r++) {
            for (int f = 0; f < features; f++) x[r * features + f] = (r % 2 == 0 ? 1 : -1) * (f == 1 ? Float.MAX_VALUE : 1f);
        }
        float[] ones = new float[features];
        java.util.Arrays.fill(ones, 1f);
        for (Norms impl : new Norms[] {SCALAR, SIMD}) {
            float[] y = new float[batch * features];
            float[] rstd = new float[features];
            impl.batchNormTrain(y, 0, new float[features], 0, rstd, 0, new float[features], 0, new float[features], 0,
                    x, 0, ones, 0, new float[features], 0, 0.1f, 1e-5f, batch, features);
            for (int r = 0; r < batch; r++) {
                // ordinary columns: +-1 normalize to +-1/sqrt(1 + eps)
                assertEquals((r % 2 == 0 ? 1 : -1) / Math.sqrt(1 + 1e-5), y[r * features], 1e-6, impl + " column 0");
            }
            if (impl == SCALAR) {
                assertEquals(1 / (double) Float.MAX_VALUE, rstd[1], 1e-45 + 1e-6 / Float.MAX_VALUE, "scalar rstd of the huge column");
                assertEquals(1.0, y[features + 1] * -1, 1e-3, "scalar normalizes +-MAX to +-1");
            } else {
                assertEquals(0f, rstd[1], "SIMD reports the overflowed variance as rstd = 0");
                assertEquals(0f, y[features + 1], "SIMD output for the overflowed column is beta");
            }
        }
    }

    // ------------------------------------------------------------------ arguments

    @Test
    void badArgumentsNameTheArgument() {
        Norms k = Kernels.get().norms();
        float[] a8 = new float[8];
        float[] a4 = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                k.batchNormTrain(a8, 0, a4, 0, a4, 0, a4, 0, a4, 0, a8, 0, a4, 0, a4, 0, 0.1f, 1e-5f, 1, 4));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.batchNormTrain(a8, 0, a4, 0, a4, 0, a4, 0, a4, 0, a4, 0, a4, 0, a4, 0, 0.1f, 1e-5f, 2, 4));
        assertTrue(e.getMessage().startsWith("x:") && e.getMessage().contains("8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.batchNormTrain(a8, 0, a4, 0, a4, 0, a4, 1, a4, 0, a8, 0, a4, 0, a4, 0, 0.1f, 1e-5f, 2, 4));
        assertTrue(e.getMessage().startsWith("runningMean"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.batchNormTrain(a8, 0, a4, 0, a4, 0, a4, 0, a4, 0, a8, 0, a4, 0, a4, 0, 1.5f, 1e-5f, 2, 4));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.batchNormEval(a8, 0, a4, 0, a4, 0, a8, 0, a4, 0, a4, 0, a4, 0, a4, 0, -1f, 2, 4));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.batchNormBackward(a8, 0, a4, 0, a4, 0, a8, 0, a8, 0, a4, 0, a4, 0, new float[3], 0, true, 2, 4));
        assertTrue(e.getMessage().startsWith("gamma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.layerNorm(a8, 0, a4, 0, a4, 0, a8, 0, a4, 0, a4, 0, 1e-5f, 2, 0));
        assertTrue(e.getMessage().contains("cols"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.layerNormBackward(a8, 0, a4, 0, a4, 0, a8, 0, a8, 0, new float[1], 0, a4, 0, a4, 0, 2, 4));
        assertTrue(e.getMessage().startsWith("mean"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                k.layerNorm(null, 0, a4, 0, a4, 0, a8, 0, a4, 0, a4, 0, 1e-5f, 2, 4));
        assertTrue(e.getMessage().startsWith("y"), e.getMessage());
    }
}
