package dev.lanes.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Kernels;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against an independent double-precision re-derivation of PyTorch's documented
 * algorithm (the pseudocode on the torch.optim pages; Lion from Chen et al. 2023), over 25 steps
 * on {@link Problem}, with weight decay, momentum and the other options switched on, 2 to 4
 * configurations per optimizer.
 *
 * <p>Tolerance: after every step {@code |p_lanes - p_ref| <= 5e-6 * (1 + |p_ref|)}. Lanes keeps
 * parameters, state and gradients in float (relative rounding 6e-8 per operation, ~10 operations
 * per step, errors partly carried from step to step) while the reference is in double; the
 * largest deviation observed is printed by the test: 1.4e-6 over all configurations but one.
 * The exception is centered RMSprop with alpha = 0.3, where {@code v - ga^2} cancels (v is
 * barely larger than the squared mean) and float rounding is amplified: 1.3e-5 observed, checked
 * at 5e-5.
 * Configurations use eps, weight decay and momentum values large enough that getting the formula
 * wrong (eps inside or outside the root, bias correction, decay placement, Nesterov) moves the
 * trajectory by far more than the tolerance.
 */
class OptimizerTrajectoryTest {
    static final int STEPS = 25;
    static final double TOL = 5e-6;
    /** Centered RMSprop with a small alpha: v - ga^2 cancels, amplifying float rounding (observed 1.3e-5). */
    static final double TOL_CANCELLING = 5e-5;
    static double worst;

    /** One reference step in double: p, g (already computed at p) and the 1-based step t. */
    interface Ref {
        void step(double[][] p, double[][] g, int t);
    }

    /** Per-element state arrays for references. */
    static double[][] zeros() {
        return new double[][] {new double[Problem.SIZES[0]], new double[Problem.SIZES[1]]};
    }

    static void check(String label, Function<List<Parameter>, Optimizer> make, Ref ref) {
        check(label, make, ref, TOL);
    }

