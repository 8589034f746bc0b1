package dev.lanes.kernels;

/**
 * Argument checks shared by every public entry point. Each failure is an
 * {@link IllegalArgumentException} whose message names the argument, the expected and the actual
 * value, so that no kernel ever fails with an {@code ArrayIndexOutOfBoundsException} from inside a
 * loop.
 */
public final class Checks {
    private Checks() {}

    /** {@code value >= 0}. */
    public static void nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** {@code value >= 1}. */
    public static void positive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /**
     * A bad start-up setting (a {@code -D} system property): the exception to throw, naming the
     * property, the accepted values and the value found. Thrown on every use while the setting is
     * bad (never cached in a class initializer, which would turn later uses into
     * {@code NoClassDefFoundError}).
     */
    public static IllegalStateException badSetting(String property, String accepted, String got) {
        return new IllegalStateException("-D" + property + " must be " + accepted + ", got '" + got + "'");
    }

    /** A finite float. */
    public static void finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    /** {@code a} is not null and {@code a[off .. off+len)} lies inside it. */
    public static void range(float[] a, int off, long len, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        range(a.length, off, len, name);
    }

    /** {@code a} is not null and {@code a[off .. off+len)} lies inside it. */
    public static void range(int[] a, int off, long len, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        range(a.length, off, len, name);
    }

    /** {@code a} is not null and {@code a[off .. off+len)} lies inside it. */
    public static void range(double[] a, int off, long len, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        range(a.length, off, len, name);
    }

    private static void range(int length, int off, long len, String name) {
        if (len < 0) {
            throw new IllegalArgumentException("length of " + name + " must be >= 0, got " + len);
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, got " + off);
        }
        if (off + len > length) {
            throw new IllegalArgumentException(name + ": offset " + off + " + length " + len
                    + " = " + (off + len) + " exceeds the array length " + length);
        }
    }

    /**
     * A row-major matrix view: {@code rows} rows of {@code cols} elements, row {@code r} starting
     * at {@code off + r*ld}. Requires {@code ld >= max(1, cols)} and the last element inside the
     * array.
     */
    public static void matrix(float[] a, int off, int rows, int cols, int ld, String name) {
        // messages are built only on failure: these checks run on every kernel call and must not allocate
        if (rows < 0) {
            nonNegative(rows, "rows of " + name);
        }
        if (cols < 0) {
            nonNegative(cols, "columns of " + name);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= "
                    + Math.max(1, cols) + " (its column count), got " + ld);
        }
        long extent = (rows == 0 || cols == 0) ? 0 : (long) (rows - 1) * ld + cols;
        range(a, off, extent, name);
    }

    /** The product {@code rows*cols} as an int, or an exception naming both. */
    public static int elements(int rows, int cols, String name) {
        if (rows < 0) {
            nonNegative(rows, "rows of " + name);
        }
        if (cols < 0) {
            nonNegative(cols, "columns of " + name);
        }
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + rows + " x " + cols + " = " + n
                    + " elements exceeds the largest array length " + Integer.MAX_VALUE);
        }
        return (int) n;
    }
}
