package dev.lanes.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Remakes the embedded Fashion-MNIST subset (not run by the build):
 *
 * <pre>
 * CP=core/target/classes:core/target/test-classes:kernels/target/classes
 * java -cp $CP dev.lanes.core.data.MakeFashionMnistSubset /usr/share/datasets/fashion-mnist \
 *     core/src/main/resources/dev/lanes/core/data/fashion-mnist-subset
 * </pre>
 *
 * The pick: for each class, the first {@link FashionMnist#SUBSET_TRAIN_PER_CLASS} training images
 * and the first {@link FashionMnist#SUBSET_TEST_PER_CLASS} test images in file order; the picked
 * images keep their file order. Output: gzipped IDX (level 9; Java's gzip header has no time
 * stamp, so the bytes are reproducible for a given JDK's deflater).
 */
public final class MakeFashionMnistSubset {
    public static void main(String[] args) throws IOException {
        Path src = Path.of(args[0]);
        Path dst = Path.of(args[1]);
        Files.createDirectories(dst);
        subset(src, dst, "train", FashionMnist.SUBSET_TRAIN_PER_CLASS);
        subset(src, dst, "t10k", FashionMnist.SUBSET_TEST_PER_CLASS);
    }

    private static void subset(Path src, Path dst, String prefix, int perClass) throws IOException {
        Idx.UBytes images = Idx.read(src.resolve(prefix + "-images-idx3-ubyte.gz"));
        Idx.UBytes labels = Idx.read(src.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int n = labels.dim(0);
        int pixels = images.dim(1) * images.dim(2);
        int[] taken = new int[FashionMnist.CLASSES];
        int total = perClass * FashionMnist.CLASSES;
        byte[] outImages = new byte[total * pixels];
        byte[] outLabels = new byte[total];
        int k = 0;
        for (int i = 0; i < n && k < total; i++) {
            int label = labels.data()[i] & 0xff;
            if (taken[label] < perClass) {
                taken[label]++;
                System.arraycopy(images.data(), i * pixels, outImages, k * pixels, pixels);
                outLabels[k] = (byte) label;
                k++;
            }
        }
        if (k != total) {
            throw new IllegalStateException(prefix + ": found only " + k + " of " + total + " images");
        }
        write(dst.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {total, images.dim(1), images.dim(2)}, outImages);
        write(dst.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {total}, outLabels);
        System.out.println(prefix + ": " + total + " images (" + perClass + " per class)");
    }

    private static void write(Path file, int[] dims, byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(header.array());
            gz.write(data);
        }
        Files.write(file, bytes.toByteArray());
    }
}
