package dev.lanes.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 12 items 4 and 7: bad options and bad start-up settings end in one line naming the option
 * or property and exit status 2, before any work (no table, no stack trace).
 */
class CliErrorsTest {

    record Result(int exit, String out, String err) {}

    private static Result lanes(String... args) {
        CommandLine cl = LanesCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static void oneLineError(Result r, String expected) {
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out(), "no output before the error");
        String[] lines = r.err().strip().split("\\R");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].contains(expected), "'" + lines[0] + "' should contain '" + expected + "'");
    }

    @Test
    void benchOpsRejectsAnEmptySizeList() {
        oneLineError(lanes("bench", "ops", "--sizes", ","), "lanes bench ops: --sizes needs at least one size");
    }

    @Test
    void benchOpsRejectsSizesThatDoNotFitTheHeapBeforeAllocating() {
        oneLineError(lanes("bench", "ops", "--sizes", "2000000000", "--only", "sum"),
                "--sizes 2000000000 needs 32.0 GB of arrays, more than half of this JVM's maximum heap");
    }

    @Test
    void benchOpsRejectsUnknownKernelNamesEvenAmongKnownOnes() {
        oneLineError(lanes("bench", "ops", "--sizes", "4096", "--only", "foo"), "--only: unknown kernel 'foo'; names: [fill,");
        oneLineError(lanes("bench", "ops", "--sizes", "4096", "--only", "sum,foo"), "--only: unknown kernel 'foo'");
    }

    @Test
    void benchOpsRejectsBadTimingOptions() {
        oneLineError(lanes("bench", "ops", "--rounds", "0"), "--rounds must be >= 1, got 0");
        oneLineError(lanes("bench", "ops", "--round-seconds", "-1"), "--round-seconds must be in (0, 60], got -1.0");
        oneLineError(lanes("bench", "ops", "--sizes", "100"), "--sizes must each be >= 512");
    }

    /** {@code LANES_JAVA_OPTS=-Dlanes.threads=0 ./lanes info}: one line, status 2, nothing printed before. */
    @Test
    void aBadStartUpSettingIsOneLineAndStatusTwo() throws Exception {
        for (String setting : List.of("-Dlanes.threads=0", "-Dlanes.threads=abc", "-Dlanes.kernels=bogus")) {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElseThrow());
            cmd.add(setting);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(LanesCommand.class.getName());
            cmd.add("info");
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            oneLineError(new Result(p.exitValue(), out, err), "lanes info: -D" + setting.substring(2, setting.indexOf('='))
                    + " must be ");
        }
    }
}
