package dev.lanes.kernels;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * The kernel set: one implementation of every kernel family, SIMD or scalar, chosen once.
 *
 * <p>{@link #get()} decides on first use and logs one line saying which set and why. The SIMD
 * set needs the incubating module {@code jdk.incubator.vector} (start the JVM with
 * {@code --add-modules jdk.incubator.vector}) and float vectors of at least 128 bits; without
 * them the scalar set is used and the library still works, only slower. The system property
 * {@code -Dlanes.kernels=scalar|simd} forces the choice ({@code simd} fails with an
 * {@link IllegalStateException} saying why when SIMD is not available; any other value fails with
 * one naming the accepted values; both on every call, never a class-initialization error).
 *
 * <p>The SIMD classes are loaded by name only after those checks pass, so nothing here links
 * against {@code jdk.incubator.vector}. Every family returned here validates its arguments
 * before the kernel runs.
 */
public final class Kernels {
    private static final System.Logger LOG = System.getLogger("dev.lanes.kernels");
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String SIMD_FACTORY = "dev.lanes.kernels.SimdKernels";
    static final String PROPERTY = "lanes.kernels";
    static final String WARMUP_PROPERTY = "lanes.warmup";

    private final String name;
    private final int vectorBits;
    private final Activations activations;
    private final Vectors vectors;
    private final Reductions reductions;
    private final Gemm gemm;
    private final Norms norms;
    private final Updates updates;

    Kernels(String name, int vectorBits, Activations activations, Vectors vectors,
            Reductions reductions, Gemm gemm, Norms norms, Updates updates) {
        this.name = name;
        this.vectorBits = vectorBits;
        this.activations = new CheckedActivations(activations);
        this.vectors = new CheckedVectors(vectors);
        this.reductions = new CheckedReductions(reductions);
        this.gemm = new CheckedGemm(gemm);
        this.norms = new CheckedNorms(norms);
        this.updates = new CheckedUpdates(updates);
    }

    /**
     * The kernel set this JVM uses, chosen on the first successful call.
     *
     * @throws IllegalStateException naming the property and the accepted values when
     *         {@code -Dlanes.kernels} or {@code -Dlanes.threads} is bad, or {@code -Dlanes.kernels=simd}
     *         cannot be honoured; on every call while that is so
     */
    public static Kernels get() {
        Kernels k = chosen;
        return k != null ? k : choose();
    }

    /** The scalar set (the specification), always available. */
    public static Kernels scalar() {
        return ScalarSet.SET;
    }

    /**
     * The SIMD set.
     *
     * @throws IllegalStateException naming the reason when this JVM cannot run it
     */
    public static Kernels simd() {
        return SimdSet.get();
    }

    /** Why SIMD is not available here, or {@code null} when it is. */
    public static String simdUnavailableReason() {
        return SimdSet.REASON;
    }

    /** {@code "simd"} or {@code "scalar"}. */
    public String name() {
        return name;
    }

    /** Width of the float vectors the kernels use, in bits; 0 for the scalar set. */
    public int vectorBits() {
        return vectorBits;
    }

    /** Floats per vector; 1 for the scalar set. */
    public int lanes() {
        return vectorBits == 0 ? 1 : vectorBits / Float.SIZE;
    }

    public Activations activations() {
        return activations;
    }

    public Vectors vectors() {
        return vectors;
    }

    public Reductions reductions() {
        return reductions;
    }

    public Gemm gemm() {
        return gemm;
    }

    public Norms norms() {
        return norms;
    }

    /** Optimizer update rules (one fused pass per parameter per step). */
    public Updates updates() {
        return updates;
    }

    /** One line describing this set, e.g. {@code SIMD kernels, 512-bit float vectors}. */
    public String describe() {
        return vectorBits == 0 ? "scalar kernels" : "SIMD kernels, " + vectorBits + "-bit float vectors";
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * {@code -Dlanes.warmup}: whether the SIMD set starts its GEMM warm-up thread (unset: yes).
     *
     * @throws IllegalStateException naming the property and the accepted values
     */
    static boolean warmUpEnabled() {
        String v = System.getProperty(WARMUP_PROPERTY);
        if (v == null) {
            return true;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Checks.badSetting(WARMUP_PROPERTY, "'true' or 'false'", v);
        };
    }

    /** {@code GemmWarmUp.start()}, by name: this class links against no Vector API class. */
    private static void startWarmUp() {
        try {
            Class.forName("dev.lanes.kernels.GemmWarmUp").getDeclaredMethod("start").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lanes: cannot start the GEMM warm-up", e);
        }
    }

    static Kernels createScalar() {
        return new Kernels("scalar", 0, new ScalarActivations(), new ScalarVectors(),
                new ScalarReductions(), new ScalarGemm(), new ScalarNorms(), new ScalarUpdates());
    }

    private static final class ScalarSet {
        static final Kernels SET = createScalar();
    }

    private static final class SimdSet {
        static final String REASON;
        private static final Kernels SET;

        static {
            String reason = null;
            Kernels set = null;
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                reason = "module " + VECTOR_MODULE + " is not loaded: add --add-modules "
                        + VECTOR_MODULE + " for SIMD";
            } else {
                try {
                    set = (Kernels) Class.forName(SIMD_FACTORY).getDeclaredMethod("create").invoke(null);
                } catch (ReflectiveOperationException | LinkageError e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    reason = "the SIMD kernels could not be loaded (" + cause + ")";
                }
                if (set != null && set.vectorBits < 128) {
                    reason = "this CPU's float vectors are " + set.vectorBits + " bits; SIMD kernels need at least 128";
                    set = null;
                }
            }
            REASON = reason;
            SET = set;
        }

        static Kernels get() {
            if (SET == null) {
                throw new IllegalStateException("SIMD kernels are not available: " + REASON);
            }
            return SET;
        }
    }

    /** The chosen set; null until a call to {@link #get()} succeeds (a failed choice is not cached). */
    private static volatile Kernels chosen;

    private static synchronized Kernels choose() {
        if (chosen != null) {
            return chosen;
        }
        Parallelism.threads(); // a bad -Dlanes.threads fails here too, with either set
        boolean warmUp = warmUpEnabled();
        String forced = System.getProperty(PROPERTY);
        String mode = forced == null ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
        Kernels set;
        String why;
        switch (mode) {
            case "scalar" -> {
                set = scalar();
                why = " (forced by -Dlanes.kernels=scalar)";
            }
            case "simd" -> {
                if (SimdSet.SET == null) {
                    throw new IllegalStateException("-Dlanes.kernels=simd, but SIMD kernels are not available: "
                            + SimdSet.REASON + " (or set -Dlanes.kernels=scalar)");
                }
                set = SimdSet.SET;
                why = " (forced by -Dlanes.kernels=simd)";
            }
            case "auto", "" -> {
                if (SimdSet.REASON == null) {
                    set = SimdSet.SET;
                    why = "";
                } else {
                    set = scalar();
                    why = ": " + SimdSet.REASON;
                }
            }
            default -> throw Checks.badSetting(PROPERTY, "'scalar' or 'simd' (or unset to choose)", forced);
        }
        LOG.log(Level.INFO, "lanes: " + set.describe() + why);
        chosen = set;
        if (set.vectorBits != 0 && warmUp) {
            startWarmUp();
        }
        return set;
    }
}
