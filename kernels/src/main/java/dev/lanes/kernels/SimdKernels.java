package dev.lanes.kernels;

/**
 * Builds the SIMD kernel set. {@link Kernels} loads this class by name, and only once it knows
 * that {@code jdk.incubator.vector} is present, so that nothing else links against the module.
 */
final class SimdKernels {
    private SimdKernels() {}

    static Kernels create() {
        return new Kernels("simd", VectorShapes.FLOAT.vectorBitSize(), new SimdActivations(),
                new SimdVectors(), new SimdReductions(), new SimdGemm(), new SimdNorms(), new SimdUpdates());
    }
}