    static void check(String label, Function<List<Parameter>, Optimizer> make, Ref ref, double tol) {
        Problem prob = new Problem(label.hashCode());
        List<Parameter> ps = prob.params();
        Optimizer opt = make.apply(ps);
        double[][] p = prob.start();
        for (int t = 1; t <= STEPS; t++) {
            prob.grad(ps, t);
            opt.step();
            ref.step(p, prob.grad(p, t), t);
            for (int k = 0; k < 2; k++) {
                float[] v = ps.get(k).value().data();
                for (int i = 0; i < v.length; i++) {
                    double err = Math.abs(v[i] - p[k][i]);
                    worst = Math.max(worst, err / (1 + Math.abs(p[k][i])));
                    if (!(err <= tol * (1 + Math.abs(p[k][i])))) {
                        fail(label + ": step " + t + ", param " + k + "[" + i + "]: lanes " + v[i] + " vs reference "
                                + p[k][i]);
                    }
                }
            }
        }
        // the problem must actually move the parameters, or the comparison proves nothing
        double moved = Math.abs(ps.get(0).value().data()[0] - prob.p0[0][0]);
        assertTrue(moved > 1e-3, label + ": parameters barely moved (" + moved + ")");
    }

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("OptimizerTrajectoryTest: largest relative deviation from the double reference: %.3g%n", worst);
    }

    static double lerp(double a, double b, double w) {
        return a + w * (b - a);
    }

    // ---------------------------------------------------------------- SGD

    static Ref sgd(double lr, double mom, double damp, double wd, boolean nesterov, boolean maximize) {
        double[][] buf = zeros();
        return (p, g, t) -> {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    d += wd * p[k][i];
                    if (mom != 0) {
                        buf[k][i] = t == 1 ? d : mom * buf[k][i] + (1 - damp) * d;
                        d = nesterov ? d + mom * buf[k][i] : buf[k][i];
                    }
                    p[k][i] -= lr * d;
                }
            }
        };
    }

    @Test
    void sgd() {
        check("sgd plain", ps -> SGD.builder().lr(0.1).params(ps).build(), sgd(0.1, 0, 0, 0, false, false));
        check("sgd momentum dampening wd", ps -> SGD.builder().lr(0.05).momentum(0.9).dampening(0.3).weightDecay(0.1)
                .params(ps).build(), sgd(0.05, 0.9, 0.3, 0.1, false, false));
        check("sgd nesterov wd maximize", ps -> SGD.builder().lr(0.02).momentum(0.8).nesterov(true).weightDecay(0.05)
                .maximize(true).params(ps).build(), sgd(0.02, 0.8, 0, 0.05, true, true));
    }

    // ---------------------------------------------------------------- RMSprop

    static Ref rmsprop(double lr, double alpha, double eps, double wd, double mom, boolean centered, boolean maximize) {
        double[][] v = zeros();
        double[][] ga = zeros();
        double[][] b = zeros();
        return (p, g, t) -> {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    d += wd * p[k][i];
                    v[k][i] = alpha * v[k][i] + (1 - alpha) * d * d;
                    double vt = v[k][i];
                    if (centered) {
                        ga[k][i] = alpha * ga[k][i] + (1 - alpha) * d;
                        vt -= ga[k][i] * ga[k][i];
                    }
                    double den = Math.sqrt(vt) + eps;
                    if (mom > 0) {
                        b[k][i] = mom * b[k][i] + d / den;
                        p[k][i] -= lr * b[k][i];
                    } else {
                        p[k][i] -= lr * d / den;
                    }
                }
            }
        };
    }

    @Test
    void rmsprop() {
        check("rmsprop defaults", ps -> RMSprop.builder().params(ps).build(),
                rmsprop(1e-2, 0.99, 1e-8, 0, 0, false, false));
        check("rmsprop alpha eps wd", ps -> RMSprop.builder().lr(0.01).alpha(0.9).eps(0.1).weightDecay(0.1)
                .params(ps).build(), rmsprop(0.01, 0.9, 0.1, 0.1, 0, false, false));
        check("rmsprop centered momentum", ps -> RMSprop.builder().lr(0.005).alpha(0.8).momentum(0.7)
                .centered(true).params(ps).build(), rmsprop(0.005, 0.8, 1e-8, 0, 0.7, true, false));
        check("rmsprop centered small alpha maximize", ps -> RMSprop.builder().lr(0.003).alpha(0.3).eps(1e-2)
                .centered(true).maximize(true).params(ps).build(), rmsprop(0.003, 0.3, 1e-2, 0, 0, true, true),
                TOL_CANCELLING);
    }

    // ---------------------------------------------------------------- Adagrad

    static Ref adagrad(double lr, double lrDecay, double wd, double init, double eps, boolean maximize) {
        double[][] sum = zeros();
        for (double[] s : sum) {
            java.util.Arrays.fill(s, init);
        }
        return (p, g, t) -> {
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    d += wd * p[k][i];
                    sum[k][i] += d * d;
                    p[k][i] -= clr * d / (Math.sqrt(sum[k][i]) + eps);
                }
            }
        };
    }

    @Test
    void adagrad() {
        check("adagrad", ps -> Adagrad.builder().lr(0.1).params(ps).build(), adagrad(0.1, 0, 0, 0, 1e-10, false));
        check("adagrad decay wd init eps", ps -> Adagrad.builder().lr(0.2).lrDecay(0.05).weightDecay(0.1)
                .initialAccumulatorValue(0.5).eps(0.1).params(ps).build(), adagrad(0.2, 0.05, 0.1, 0.5, 0.1, false));
        check("adagrad maximize", ps -> Adagrad.builder().lr(0.05).maximize(true).params(ps).build(),
                adagrad(0.05, 0, 0, 0, 1e-10, true));
    }

    // ---------------------------------------------------------------- Adadelta

    static Ref adadelta(double lr, double rho, double eps, double wd, boolean maximize) {
        double[][] v = zeros();
        double[][] acc = zeros();
        return (p, g, t) -> {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    d += wd * p[k][i];
                    v[k][i] = rho * v[k][i] + (1 - rho) * d * d;
                    double u = Math.sqrt(acc[k][i] + eps) / Math.sqrt(v[k][i] + eps) * d;
                    acc[k][i] = rho * acc[k][i] + (1 - rho) * u * u;
                    p[k][i] -= lr * u;
                }
            }
        };
    }

    @Test
    void adadelta() {
        check("adadelta defaults", ps -> Adadelta.builder().params(ps).build(), adadelta(1.0, 0.9, 1e-6, 0, false));
        check("adadelta rho eps wd", ps -> Adadelta.builder().lr(0.5).rho(0.5).eps(1e-3).weightDecay(0.1)
                .params(ps).build(), adadelta(0.5, 0.5, 1e-3, 0.1, false));
        check("adadelta maximize", ps -> Adadelta.builder().lr(2).eps(1e-4).maximize(true).params(ps).build(),
                adadelta(2, 0.9, 1e-4, 0, true));
    }

    // ---------------------------------------------------------------- Adam / AdamW

    static Ref adam(double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean maximize,
                    boolean decoupled) {
        double[][] m = zeros();
        double[][] v = zeros();
        double[][] vmax = zeros();
        return (p, g, t) -> {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    if (decoupled) {
                        p[k][i] *= 1 - lr * wd;
                    } else {
                        d += wd * p[k][i];
                    }
                    m[k][i] = b1 * m[k][i] + (1 - b1) * d;
                    v[k][i] = b2 * v[k][i] + (1 - b2) * d * d;
                    double vh = v[k][i];
                    if (amsgrad) {
                        vmax[k][i] = Math.max(vmax[k][i], v[k][i]);
                        vh = vmax[k][i];
                    }
                    double mHat = m[k][i] / (1 - Math.pow(b1, t));
                    double vHat = vh / (1 - Math.pow(b2, t));
                    p[k][i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
        };
    }

    @Test
    void adam() {
        check("adam defaults", ps -> Adam.builder().lr(0.05).params(ps).build(),
                adam(0.05, 0.9, 0.999, 1e-8, 0, false, false, false));
        check("adam amsgrad wd eps betas", ps -> Adam.builder().lr(0.05).betas(0.8, 0.99).eps(0.05).weightDecay(0.1)
                .amsgrad(true).params(ps).build(), adam(0.05, 0.8, 0.99, 0.05, 0.1, true, false, false));
        check("adam small beta1 maximize decoupled", ps -> Adam.builder().lr(0.02).betas(0.3, 0.9).weightDecay(0.5)
                .decoupledWeightDecay(true).maximize(true).params(ps).build(),
                adam(0.02, 0.3, 0.9, 1e-8, 0.5, false, true, true));
    }

    @Test
    void adamW() {
        check("adamw defaults", ps -> AdamW.builder().lr(0.05).params(ps).build(),
                adam(0.05, 0.9, 0.999, 1e-8, 1e-2, false, false, true));
        check("adamw amsgrad strong decay", ps -> AdamW.builder().lr(0.05).weightDecay(0.8).amsgrad(true).eps(1e-2)
                .params(ps).build(), adam(0.05, 0.9, 0.999, 1e-2, 0.8, true, false, true));
    }

    // ---------------------------------------------------------------- Adamax

    static Ref adamax(double lr, double b1, double b2, double eps, double wd, boolean maximize) {
        double[][] m = zeros();
        double[][] u = zeros();
        return (p, g, t) -> {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    d += wd * p[k][i];
                    m[k][i] = b1 * m[k][i] + (1 - b1) * d;
                    u[k][i] = Math.max(b2 * u[k][i], Math.abs(d) + eps);
                    p[k][i] -= lr / (1 - Math.pow(b1, t)) * m[k][i] / u[k][i];
                }
            }
        };
    }

    @Test
    void adamax() {
        check("adamax defaults", ps -> Adamax.builder().lr(0.05).params(ps).build(),
                adamax(0.05, 0.9, 0.999, 1e-8, 0, false));
        check("adamax betas eps wd", ps -> Adamax.builder().lr(0.05).betas(0.5, 0.9).eps(0.2).weightDecay(0.1)
                .params(ps).build(), adamax(0.05, 0.5, 0.9, 0.2, 0.1, false));
        check("adamax maximize", ps -> Adamax.builder().lr(0.01).maximize(true).params(ps).build(),
                adamax(0.01, 0.9, 0.999, 1e-8, 0, true));
    }

    // ---------------------------------------------------------------- NAdam

    static Ref nadam(double lr, double b1, double b2, double eps, double wd, double psi, boolean decoupled,
                     boolean maximize) {
        double[][] m = zeros();
        double[][] v = zeros();
        double[] muProd = {1};
        return (p, g, t) -> {
            double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
            muProd[0] *= mu;
            double prod = muProd[0];
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    if (decoupled) {
                        p[k][i] *= 1 - lr * wd;
                    } else {
                        d += wd * p[k][i];
                    }
                    m[k][i] = b1 * m[k][i] + (1 - b1) * d;
                    v[k][i] = b2 * v[k][i] + (1 - b2) * d * d;
                    double mHat = muNext * m[k][i] / (1 - prod * muNext) + (1 - mu) * d / (1 - prod);
                    double vHat = v[k][i] / (1 - Math.pow(b2, t));
                    p[k][i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
        };
    }

    @Test
    void nadam() {
        check("nadam defaults", ps -> NAdam.builder().lr(0.05).params(ps).build(),
                nadam(0.05, 0.9, 0.999, 1e-8, 0, 4e-3, false, false));
        check("nadam wd psi eps", ps -> NAdam.builder().lr(0.05).weightDecay(0.1).momentumDecay(0.05).eps(0.05)
                .params(ps).build(), nadam(0.05, 0.9, 0.999, 0.05, 0.1, 0.05, false, false));
        check("nadam decoupled maximize betas", ps -> NAdam.builder().lr(0.02).betas(0.8, 0.95).weightDecay(0.3)
                .decoupledWeightDecay(true).maximize(true).params(ps).build(),
                nadam(0.02, 0.8, 0.95, 1e-8, 0.3, 4e-3, true, true));
    }

    // ---------------------------------------------------------------- RAdam

    static Ref radam(double lr, double b1, double b2, double eps, double wd, boolean decoupled, boolean maximize,
                     int[] rectifiedSteps) {
        double[][] m = zeros();
        double[][] v = zeros();
        double rhoInf = 2 / (1 - b2) - 1;
        return (p, g, t) -> {
            double b2t = Math.pow(b2, t);
            double rhoT = rhoInf - 2 * t * b2t / (1 - b2t);
            if (rhoT > 5) {
                rectifiedSteps[0]++;
            }
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    if (decoupled) {
                        p[k][i] *= 1 - lr * wd;
                    } else {
                        d += wd * p[k][i];
                    }
                    m[k][i] = b1 * m[k][i] + (1 - b1) * d;
                    v[k][i] = b2 * v[k][i] + (1 - b2) * d * d;
                    double mHat = m[k][i] / (1 - Math.pow(b1, t));
                    if (rhoT > 5) {
                        double l = Math.sqrt(1 - b2t) / (Math.sqrt(v[k][i]) + eps);
                        double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                        p[k][i] -= lr * mHat * l * r;
                    } else {
                        p[k][i] -= lr * mHat;
                    }
                }
            }
        };
    }

    @Test
    void radam() {
        int[] rect = new int[1];
        check("radam defaults", ps -> RAdam.builder().lr(0.05).params(ps).build(),
                radam(0.05, 0.9, 0.999, 1e-8, 0, false, false, rect));
        // both branches of the rectification switch were exercised (rho_t > 5 from step 6 on)
        assertEquals(STEPS - 5, rect[0], "steps with rho_t > 5");
        check("radam wd eps beta2", ps -> RAdam.builder().lr(0.05).betas(0.8, 0.9).eps(0.01).weightDecay(0.1)
                .params(ps).build(), radam(0.05, 0.8, 0.9, 0.01, 0.1, false, false, new int[1]));
        check("radam decoupled maximize", ps -> RAdam.builder().lr(0.02).weightDecay(0.5).decoupledWeightDecay(true)
                .maximize(true).params(ps).build(), radam(0.02, 0.9, 0.999, 1e-8, 0.5, true, true, new int[1]));
    }

    // ---------------------------------------------------------------- Lion

    static Ref lion(double lr, double b1, double b2, double wd, boolean maximize) {
        double[][] m = zeros();
        return (p, g, t) -> {
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double d = maximize ? -g[k][i] : g[k][i];
                    double c = b1 * m[k][i] + (1 - b1) * d;
                    p[k][i] -= lr * (Math.signum(c) + wd * p[k][i]);
                    m[k][i] = b2 * m[k][i] + (1 - b2) * d;
                }
            }
        };
    }

    @Test
    void lion() {
        check("lion", ps -> Lion.builder().lr(0.01).params(ps).build(), lion(0.01, 0.9, 0.99, 0, false));
        check("lion wd betas", ps -> Lion.builder().lr(0.02).betas(0.8, 0.95).weightDecay(0.3).params(ps).build(),
                lion(0.02, 0.8, 0.95, 0.3, false));
        check("lion maximize", ps -> Lion.builder().lr(0.01).maximize(true).params(ps).build(),
                lion(0.01, 0.9, 0.99, 0, true));
    }

    // ---------------------------------------------------------------- kernel sets

    /** The scalar and SIMD kernel sets give the same trajectory bit for bit (when SIMD is available). */
    @Test
    void scalarAndSimdKernelSetsGiveIdenticalTrajectories() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kernels.simdUnavailableReason() == null,
                "SIMD kernels not available in this JVM");
        List<Function<Kernels, Function<List<Parameter>, Optimizer>>> makers = List.of(
                k -> ps -> SGD.builder().lr(0.05).momentum(0.9).nesterov(true).weightDecay(0.1).kernels(k).params(ps).build(),
                k -> ps -> RMSprop.builder().centered(true).momentum(0.5).kernels(k).params(ps).build(),
                k -> ps -> Adagrad.builder().lrDecay(0.1).kernels(k).params(ps).build(),
                k -> ps -> Adadelta.builder().weightDecay(0.1).kernels(k).params(ps).build(),
                k -> ps -> Adam.builder().amsgrad(true).weightDecay(0.1).kernels(k).params(ps).build(),
                k -> ps -> AdamW.builder().kernels(k).params(ps).build(),
                k -> ps -> Adamax.builder().kernels(k).params(ps).build(),
                k -> ps -> NAdam.builder().decoupledWeightDecay(true).weightDecay(0.1).kernels(k).params(ps).build(),
                k -> ps -> RAdam.builder().kernels(k).params(ps).build(),
                k -> ps -> Lion.builder().weightDecay(0.1).kernels(k).params(ps).build());
        for (var maker : makers) {
            Problem prob = new Problem(3);
            List<Parameter> a = prob.params();
            List<Parameter> b = prob.params();
            Optimizer oa = maker.apply(Kernels.scalar()).apply(a);
            Optimizer ob = maker.apply(Kernels.simd()).apply(b);
            for (int t = 1; t <= STEPS; t++) {
                prob.grad(a, t);
                prob.grad(b, t);
                oa.step();
                ob.step();
            }
            for (int k = 0; k < 2; k++) {
                assertTrue(java.util.Arrays.equals(a.get(k).value().data(), b.get(k).value().data()),
                        oa.name() + ": scalar and SIMD trajectories differ");
            }
        }
    }
}
