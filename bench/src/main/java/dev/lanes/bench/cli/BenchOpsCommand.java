package dev.lanes.bench.cli;

import dev.lanes.kernels.Kernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lanes bench ops}: every elementwise and reduction kernel, SIMD next to its scalar twin,
 * and a plain array copy measured in the same run as the memory yardstick.
 */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = {"Elementwise, activation and reduction kernels: elements/s and GB/s for SIMD and scalar,",
                "next to the GB/s of a plain array copy measured in the same run (single thread)."})
final class BenchOpsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON array instead of the table.")
    boolean json;

    @Option(names = "--sizes", split = ",", paramLabel = "N",
            description = "Vector lengths in floats (default: ${DEFAULT-VALUE}).")
    int[] sizes = {4096, 65536, 10_000_000};

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Only these kernels (names as in the table, e.g. sigmoid,sum).")
    List<String> only;

    @Option(names = "--rounds", paramLabel = "R", description = "Timed rounds per case; the best counts (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--round-seconds", paramLabel = "S", description = "Length of one round (default: ${DEFAULT-VALUE}).")
    double roundSeconds = 0.1;

    /** A kernel call over arrays prepared for one size. */
    @FunctionalInterface
    interface Body {
        void run(Kernels k, Arrays a, int n);
    }

    /** One benchmark case: its name, the bytes it moves per element, and the call. */
    record Case(String name, int bytesPerElement, Body body) {}

    /** The arrays every case works on; filled with values in the activations' interesting range. */
    static final class Arrays {
        final float[] x;
        final float[] y;
        final float[] z;
        final float[] dy;
        final float[] out = new float[2];
        final int[] idx;
        float sink;

        Arrays(int n) {
            x = new float[n];
            y = new float[n];
            z = new float[n];
            dy = new float[n];
            idx = new int[Math.max(1, n / ROW)];
            SplittableRandom r = new SplittableRandom(42);
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() * 8 - 4);
                y[i] = (float) r.nextDouble();
                dy[i] = (float) (r.nextDouble() - 0.5);
            }
        }
    }

    /** Row length for the row-wise kernels (softmax, log-softmax, logsumexp, bias add, column sums). */
    static final int ROW = 256;

    /** Pre-warm-up per case and kernel set, on a small array, before anything is timed. */
    static final long PREWARM_NANOS = 100_000_000L;
    /** ... and at least this long in all, so that C2 has compiled a short selection too. */
    static final long PREWARM_TOTAL_NANOS = 2_000_000_000L;

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Vectors
        c.add(new Case("fill", 4, (k, a, n) -> k.vectors().fill(a.z, 0, 1.5f, n)));
        c.add(new Case("vectorsCopy", 8, (k, a, n) -> k.vectors().copy(a.z, 0, a.x, 0, n)));
        c.add(new Case("scale", 8, (k, a, n) -> k.vectors().scale(a.z, 0, 0.999f, n)));
        c.add(new Case("axpy", 12, (k, a, n) -> k.vectors().axpy(a.z, 0, a.x, 0, 1e-3f, n)));
        c.add(new Case("add", 12, (k, a, n) -> k.vectors().add(a.z, 0, a.x, 0, a.y, 0, n)));
        c.add(new Case("mul", 12, (k, a, n) -> k.vectors().mul(a.z, 0, a.x, 0, a.y, 0, n)));
        c.add(new Case("clamp", 8, (k, a, n) -> k.vectors().clamp(a.z, 0, a.x, 0, -1f, 1f, n)));
        c.add(new Case("addRow", 8, (k, a, n) -> k.vectors().addRow(a.z, 0, a.y, 0, n / ROW, ROW)));
        c.add(new Case("columnSums", 4, (k, a, n) -> k.vectors().columnSums(a.z, 0, a.x, 0, n / ROW, ROW)));
        // Activations: forward reads x and writes y (8 B); backward reads dy, x|y, dx and writes dx (16 B)
        c.add(new Case("relu", 8, (k, a, n) -> k.activations().relu(a.z, 0, a.x, 0, n)));
        c.add(new Case("reluBackward", 16, (k, a, n) -> k.activations().reluBackward(a.z, 0, a.dy, 0, a.x, 0, n)));
        c.add(new Case("leakyRelu", 8, (k, a, n) -> k.activations().leakyRelu(a.z, 0, a.x, 0, 0.01f, n)));
        c.add(new Case("elu", 8, (k, a, n) -> k.activations().elu(a.z, 0, a.x, 0, 1f, n)));
        c.add(new Case("sigmoid", 8, (k, a, n) -> k.activations().sigmoid(a.z, 0, a.x, 0, n)));
        c.add(new Case("sigmoidBackward", 16, (k, a, n) -> k.activations().sigmoidBackward(a.z, 0, a.dy, 0, a.y, 0, n)));
        c.add(new Case("tanh", 8, (k, a, n) -> k.activations().tanh(a.z, 0, a.x, 0, n)));
        c.add(new Case("tanhBackward", 16, (k, a, n) -> k.activations().tanhBackward(a.z, 0, a.dy, 0, a.y, 0, n)));
        c.add(new Case("gelu", 8, (k, a, n) -> k.activations().gelu(a.z, 0, a.x, 0, n)));
        c.add(new Case("geluBackward", 16, (k, a, n) -> k.activations().geluBackward(a.z, 0, a.dy, 0, a.x, 0, n)));
        c.add(new Case("geluTanh", 8, (k, a, n) -> k.activations().geluTanh(a.z, 0, a.x, 0, n)));
        c.add(new Case("silu", 8, (k, a, n) -> k.activations().silu(a.z, 0, a.x, 0, n)));
        c.add(new Case("siluBackward", 16, (k, a, n) -> k.activations().siluBackward(a.z, 0, a.dy, 0, a.x, 0, n)));
        c.add(new Case("softplus", 8, (k, a, n) -> k.activations().softplus(a.z, 0, a.x, 0, 1f, 20f, n)));
        c.add(new Case("softmax", 8, (k, a, n) -> k.activations().softmax(a.z, 0, a.x, 0, n / ROW, ROW)));
        c.add(new Case("logSoftmax", 8, (k, a, n) -> k.activations().logSoftmax(a.z, 0, a.x, 0, n / ROW, ROW)));
        // Reductions: read 4 B per element (dot: 8)
        c.add(new Case("sum", 4, (k, a, n) -> a.sink += k.reductions().sum(a.x, 0, n)));
        c.add(new Case("max", 4, (k, a, n) -> a.sink += k.reductions().max(a.x, 0, n)));
        c.add(new Case("argmax", 4, (k, a, n) -> a.sink += k.reductions().argmax(a.x, 0, n)));
        c.add(new Case("dot", 8, (k, a, n) -> a.sink += k.reductions().dot(a.x, 0, a.y, 0, n)));
        c.add(new Case("sumSquares", 4, (k, a, n) -> a.sink += k.reductions().sumSquares(a.x, 0, n)));
        c.add(new Case("norm2", 4, (k, a, n) -> a.sink += k.reductions().norm2(a.x, 0, n)));
        c.add(new Case("meanVariance", 4, (k, a, n) -> k.reductions().meanVariance(a.out, 0, a.x, 0, n)));
        c.add(new Case("logSumExpRows", 4, (k, a, n) -> k.reductions().logSumExpRows(a.z, 0, a.x, 0, n / ROW, ROW)));
        c.add(new Case("argmaxRows", 4, (k, a, n) -> k.reductions().argmaxRows(a.idx, 0, a.x, 0, n / ROW, ROW)));
        return c;
    }

    /** Float arrays of the benchmark size that {@link Arrays} allocates (x, y, z, dy). */
    static final int ARRAYS_PER_SIZE = 4;

    /**
     * Checks every option before any work and returns the selected cases; a bad value is an
     * IllegalArgumentException naming the option (one line, exit status 2).
     */
    List<Case> validate() {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException("--sizes needs at least one size, e.g. --sizes 4096,65536");
        }
        long maxMemory = Runtime.getRuntime().maxMemory();
        for (int s : sizes) {
            if (s < ROW) {
                throw new IllegalArgumentException("--sizes must each be >= " + ROW + " (one row of the row-wise kernels), got " + s);
            }
            long bytes = (long) ARRAYS_PER_SIZE * Float.BYTES * s;
            // Half the heap: the copy yardstick, the pre-warm arrays and the JVM's own data need room too.
            if (bytes > maxMemory / 2) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--sizes %d needs %.1f GB of arrays, more than half of this JVM's maximum heap (%.1f GB);"
                        + " choose a smaller size or raise -Xmx (LANES_JAVA_OPTS)", s, bytes / 1e9, maxMemory / 1e9));
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
        }
        if (!(roundSeconds > 0) || roundSeconds > 60) {
            throw new IllegalArgumentException("--round-seconds must be in (0, 60], got " + roundSeconds);
        }
        List<Case> all = cases();
        List<String> names = all.stream().map(Case::name).toList();
        if (only != null) {
            if (only.isEmpty()) {
                throw new IllegalArgumentException("--only needs at least one kernel name; names: " + names);
            }
            for (String o : only) {
                if (!names.contains(o)) {
                    throw new IllegalArgumentException("--only: unknown kernel '" + o + "'; names: " + names);
                }
            }
        }
        List<Case> selected = new ArrayList<>();
        for (Case c : all) {
            if (only == null || only.contains(c.name())) {
                selected.add(c);
            }
        }
        return selected;
    }

    @Override
    public Integer call() {
        List<Case> selected = validate();
        Timing timing = new Timing(Math.max(0.2, roundSeconds * 2), roundSeconds, rounds);
        List<Kernels> sets = new ArrayList<>();
        String simdMissing = Kernels.simdUnavailableReason();
        if (simdMissing == null) {
            sets.add(Kernels.simd());
        } else {
            System.err.println("lanes bench ops: SIMD kernels not available (" + simdMissing + "); scalar only");
        }
        sets.add(Kernels.scalar());

        // Compile everything first: Vector API code is ~100x slower until C2 has compiled it, and
        // compiling every kernel up front keeps the compile queue from slowing the first cases.
        Arrays small = new Arrays(ROW * 4);
        long perCase = Math.max(PREWARM_NANOS, PREWARM_TOTAL_NANOS / ((long) selected.size() * sets.size()));
        for (Case c : selected) {
            for (Kernels k : sets) {
                long end = System.nanoTime() + perCase;
                while (System.nanoTime() < end) {
                    c.body().run(k, small, ROW * 4);
                }
            }
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        long total = (long) sizes.length * (1 + (long) selected.size() * sets.size());
        try (ProgressBar bar = progress(total)) {
            for (int n : sizes) {
                Arrays a = new Arrays(n);
                double copySec = timing.secondsPerCall(() -> System.arraycopy(a.x, 0, a.z, 0, n));
                rows.add(row("copy", "copy", n, n / copySec, 8.0 * n / copySec));
                step(bar);
                for (Case c : selected) {
                    for (Kernels k : sets) {
                        double sec = timing.secondsPerCall(() -> c.body().run(k, a, n));
                        rows.add(row(c.name(), k.name(), n, n / sec, (double) c.bytesPerElement() * n / sec));
                        step(bar);
                    }
                }
            }
        }
        System.out.println(json ? Json.array(rows) : table(rows));
        return 0;
    }

    private static Map<String, Object> row(String name, String impl, int size, double elemsPerSec, double bytesPerSec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("impl", impl);
        m.put("size", size);
        m.put("threads", 1);
        m.put("value", bytesPerSec / 1e9);
        m.put("unit", "GB/s");
        m.put("elements_per_s", elemsPerSec);
        return m;
    }

    private static ProgressBar progress(long total) {
        if (System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("bench ops").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    private static void step(ProgressBar bar) {
        if (bar != null) {
            bar.step();
        }
    }

    /** The human table: one line per kernel and size, SIMD next to scalar and to the copy. */
    static String table(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s %10s %12s %10s %12s %10s %9s %9s%n",
                "kernel", "size", "simd Gel/s", "simd GB/s", "scalar Gel/s", "scalar GB/s", "simd/scl", "simd/copy"));
        Map<Integer, Double> copy = new LinkedHashMap<>();
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            if (r.get("impl").equals("copy")) {
                copy.put((Integer) r.get("size"), (Double) r.get("value"));
            } else {
                byKey.put(r.get("name") + "@" + r.get("size") + "@" + r.get("impl"), r);
            }
        }
        for (Map.Entry<Integer, Double> e : copy.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-16s %10d %12s %10.2f %12s %10s %9s %9s%n",
                    "copy (arraycopy)", e.getKey(), "", e.getValue(), "", "", "", "1.00"));
        }
        for (Map<String, Object> r : rows) {
            if (!r.get("impl").equals("scalar") || r.get("name").equals("copy")) {
                continue;
            }
            int size = (Integer) r.get("size");
            Map<String, Object> simd = byKey.get(r.get("name") + "@" + size + "@simd");
            double scalarGb = (Double) r.get("value");
            double scalarEl = (Double) r.get("elements_per_s");
            double copyGb = copy.get(size);
            if (simd == null) {
                sb.append(String.format(Locale.ROOT, "%-16s %10d %12s %10s %12.3f %10.2f %9s %9s%n",
                        r.get("name"), size, "-", "-", scalarEl / 1e9, scalarGb, "-", "-"));
            } else {
                double simdGb = (Double) simd.get("value");
                sb.append(String.format(Locale.ROOT, "%-16s %10d %12.3f %10.2f %12.3f %10.2f %9.2f %9.2f%n",
                        r.get("name"), size, (Double) simd.get("elements_per_s") / 1e9, simdGb,
                        scalarEl / 1e9, scalarGb, simdGb / scalarGb, simdGb / copyGb));
            }
        }
        sb.append("Gel/s = 1e9 elements per second; GB/s counts the bytes each kernel must read and write;\n")
                .append("simd/copy compares with a plain array copy (8 B per element) measured in the same run.");
        return sb.toString();
    }
}
