package dev.lanes.core;

import java.util.Arrays;

/**
 * A dense float32 tensor, row-major, over one flat array starting at index 0. The array is
 * exposed ({@link #data()}) on purpose: kernels work on it directly.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    /** A zero-filled tensor of the given shape (every dimension {@code >= 0}). */
    public Tensor(int... shape) {
        this.shape = checkedShape(shape);
        this.data = new float[numel(this.shape)];
    }

    private Tensor(float[] data, int[] shape) {
        this.shape = shape;
        this.data = data;
    }

    /** Wraps {@code data} (not copied); its length must equal the product of {@code shape}. */
    public static Tensor wrap(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        int[] s = checkedShape(shape);
        int n = numel(s);
        if (data.length != n) {
            throw new IllegalArgumentException("data length must equal the shape's element count "
                    + n + " for shape " + Arrays.toString(s) + ", got " + data.length);
        }
        return new Tensor(data, s);
    }

    private static int[] checkedShape(int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        int[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) {
                throw new IllegalArgumentException("shape dimension " + i + " must be >= 0, got " + s[i]
                        + " in " + Arrays.toString(s));
            }
        }
        numel(s);
        return s;
    }

    private static int numel(int[] s) {
        long n = 1;
        for (int d : s) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(s)
                        + " has more elements than an array can hold (" + Integer.MAX_VALUE + ")");
            }
        }
        return (int) n;
    }

    /** The backing array (length {@link #size()}). */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        if (i < 0 || i >= shape.length) {
            throw new IllegalArgumentException("dimension index must be in [0, " + shape.length + "), got " + i);
        }
        return shape[i];
    }

    /** Total number of elements. */
    public int size() {
        return data.length;
    }

    /** Whether the shape equals {@code other} dimension by dimension. */
    public boolean hasShape(int... other) {
        return Arrays.equals(shape, other);
    }

    /** Whether this tensor has the same shape as {@code other} (allocation-free). */
    public boolean sameShape(Tensor other) {
        return other != null && Arrays.equals(shape, other.shape);
    }

    /** Whether this is the 2-D shape {@code [rows, cols]} (allocation-free, unlike {@link #hasShape}). */
    public boolean is2d(int rows, int cols) {
        return shape.length == 2 && shape[0] == rows && shape[1] == cols;
    }

    /** The last dimension's size (1 for a rank-0 tensor). */
    public int lastDim() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** The shape as text, e.g. {@code [64, 784]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** A new tensor with the same shape and a copy of the data. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
