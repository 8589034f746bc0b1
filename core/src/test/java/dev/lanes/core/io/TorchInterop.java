package dev.lanes.core.io;

import dev.lanes.core.Tensor;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Reduction;
import dev.lanes.core.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Manual PyTorch interop check (not run by the build; see core/src/test/python/torch_interop.py).
 *
 * <pre>
 * java ... dev.lanes.core.io.TorchInterop export DIR   writes DIR/lanes_&lt;k&gt;.safetensors (models) and
 *                                                     DIR/lanes_&lt;k&gt;_io.safetensors (x, Lanes' eval logits)
 * java ... dev.lanes.core.io.TorchInterop check DIR    loads DIR/torch_&lt;k&gt;.safetensors written by PyTorch,
 *                                                     compares Lanes' logits with DIR/torch_&lt;k&gt;_io.safetensors
 * </pre>
 */
public final class TorchInterop {
    static final List<String> SPECS = List.of(
            "layers=784,256,128,10 activation=relu norm=none dropout=0 init=he",
            "layers=784,64,32,10 activation=gelu norm=batch dropout=0.1 init=xavier",
            "layers=20,16,16,5 activation=tanh norm=layer dropout=0 init=default",
            "layers=20,16,5 activation=silu norm=batch dropout=0 init=lecun");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        if (args[0].equals("export")) {
            for (int k = 0; k < SPECS.size(); k++) {
                ModelSpec spec = ModelSpec.parse(SPECS.get(k));
                Sequential net = spec.build(new SplittableRandom(k + 1));
                Tensor x = input(32, spec.inputs(), 100 + k);
                trainAFewSteps(net, x, spec.outputs());
                net.train(false);
                float[] logits = net.forward(x).copy().data();
                ModelFile.save(dir.resolve("lanes_" + k + ".safetensors"), net, spec);
                SafeTensors.write(dir.resolve("lanes_" + k + "_io.safetensors"), List.of(
                        SafeTensors.Entry.f32("x", x.data(), 32, spec.inputs()),
                        SafeTensors.Entry.f32("logits", logits, 32, spec.outputs())), Map.of());
                System.out.println("exported " + spec.toText());
            }
        } else {
            double worst = 0;
            for (int k = 0; k < SPECS.size(); k++) {
                Path model = dir.resolve("torch_" + k + ".safetensors");
                ModelFile.Loaded loaded = ModelFile.load(model);
                SafeTensors.Contents io = SafeTensors.read(dir.resolve("torch_" + k + "_io.safetensors"));
                SafeTensors.Entry xe = io.get("x");
                Sequential net = loaded.model();
                net.train(false);
                float[] ours = net.forward(Tensor.wrap(xe.floats(), (int) xe.shape()[0], (int) xe.shape()[1])).data();
                float[] theirs = io.get("logits").floats();
                double max = 0;
                for (int i = 0; i < ours.length; i++) {
                    max = Math.max(max, Math.abs(ours[i] - theirs[i]));
                }
                worst = Math.max(worst, max);
                System.out.printf("torch -> lanes  %-70s max |lanes - torch| = %.3g%n", loaded.spec().toText(), max);
            }
            System.out.println(worst <= 1e-5 ? "OK: all within 1e-5" : "FAIL: max diff " + worst);
            if (worst > 1e-5) {
                System.exit(1);
            }
        }
    }

    static Tensor input(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
        }
        return Tensor.wrap(a, rows, cols);
    }

    /** Moves weights and batch-norm statistics away from their initial values. */
    static void trainAFewSteps(Sequential net, Tensor x, int classes) {
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0f);
        int[] y = new int[x.dim(0)];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % classes;
        }
        for (int s = 0; s < 5; s++) {
            net.zeroGrad();
            loss.forward(net.forward(x), y);
            net.backward(loss.backward());
            for (var p : net.parameters()) {
                float[] v = p.value().data();
                float[] g = p.grad().data();
                for (int i = 0; i < v.length; i++) {
                    v[i] -= 0.05f * g[i];
                }
            }
        }
    }
}
