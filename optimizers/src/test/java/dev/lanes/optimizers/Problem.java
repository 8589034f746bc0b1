package dev.lanes.optimizers;

import dev.lanes.core.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small deterministic training problem shared by the optimizer tests: two parameters (37 and 5
 * elements: more than two 512-bit vectors plus a tail, and less than one vector), a separable
 * quadratic loss {@code sum a_i (p_i - c_i)^2 / 2} plus seeded noise, so the gradient at step t is
 * {@code g_i = a_i (p_i - c_i) + 0.3 * noise_{t,i}}. The same formula runs in float for Lanes and
 * in double for the reference.
 */
final class Problem {
    static final int[] SIZES = {37, 5};
    final double[][] a = new double[2][];
    final double[][] c = new double[2][];
    final double[][] p0 = new double[2][];

    Problem(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 2; k++) {
            a[k] = new double[SIZES[k]];
            c[k] = new double[SIZES[k]];
            p0[k] = new double[SIZES[k]];
            for (int i = 0; i < SIZES[k]; i++) {
                a[k][i] = 0.5 + 1.5 * r.nextDouble();
                c[k][i] = r.nextGaussian();
                p0[k][i] = (float) (2 * r.nextGaussian());
            }
        }
    }

    /** Fresh Lanes parameters at the initial point. */
    List<Parameter> params() {
        Parameter w = new Parameter("w", SIZES[0]);
        Parameter b = new Parameter("b", SIZES[1]);
        for (int i = 0; i < SIZES[0]; i++) {
            w.value().data()[i] = (float) p0[0][i];
        }
        for (int i = 0; i < SIZES[1]; i++) {
            b.value().data()[i] = (float) p0[1][i];
        }
        return List.of(w, b);
    }

    /** Double copies of the initial point. */
    double[][] start() {
        return new double[][] {p0[0].clone(), p0[1].clone()};
    }

    private static double noise(int t, int k, int i) {
        long h = (t * 1_000_003L + k * 7919L + i) * 0x9E3779B97F4A7C15L;
        return new SplittableRandom(h).nextGaussian();
    }

    /** Gradient in double at the reference's point. */
    double[][] grad(double[][] p, int t) {
        double[][] g = new double[2][];
        for (int k = 0; k < 2; k++) {
            g[k] = new double[p[k].length];
            for (int i = 0; i < p[k].length; i++) {
                g[k][i] = a[k][i] * (p[k][i] - c[k][i]) + 0.3 * noise(t, k, i);
            }
        }
        return g;
    }

    /** Writes the gradient at Lanes' point into the parameters' grads (rounded to float). */
    void grad(List<Parameter> ps, int t) {
        for (int k = 0; k < 2; k++) {
            float[] v = ps.get(k).value().data();
            float[] g = ps.get(k).grad().data();
            for (int i = 0; i < v.length; i++) {
                g[i] = (float) (a[k][i] * (v[i] - c[k][i]) + 0.3 * noise(t, k, i));
            }
        }
    }
}
