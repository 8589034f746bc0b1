package dev.lanes.kernels;

/**
 * The library-wide thread count for parallel kernels. Defaults to the number of available
 * processors; {@code -Dlanes.threads=N} or {@link #setThreads(int)} change it. Parallel kernels
 * split work over output tiles only, so results are bit-identical for every thread count.
 *
 * <p>A bad {@code -Dlanes.threads} (not a whole number, or below 1) makes {@link #threads()}, and
 * with it {@link Kernels#get()}, throw an {@link IllegalStateException} naming the property and
 * the accepted values, on every call, with the SIMD or the scalar set, until
 * {@link #setThreads(int)} sets a valid count.
 */
public final class Parallelism {
    static final String PROPERTY = "lanes.threads";
    /** 0 until resolved from the property (or set). */
    private static volatile int threads;

    private Parallelism() {}

    /**
     * The number of threads parallel kernels may use (the calling thread included).
     *
     * @throws IllegalStateException if {@code -Dlanes.threads} is set to anything but a whole number >= 1
     */
    public static int threads() {
        int t = threads;
        return t != 0 ? t : resolve();
    }

    /** Sets the thread count; {@code n >= 1}. */
    public static void setThreads(int n) {
        Checks.positive(n, "threads");
        threads = n;
    }

    private static int resolve() {
        String p = System.getProperty(PROPERTY);
        int n;
        if (p == null) {
            n = Runtime.getRuntime().availableProcessors();
        } else {
            try {
                n = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw Checks.badSetting(PROPERTY, "a whole number >= 1 (or unset for the processor count)", p);
            }
        }
        threads = n;
        return n;
    }
}
