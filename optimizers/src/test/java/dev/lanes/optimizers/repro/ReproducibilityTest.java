package dev.lanes.optimizers.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Kernels;
import dev.lanes.optimizers.Adam;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Same program, same seed, same bits, whatever the JIT has compiled: {@link ReproProbe} (a short
 * training run over every activation kind, the norms, softmax, cross-entropy, gradient clipping and
 * Adam) runs in fresh child JVMs that execute the kernels in different tiers: interpreted only
 * ({@code -Xint}: the Vector API's Java fallback throughout), C1 only, C2 from early in the run
 * (tiered with a low compile threshold: interpreted, then C1, then C2 code within one run), C2
 * without tiering, and with two kernel threads. The hash of every step's loss and every parameter's
 * final bits must be the same in all of them (and in this module's test JVM flags: the kernel set and
 * vector width of the surrounding run are passed on).
 */
class ReproducibilityTest {

    /**
     * Few steps, small widths: -Xint runs the Vector API lane by lane in Java (26 s for 20 steps
     * here, under load). With the kernels before this test existed (lanewise EXP/TANH,
     * reduceLanes(ADD)), 20 steps already gave different hashes for C1 only and for tiered with C2
     * compiling early (67432377b44216bf vs bd974b24e92cde6d).
     */
    private static final int STEPS = 20;

    private static String run(List<String> flags) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(Kernels.class, Sequential.class, Adam.class, ReproProbe.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules=jdk.incubator.vector");
        for (String p : List.of("lanes.kernels", "lanes.test.vectorBits")) {
            String v = System.getProperty(p);
            if (v != null) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(ReproProbe.class.getName());
        cmd.add(Integer.toString(STEPS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish: " + cmd);
        assertEquals(0, p.exitValue(), "child JVM " + flags + " failed:\n" + out);
        for (String line : out.split("\n")) {
            if (line.startsWith("hash=")) {
                return line.trim();
            }
        }
        throw new AssertionError("no hash line from " + flags + ":\n" + out);
    }

    @Test
    void sameBitsInEveryJitTierAndThreadCount() throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        for (List<String> flags : List.of(
                List.of("-Xint"),
                List.of("-XX:TieredStopAtLevel=1"),
                List.of("-XX:CompileThresholdScaling=0.001"),
                List.of("-XX:-TieredCompilation"),
                List.of("-XX:CompileThresholdScaling=0.001", "-Dlanes.threads=2"),
                List.<String>of())) {
            results.put(String.join(" ", flags), run(flags));
        }
        String first = results.values().iterator().next();
        for (Map.Entry<String, String> e : results.entrySet()) {
            assertEquals(first, e.getValue(), "JVM flags [" + e.getKey() + "] gave other bits; all: " + results);
        }
    }
}
