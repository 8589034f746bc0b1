package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that picks vector species. Every SIMD kernel takes its species from here.
 *
 * <p>The test-only system property {@code lanes.test.vectorBits} (128, 256 or 512) forces a
 * narrower species, so that this AVX-512 machine also runs the AVX2- and NEON-sized code paths.
 * It is read once, when this class initializes; it is not a tuning knob.
 */
final class VectorShapes {
    /** Float species used by every SIMD kernel. */
    static final VectorSpecies<Float> FLOAT = chooseFloat();
    /**
     * Double species of the same bit size as {@link #FLOAT} (half its lanes): reductions widen one
     * float vector into two of these ({@code convertShape(F2D, DOUBLE, 0|1)}) to accumulate in double.
     */
    static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, FLOAT.vectorShape());
    /** Int species with the same lane count as {@link #FLOAT}. */
    static final VectorSpecies<Integer> INT = VectorSpecies.of(int.class, FLOAT.vectorShape());
    /** Lane count of {@link #FLOAT}. */
    static final int LANES = FLOAT.length();

    private VectorShapes() {}

    private static VectorSpecies<Float> chooseFloat() {
        String forced = System.getProperty("lanes.test.vectorBits");
        if (forced == null || forced.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        int bits;
        try {
            bits = Integer.parseInt(forced.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "lanes.test.vectorBits must be 128, 256 or 512, got '" + forced + "'", e);
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("lanes.test.vectorBits must be 128, 256 or 512, got " + bits);
        }
        if (bits > FloatVector.SPECIES_PREFERRED.vectorBitSize()) {
            throw new IllegalArgumentException("lanes.test.vectorBits=" + bits
                    + " is wider than this machine's preferred vectors ("
                    + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits)");
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
