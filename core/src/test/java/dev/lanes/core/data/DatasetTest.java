package dev.lanes.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Set<Integer> rowIds(Dataset d) {
        Set<Integer> s = new HashSet<>();
        for (int r = 0; r < d.size(); r++) {
            s.add((int) (d.features()[r * d.numFeatures()] / 10));
        }
        return s;
    }

    @Test
    void splitIsSeededDisjointCompleteAndOrdered() {
        Dataset d = BatchIteratorTest.indexed(101, 3, 4);
        Dataset.TrainValidation s = d.split(0.2, 9);
        assertEquals(20, s.validation().size());
        assertEquals(81, s.train().size());
        assertEquals("indexed-train", s.train().name());
        assertEquals("indexed-val", s.validation().name());
        Set<Integer> tr = rowIds(s.train());
        Set<Integer> va = rowIds(s.validation());
        assertEquals(81, tr.size());
        assertEquals(20, va.size());
        Set<Integer> all = new HashSet<>(tr);
        all.addAll(va);
        assertEquals(101, all.size());
        // original order kept, labels follow their rows
        for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
            for (int r = 0; r < part.size(); r++) {
                int id = (int) (part.features()[r * 3] / 10);
                assertEquals(id % 4, part.labels()[r]);
                if (r > 0) {
                    assertTrue(part.features()[(r - 1) * 3] < part.features()[r * 3]);
                }
            }
        }
        Dataset.TrainValidation again = d.split(0.2, 9);
        assertArrayEquals(s.validation().features(), again.validation().features());
        assertFalse(Arrays.equals(s.validation().features(), d.split(0.2, 10).validation().features()));
        // extremes still leave a row on each side
        assertEquals(1, d.split(1e-9, 1).validation().size());
        assertEquals(100, d.split(0.999999, 1).validation().size());
    }

    @Test
    void splitErrors() {
        Dataset d = BatchIteratorTest.indexed(10, 1, 2);
        for (double f : new double[] {0, 1, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.split(f, 1));
            assertTrue(e.getMessage().contains("validationFraction must be in (0, 1), got " + f), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> BatchIteratorTest.indexed(1, 1, 1).split(0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> d.rows("x", new int[] {10}));
    }

    @Test
    void scalersFitOnTrainApplyEverywhere() {
        Dataset d = BatchIteratorTest.indexed(200, 4, 3);
        Dataset.TrainValidation s = d.split(0.25, 1);
        StandardScaler std = new StandardScaler().fit(s.train().featureTensor());
        Dataset trainStd = s.train().scaled(std);
        Dataset valStd = s.validation().scaled(std);
        assertSame(s.train().labels(), trainStd.labels());
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < trainStd.size(); r++) {
                double v = trainStd.features()[r * 4 + c];
                sum += v;
                sq += v * v;
            }
            assertEquals(0, sum / trainStd.size(), 1e-4);
            assertEquals(1, sq / trainStd.size(), 1e-3);
        }
        // the validation set uses the training statistics: its values are the same affine map
        float[] expected = std.transform(s.validation().featureTensor()).data();
        assertArrayEquals(expected, valStd.features());
        // in place gives the same numbers
        Dataset copy = s.validation().rows("copy", 0, s.validation().size());
        copy.scaleInPlace(std);
        assertArrayEquals(valStd.features(), copy.features());

        MinMaxScaler mm = new MinMaxScaler().fit(s.train().featureTensor());
        Dataset trainMm = s.train().scaled(mm);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : trainMm.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min, 1e-6f);
        assertEquals(1f, max, 1e-6f);
        Dataset v2 = s.validation().rows("v2", 0, s.validation().size());
        v2.scaleInPlace(mm);
        assertArrayEquals(s.validation().scaled(mm).features(), v2.features());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchIteratorTest.indexed(3, 2, 1).scaled(std));
        assertTrue(e.getMessage().contains("[rows, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.scaled((StandardScaler) null));
    }
}
