package dev.lanes.bench.cli;

import dev.lanes.kernels.Gemm;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lanes bench gemm}: SGEMM GFLOP/s ({@code 2*M*N*K / seconds}) for square 256..2048 (NN) and
 * the MLP shapes as NN, NT and TN, on the chosen kernel set, best of {@link Timing} rounds.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "SGEMM GFLOP/s: square 256..2048 (NN) and MLP shapes (NN, NT, TN).")
final class BenchGemmCommand implements Runnable {
    private static final int[] SQUARE = {256, 512, 1024, 2048};
    /** M x K x N of the MLP layers (batch x fan-in x fan-out). */
    private static final int[][] MLP = {{64, 784, 256}, {64, 256, 128}, {64, 784, 1024}, {64, 1024, 1024},
        {256, 784, 256}, {256, 1024, 1024}};
    private static final String[] MLP_TRANS = {"NN", "NT", "TN"};
    /** Largest square size the scalar twin is timed at (it runs ~1 GFLOP/s). */
    private static final int SCALAR_MAX = 256;

    @Option(names = "--json", description = "Print one JSON array instead of a table.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", split = ",",
            description = "Thread counts to measure, e.g. 1,2 (default: 1).")
    int[] threads = {1};

    @Option(names = "--scalar", description = "Also time the scalar twin (square " + SCALAR_MAX + " only).")
    boolean scalar;

    @Option(names = "--only", paramLabel = "SET", description = "square, mlp or all (default: all); not with --size.")
    String only;

    @Option(names = "--size", paramLabel = "MxKxN", split = ",",
            description = "Time only these shapes (e.g. 1024x1024x1024), NN unless --trans.")
    String[] sizes;

    @Option(names = "--trans", paramLabel = "XY", split = ",",
            description = "Transposes for --size (NN, NT, TN, TT; default NN); only with --size.")
    String[] trans;

    @Option(names = "--numpy", paramLabel = "FILE",
            description = "JSON from the numpy-gemm yardstick (../shared/tools/numpy-gemm): adds numpy's GFLOP/s and our ratio.")
    Path numpy;

    @Option(names = "--round", paramLabel = "SECONDS", description = "Seconds per timed round (default 0.2).")
    double round = 0.2;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds, best kept (default 5).")
    int rounds = 5;

    record Case(int m, int k, int n, String trans) {
        String shape() {
            return m + "x" + k + "x" + n;
        }
    }

    @Override
    public void run() {
        List<Case> cases = cases();  // validates every option before any work
        Map<String, Double> reference = numpy == null ? Map.of() : readNumpy(numpy);
        Timing timing = new Timing(Math.max(0.3, 2 * round), round, rounds);
        Kernels chosen = Kernels.get();
        List<Map<String, Object>> rows = new ArrayList<>();
        int saved = Parallelism.threads();
        try {
            // Warm every code path (all transposes, edge tiles) before the first timed case, so
            // that the first rows are not measured while C2 is still compiling.
            Parallelism.setThreads(1);
            for (int pass = 0; pass < 2; pass++) {
                for (Case c : cases) {
                    warm(chosen, c);
                }
            }
            for (int t : threads) {
                Parallelism.setThreads(t);
                for (Case c : cases) {
                    rows.add(measure(chosen, c, t, timing, reference));
                }
            }
            if (scalar) {
                Parallelism.setThreads(1);
                for (Case c : cases) {
                    if (c.m <= SCALAR_MAX && c.k <= SCALAR_MAX && c.n <= SCALAR_MAX) {
                        rows.add(measure(Kernels.scalar(), c, 1, timing, reference));
                    }
                }
            }
        } finally {
            Parallelism.setThreads(saved);
        }
        if (json) {
            System.out.println(Json.array(rows));
        } else {
            printTable(rows, !reference.isEmpty());
        }
    }

    /** Largest dimension --size accepts (a 2^20 x 2^20 C alone would be 4 TiB). */
    static final int MAX_DIM = 1 << 20;

    /**
     * The cases to time, after checking every option: a bad value is an IllegalArgumentException
     * (one line, exit status 2) before anything is allocated or timed.
     */
    List<Case> cases() {
        return cases(Runtime.getRuntime().maxMemory());
    }

