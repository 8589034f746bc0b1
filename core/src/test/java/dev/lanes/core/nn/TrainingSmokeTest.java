package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.kernels.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end: plain SGD ({@code p -= lr * grad}) on three Gaussian blobs in 2-D with a
 * Linear-BatchNorm-Tanh-Linear network and cross-entropy must reach a low loss and classify the
 * training points; eval mode (running statistics) must classify them too.
 */
class TrainingSmokeTest {

    @Test
    void sgdLearnsThreeBlobs() {
        int n = 96;
        Tensor x = new Tensor(n, 2);
        int[] labels = new int[n];
        SplittableRandom r = new SplittableRandom(7);
        double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            labels[i] = c;
            x.data()[2 * i] = (float) (centers[c][0] + 0.5 * r.nextGaussian());
            x.data()[2 * i + 1] = (float) (centers[c][1] + 0.5 * r.nextGaussian());
        }
        SplittableRandom init = new SplittableRandom(8);
        Sequential net = new Sequential(new Linear(2, 16, init), new BatchNorm1d(16), new Tanh(), new Linear(16, 3, init));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < 300; step++) {
            net.zeroGrad();
            last = loss.forward(net.forward(x), labels);
            if (step == 0) {
                first = last;
            }
            net.backward(loss.backward());
            for (Parameter p : net.parameters()) {
                Kernels.get().vectors().axpy(p.value().data(), 0, p.grad().data(), 0, -0.2f, p.size());
            }
        }
        assertTrue(first > 0.8, "starts near log(3), got " + first);
        assertTrue(last < 0.1, "loss after 300 SGD steps, got " + last + " (from " + first + ")");
        net.train(false);
        assertEquals(n, correct(net.forward(x), labels), "eval mode classifies every training point");
    }

    private static int correct(Tensor logits, int[] labels) {
        int ok = 0;
        int[] pred = new int[labels.length];
        Kernels.get().reductions().argmaxRows(pred, 0, logits.data(), 0, labels.length, logits.dim(1));
        for (int i = 0; i < labels.length; i++) {
            if (pred[i] == labels[i]) {
                ok++;
            }
        }
        return ok;
    }
}
