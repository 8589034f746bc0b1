package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a fresh JVM with the Vector API module, this JVM's
 * {@code -Dlanes.test.vectorBits} and the given JIT flags (e.g. {@code -Xint}), on the kernels'
 * main and test classes; for tests whose verdict must not depend on what this JVM's JIT has done.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * The child's stdout and stderr together; fails the test when it does not finish within
     * {@code timeoutSeconds} or exits with a status other than 0.
     */
    static String run(Class<?> main, List<String> jvmFlags, List<String> args, int timeoutSeconds) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules=jdk.incubator.vector");
        String bits = System.getProperty("lanes.test.vectorBits");
        if (bits != null) {
            cmd.add("-Dlanes.test.vectorBits=" + bits);
        }
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classes + File.pathSeparator + testClasses);
        cmd.add(main.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "child JVM did not finish: " + cmd);
        assertEquals(0, p.exitValue(), "child JVM " + jvmFlags + " failed:\n" + out);
        return out;
    }
}
