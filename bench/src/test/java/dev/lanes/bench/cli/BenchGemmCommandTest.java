package dev.lanes.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lanes bench gemm} with bad options: one line on stderr, exit status 2, nothing run. */
class BenchGemmCommandTest {

    private record Result(int status, String err, String out) {}

    private static Result run(String... args) {
        CommandLine cl = LanesCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = cl.execute(args);
            return new Result(status, err.toString(), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    private static void rejected(String expected, String... args) {
        Result r = run(args);
        assertEquals(2, r.status, String.join(" ", args) + ": " + r.err);
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
        assertTrue(r.err.contains(expected), r.err);
        assertTrue(r.out.isEmpty(), "nothing measured or printed: " + r.out);
    }

    @Test
    void negativeSizeIsOneLine() {
        rejected("--size must be MxKxN", "bench", "gemm", "--size", "-5x5x5");
        rejected("--size must be MxKxN", "bench", "gemm", "--size", "5x5");
        rejected("--size must be MxKxN", "bench", "gemm", "--size", "axbxc");
        rejected("--size must be MxKxN", "bench", "gemm", "--size", "0x5x5");
    }

    @Test
    void hugeSizeIsOneLine() {
        rejected("more than", "bench", "gemm", "--size", "50000x50000x50000");
    }

    @Test
    void sizeBeyondTheHeapIsRejectedBeforeAllocating() {
        BenchGemmCommand cmd = new BenchGemmCommand();
        cmd.sizes = new String[] {"10000x10000x10000"};
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> cmd.cases(1L << 30));
        assertTrue(e.getMessage().contains("needs 1.1 GiB for A, B and C; the heap allows 1.0 GiB"), e.getMessage());
        assertEquals(1, cmd.cases(4L << 30).size());
    }

    @Test
    void transposeWithoutSizeOrMalformedIsOneLine() {
        rejected("--trans applies to --size shapes only", "bench", "gemm", "--trans", "NT");
        rejected("--trans must be two of N/T", "bench", "gemm", "--trans", "ZZ");
        rejected("--trans must be two of N/T", "bench", "gemm", "--size", "8x8x8", "--trans", "NX");
    }

    @Test
    void otherBadOptionsAreOneLine() {
        rejected("--only must be square, mlp or all", "bench", "gemm", "--only", "foo");
        rejected("cannot be combined with --size", "bench", "gemm", "--only", "mlp", "--size", "8x8x8");
        rejected("--threads must be positive", "bench", "gemm", "--threads", "0");
        rejected("--rounds must be >= 1", "bench", "gemm", "--rounds", "0");
    }
}
