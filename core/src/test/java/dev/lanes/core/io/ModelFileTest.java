package dev.lanes.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import dev.lanes.core.nn.BatchNorm1d;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Reduction;
import dev.lanes.core.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Tensor input(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return Tensor.wrap(a, rows, cols);
    }

    /** A few training steps so that weights and batch-norm statistics are not at their initial values. */
    private static void train(Sequential net, int in, int classes) {
        CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.MEAN, 0f);
        Tensor x = input(16, in, 5);
        int[] y = new int[16];
        for (int i = 0; i < 16; i++) {
            y[i] = i % classes;
        }
        for (int s = 0; s < 3; s++) {
            net.zeroGrad();
            loss.forward(net.forward(x), y);
            net.backward(loss.backward());
            for (var p : net.parameters()) {
                float[] v = p.value().data();
                float[] g = p.grad().data();
                for (int i = 0; i < v.length; i++) {
                    v[i] -= 0.1f * g[i];
                }
            }
        }
    }

    @Test
    void saveThenRebuildGivesIdenticalOutputsBitForBit() {
        for (String text : List.of("layers=12,9,4", "layers=12,9,7,4 norm=batch activation=gelu dropout=0.2 init=he",
                "layers=12,8,4 norm=layer activation=silu init=xavier")) {
            ModelSpec spec = ModelSpec.parse(text);
            Sequential net = spec.build(new SplittableRandom(11));
            train(net, 12, 4);
            Path f = dir.resolve("model.safetensors");
            ModelFile.save(f, net, spec, Map.of("note", "test"));

            ModelFile.Loaded loaded = ModelFile.load(f);
            assertEquals(spec, loaded.spec());
            assertEquals("test", loaded.metadata().get("note"));
            assertEquals(spec.toText(), loaded.metadata().get(ModelFile.ARCHITECTURE_KEY));
            net.train(false);
            loaded.model().train(false);
            Tensor x = input(5, 12, 99);
            float[] a = net.forward(x).copy().data();
            float[] b = loaded.model().forward(x).data();
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), text + " output " + i);
            }
            // into an existing, differently initialized model
            Sequential other = spec.build(new SplittableRandom(12345));
            ModelFile.load(f, other);
            other.train(false);
            assertArrayEquals(a, other.forward(x).data(), text);
        }
    }

    @Test
    void batchNormStateIsSavedUnderPyTorchNames() {
        ModelSpec spec = ModelSpec.parse("layers=6,5,3 norm=batch");
        Sequential net = spec.build(new SplittableRandom(1));
        train(net, 6, 3);
        BatchNorm1d bn = (BatchNorm1d) net.layer(1);
        assertEquals(3, bn.numBatchesTracked());
        Path f = dir.resolve("bn.safetensors");
        ModelFile.save(f, net, spec);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.weight", "3.bias"), c.names());
        SafeTensors.Entry nbt = c.get("1.num_batches_tracked");
        assertEquals(SafeTensors.I64, nbt.dtype());
        assertEquals(0, nbt.shape().length);
        assertArrayEquals(new long[] {3}, nbt.longs());
        assertArrayEquals(new long[] {5, 6}, c.get("0.weight").shape());
        assertArrayEquals(bn.runningVar().data(), c.get("1.running_var").floats());
        BatchNorm1d loadedBn = (BatchNorm1d) ModelFile.load(f).model().layer(1);
        assertEquals(3, loadedBn.numBatchesTracked());
        assertArrayEquals(bn.runningMean().data(), loadedBn.runningMean().data());
    }

    @Test
    void handMadeModelsSaveAndLoadWithoutSpec() {
        Sequential a = new Sequential(new Linear(4, 3, new SplittableRandom(1)), new ReLU(), new Linear(3, 2, new SplittableRandom(2)));
        Path f = dir.resolve("hand.safetensors");
        ModelFile.save(f, a, null);
        Sequential b = new Sequential(new Linear(4, 3, new SplittableRandom(3)), new ReLU(), new Linear(3, 2, new SplittableRandom(4)));
        ModelFile.load(f, b);
        assertArrayEquals(a.parameters().get(2).value().data(), b.parameters().get(2).value().data());
        LanesIOException e = assertThrows(LanesIOException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("no lanes.architecture"), e.getMessage());
    }

    private Path withEntries(List<SafeTensors.Entry> entries, Map<String, String> meta) {
        Path f = dir.resolve("edited.safetensors");
        SafeTensors.write(f, entries, meta);
        return f;
    }

    @Test
    void mismatchedFilesAreRefusedAndTheModelIsLeftUnchanged() throws Exception {
        ModelSpec spec = ModelSpec.parse("layers=6,5,3 norm=batch");
        Sequential net = spec.build(new SplittableRandom(1));
        List<SafeTensors.Entry> good = ModelFile.stateDict(net);
        Map<String, String> meta = Map.of(ModelFile.ARCHITECTURE_KEY, spec.toText());

        Sequential target = spec.build(new SplittableRandom(2));
        float[] before = target.parameters().get(0).value().data().clone();

        // a tensor missing (the last one, so the earlier ones would load if the check came late)
        List<SafeTensors.Entry> missing = new ArrayList<>(good.subList(0, good.size() - 1));
        LanesIOException e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(missing, meta), target));
        assertTrue(e.getMessage().contains("tensor 3.bias [3] needed by the model is missing"), e.getMessage());
        assertArrayEquals(before, target.parameters().get(0).value().data());

        // an extra tensor
        List<SafeTensors.Entry> extra = new ArrayList<>(good);
        extra.add(SafeTensors.Entry.f32("9.weight", new float[1], 1, 1));
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(extra, meta), target));
        assertTrue(e.getMessage().contains("unexpected tensor 9.weight [1, 1]"), e.getMessage());

        // a wrong shape (transposed weight)
        List<SafeTensors.Entry> transposed = new ArrayList<>(good);
        transposed.set(0, SafeTensors.Entry.f32("0.weight", new float[30], 6, 5));
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(transposed, meta), target));
        assertTrue(e.getMessage().contains("tensor 0.weight has shape [6, 5], the model needs [5, 6]"), e.getMessage());
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(transposed, meta)));
        assertTrue(e.getMessage().contains("its architecture layers=6,5,3"), e.getMessage());

        // num_batches_tracked as F32, or negative
        List<SafeTensors.Entry> f32count = new ArrayList<>(good);
        f32count.set(6, SafeTensors.Entry.f32("1.num_batches_tracked", new float[] {1f}));
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(f32count, meta), target));
        assertTrue(e.getMessage().contains("has dtype F32, the model needs I64"), e.getMessage());
        List<SafeTensors.Entry> negative = new ArrayList<>(good);
        negative.set(6, SafeTensors.Entry.i64("1.num_batches_tracked", new long[] {-1}));
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(negative, meta), target));
        assertTrue(e.getMessage().contains("must be >= 0, got -1"), e.getMessage());
        assertArrayEquals(before, target.parameters().get(0).value().data());

        // a different architecture: file of 6,5,3 into a 6,4,3 model
        Sequential smaller = ModelSpec.parse("layers=6,4,3 norm=batch").build(new SplittableRandom(1));
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(withEntries(good, meta), smaller));
        assertTrue(e.getMessage().contains("tensor 0.weight has shape [5, 6], the model needs [4, 6]"), e.getMessage());

        // a broken architecture string
        Path bad = withEntries(good, Map.of(ModelFile.ARCHITECTURE_KEY, "layers=6,5,3 norm=groups"));
        e = assertThrows(LanesIOException.class, () -> ModelFile.load(bad));
        assertTrue(e.getMessage().contains("lanes.architecture: model spec: norm must be none, batch or layer"), e.getMessage());

        // a file that is not a model at all
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThrows(LanesIOException.class, () -> ModelFile.load(junk));
    }

    @Test
    void saveRefusesASpecThatDoesNotDescribeTheModel() {
        Sequential net = ModelSpec.parse("layers=6,5,3").build(new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(dir.resolve("x.safetensors"), net, ModelSpec.parse("layers=6,5,3 norm=layer")));
        assertTrue(e.getMessage().contains("1.weight [5] needed by the spec"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("x.safetensors"), net, null,
                Map.of(ModelFile.ARCHITECTURE_KEY, "x")));
    }

    @Test
    void prefixedStateSharesAFileWithOtherTensors() {
        ModelSpec spec = ModelSpec.parse("layers=6,5,3 norm=batch");
        Sequential net = spec.build(new SplittableRandom(1));
        train(net, 6, 3);
        List<SafeTensors.Entry> all = new ArrayList<>(ModelFile.stateDict(net, "model."));
        all.add(SafeTensors.Entry.f32("optim.0.exp_avg", new Tensor(5, 6)));
        all.add(SafeTensors.Entry.i64("trainer.step", new long[] {17}));
        Path f = dir.resolve("checkpoint.safetensors");
        SafeTensors.write(f, all, Map.of());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals("model.1.num_batches_tracked", c.names().get(6));
        Sequential other = spec.build(new SplittableRandom(2));
        ModelFile.loadStateDict(f, other, c, "model.");
        assertArrayEquals(net.parameters().get(0).value().data(), other.parameters().get(0).value().data());
        assertEquals(3, ((BatchNorm1d) other.layer(1)).numBatchesTracked());
        assertArrayEquals(new long[] {17}, c.require("trainer.step", SafeTensors.I64).longs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.require("trainer.step", SafeTensors.F32));
        assertTrue(e.getMessage().contains("has dtype I64, expected F32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.require("nope", SafeTensors.F32));
        assertTrue(e.getMessage().contains("no tensor named nope"), e.getMessage());
        // the unprefixed load refuses the extra tensors
        LanesIOException le = assertThrows(LanesIOException.class, () -> ModelFile.loadStateDict(f, other, c));
        assertTrue(le.getMessage().contains("is missing"), le.getMessage());
        // a prefix that matches nothing: every model tensor missing
        le = assertThrows(LanesIOException.class, () -> ModelFile.loadStateDict(f, other, c, "ema."));
        assertTrue(le.getMessage().contains("tensor 0.weight [5, 6] needed by the model is missing"), le.getMessage());
    }
}
