package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialTest {

    private static Sequential mlp(long seed, Layer activation1, Layer activation2) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Sequential(new Linear(12, 16, rng), activation1, new Linear(16, 8, rng), activation2,
                new Linear(8, 3, rng));
    }

    @Test
    void finiteDifferencesThroughTheWholeNetwork() {
        Sequential net = new Sequential(new Linear(5, 6, new SplittableRandom(1)), new Tanh(),
                new LayerNorm(6), new Linear(6, 4, new SplittableRandom(2)), new BatchNorm1d(4), new Sigmoid(),
                new Linear(4, 2, new SplittableRandom(3)));
        net.computeInputGradient(true);
        GradCheck.check(net, GradCheck.randomTensor(4, 1.0, 6, 5), 5, 1e-2f, 2e-3, 2e-2, true);
    }

    @Test
    void firstLayerSkipsInputGradientByDefault() {
        Sequential net = mlp(1, new Tanh(), new Tanh());
        Tensor y = net.forward(GradCheck.randomTensor(2, 1.0, 4, 12));
        assertNull(net.backward(y), "no gradient w.r.t. the data by default");
        net.computeInputGradient(true);
        net.forward(GradCheck.randomTensor(2, 1.0, 4, 12));
        Tensor dx = net.backward(GradCheck.randomTensor(3, 1.0, 4, 3));
        assertNotNull(dx);
        assertTrue(dx.is2d(4, 12));
    }

    @Test
    void summaryTable() {
        Sequential net = new Sequential(new Linear(784, 256, new SplittableRandom(1)), new ReLU(),
                new Linear(256, 128, new SplittableRandom(2)), new ReLU(), new Linear(128, 10, new SplittableRandom(3)));
        String s = net.summary(64, 784);
        assertTrue(s.contains("Linear(784 -> 256, bias)") && s.contains("[64, 256]") && s.contains("200,960"), s);
        assertTrue(s.contains("[64, 10]") && s.contains("1,290"), s);
        assertTrue(s.contains("total parameters: 235,146"), s);
        assertEquals(235_146, net.parameterCount());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(net.namedParameters().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.summary(64, 100));
        assertTrue(e.getMessage().contains("[batch, 784]") && e.getMessage().contains("[64, 100]"), e.getMessage());
    }

    @Test
    void diagnosticsReportActivationAndGradientStatistics() {
        Sequential net = mlp(5, new Tanh(), new Tanh());
        net.computeInputGradient(true);
        assertNull(net.diagnostics().get(0).output(), "nothing before a forward");
        Tensor x = GradCheck.randomTensor(6, 1.0, 8, 12);
        Tensor y = net.forward(x);
        Tensor dy = GradCheck.randomTensor(7, 1.0, 8, 3);
        net.backward(dy);
        List<LayerDiagnostics> d = net.diagnostics();
        assertEquals(5, d.size());
        // recompute layer 1's output stats and layer 3's input-gradient stats in double
        Tensor h1 = net.layer(1).forward(net.layer(0).forward(x));
        double[] ref = stats(h1.data());
        assertEquals(ref[0], d.get(1).output().mean(), 1e-6);
        assertEquals(ref[1], d.get(1).output().std(), 1e-5);
        assertEquals(ref[2], d.get(1).output().l2Norm(), 1e-5 * ref[2]);
        double[] refY = stats(y.data());
        assertEquals(refY[2], d.get(4).output().l2Norm(), 1e-5 * refY[2]);
        assertTrue(d.get(0).inputGradient().l2Norm() > 0);
        assertTrue(net.diagnosticsTable().contains("input grad"));
    }

    private static double[] stats(float[] a) {
        double s = 0;
        double sq = 0;
        for (float v : a) {
            s += v;
            sq += (double) v * v;
        }
        double mean = s / a.length;
        double var = 0;
        for (float v : a) {
            var += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(var / a.length), Math.sqrt(sq)};
    }

    /**
     * After warm-up, forward + loss + backward of a network allocates 0 bytes on the heap (an
     * allocation count, not a timing). Covers Linear, BatchNorm1d, LayerNorm, Dropout, every
     * elementwise activation (exact GELU in {@link #exactGeluBackwardAllocatesNothing}) and
     * cross-entropy.
     */
    @Test
    void steadyStateTrainingStepAllocatesNothing() {
        SplittableRandom rng = new SplittableRandom(3);
        Sequential net = new Sequential(new Linear(32, 64, rng), new BatchNorm1d(64), new ReLU(),
                new Dropout(0.2f, new SplittableRandom(4)), new Linear(64, 32, rng), new LayerNorm(32),
                new GELU(GELU.Approximation.TANH), new SiLU(), new Tanh(), new Sigmoid(), new ELU(1f),
                new Softplus(1f, 20f), new LeakyReLU(0.01f), new Linear(32, 10, rng));
        assertSteadyStateAllocatesNothing(net);
        assertEquals(10, net.parameters().size(), "3 Linear, BatchNorm1d and LayerNorm: weight and bias each");
    }

    /**
     * The same check with exact GELU, in a network of its own (the case that used to fail: C2's
     * tier-4 compile of SimdActivations.geluBackward reached NodeCountInliningCutoff here and
     * left 4 vectors per loop step boxed, 12288 bytes per step for 512 elements; fixed by calling
     * the JDK's force-inlined Vector API methods directly in the exact-GELU math).
     */
    @Test
    void exactGeluBackwardAllocatesNothing() {
        SplittableRandom rng = new SplittableRandom(3);
        Sequential net = new Sequential(new Linear(32, 64, rng), new BatchNorm1d(64), new ReLU(),
                new Dropout(0.2f, new SplittableRandom(4)), new Linear(64, 32, rng), new LayerNorm(32), new GELU(),
                new Linear(32, 10, rng));
        assertSteadyStateAllocatesNothing(net);
    }

    private static void assertSteadyStateAllocatesNothing(Sequential net) {
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0.1f);
        Tensor x = GradCheck.randomTensor(1, 1.0, 16, 32);
        int[] labels = new int[16];
        for (int i = 0; i < 16; i++) {
            labels[i] = i % 10;
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float sink = 0;
        // long enough for C2 to compile every kernel (interpreted or C1-compiled Vector API code
        // boxes vectors, so allocation before that is expected)
        for (int i = 0; i < 20_000; i++) {
            sink += step(net, loss, x, labels);
        }
        // Ten windows of 200 steps. A per-step allocation shows in every window (>= 200 x 16
        // bytes); a one-off event of the JVM itself (a late compilation or deoptimization) can
        // touch a window, so: the cleanest window must be exactly 0.
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int w = 0; w < 10; w++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                sink += step(net, loss, x, labels);
            }
            long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            min = Math.min(min, allocated);
            max = Math.max(max, allocated);
        }
        assertTrue(Float.isFinite(sink));
        assertEquals(0L, min, "bytes allocated by 200 steady-state training steps (cleanest of 10 windows; the"
                + " largest window allocated " + max + ")");
    }

    private static float step(Sequential net, CrossEntropyLoss loss, Tensor x, int[] labels) {
        net.zeroGrad();
        float l = loss.forward(net.forward(x), labels);
        net.backward(loss.backward());
        return l;
    }

    @Test
    void constructionErrors() {
        assertThrows(IllegalArgumentException.class, () -> new Sequential());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
    }

    /**
     * Issue 12 item 10: several threads, each with its own {@link Sequential#inferenceCopy()} of
     * one model, give exactly the single-thread evaluation outputs (before: two threads sharing a
     * model got wrong results with no exception). The copies share the parameters and refuse
     * training and backward.
     */
    @Test
    void inferenceCopiesRunConcurrentlyWithTheSingleThreadResults() throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        Sequential model = new Sequential(new Linear(20, 48, rng), new BatchNorm1d(48), new ReLU(),
                new Dropout(0.3f, new SplittableRandom(8)), new Linear(48, 32, rng), new LayerNorm(32), new GELU(),
                new Linear(32, 10, rng), new Softmax());
        for (int b = 0; b < 3; b++) {
            model.forward(GradCheck.randomTensor(100 + b, 2.0, 16, 20)); // non-trivial running statistics
        }
        model.train(false);
        int[] batches = {1, 3, 16, 33, 64};
        Tensor[] inputs = new Tensor[15];
        float[][] expected = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = GradCheck.randomTensor(200 + i, 1.5, batches[i % batches.length], 20);
            expected[i] = model.forward(inputs[i]).data().clone();
        }
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Sequential copy = model.inferenceCopy();
                int first = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int it = 0; it < 300; it++) {
                        int i = (first * 7 + it * (first + 1)) % inputs.length;
                        float[] got = copy.forward(inputs[i]).data();
                        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], got,
                                "thread " + first + ", iteration " + it + ", input " + i);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (java.util.concurrent.Future<Integer> r : results) {
                assertEquals(300, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[3], model.forward(inputs[3]).data(),
                "the original is undisturbed");

        Sequential copy = model.inferenceCopy();
        assertTrue(copy.parameters().get(0) == model.parameters().get(0), "parameters are shared, not copied");
        assertEquals(model.parameters().size(), copy.parameters().size());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> copy.train(true));
        assertTrue(e.getMessage().contains("inference copy stays in evaluation mode"), e.getMessage());
        Tensor y = copy.forward(inputs[0]);
        e = assertThrows(IllegalStateException.class, () -> copy.backward(y));
        assertTrue(e.getMessage().contains("inference copy has no backward"), e.getMessage());
        assertTrue(model.isTraining() == false && copy.isTraining() == false);
        model.train(true);
        assertTrue(model.isTraining(), "the original can still train");
    }
}
