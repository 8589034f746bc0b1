package dev.lanes.bench.cli;

import static dev.lanes.bench.KernelCases.MIN_SIZE;
import static dev.lanes.bench.KernelCases.ROW;

import dev.lanes.bench.KernelCases;
import dev.lanes.bench.KernelCases.Case;
import dev.lanes.bench.KernelCases.Data;
import dev.lanes.bench.KernelCases.Family;
import dev.lanes.kernels.Kernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lanes bench ops}: the kernel cases of {@link KernelCases} (the table the JMH benchmarks
 * use too), SIMD next to its scalar twin, and a plain array copy measured in the same run as the
 * memory yardstick. By default the vector, activation and reduction families; norms and optimizer
 * updates with {@code --only norms,updates}. Every option is checked before any work.
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
            description = {"Only these kernels or families (names as in the table, e.g. sigmoid,sum;",
                    "families: vectors, activations, reductions, norms, updates). Default: vectors, activations, reductions."})
    List<String> only;

    @Option(names = "--rounds", paramLabel = "R", description = "Timed rounds per case; the best counts (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--round-seconds", paramLabel = "S", description = "Length of one round (default: ${DEFAULT-VALUE}).")
    double roundSeconds = 0.1;

    /** Families run when {@code --only} is not given (norms and updates on request: --only norms,updates). */
    static final List<Family> DEFAULT_FAMILIES = List.of(Family.VECTORS, Family.ACTIVATIONS, Family.REDUCTIONS);

    /** Pre-warm-up per case and kernel set, on a small array, before anything is timed. */
    static final long PREWARM_NANOS = 100_000_000L;
    /** ... and at least this long in all, so that C2 has compiled a short selection too. */
    static final long PREWARM_TOTAL_NANOS = 2_000_000_000L;

    /** Float arrays of the benchmark size that {@link KernelCases.Data} allocates (x, y, z, dy). */
    static final int ARRAYS_PER_SIZE = 4;
    /** ... and what an optimizer case adds: the parameter's value and gradient, up to three state buffers. */
    static final int UPDATE_ARRAYS = 5;

    /**
     * Checks every option before any work and returns the selected cases; a bad value is an
     * IllegalArgumentException naming the option (one line, exit status 2).
     */
    List<Case> validate() {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException("--sizes needs at least one size, e.g. --sizes 4096,65536");
        }
        List<Case> selected = select();
        boolean updates = selected.stream().anyMatch(c -> c.family() == Family.UPDATES);
        long maxMemory = Runtime.getRuntime().maxMemory();
        for (int s : sizes) {
            if (s < MIN_SIZE) {
                throw new IllegalArgumentException("--sizes must each be >= " + MIN_SIZE + " (two rows of " + ROW
                        + " for the row-wise kernels), got " + s);
            }
            long bytes = (long) (ARRAYS_PER_SIZE + (updates ? UPDATE_ARRAYS : 0)) * Float.BYTES * s;
            // Half the heap: the pre-warm arrays and the JVM's own data need room too.
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
        return selected;
    }

    /** The cases --only names (case names or family labels), or the default families; never copy (measured always). */
    private List<Case> select() {
        List<String> names = KernelCases.all().stream().filter(c -> c.family() != Family.BASELINE).map(Case::name).toList();
        List<String> families = java.util.Arrays.stream(Family.values()).filter(f -> f != Family.BASELINE)
                .map(Family::label).toList();
        if (only != null) {
            if (only.isEmpty()) {
                throw new IllegalArgumentException("--only needs at least one kernel or family name; names: " + names
                        + "; families: " + families);
            }
            for (String o : only) {
                if (!names.contains(o) && !families.contains(o)) {
                    throw new IllegalArgumentException("--only: unknown kernel '" + o + "'; names: " + names
                            + "; families: " + families);
                }
            }
        }
        List<Case> selected = new ArrayList<>();
        for (Case c : KernelCases.all()) {
            boolean wanted = only == null ? DEFAULT_FAMILIES.contains(c.family())
                    : only.contains(c.name()) || only.contains(c.family().label());
            if (wanted && c.family() != Family.BASELINE) {
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
        Data small = new Data(ROW * 4);
        long perCase = Math.max(PREWARM_NANOS, PREWARM_TOTAL_NANOS / ((long) selected.size() * sets.size()));
        for (Case c : selected) {
            for (Kernels k : sets) {
                Runnable call = c.prepare().prepare(k, small);
                long end = System.nanoTime() + perCase;
                while (System.nanoTime() < end) {
                    call.run();
                }
            }
        }

        Case copy = KernelCases.byName("copy");
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = (long) sizes.length * (1 + (long) selected.size() * sets.size());
        try (ProgressBar bar = progress(total)) {
            for (int n : sizes) {
                Data a = new Data(n);
                double copySec = timing.secondsPerCall(copy.prepare().prepare(Kernels.scalar(), a));
                rows.add(row("copy", "copy", n, n / copySec, (double) copy.bytesPerElement() * n / copySec));
                step(bar);
                for (Case c : selected) {
                    for (Kernels k : sets) {
                        double sec = timing.secondsPerCall(c.prepare().prepare(k, a));
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