    /** {@link #cases()} for a heap of {@code maxHeapBytes}. */
    List<Case> cases(long maxHeapBytes) {
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("--threads must be positive, got " + t);
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
        }
        if (!(round > 0 && round <= 60)) {
            throw new IllegalArgumentException("--round must be in (0, 60] seconds, got " + round);
        }
        if (only != null && !only.equals("all") && !only.equals("square") && !only.equals("mlp")) {
            throw new IllegalArgumentException("--only must be square, mlp or all, got '" + only + "'");
        }
        if (trans != null) {
            for (String tr : trans) {
                String t = tr.toUpperCase(Locale.ROOT);
                if (t.length() != 2 || "NT".indexOf(t.charAt(0)) < 0 || "NT".indexOf(t.charAt(1)) < 0) {
                    throw new IllegalArgumentException("--trans must be two of N/T (NN, NT, TN, TT), got '" + tr + "'");
                }
            }
        }
        List<Case> cases = new ArrayList<>();
        if (sizes != null) {
            if (only != null) {
                throw new IllegalArgumentException("--only picks the built-in shapes; it cannot be combined with --size");
            }
            long maxFloats = maxHeapBytes / Float.BYTES * 3 / 4;
            for (String s : sizes) {
                int[] d = parseSize(s);
                long floats = (long) d[0] * d[1] + (long) d[1] * d[2] + (long) d[0] * d[2];
                if ((long) d[0] * d[1] > Integer.MAX_VALUE - 8 || (long) d[1] * d[2] > Integer.MAX_VALUE - 8
                        || (long) d[0] * d[2] > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("--size " + s + ": a matrix would hold more than "
                            + (Integer.MAX_VALUE - 8) + " floats (the largest Java array)");
                }
                if (floats > maxFloats) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "--size %s needs %.1f GiB for A, B and C; the heap allows %.1f GiB (raise it with LANES_JAVA_OPTS=-Xmx...)",
                            s, floats * 4.0 / (1 << 30), maxHeapBytes / (double) (1 << 30)));
                }
                for (String tr : trans == null ? new String[] {"NN"} : trans) {
                    cases.add(new Case(d[0], d[1], d[2], tr.toUpperCase(Locale.ROOT)));
                }
            }
            return cases;
        }
        if (trans != null) {
            throw new IllegalArgumentException("--trans applies to --size shapes only (the built-in MLP shapes run NN, NT and TN)");
        }
        String set = only == null ? "all" : only;
        if (!set.equals("mlp")) {
            for (int s : SQUARE) {
                cases.add(new Case(s, s, s, "NN"));
            }
        }
        if (!set.equals("square")) {
            for (int[] s : MLP) {
                for (String tr : MLP_TRANS) {
                    cases.add(new Case(s[0], s[1], s[2], tr));
                }
            }
        }
        return cases;
    }

    /** "MxKxN" as {M, K, N}, each in 1..MAX_DIM. */
    private static int[] parseSize(String s) {
        String[] d = s.toLowerCase(Locale.ROOT).split("x", -1);
        int[] v = new int[3];
        boolean ok = d.length == 3;
        for (int i = 0; ok && i < 3; i++) {
            try {
                v[i] = Integer.parseInt(d[i].trim());
                ok = v[i] >= 1 && v[i] <= MAX_DIM;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("--size must be MxKxN with each dimension in 1.." + MAX_DIM
                    + " (e.g. 1024x1024x1024), got '" + s + "'");
        }
        return v;
    }

    private static Map<String, Object> measure(Kernels kernels, Case c, int threads, Timing timing,
                                               Map<String, Double> reference) {
        boolean ta = c.trans.charAt(0) == 'T';
        boolean tb = c.trans.charAt(1) == 'T';
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = random(rnd, c.m * c.k);
        float[] b = random(rnd, c.k * c.n);
        float[] out = new float[c.m * c.n];
        Gemm gemm = kernels.gemm();
        double seconds = timing.secondsPerCall(() -> gemm.sgemm(out, a, ta, b, tb, c.m, c.n, c.k, 1f, 0f));
        double gflops = 2.0 * c.m * c.n * c.k / seconds / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", "sgemm");
        row.put("shape", c.shape());
        row.put("trans", c.trans);
        row.put("threads", threads);
        row.put("value", gflops);
        row.put("unit", "GFLOP/s");
        row.put("impl", kernels.name());
        row.put("kernels", kernels.describe());
        Double np = reference.get(c.shape() + " " + c.trans);
        if (np != null && "simd".equals(kernels.name())) {
            row.put("numpy", np);
            row.put("ratio", gflops / np);
        }
        return row;
    }

    /**
     * Runs the case until it stops getting faster (C2 compiles the micro-kernels in the
     * background, one per tile width and A layout; a case timed before its kernel is compiled
     * runs many times slower; on a busy machine a compile can take seconds): at least 0.5 s,
     * until five batches in a row bring no 3% gain, at most 4 s. The caller makes two passes.
     */
    private static void warm(Kernels kernels, Case c) {
        boolean ta = c.trans.charAt(0) == 'T';
        boolean tb = c.trans.charAt(1) == 'T';
        float[] a = new float[c.m * c.k];
        float[] b = new float[c.k * c.n];
        float[] out = new float[c.m * c.n];
        Gemm g = kernels.gemm();
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        int stale = 0;
        while (true) {
            long t0 = System.nanoTime();
            int calls = 0;
            do {
                g.sgemm(out, a, ta, b, tb, c.m, c.n, c.k, 1f, 0f);
                calls++;
            } while (System.nanoTime() - t0 < 20_000_000L);
            double perCall = (System.nanoTime() - t0) / (double) calls;
            stale = perCall < best * 0.97 ? 0 : stale + 1;
            best = Math.min(best, perCall);
            long elapsed = System.nanoTime() - start;
            if ((stale >= 5 && elapsed > 500_000_000L) || elapsed > 4_000_000_000L) {
                return;
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static void printTable(List<Map<String, Object>> rows, boolean withNumpy) {
        System.out.printf(Locale.ROOT, "%-16s %-5s %-7s %-7s %10s%s%n", "shape MxKxN", "trans", "impl", "threads",
                "GFLOP/s", withNumpy ? String.format(Locale.ROOT, " %10s %7s", "numpy", "ratio") : "");
        for (Map<String, Object> r : rows) {
            String extra = "";
            if (withNumpy) {
                extra = r.containsKey("numpy")
                        ? String.format(Locale.ROOT, " %10.1f %7.2f", (Double) r.get("numpy"), (Double) r.get("ratio"))
                        : String.format(Locale.ROOT, " %10s %7s", "-", "-");
            }
            System.out.printf(Locale.ROOT, "%-16s %-5s %-7s %-7d %10.1f%s%n", r.get("shape"), r.get("trans"),
                    r.get("impl"), (Integer) r.get("threads"), (Double) r.get("value"), extra);
        }
        if (!rows.isEmpty()) {
            System.out.println("(" + rows.get(0).get("kernels") + "; GFLOP/s = 2*M*N*K / best round time)");
        }
    }

    /** Reads numpy-gemm's JSON: a flat array of {"shape": "MxKxN", "trans": "NN", "value": GFLOP/s}. */
    private static Map<String, Double> readNumpy(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--numpy: cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Double> out = new HashMap<>();
        Matcher obj = Pattern.compile("\\{[^{}]*}").matcher(text);
        Pattern shape = Pattern.compile("\"shape\"\\s*:\\s*\"([0-9x]+)\"");
        Pattern tr = Pattern.compile("\"trans\"\\s*:\\s*\"([NT]{2})\"");
        Pattern value = Pattern.compile("\"value\"\\s*:\\s*([-+0-9.eE]+)");
        while (obj.find()) {
            String o = obj.group();
            Matcher s = shape.matcher(o);
            Matcher t = tr.matcher(o);
            Matcher v = value.matcher(o);
            if (s.find() && t.find() && v.find()) {
                out.put(s.group(1) + " " + t.group(1), Double.parseDouble(v.group(1)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--numpy: no {shape, trans, value} objects found in " + file);
        }
        return out;
    }
}
