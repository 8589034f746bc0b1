package dev.lanes.kernels;

import java.lang.management.ManagementFactory;

/**
 * Started in a child JVM by {@link UpdatesTailAllocationTest}: calls every {@link SimdUpdates} rule
 * (every optional buffer and flag on) with {@code n = 1 .. L - 1}, so each call is all tail, and
 * prints the heap bytes the calling thread allocated per rule ({@code <rule> bytes=<n>}).
 */
public final class UpdatesTailProbe {
    private UpdatesTailProbe() {}

    /** Calls per rule and tail length. */
    private static final int CALLS = 50;

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Updates u = new SimdUpdates();
        int lanes = VectorShapes.LANES;
        float[] p = new float[lanes];
        float[] a = new float[lanes];
        float[] b = new float[lanes];
        float[] c = new float[lanes];
        float[] g = new float[lanes];
        for (int i = 0; i < lanes; i++) {
            p[i] = 0.5f + i;
            g[i] = 0.25f - i * 0.125f;
            a[i] = 0.01f * i;
            b[i] = 0.02f * i;
            c[i] = 0.03f * i;
        }
        // The counter itself: first calls may load classes; measure an empty interval after them.
        long empty = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = bean.getCurrentThreadAllocatedBytes();
            empty = bean.getCurrentThreadAllocatedBytes() - t0;
        }
        System.out.println("empty bytes=" + empty);
        String[] rules = {"sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam", "radam", "lion"};
        for (String rule : rules) {
            call(u, rule, p, a, b, c, g, lanes, 1); // first calls link classes and call sites
            long before = bean.getCurrentThreadAllocatedBytes();
            call(u, rule, p, a, b, c, g, lanes, CALLS);
            long bytes = bean.getCurrentThreadAllocatedBytes() - before - empty;
            System.out.println(rule + " bytes=" + bytes);
        }
    }

    private static void call(Updates u, String rule, float[] p, float[] a, float[] b, float[] c, float[] g, int lanes,
                         int calls) {
        for (int k = 0; k < calls; k++) {
            for (int n = 1; n < lanes; n++) {
                switch (rule) {
                    case "sgd" -> u.sgd(p, 0, a, 0, g, 0, 1e-3f, 1e-2f, 0.9f, 0.9f, true, true, false, n);
                    case "rmsprop" -> u.rmsprop(p, 0, a, 0, b, 0, c, 0, g, 0, 1e-3f, 0.99f, 0.01f, 1e-8f, 1e-2f, 0.9f, true, n);
                    case "adagrad" -> u.adagrad(p, 0, a, 0, g, 0, 1e-2f, 1e-2f, 1e-10f, true, n);
                    case "adadelta" -> u.adadelta(p, 0, a, 0, b, 0, g, 0, 1f, 0.9f, 0.1f, 1e-6f, 1e-2f, true, n);
                    case "adam" -> u.adam(p, 0, a, 0, b, 0, c, 0, g, 0, 0.99f, 1e-2f, 0.1f, 0.999f, 0.001f, 1e-3f, 0.5f, 1e-8f, true, n);
                    case "adamax" -> u.adamax(p, 0, a, 0, b, 0, g, 0, 1e-2f, 0.1f, 0.999f, 1e-8f, 2e-3f, true, n);
                    case "nadam" -> u.nadam(p, 0, a, 0, b, 0, g, 0, 0.99f, 1e-2f, 0.1f, 0.999f, 0.001f, 0.25f, 1e-8f, -1e-3f, -1e-3f, true, n);
                    case "radam" -> u.radam(p, 0, a, 0, b, 0, g, 0, 0.99f, 1e-2f, 0.1f, 0.999f, 0.001f, 0.5f, 1e-3f, 0.5f, 1e-8f, true, 0.5f, true, n);
                    case "lion" -> u.lion(p, 0, a, 0, g, 0, 1e-4f, 1e-2f, 0.9f, 0.1f, 0.99f, 0.01f, true, n);
                    default -> throw new IllegalStateException(rule);
                }
            }
        }
    }
}
