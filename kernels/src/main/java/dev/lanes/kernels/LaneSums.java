package dev.lanes.kernels;

/**
 * Horizontal sums in a fixed order, the same bits in every JIT tier. {@code reduceLanes(ADD)}
 * leaves its order unspecified: C2's intrinsic adds the lanes in a tree, the interpreter and C1
 * in lane order, so a float or double sum reduced that way depended on when C2 had compiled the
 * kernel. Kernels store the accumulator vector into a per-thread scratch array
 * ({@code v.intoArray(LaneSums.floats(), 0)}: no vector crosses a method boundary) and add its
 * elements here in lane order, {@code ((s0 + s1) + s2) + ...}.
 */
final class LaneSums {
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[VectorShapes.LANES]);
    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[VectorShapes.LANES]);

    private LaneSums() {
    }

    /** This thread's scratch for one float vector. */
    static float[] floats() {
        return FLOATS.get();
    }

    /** This thread's scratch for one double vector (at least as long as a float vector). */
    static double[] doubles() {
        return DOUBLES.get();
    }

    /** {@code s[0] + s[1] + ... + s[n-1]}, left to right. */
    static float sum(float[] s, int n) {
        float r = s[0];
        for (int j = 1; j < n; j++) {
            r += s[j];
        }
        return r;
    }

    /** {@code s[0] + s[1] + ... + s[n-1]}, left to right. */
    static double sum(double[] s, int n) {
        double r = s[0];
        for (int j = 1; j < n; j++) {
            r += s[j];
        }
        return r;
    }
}
