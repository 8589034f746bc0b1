package dev.lanes.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.bench.cli.LanesCommand;
import dev.lanes.core.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lanes compare} on tiny configurations (a 500-row training subset, one or two epochs, two
 * variants): the report's table, results.json with every variant, the PNG charts, the same numbers
 * on a rerun with the same seeds, and one-line errors for bad options.
 */
class CompareCommandTest {
    private static final String[] TINY = {"--epochs", "1", "--seeds", "1", "--train-rows", "500", "--batch", "20",
        "--threads", "1"};

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = LanesCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static String[] args(String study, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("compare", study));
        a.addAll(Arrays.asList(TINY));
        a.addAll(List.of("--out", out.toString()));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> results(Path dir) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(dir.resolve("results.json")));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> variants(Map<String, Object> results) {
        return (List<Map<String, Object>>) results.get("variants");
    }

    static void assertPng(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " missing");
        byte[] png = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), file.toString());
    }

    /** The results without wall times and the command line (which names the output directory). */
    @SuppressWarnings("unchecked")
    static Object withoutTimes(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                String k = (String) e.getKey();
                if (!k.contains("second") && !k.equals("command")) {
                    r.put(k, withoutTimes(e.getValue()));
                }
            }
            return r;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(CompareCommandTest::withoutTimes).toList();
        }
        return o;
    }

    @Test
    void optimizersReportHasTheTableEveryVariantAndChartsAndARerunIsIdentical(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Run r = run(args("optimizers", a, "--only", "sgd,adam", "--json"));
        assertEquals(0, r.exit(), r.err());
        String report = Files.readString(a.resolve("report.md"));
        assertTrue(report.contains("| variant | test acc (mean ± sd) |"), report);
        assertTrue(report.contains("\n| sgd | ") && report.contains("\n| adam | "), report);
        assertTrue(report.contains("## What the numbers show"), report);
        assertTrue(report.contains("![accuracy.png](accuracy.png)"), report);
        Map<String, Object> res = results(a);
        assertEquals("optimizers", res.get("study"));
        assertEquals(List.of("sgd", "adam"), variants(res).stream().map(v -> v.get("name")).toList());
        for (Map<String, Object> v : variants(res)) {
            double acc = ((Json.Num) v.get("test_accuracy_mean")).doubleValue();
            // 500 rows, one epoch of 25 steps: above chance (0.1), not perfect
            assertTrue(acc > 0.2 && acc < 1, v.get("name") + " accuracy " + acc);
            assertEquals(1, ((List<?>) v.get("runs")).size());
        }
        assertPng(a.resolve("accuracy.png"));
        assertPng(a.resolve("loss.png"));
        String json = r.out().strip();
        assertTrue(json.startsWith("{") && json.contains("\"study\":\"optimizers\""), json);

        // A rerun in the same JVM (now with the kernels compiled by C2, the first run partly
        // interpreted): every number is a function of the seeds and settings only, and the kernels
        // give the same bits in every JIT tier, so the results are identical, timings aside.
        Path b = dir.resolve("b");
        assertEquals(0, run(args("optimizers", b, "--only", "sgd,adam")).exit());
        assertEquals(withoutTimes(res), withoutTimes(results(b)));
    }

    @Test
    void seedsChangeTheNumbers(@TempDir Path dir) throws Exception {
        assertEquals(0, run(args("optimizers", dir.resolve("a"), "--only", "adam")).exit());
        String[] two = args("optimizers", dir.resolve("b"), "--only", "adam");
        two[Arrays.asList(two).indexOf("--seeds") + 1] = "2";
        assertEquals(0, run(two).exit());
        var runs = (List<Map<String, Object>>) variants(results(dir.resolve("b"))).get(0).get("runs");
        assertEquals(2, runs.size());
        assertNotEquals(runs.get(0).get("test_loss").toString(), runs.get(1).get("test_loss").toString());
        assertEquals(withoutTimes(((List<?>) variants(results(dir.resolve("a"))).get(0).get("runs")).get(0)),
                withoutTimes(runs.get(0)), "seed 1 alone vs seed 1 among two");
    }

    @Test
    void initReportsGradientNormsByDepth(@TempDir Path dir) throws Exception {
        Run r = run(args("init", dir, "--only", "relu he,relu zeros"));
        assertEquals(0, r.exit(), r.err());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("grad L1/L11 at start"), report);
        assertTrue(report.contains("## Weight-gradient norm per Linear layer"), report);
        // zero weights: every weight gradient but the last layer's is exactly 0 at step 0
        assertTrue(report.contains("| relu zeros | start | 0 | 0 |"), report);
        assertPng(dir.resolve("gradients-relu.png"));
        assertPng(dir.resolve("activations-relu.png"));
        Map<String, Object> he = variants(results(dir)).get(0);
        var probe = (Map<String, Object>) ((List<Map<String, Object>>) he.get("runs")).get(0).get("probe_start");
        assertEquals(11, ((List<?>) probe.get("weight_grad_norm")).size());
    }

    @Test
    void regularizationAndSchedulesWriteTheirCharts(@TempDir Path dir) throws Exception {
        String[] reg = args("regularization", dir.resolve("reg"), "--only", "none,early stopping");
        reg[Arrays.asList(reg).indexOf("--epochs") + 1] = "2";
        Run r = run(reg);
        assertEquals(0, r.exit(), r.err());
        String report = Files.readString(dir.resolve("reg").resolve("report.md"));
        assertTrue(report.contains("widest gap (epoch)"), report);
        assertPng(dir.resolve("reg").resolve("gap.png"));
        assertPng(dir.resolve("reg").resolve("train-accuracy.png"));
        Run s = run(args("schedules", dir.resolve("sch"), "--only", "constant,onecycle"));
        assertEquals(0, s.exit(), s.err());
        assertPng(dir.resolve("sch").resolve("lr.png"));
        assertPng(dir.resolve("sch").resolve("step-loss.png"));
        List<Map<String, Object>> v = variants(results(dir.resolve("sch")));
        var lr = (List<?>) ((List<Map<String, Object>>) v.get(1).get("runs")).get(0).get("step_lr");
        assertFalse(lr.isEmpty());
    }

    @Test
    void normalizationAndActivationsRun(@TempDir Path dir) throws Exception {
        Run n = run(args("normalization", dir.resolve("norm"), "--only", "raw + batch lr 0.1,standardized + none lr 0.1"));
        assertEquals(0, n.exit(), n.err());
        List<Map<String, Object>> v = variants(results(dir.resolve("norm")));
        assertEquals(List.of("raw + batch lr 0.1", "standardized + none lr 0.1"), v.stream().map(x -> x.get("name")).toList());
        assertEquals("raw 0-255", ((Map<?, ?>) v.get(0).get("settings")).get("inputs"));
        assertPng(dir.resolve("norm").resolve("gradients-lr-0.1.png"));
        Run a = run(args("activations", dir.resolve("act"), "--only", "gelu"));
        assertEquals(0, a.exit(), a.err());
        assertTrue(Files.readString(dir.resolve("act").resolve("report.md")).contains("\n| gelu | "));
    }

    @Test
    void badOptionsAreOneLineAndExitTwo(@TempDir Path dir) {
        String out = dir.toString();
        String[][] bad = {
            {"compare", "bogus", "--out", out},
            {"compare", "optimizers", "--epochs", "0", "--out", out},
            {"compare", "optimizers", "--seeds", "0", "--out", out},
            {"compare", "optimizers", "--threads", "0", "--out", out},
            {"compare", "optimizers", "--target", "1.5", "--out", out},
            {"compare", "init", "--lr-sweep", "--out", out},
            {"compare", "optimizers", "--only", "adamx", "--out", out},
            {"compare", "optimizers", "--train-rows", "1", "--out", out},
            {"compare", "optimizers", "--data", dir.resolve("nope").toString(), "--out", out},
        };
        for (String[] a : bad) {
            Run r = run(a);
            assertEquals(2, r.exit(), String.join(" ", a) + " -> " + r.err());
            String err = r.err().strip();
            assertEquals(1, err.lines().count(), String.join(" ", a) + " -> " + err);
            assertTrue(err.startsWith("lanes compare: "), err);
        }
    }
}
