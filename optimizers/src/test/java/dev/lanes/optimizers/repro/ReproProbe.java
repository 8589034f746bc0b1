package dev.lanes.optimizers.repro;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Dropout;
import dev.lanes.core.nn.ELU;
import dev.lanes.core.nn.GELU;
import dev.lanes.core.nn.LayerNorm;
import dev.lanes.core.nn.LeakyReLU;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.LogSoftmax;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Reduction;
import dev.lanes.core.nn.Sequential;
import dev.lanes.core.nn.SiLU;
import dev.lanes.core.nn.Sigmoid;
import dev.lanes.core.nn.Softmax;
import dev.lanes.core.nn.Softplus;
import dev.lanes.core.nn.Tanh;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.GradClip;
import dev.lanes.optimizers.Optimizer;
import java.util.SplittableRandom;

/**
 * A short seeded training run printed as one hash of every parameter's bits and every step's loss
 * (run by {@code ReproducibilityTest} in child JVMs with different JIT settings). Every
 * activation kind, LayerNorm, BatchNorm1d, Dropout, softmax and log-softmax, cross-entropy with
 * label smoothing, gradient-norm clipping and Adam. Widths are chosen so that every kernel runs
 * both full vectors and a masked tail at 512, 256 and 128 bits.
 *
 * <p>Usage: {@code ReproProbe <steps>}; prints {@code hash=<hex> loss=<last loss>}.
 */
public final class ReproProbe {
    private ReproProbe() {
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        SplittableRandom rng = new SplittableRandom(20261201);
        int in = 21;
        int h = 21;
        int classes = 10;
        int batch = 9;
        Sequential net = new Sequential(new Linear(in, h, rng), new BatchNorm1d(h), new ReLU(),
                new Dropout(0.1f, new SplittableRandom(5)), new Linear(h, h, rng), new LayerNorm(h),
                new GELU(), new Linear(h, h, rng), new GELU(GELU.Approximation.TANH), new SiLU(), new Tanh(),
                new Sigmoid(), new ELU(1f), new Softplus(1f, 20f), new LeakyReLU(0.01f), new Linear(h, h, rng),
                new Softmax(), new Linear(h, h, rng), new LogSoftmax(), new Linear(h, classes, rng));
        Optimizer opt = Adam.builder().lr(3e-3).params(net.parameters()).build();
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0.05f);
        Tensor x = new Tensor(batch, in);
        int[] labels = new int[batch];
        long hash = 0xcbf29ce484222325L;
        float l = 0;
        for (int s = 0; s < steps; s++) {
            float[] xd = x.data();
            for (int i = 0; i < xd.length; i++) {
                xd[i] = (float) (2 * rng.nextGaussian());
            }
            for (int i = 0; i < batch; i++) {
                labels[i] = rng.nextInt(classes);
            }
            net.zeroGrad();
            l = loss.forward(net.forward(x), labels);
            net.backward(loss.backward());
            GradClip.clipGradNorm(net.parameters(), 1.0);
            opt.step();
            hash = mix(hash, Float.floatToRawIntBits(l));
        }
        for (Parameter p : net.parameters()) {
            for (float v : p.value().data()) {
                hash = mix(hash, Float.floatToRawIntBits(v));
            }
        }
        System.out.println("hash=" + Long.toHexString(hash) + " loss=" + l);
    }

    private static long mix(long h, int bits) {
        return (h ^ (bits & 0xffffffffL)) * 0x100000001b3L;
    }
}
