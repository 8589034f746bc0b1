package dev.lanes.bench;

import dev.lanes.core.Tensor;
import dev.lanes.core.data.BatchIterator;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Layer;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Parallelism;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.Optimizer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput and per-phase times of a plain MLP loop, as a user writes it: batch gather
 * ({@link BatchIterator} over random data), forward + cross-entropy loss, backward, Adam step
 * (lr 1e-3), ReLU between the Linear layers. Used by {@code lanes bench train}.
 *
 * <p>In the loop, each phase of each step is timed with {@code System.nanoTime}; after a
 * warm-up, {@link #ROUNDS} rounds are run and the median round kept. "Alone" runs one
 * phase over and over in a fresh JVM ({@code main("alone", ...)}, started by the command), the way
 * a kernel is measured in isolation: the 1.25x criterion compares the two.
 *
 * <p>Heap bytes per step are measured on the loop's thread ({@code ThreadMXBean}) over the timed
 * rounds.
 *
 * <p>Warm-up (loop and alone alike, {@link #warmUp}): at least the given seconds and 20 calls, then
 * on until the JIT has been quiet, no compilation finished ({@code CompilationMXBean}), for
 * {@link #QUIET_SECONDS}, at most {@link #MAX_EXTRA_SECONDS} more. A time-only warm-up measured the
 * compile queue instead of the steady state on a loaded machine: on the shared 2-core Zen 4 at load
 * average 6, 784-1024-1024-10 batch 256 (45 ms per step) still ran the cross-entropy's softmax,
 * log-softmax and scale in C1 after 20 s (first queued for C1 at 22 s; JFR allocation events:
 * 280-310 KB per step of boxed vectors there). The criterion is the JIT's activity, not the
 * allocation being measured, so a kernel that stays in C1 for good (a method called once per step
 * without a loop, which C2 takes only after thousands of calls) still shows its allocation.
 */
public final class TrainPhases {
    /** Timed rounds; the median is reported. */
    public static final int ROUNDS = 5;

    /** Seconds without a finished compilation that end the warm-up (longer than one C2 compile of a GEMM kernel under load). */
    public static final double QUIET_SECONDS = 5;
    /** Cap on the warm-up past its minimum, for a JIT that never goes quiet. */
    public static final double MAX_EXTRA_SECONDS = 120;

    /**
     * Phases timed separately. {@code STEP_COLD} (alone only): the optimizer step with the caches
     * flushed before each call (untimed), to tell a step slowed by memory traffic in the loop from
     * one that is slower for another reason.
     */
    public enum Phase { GATHER, FORWARD, BACKWARD, STEP, STEP_COLD }

    /** One measured configuration. */
    public record Result(String name, int batch, int threads, double samplesPerSecond, double[] phaseMicros,
                         double bytesPerStep, long steps, Warmup warmup) {
    }

    /** How a warm-up ended: its length, the calls made, and whether the JIT was quiet (else the cap ended it). */
    public record Warmup(double seconds, long calls, boolean jitQuiet) {
    }

    /**
     * Runs {@code body} for at least {@code minSeconds} and 20 calls, then until no compilation has
     * finished for {@link #QUIET_SECONDS} (at most {@link #MAX_EXTRA_SECONDS} more).
     */
    static Warmup warmUp(Runnable body, double minSeconds) {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean canWatch = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long min = start + (long) (minSeconds * 1e9);
        long cap = min + (long) (MAX_EXTRA_SECONDS * 1e9);
        long quiet = (long) (QUIET_SECONDS * 1e9);
        long lastCompileMs = canWatch ? jit.getTotalCompilationTime() : 0;
        long lastChange = start;
        long calls = 0;
        while (true) {
            body.run();
            calls++;
            long now = System.nanoTime();
            if (canWatch) {
                long ms = jit.getTotalCompilationTime();
                if (ms != lastCompileMs) {
                    lastCompileMs = ms;
                    lastChange = now;
                }
            }
            if (now < min || calls < 20) {
                continue;
            }
            boolean settled = !canWatch || now - lastChange >= quiet;
            if (settled || now >= cap) {
                return new Warmup((now - start) / 1e9, calls, settled);
            }
        }
    }

    /** {@code -Dlanes.trace=true}: per-step and per-phase times of the first steps (warm-up analysis). */
    private static final boolean TRACE = Boolean.getBoolean("lanes.trace");

    private final int batch;
    private final Sequential net;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private final Optimizer opt;
    private final BatchIterator it;
    private Tensor out;
    /** The last {@link #alone} call's warm-up. */
    private Warmup lastWarmup;

    /**
     * @param sizes layer widths, e.g. {784, 256, 128, 10}
     * @param batch rows per step
     * @param seed  seed of the weights and the random data
     */
    public TrainPhases(int[] sizes, int batch, long seed) {
        this(sizes, batch, seed, false);
    }

    /**
     * @param deadInputs zero the first half of the input features: their weights get exactly zero
     *                   gradients, and Adam's moments for them decay (the subnormal trap, see
     *                   {@code Updates})
     */
    public TrainPhases(int[] sizes, int batch, long seed, boolean deadInputs) {
        this.batch = batch;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new Linear(sizes[i], sizes[i + 1], rng));
            if (i + 2 < sizes.length) {
                layers.add(new ReLU());
            }
        }
        net = new Sequential(layers);
        opt = Adam.builder().lr(1e-3).params(net.parameters()).build();
        int rows = batch * 16;
        int f = sizes[0];
        float[] x = new float[rows * f];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < f; c++) {
                x[r * f + c] = deadInputs && c < f / 2 ? 0f : (float) rng.nextDouble();
            }
            y[r] = rng.nextInt(sizes[sizes.length - 1]);
        }
        it = new BatchIterator(new Dataset("random", x, y, f, sizes[sizes.length - 1]), batch, true, seed);
    }

    /** The model's name as {@code lanes bench train} prints it: widths joined by '-'. */
    public static String name(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int s : sizes) {
            sb.append(sb.length() == 0 ? "" : "-").append(s);
        }
        return sb.toString();
    }

    private void gather() {
        if (!it.hasNext()) {
            it.startEpoch(it.epoch() + 1);
        }
        it.next();
    }

    private void forward() {
        net.zeroGrad();
        out = net.forward(it.x());
        loss.forward(out, it.labels());
    }

    private void backward() {
        net.backward(loss.backward());
    }

    private void step() {
        opt.step();
    }

    /** Steps whose phases {@code -Dlanes.trace=true} has printed so far (the first 4 are). */
    private int traced;

    /** One whole training step; with {@code -Dlanes.trace=true} the first 4 print their phase times. */
    public void trainStep() {
        if (traced < 4 && TRACE) {
            traced++;
            long t0 = System.nanoTime();
            gather();
            long t1 = System.nanoTime();
            forward();
            long t2 = System.nanoTime();
            backward();
            long t3 = System.nanoTime();
            step();
            long t4 = System.nanoTime();
            System.out.printf(Locale.ROOT, "PHASES gather=%.1f forward=%.1f backward=%.1f step=%.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
            return;
        }
        gather();
        forward();
        backward();
        step();
    }

    /**
     * The loop: warm-up ({@link #warmUp}, at least {@code warmSeconds}), then {@link #ROUNDS} rounds of about
     * {@code roundSeconds} each, every phase timed; the median round's figures.
     */
    public Result loop(String name, double warmSeconds, double roundSeconds) {
        it.startEpoch(0);
        Warmup warm = warmUp(this::trainStep, warmSeconds);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[][] phase = new double[ROUNDS][Phase.values().length];
        double[] sps = new double[ROUNDS];
        long bytes = 0;
        long steps = 0;
        // The counter's own first calls (interpreted, linking) must not be counted as the loop's.
        for (int i = 0; i < 3; i++) {
            bean.getCurrentThreadAllocatedBytes();
        }
        for (int r = 0; r < ROUNDS; r++) {
            long[] t = new long[Phase.values().length];
            long n = 0;
            long bytes0 = bean.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            long stop = start + (long) (roundSeconds * 1e9);
            long now = start;
            while (now < stop || n < 3) {
                long a = System.nanoTime();
                gather();
                long b = System.nanoTime();
                forward();
                long c = System.nanoTime();
                backward();
                long d = System.nanoTime();
                step();
                now = System.nanoTime();
                t[0] += b - a;
                t[1] += c - b;
                t[2] += d - c;
                t[3] += now - d;
                n++;
            }
            bytes += bean.getCurrentThreadAllocatedBytes() - bytes0;
            steps += n;
            sps[r] = n * (double) batch / ((now - start) * 1e-9);
            for (int p = 0; p < t.length; p++) {
                phase[r][p] = t[p] / 1e3 / n;
            }
        }
        double[] med = new double[Phase.values().length];
        for (int p = 0; p < med.length; p++) {
            double[] col = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                col[r] = phase[r][p];
            }
            med[p] = median(col);
        }
        return new Result(name, batch, Parallelism.threads(), median(sps), med, bytes / (double) steps, steps, warm);
    }

    /**
     * One phase alone: a few whole steps (so there are gradients and optimizer state), then only
     * {@code phase} repeated: warm-up ({@link #warmUp}), then the median over {@link #ROUNDS} rounds,
     * microseconds per call.
     */
    public double alone(Phase phase, double warmSeconds, double roundSeconds) {
        it.startEpoch(0);
        for (int i = 0; i < 3; i++) {
            trainStep();
        }
        Runnable body = switch (phase) {
            case GATHER -> this::gather;
            case FORWARD -> this::forward;
            case BACKWARD -> this::backward;
            case STEP -> this::step;
            case STEP_COLD -> () -> {
                flushCaches();
                step();
            };
        };
        lastWarmup = warmUp(body, warmSeconds);
        double[] us = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long n = 0;
            long timed = 0;
            long start = System.nanoTime();
            long stop = start + (long) (roundSeconds * 1e9);
            long now = start;
            while (now < stop || n < 3) {
                if (phase == Phase.STEP_COLD) {
                    flushCaches();
                    long a = System.nanoTime();
                    step();
                    now = System.nanoTime();
                    timed += now - a;
                } else {
                    body.run();
                    now = System.nanoTime();
                    timed = now - start;
                }
                n++;
            }
            us[r] = timed / 1e3 / n;
        }
        return median(us);
    }

    /** Twice the last-level cache (from sysfs; 64 MiB when unreadable), written by {@link #flushCaches}. */
    private float[] flush;

    /**
     * Writes one float per 64-byte line over twice the last-level cache, so the next phase finds
     * none of its data cached and the cache full of dirty lines, as after a forward and backward.
     */
    private void flushCaches() {
        if (flush == null) {
            flush = new float[(int) Math.min(Integer.MAX_VALUE - 8, 2 * lastLevelCacheBytes() / Float.BYTES)];
        }
        for (int i = 0; i < flush.length; i += 16) {
            flush[i] += 1f;
        }
    }

    /** The largest cache size in /sys/devices/system/cpu/cpu0/cache (e.g. "32768K"), else 32 MiB. */
    static long lastLevelCacheBytes() {
        long best = 0;
        for (int i = 0; i < 8; i++) {
            java.nio.file.Path p = java.nio.file.Path.of("/sys/devices/system/cpu/cpu0/cache/index" + i + "/size");
            try {
                String v = java.nio.file.Files.readString(p).trim();
                long mult = v.endsWith("K") ? 1024 : v.endsWith("M") ? 1024 * 1024 : 1;
                long n = Long.parseLong(mult == 1 ? v : v.substring(0, v.length() - 1));
                best = Math.max(best, n * mult);
            } catch (java.io.IOException | NumberFormatException e) {
                // absent index or another format: keep what was found
            }
        }
        return best > 0 ? best : 32L << 20;
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Parses "784-256-128-10". */
    public static int[] parseSizes(String s) {
        String[] p = s.split("-");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = Integer.parseInt(p[i].trim());
        }
        return r;
    }

    /**
     * Child-JVM entry: {@code alone <sizes> <batch> <phase> <warmSeconds> <roundSeconds>} prints
     * {@code alone_us=<microseconds>}; {@code loop <sizes> <batch> <warmSeconds> <roundSeconds>}
     * prints the loop's figures.
     */
    public static void main(String[] args) {
        int[] sizes = parseSizes(args[1]);
        int batch = Integer.parseInt(args[2]);
        if (args[0].equals("warmup")) {
            // warmup <sizes> <batch> <steps> <warmSeconds>: the first <steps> steps of a fresh JVM,
            // then <warmSeconds> of further training, then <steps> warm steps (wall time and this
            // thread's CPU time of each). -Dlanes.trace=true also prints the time of the first 30
            // steps and of every 50th, and the phases of the first 4.
            int steps = Integer.parseInt(args[3]);
            TrainPhases tp = new TrainPhases(sizes, batch, 42);
            tp.it.startEpoch(0);
            java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
            long a = System.nanoTime();
            long ca = tmx.getCurrentThreadCpuTime();
            long t0 = a;
            for (int i = 0; i < steps; i++) {
                tp.trainStep();
                if (TRACE && (i < 30 || (i + 1) % 50 == 0)) {
                    long t = System.nanoTime();
                    System.out.printf(Locale.ROOT, "TRACE step=%d at_ms=%.0f chunk_ms=%.1f%n", i + 1, (t - a) / 1e6, (t - t0) / 1e6);
                    t0 = t;
                }
            }
            long first = System.nanoTime() - a;
            long firstCpu = tmx.getCurrentThreadCpuTime() - ca;
            long end = System.nanoTime() + (long) (Double.parseDouble(args[4]) * 1e9);
            while (System.nanoTime() < end) {
                tp.trainStep();
            }
            long b = System.nanoTime();
            long cb = tmx.getCurrentThreadCpuTime();
            for (int i = 0; i < steps; i++) {
                tp.trainStep();
            }
            long warm = System.nanoTime() - b;
            long warmCpu = tmx.getCurrentThreadCpuTime() - cb;
            System.out.printf(Locale.ROOT, "first_s=%.3f warm_s=%.3f ratio=%.2f first_cpu_s=%.3f warm_cpu_s=%.3f cpu_ratio=%.2f%n",
                    first / 1e9, warm / 1e9, first / (double) warm, firstCpu / 1e9, warmCpu / 1e9, firstCpu / (double) warmCpu);
            return;
        }
        if (args[0].equals("alone")) {
            Phase p = Phase.valueOf(args[3].toUpperCase(Locale.ROOT));
            TrainPhases tp = new TrainPhases(sizes, batch, 42);
            double us = tp.alone(p, Double.parseDouble(args[4]), Double.parseDouble(args[5]));
            System.out.println("alone_us=" + us);
            System.out.println("warmup=" + tp.lastWarmup);
        } else {
            Result r = new TrainPhases(sizes, batch, 42).loop(name(sizes), Double.parseDouble(args[3]), Double.parseDouble(args[4]));
            System.out.println("samples_per_s=" + r.samplesPerSecond() + " phases_us=" + Arrays.toString(r.phaseMicros())
                    + " bytes_per_step=" + r.bytesPerStep() + " warmup=" + r.warmup());
        }
    }
}
