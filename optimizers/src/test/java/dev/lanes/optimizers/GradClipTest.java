package dev.lanes.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import dev.lanes.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient clipping on the scalar kernel set and on {@link Kernels#get()}. The total norm is
 * checked against a double-precision sum within float rounding of the result (relative 1e-6:
 * per-parameter norms are float, combined in double); the scaling is checked exactly:
 * {@code g' == g * coef} with {@code coef = (float) maxNorm / (total + 1e-6f)} as PyTorch computes it
 * in float32.
 */
class GradClipTest {

    /** Kernel sets to test: scalar always; the chosen set when its reductions and vectors are written. */
    static Stream<Kernels> kernelSets() {
        List<Kernels> sets = new ArrayList<>();
        sets.add(Kernels.scalar());
        Kernels k = Kernels.get();
        if (k != Kernels.scalar()) {
            try {
                k.reductions().norm2(new float[1], 0, 1);
                k.vectors().scale(new float[1], 0, 1f, 1);
                k.vectors().clamp(new float[1], 0, new float[1], 0, -1f, 1f, 1);
                sets.add(k);
            } catch (UnsupportedOperationException notYetWritten) {
                System.out.println("GradClipTest: " + k + " skipped: " + notYetWritten.getMessage());
            }
        }
        return sets.stream();
    }

    static List<Parameter> params(long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Parameter> ps = List.of(new Parameter("a", 37), new Parameter("b", 5), new Parameter("c", 2, 50));
        for (Parameter p : ps) {
            float[] g = p.grad().data();
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (scale * r.nextGaussian());
            }
        }
        return ps;
    }

    static double l2(List<Parameter> ps) {
        double s = 0;
        for (Parameter p : ps) {
            for (float g : p.grad().data()) {
                s += (double) g * g;
            }
        }
        return Math.sqrt(s);
    }

    static float[][] grads(List<Parameter> ps) {
        return ps.stream().map(p -> p.grad().data().clone()).toArray(float[][]::new);
    }

    @ParameterizedTest
    @MethodSource("kernelSets")
    void l2NormIsReturnedAndGradientsAreScaledExactly(Kernels k) {
        List<Parameter> ps = params(1, 1.0);
        double want = l2(ps);
        float[][] before = grads(ps);
        double total = GradClip.clipGradNorm(ps, 1.0, 2, false, k);
        assertEquals(want, total, 1e-6 * want);
        float coef = 1.0f / ((float) total + 1e-6f);
        assertTrue(coef < 0.2f, "the test gradients must be well above the max norm");
        for (int j = 0; j < ps.size(); j++) {
            float[] g = ps.get(j).grad().data();
            for (int i = 0; i < g.length; i++) {
                assertEquals(before[j][i] * coef, g[i], 0f, "element must be exactly g * coef");
            }
        }
        assertEquals(1.0, l2(ps), 1e-5, "after clipping the norm is max_norm");
    }

    @ParameterizedTest
    @MethodSource("kernelSets")
    void belowTheMaximumNothingChanges(Kernels k) {
        List<Parameter> ps = params(2, 0.01);
        float[][] before = grads(ps);
        double total = GradClip.clipGradNorm(ps, 10.0, 2, true, k);
        assertEquals(l2(ps), total, 1e-6 * total);
        for (int j = 0; j < ps.size(); j++) {
            assertTrue(java.util.Arrays.equals(before[j], ps.get(j).grad().data()));
        }
    }

    @ParameterizedTest
    @MethodSource("kernelSets")
    void infinityNormIsTheLargestMagnitude(Kernels k) {
        List<Parameter> ps = params(3, 1.0);
        ps.get(1).grad().data()[3] = -7.5f; // the largest magnitude, negative
        float[][] before = grads(ps);
        double total = GradClip.clipGradNorm(ps, 0.5, Double.POSITIVE_INFINITY, false, k);
        assertEquals(7.5, total, 0.0);
        float coef = 0.5f / (7.5f + 1e-6f);
        for (int j = 0; j < ps.size(); j++) {
            float[] g = ps.get(j).grad().data();
            for (int i = 0; i < g.length; i++) {
                assertEquals(before[j][i] * coef, g[i], 0f);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernelSets")
    void nonFiniteNormThrowsOrPropagates(Kernels k) {
        List<Parameter> ps = params(4, 1.0);
        ps.get(2).grad().data()[17] = Float.NaN;
        float[][] before = grads(ps);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradClip.clipGradNorm(ps, 1.0, 2, true, k));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        for (int j = 0; j < ps.size(); j++) {
            assertTrue(java.util.Arrays.equals(before[j], ps.get(j).grad().data()), "nothing scaled on error");
        }
        List<Parameter> inf = params(5, 1.0);
        inf.get(0).grad().data()[0] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(inf, 1.0, Double.POSITIVE_INFINITY, true, k));
        // without the flag, as PyTorch: the NaN total propagates into every gradient
        assertTrue(Double.isNaN(GradClip.clipGradNorm(ps, 1.0, 2, false, k)));
        assertTrue(Float.isNaN(ps.get(0).grad().data()[0]));
    }

    @ParameterizedTest
    @MethodSource("kernelSets")
    void clipByValueClampsEveryElement(Kernels k) {
        List<Parameter> ps = params(6, 2.0);
        ps.get(0).grad().data()[1] = Float.NaN;
        float[][] before = grads(ps);
        GradClip.clipGradValue(ps, 0.5, k);
        for (int j = 0; j < ps.size(); j++) {
            float[] g = ps.get(j).grad().data();
            for (int i = 0; i < g.length; i++) {
                float b = before[j][i];
                float want = Float.isNaN(b) ? Float.NaN : Math.max(-0.5f, Math.min(0.5f, b));
                assertEquals(want, g[i], 0f);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernelSets")
    void badArguments(Kernels k) {
        List<Parameter> ps = params(7, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradClip.clipGradNorm(ps, -1, 2, false, k));
        assertTrue(e.getMessage().startsWith("maxNorm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(ps, 1, 1, false, k));
        assertTrue(e.getMessage().startsWith("normType"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(ps, -0.1, k));
        assertTrue(e.getMessage().startsWith("clipValue"), e.getMessage());
        assertEquals(0.0, GradClip.clipGradNorm(List.of(), 1, 2, true, k));
    }
}
