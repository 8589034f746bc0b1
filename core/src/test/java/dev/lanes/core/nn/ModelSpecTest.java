package dev.lanes.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecTest {

    @Test
    void buildsPyTorchLayerOrder() {
        ModelSpec s = ModelSpec.parse("layers=784,256,128,10 activation=gelu_tanh norm=batch dropout=0.25 init=kaiming");
        Sequential net = s.build(new SplittableRandom(1));
        List<String> kinds = new ArrayList<>();
        for (Layer l : net.layers()) {
            kinds.add(l.getClass().getSimpleName());
        }
        assertEquals(List.of("Linear", "BatchNorm1d", "GELU", "Dropout", "Linear", "BatchNorm1d", "GELU", "Dropout", "Linear"),
                kinds);
        assertEquals("Linear(784 -> 256, bias)", net.layer(0).describe());
        assertEquals("Linear(128 -> 10, bias)", net.layer(8).describe());
        assertEquals(0.25f, ((Dropout) net.layer(3)).p());
        assertEquals("he", s.init());
        assertArrayEquals(new int[] {64, 10}, net.outputShape(new int[] {64, 784}));
    }

    @Test
    void stateShapesMatchTheBuiltNetwork() {
        for (String text : List.of("layers=5,3", "layers=5,7,3 norm=batch", "layers=5,7,6,3 norm=layer dropout=0.5",
                "layers=4,4,4 activation=tanh dropout=0.1 norm=batch")) {
            ModelSpec s = ModelSpec.parse(text);
            Sequential net = s.build(new SplittableRandom(2));
            Map<String, long[]> actual = new LinkedHashMap<>();
            for (int i = 0; i < net.size(); i++) {
                for (Parameter p : net.layer(i).parameters()) {
                    actual.put(i + "." + p.name(), toLong(p.value().shape()));
                }
                for (Map.Entry<String, Tensor> b : net.layer(i).buffers().entrySet()) {
                    actual.put(i + "." + b.getKey(), toLong(b.getValue().shape()));
                }
                if (net.layer(i) instanceof BatchNorm1d) {
                    actual.put(i + ".num_batches_tracked", new long[0]);
                }
            }
            Map<String, long[]> expected = s.stateShapes();
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), text);
            for (String k : expected.keySet()) {
                assertArrayEquals(expected.get(k), actual.get(k), text + " " + k);
            }
        }
    }

    private static long[] toLong(int[] s) {
        return Arrays.stream(s).asLongStream().toArray();
    }

    @Test
    void textRoundTripsAndDefaults() {
        ModelSpec d = ModelSpec.parse("layers=784,10");
        assertEquals("layers=784,10 activation=relu norm=none dropout=0 init=default", d.toText());
        assertEquals(ModelSpec.mlp(784, 10), d);
        for (String a : ModelSpec.ACTIVATIONS) {
            for (ModelSpec.Norm n : ModelSpec.Norm.values()) {
                for (String init : ModelSpec.INITS) {
                    ModelSpec s = new ModelSpec(new int[] {3, 5, 2}, a, n, 0.1f, init);
                    ModelSpec back = ModelSpec.parse(s.toText());
                    assertEquals(s, back);
                    assertEquals(s.toText(), back.toText());
                    // every combination builds and runs
                    Sequential net = s.build(new SplittableRandom(3));
                    net.train(false);
                    Tensor y = net.forward(Tensor.wrap(new float[] {1, -2, 0.5f, 0, 1, 2}, 2, 3));
                    assertTrue(y.is2d(2, 2));
                    for (float v : y.data()) {
                        assertTrue(Float.isFinite(v), s.toText());
                    }
                }
            }
        }
        assertNotEquals(d, d.withDropout(0.5f));
        assertEquals("xavier", d.withInit("glorot").init());
    }

    @Test
    void sameSeedSameWeightsAndInitsDiffer() {
        ModelSpec s = ModelSpec.parse("layers=20,30,5 init=he");
        Sequential a = s.build(new SplittableRandom(7));
        Sequential b = s.build(new SplittableRandom(7));
        assertArrayEquals(a.parameters().get(0).value().data(), b.parameters().get(0).value().data());
        // he: bias zero, weight std about sqrt(2/20)
        assertTrue(Arrays.equals(new float[30], a.parameters().get(1).value().data()));
        double sq = 0;
        for (float v : a.parameters().get(0).value().data()) {
            sq += v * v;
        }
        double std = Math.sqrt(sq / 600);
        assertEquals(Math.sqrt(2.0 / 20), std, 0.03, "kaiming-normal std");
        // default: bias non-zero, bound 1/sqrt(20)
        Sequential c = s.withInit("default").build(new SplittableRandom(7));
        float max = 0;
        for (float v : c.parameters().get(0).value().data()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 1 / Math.sqrt(20) && max > 0.8 / Math.sqrt(20), "default bound: " + max);
        assertTrue(c.parameters().get(1).value().data()[0] != 0f);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|must not be empty",
        "'activation=relu'|field 'layers' is required",
        "'layers=784'|at least 2 sizes",
        "'layers=784,0,10'|size 1 must be >= 1, got 0",
        "'layers=784,x,10'|size 1 must be an integer, got 'x'",
        "'layers=784,,10'|size 1 must be an integer",
        "'layers=784,10 activation=swish'|activation must be one of",
        "'layers=784,10 norm=group'|norm must be none, batch or layer, got 'group'",
        "'layers=784,10 dropout=1'|dropout must be in [0, 1), got 1.0",
        "'layers=784,10 dropout=-0.1'|dropout must be in [0, 1)",
        "'layers=784,10 dropout=NaN'|dropout must be in [0, 1)",
        "'layers=784,10 dropout=abc'|dropout must be a number",
        "'layers=784,10 init=magic'|init must be one of",
        "'layers=784,10 color=red'|unknown field 'color'",
        "'layers=784,10 layers=3,2'|field 'layers' given twice",
        "'layers=784,10 relu'|field 'relu' must be key=value",
    })
    void parseErrorsNameTheField(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void dropoutGeneratorCanBeGiven() {
        ModelSpec s = ModelSpec.parse("layers=3,4,2 dropout=0.5");
        SplittableRandom drop = new SplittableRandom(9);
        Sequential net = s.build(new SplittableRandom(1), drop);
        assertInstanceOf(Dropout.class, net.layer(2));
        assertThrows(IllegalArgumentException.class, () -> s.build(null));
    }
}
