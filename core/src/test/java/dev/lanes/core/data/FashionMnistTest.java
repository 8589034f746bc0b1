package dev.lanes.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.io.LanesIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void embeddedSubsetIsBalancedAndScaled() {
        MnistFormat.Split s = FashionMnist.loadDefault();
        assertEquals(10_000, s.train().size());
        assertEquals(2_000, s.test().size());
        assertEquals(784, s.train().numFeatures());
        assertEquals(10, s.test().numClasses());
        assertEquals("fashion-mnist-subset/train", s.train().name());
        int[] perClass = new int[10];
        for (int y : s.train().labels()) {
            perClass[y]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, perClass);
        int[] testPerClass = new int[10];
        for (int y : s.test().labels()) {
            testPerClass[y]++;
        }
        assertArrayEquals(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, testPerClass);
        float min = 1;
        float max = 0;
        double sum = 0;
        for (float v : s.train().features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        // Fashion-MNIST's mean pixel is about 0.286 (the usual normalization constant)
        assertEquals(0.286, sum / s.train().features().length, 0.01);
        // first training image of the real file is an ankle boot (label 9), and it is the first picked
        assertEquals(9, s.train().labels()[0]);
        assertEquals("Ankle boot", FashionMnist.className(9));
        assertEquals("T-shirt/top", FashionMnist.CLASS_NAMES.get(0));
    }

    @Test
    void loadsADirectoryInMnistLayoutAndChecksCounts() throws IOException {
        byte[] img = IdxTest.idx(0x08, new int[] {3, 28, 28}, new byte[3 * 784]);
        byte[] lab = IdxTest.idx(0x08, new int[] {3}, new byte[] {0, 4, 9});
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxTest.gzip(img));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), lab);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), img);
        assertTrue(FashionMnist.systemDirectory().isEmpty() || MnistFormat.isMnistDirectory(FashionMnist.SYSTEM_DIRECTORY));
        LanesIOException e = assertThrows(LanesIOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("missing: expected t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz"),
                e.getMessage());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.idx(0x08, new int[] {2}, new byte[2])));
        e = assertThrows(LanesIOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: holds 2 labels but"), e.getMessage());
        assertTrue(e.getMessage().contains("holds 3 images"), e.getMessage());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.idx(0x08, new int[] {3}, new byte[] {1, 10, 2})));
        e = assertThrows(LanesIOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("label 1 is 10, expected [0, 10)"), e.getMessage());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.idx(0x08, new int[] {3}, new byte[] {1, 1, 2})));
        assertTrue(MnistFormat.isMnistDirectory(dir));
        MnistFormat.Split s = FashionMnist.load(dir);
        assertEquals(3, s.train().size());
        assertArrayEquals(new int[] {0, 4, 9}, s.train().labels());
        assertEquals("fashion-mnist/test", s.test().name());

        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxTest.idx(0x08, new int[] {3, 2, 2}, new byte[12]));
        e = assertThrows(LanesIOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("test images have 4 pixels each, the training images 784"), e.getMessage());
        assertThrows(LanesIOException.class, () -> FashionMnist.load(dir.resolve("nope")));
    }
}
