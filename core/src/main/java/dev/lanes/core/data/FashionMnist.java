package dev.lanes.core.data;

import dev.lanes.core.io.LanesIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28x28 grey images of 10 kinds of clothing,
 * 60,000 for training and 10,000 for testing in the full set.
 *
 * <ul>
 *   <li>{@link #loadDefault()}: the subset shipped inside Lanes (resources
 *       {@code dev/lanes/core/data/fashion-mnist-subset/}, see the README there): 10,000
 *       training images (the first 1,000 of each class in the training file's order) and 2,000
 *       test images (the first 200 of each class in the test file's order), kept in file order;
 *       about 5 MB of gzipped IDX.</li>
 *   <li>{@link #load(Path)}: any directory in MNIST layout (see {@link MnistFormat}).</li>
 *   <li>{@link #systemDirectory()}: Debian's {@code dataset-fashion-mnist} package directory,
 *       when installed.</li>
 * </ul>
 * Pixels are scaled to [0, 1] ({@code pixel / 255}, torchvision's {@code ToTensor}), not
 * otherwise normalized.
 */
public final class FashionMnist {
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Pixels per image (28 x 28). */
    public static final int PIXELS = 784;
    /** Class names by label, as in the data set's README. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where Debian's {@code dataset-fashion-mnist} package installs the full set. */
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** Class-path directory of the embedded subset. */
    public static final String RESOURCE_DIRECTORY = "/dev/lanes/core/data/fashion-mnist-subset";
    /** Training images per class in the embedded subset. */
    public static final int SUBSET_TRAIN_PER_CLASS = 1000;
    /** Test images per class in the embedded subset. */
    public static final int SUBSET_TEST_PER_CLASS = 200;

    private FashionMnist() {}

    /** The embedded subset (10,000 training, 2,000 test images), named {@code fashion-mnist-subset/train|test}. */
    public static MnistFormat.Split loadDefault() {
        MnistFormat.Split s = MnistFormat.loadResources(FashionMnist.class, RESOURCE_DIRECTORY, "fashion-mnist-subset", CLASSES);
        return check(s, Path.of("classpath:" + RESOURCE_DIRECTORY));
    }

    /** The data set from a directory in MNIST layout, named {@code fashion-mnist/train|test}. */
    public static MnistFormat.Split load(Path dir) {
        MnistFormat.Split s = MnistFormat.load(dir, "fashion-mnist", CLASSES);
        return check(s, dir);
    }

    /** {@link #SYSTEM_DIRECTORY} when it holds the four files, else empty. */
    public static Optional<Path> systemDirectory() {
        return MnistFormat.isMnistDirectory(SYSTEM_DIRECTORY) ? Optional.of(SYSTEM_DIRECTORY) : Optional.empty();
    }

    /** The name of class {@code label}. */
    public static String className(int label) {
        if (label < 0 || label >= CLASSES) {
            throw new IllegalArgumentException("label must be in [0, " + CLASSES + "), got " + label);
        }
        return CLASS_NAMES.get(label);
    }

    private static MnistFormat.Split check(MnistFormat.Split s, Path where) {
        if (s.train().numFeatures() != PIXELS) {
            throw new LanesIOException(where, "Fashion-MNIST images must have " + PIXELS + " pixels, got "
                    + s.train().numFeatures());
        }
        return s;
    }
}
