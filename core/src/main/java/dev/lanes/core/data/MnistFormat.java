package dev.lanes.core.data;

import dev.lanes.core.io.LanesIOException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a directory in MNIST layout: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each raw or gzipped (with a
 * {@code .gz} suffix; the content is detected by its magic bytes). Used by MNIST, Fashion-MNIST,
 * Kuzushiji-MNIST and others. Images become rows of {@code rows * cols} floats in [0, 1]
 * ({@code pixel / 255}); labels must be in {@code [0, numClasses)}; image and label counts must
 * agree. Every problem is a {@link LanesIOException} naming the file.
 */
public final class MnistFormat {
    /** The four base file names, in the order train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFormat() {}

    /** A training and a test set. */
    public record Split(Dataset train, Dataset test) {}

    /**
     * Loads the four files of {@code dir}; {@code name} prefixes the data sets' names
     * ({@code name + "/train"}, {@code name + "/test"}).
     */
    public static Split load(Path dir, String name, int numClasses) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        if (!Files.isDirectory(dir)) {
            throw new LanesIOException(dir, "not a directory; expected one holding " + FILES + " (each optionally .gz)");
        }
        Path[] f = new Path[4];
        for (int i = 0; i < 4; i++) {
            f[i] = find(dir, FILES.get(i));
        }
        Dataset train = dataset(name + "/train", Idx.readImages(f[0]), f[0], Idx.readLabels(f[1]), f[1], numClasses);
        Dataset test = dataset(name + "/test", Idx.readImages(f[2]), f[2], Idx.readLabels(f[3]), f[3], numClasses);
        checkSameImageSize(train, test, f[2]);
        return new Split(train, test);
    }

    /** Whether {@code dir} holds the four files (raw or .gz). */
    public static boolean isMnistDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        for (String base : FILES) {
            if (!Files.isRegularFile(dir.resolve(base)) && !Files.isRegularFile(dir.resolve(base + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads the four files as class-path resources under {@code resourceDir} (e.g.
     * {@code /dev/lanes/core/data/fashion-mnist-subset}), each named as in {@link #FILES} plus
     * {@code .gz}.
     */
    public static Split loadResources(Class<?> anchor, String resourceDir, String name, int numClasses) {
        byte[][] bytes = new byte[4][];
        Path[] names = new Path[4];
        for (int i = 0; i < 4; i++) {
            String res = resourceDir + "/" + FILES.get(i) + ".gz";
            names[i] = Path.of("classpath:" + res);
            try (InputStream in = anchor.getResourceAsStream(res)) {
                if (in == null) {
                    throw new LanesIOException(names[i], "resource not found on the class path");
                }
                bytes[i] = in.readAllBytes();
            } catch (IOException e) {
                throw new LanesIOException(names[i], "cannot read the resource", e);
            }
        }
        Dataset train = dataset(name + "/train", Idx.readImages(bytes[0], names[0]), names[0],
                Idx.readLabels(bytes[1], names[1]), names[1], numClasses);
        Dataset test = dataset(name + "/test", Idx.readImages(bytes[2], names[2]), names[2],
                Idx.readLabels(bytes[3], names[3]), names[3], numClasses);
        checkSameImageSize(train, test, names[2]);
        return new Split(train, test);
    }

    private static Path find(Path dir, String base) {
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new LanesIOException(raw, "missing: expected " + base + " or " + base + ".gz in " + dir);
    }

    private static Dataset dataset(String name, Idx.Images images, Path imageFile, int[] labels, Path labelFile,
            int numClasses) {
        if (images.count() != labels.length) {
            throw new LanesIOException(labelFile, "holds " + labels.length + " labels but " + imageFile + " holds "
                    + images.count() + " images");
        }
        if (images.count() == 0) {
            throw new LanesIOException(imageFile, "holds no images");
        }
        if (images.pixelsPerImage() == 0) {
            throw new LanesIOException(imageFile, "images have no pixels: " + images.rows() + " x " + images.cols());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new LanesIOException(labelFile, "label " + i + " is " + labels[i] + ", expected [0, " + numClasses + ")");
            }
        }
        return new Dataset(name, images.pixels(), labels, images.pixelsPerImage(), numClasses);
    }

    private static void checkSameImageSize(Dataset train, Dataset test, Path testImages) {
        if (train.numFeatures() != test.numFeatures()) {
            throw new LanesIOException(testImages, "test images have " + test.numFeatures()
                    + " pixels each, the training images " + train.numFeatures());
        }
    }
}
