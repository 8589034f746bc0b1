package dev.lanes.kernels;

/**
 * The library-wide thread count for parallel kernels. Defaults to the number of available
 * processors; {@code -Dlanes.threads=N} or {@link #setThreads(int)} change it. Parallel kernels
 * split work over output tiles only, so results are bit-identical for every thread count.
 */
public final class Parallelism {
    private static volatile int threads = initial();

    private Parallelism() {}

    /** The number of threads parallel kernels may use (the calling thread included). */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count; {@code n >= 1}. */
    public static void setThreads(int n) {
        Checks.positive(n, "threads");
        threads = n;
    }

    private static int initial() {
        String p = System.getProperty("lanes.threads");
        if (p == null || p.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n;
        try {
            n = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lanes.threads must be a whole number >= 1, got '" + p + "'", e);
        }
        Checks.positive(n, "lanes.threads");
        return n;
    }
}
