package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.bench.cli.LanesCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lanes train --spark local[2]}: the command line finds this module through
 * {@code META-INF/services} and writes what a local run writes; a resume with other Spark settings
 * is refused; the same command resumes with the same ones.
 */
class SparkTrainCommandTest {
    private static final String[] SMALL = {"train", "--spark", "local[2]", "--workers", "2",
        "--layers", "784,16,10", "--batch", "64", "--json"};

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = LanesCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] with(String... more) {
        String[] r = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, r, 0, SMALL.length);
        System.arraycopy(more, 0, r, SMALL.length, more.length);
        return r;
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": ([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), () -> key + " not in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsOnSparkWritesWhatALocalRunWritesAndResumes(@TempDir Path dir) {
        Run r = run(with("--sync-every", "4", "--epochs", "1", "--out", dir.toString()));
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[] {"model.safetensors", "checkpoint.safetensors", "metrics.csv", "loss.png",
            "accuracy.png"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " written");
        }
        // 10,000 rows / (2 workers x 64) = 78 steps, rounds of 4 steps (the last of 2)
        assertEquals(78, number(r.out(), "steps"));
        assertEquals(20, number(r.out(), "rounds"));
        assertEquals(4, number(r.out(), "sync_every"));
        assertTrue(number(r.out(), "test_accuracy") > 0.5, r.out());
        assertTrue(r.out().contains("\"executor_kernels\": \"SIMD"), r.out());
        assertTrue(r.err().contains("spark local[2]: 2 workers x batch 64 (128 rows per step), sync every 4"), r.err());

        Path ckpt = dir.resolve("checkpoint.safetensors");
        Run other = run(with("--epochs", "2", "--out", dir.toString(), "--resume", ckpt.toString(), "--sync-every", "3"));
        assertEquals(2, other.exit(), other.out());
        assertTrue(other.err().contains("spark.sync_every = 4, this run has 3"), other.err());

        Run resumed = run(with("--sync-every", "4", "--epochs", "2", "--out", dir.toString(), "--resume", ckpt.toString()));
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(156, number(resumed.out(), "steps"));
        assertEquals(20, number(resumed.out(), "rounds"), "only epoch 2 ran after the resume");
    }

    @Test
    void sparkOptionsNeedSpark() {
        Run r = run("train", "--workers", "2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--workers and --sync-every need --spark MASTER"), r.err());
        Run bad = run("train", "--spark", "local[2]", "--sync-every", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--sync-every must be >= 1, got 0"), bad.err());
    }
}
