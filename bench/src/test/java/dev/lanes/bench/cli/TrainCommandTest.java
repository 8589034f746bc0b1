package dev.lanes.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import dev.lanes.core.io.ModelFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lanes train} and {@code lanes eval} end to end on the embedded data, with a small model
 * so the test stays short: the files a run writes, the JSON summary, eval agreeing with train,
 * resume matching an uninterrupted run bit for bit, and one-line errors for bad options.
 */
class TrainCommandTest {
    /** A small, quick model: the embedded 10,000 rows at batch 100 are 100 steps an epoch. */
    private static final String[] SMALL = {"--layers", "784,32,10", "--batch", "100", "--threads", "1"};

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = LanesCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] args(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": ([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), () -> key + " not in " + json);
        double v = Double.parseDouble(m.group(1));
        assertTrue(!m.find(), () -> key + " appears twice in " + json);
        return v;
    }

    @Test
    void trainsWritesEveryFileAndEvalAgrees(@TempDir Path dir) throws Exception {
        Run r = run(args(new String[] {"train"}, args(SMALL, "--epochs", "2", "--out", dir.toString(), "--json")));
        assertEquals(0, r.exit(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        double acc = number(json, "test_accuracy");
        // Two epochs of a 784-32-10 MLP on 10,000 Fashion-MNIST images: well above chance (0.1).
        assertTrue(acc > 0.7 && acc <= 1, "test accuracy " + acc);
        assertTrue(json.contains("\"epoch\": 2"), json);
        for (String f : List.of("model.safetensors", "checkpoint.safetensors", "metrics.csv", "loss.png", "accuracy.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(3, csv.size(), csv.toString());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).count());
        }
        byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        Run e = run("eval", "--model", dir.resolve("model.safetensors").toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        assertEquals(acc, number(e.out(), "test_accuracy"), 0.0, "eval of the saved model = train's final test accuracy");
    }

    @Test
    void resumeFromAnEpochCheckpointMatchesTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("full");
        Path half = dir.resolve("half");
        assertEquals(0, run(args(new String[] {"train"}, args(SMALL, "--epochs", "2", "--out", full.toString()))).exit());
        assertEquals(0, run(args(new String[] {"train"}, args(SMALL, "--epochs", "1", "--out", half.toString()))).exit());
        Path resumed = dir.resolve("resumed");
        Run r = run(args(new String[] {"train"}, args(SMALL, "--epochs", "2", "--out", resumed.toString(),
                "--resume", half.resolve("checkpoint.safetensors").toString())));
        assertEquals(0, r.exit(), r.err());
        Run other = run(args(new String[] {"train"}, args(SMALL, "--epochs", "2", "--activation", "tanh", "--out",
                dir.resolve("other").toString(), "--resume", half.resolve("checkpoint.safetensors").toString())));
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("lanes.architecture"), other.err());
        Map<String, Parameter> a = ModelFile.load(full.resolve("model.safetensors")).model().namedParameters();
        Map<String, Parameter> b = ModelFile.load(resumed.resolve("model.safetensors")).model().namedParameters();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).value().data(), b.get(k).value().data(), k + " differs after resume");
        }
    }

    @Test
    void badOptionsAreOneLineAndExitTwo(@TempDir Path dir) {
        String out = dir.toString();
        String[][] bad = {
            {"train", "--epochs", "0", "--out", out},
            {"train", "--batch", "-1", "--out", out},
            {"train", "--optimizer", "adamx", "--out", out},
            {"train", "--schedule", "linear", "--out", out},
            {"train", "--layers", "100,10", "--out", out},
            {"train", "--layers", "784,32,7", "--out", out},
            {"train", "--data", dir.resolve("nope").toString(), "--out", out},
            {"train", "--early-stop", "3", "--out", out},
            {"train", "--resume", dir.resolve("missing.safetensors").toString(), "--out", out},
            {"train", "--activation", "swish2", "--out", out},
            {"eval", "--model", dir.resolve("missing.safetensors").toString()},
        };
        for (String[] a : bad) {
            Run r = run(a);
            assertEquals(2, r.exit(), String.join(" ", a) + " -> " + r.err());
            String err = r.err().strip();
            assertTrue(!err.isEmpty() && !err.contains("\n") && !err.contains("Exception"),
                    String.join(" ", a) + " -> " + r.err());
        }
    }
}
