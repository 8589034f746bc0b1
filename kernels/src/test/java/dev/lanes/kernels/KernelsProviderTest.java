package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the provider chooses a kernel set, in this JVM and in child JVMs started with other flags. */
class KernelsProviderTest {

    /** Output of a child JVM: exit code and the two streams. */
    record Child(int exit, String out, String err) {}

    private static Child runProbe(String... jvmArgs) throws IOException, InterruptedException, URISyntaxException {
        return run(ProviderProbe.class, jvmArgs);
    }

    private static Child run(Class<?> main, String... jvmArgs) throws IOException, InterruptedException, URISyntaxException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String testClasses = Path.of(ProviderProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(classes + File.pathSeparator + testClasses);
        cmd.add(main.getName());
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    // 2 * sum(0.5 * i for i < 1000) = 499500, exact in float.
    private static final String EXPECTED_SUM = "sum=499500.0";

    @Test
    void withoutTheVectorModuleTheLibraryRunsOnScalarKernels() throws Exception {
        Child c = runProbe();
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("set=scalar bits=0 " + EXPECTED_SUM), c.out());
        assertTrue(c.err().contains("lanes: scalar kernels: module jdk.incubator.vector is not loaded: "
                + "add --add-modules jdk.incubator.vector for SIMD"), c.err());
    }

    @Test
    void withTheVectorModuleTheLibraryChoosesSimd() throws Exception {
        Child c = runProbe("--add-modules=jdk.incubator.vector");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("set=simd"), c.out());
        assertTrue(c.out().contains(EXPECTED_SUM), c.out());
        assertTrue(c.err().contains("lanes: SIMD kernels, "), c.err());
    }

    @Test
    void theSystemPropertyForcesScalar() throws Exception {
        Child c = runProbe("--add-modules=jdk.incubator.vector", "-Dlanes.kernels=scalar");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("set=scalar bits=0 " + EXPECTED_SUM), c.out());
        assertTrue(c.err().contains("forced by -Dlanes.kernels=scalar"), c.err());
    }

    @Test
    void forcingSimdWithoutTheModuleFailsWithTheReason() throws Exception {
        Child c = runProbe("-Dlanes.kernels=simd");
        assertNotEquals(0, c.exit());
        assertTrue(c.err().contains("SIMD kernels are not available: module jdk.incubator.vector is not loaded"), c.err());
    }

    @Test
    void anUnknownKernelSetIsRejectedByName() throws Exception {
        Child c = runProbe("-Dlanes.kernels=gpu");
        assertNotEquals(0, c.exit());
        assertTrue(c.err().contains("lanes.kernels must be 'scalar' or 'simd' (or unset to choose), got 'gpu'"), c.err());
    }

    private static final String VECTOR = "--add-modules=jdk.incubator.vector";

    /**
     * Issue 12 item 4: a bad start-up setting gives the same plain IllegalStateException, naming
     * the property and the accepted values, on every call, with and without the vector module
     * (before: ExceptionInInitializerError, then NoClassDefFoundError; without the module a bad
     * lanes.threads was ignored).
     */
    @Test
    void badStartUpSettingsFailTheSameWayOnEveryCall() throws Exception {
        String threads = "java.lang.IllegalStateException: -Dlanes.threads must be a whole number >= 1"
                + " (or unset for the processor count), got '";
        String kernels = "java.lang.IllegalStateException: -Dlanes.kernels must be 'scalar' or 'simd'"
                + " (or unset to choose), got 'bogus'";
        String warmUp = "java.lang.IllegalStateException: -Dlanes.warmup must be 'true' or 'false', got 'sometimes'";
        for (String[] setting : new String[][] {{"-Dlanes.threads=abc", threads + "abc'"},
                {"-Dlanes.warmup=sometimes", warmUp},
                {"-Dlanes.threads=0", threads + "0'"}, {"-Dlanes.threads=-1", threads + "-1'"},
                {"-Dlanes.kernels=bogus", kernels}}) {
            for (boolean module : new boolean[] {true, false}) {
                Child c = module ? run(SettingsProbe.class, VECTOR, setting[0]) : run(SettingsProbe.class, setting[0]);
                assertEquals(0, c.exit(), c.err());
                for (int call = 1; call <= 3; call++) {
                    assertTrue(c.out().contains("call " + call + ": " + setting[1] + "\n")
                            || c.out().contains("call " + call + ": " + setting[1] + "\r\n"),
                            setting[0] + (module ? " with" : " without") + " the module, call " + call + ":\n" + c.out());
                }
            }
        }
        Child c = run(SettingsProbe.class, "-Dlanes.kernels=simd");
        for (int call = 1; call <= 3; call++) {
            assertTrue(c.out().contains("call " + call + ": java.lang.IllegalStateException: -Dlanes.kernels=simd, but SIMD"
                    + " kernels are not available: module jdk.incubator.vector is not loaded"), c.out());
        }
        c = run(SettingsProbe.class, "-Dlanes.threads=1");
        assertTrue(c.out().contains("call 3: ok scalar threads=1 c=1.0,4.0"), c.out());
    }

    @Test
    void inThisJvmTheChoiceFollowsTheProperty() {
        String forced = System.getProperty("lanes.kernels");
        String expected = "scalar".equals(forced) ? "scalar" : "simd";
        assertEquals(expected, Kernels.get().name());
        assertNull(Kernels.simdUnavailableReason(), "surefire starts the tests with the module");
        assertEquals(VectorShapes.FLOAT.vectorBitSize(), Kernels.simd().vectorBits());
        assertEquals(VectorShapes.LANES, Kernels.simd().lanes());
        assertEquals("scalar", Kernels.scalar().name());
        assertEquals(1, Kernels.scalar().lanes());
    }

    @Test
    void theTestSwitchNarrowsTheSpecies() {
        String forced = System.getProperty("lanes.test.vectorBits");
        if (forced != null) {
            assertEquals(Integer.parseInt(forced), VectorShapes.FLOAT.vectorBitSize());
        }
        assertEquals(VectorShapes.FLOAT.length(), VectorShapes.INT.length());
    }

    @Test
    void threadCountIsValidated() {
        int before = Parallelism.threads();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallelism.setThreads(0));
        assertTrue(e.getMessage().contains("threads must be >= 1, got 0"), e.getMessage());
        assertEquals(before, Parallelism.threads());
    }
}
