package dev.lanes.bench.cli;

import dev.lanes.bench.TrainPhases;
import dev.lanes.kernels.Parallelism;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lanes bench train}: steady-state training samples/s of 784-256-128-10 and
 * 784-1024-1024-10 at batch 64 and 256 (batch gather, forward, cross-entropy, backward, Adam), with
 * {@code --phases} each phase's time in the loop next to the same phase alone in a fresh JVM.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training samples/s of two MLPs (random data, Adam); --phases: in-loop vs alone per phase.")
final class BenchTrainCommand implements Runnable {
    private static final int[][] MODELS = {{784, 256, 128, 10}, {784, 1024, 1024, 10}};
    private static final int[] BATCHES = {64, 256};

    @Option(names = "--json", description = "Print one JSON array instead of a table.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (default: lanes.threads, else 1).")
    Integer threads;

    @Option(names = "--phases", description = "Also time forward+loss, backward and the optimizer step alone, each in a fresh JVM.")
    boolean phases;

    @Option(names = "--cold-step", description = "With --phases: also time the optimizer step alone with the caches flushed before each call.")
    boolean coldStep;

    @Option(names = "--dead-inputs", description = "Zero half the input features (zero gradients for their weights: the subnormal trap).")
    boolean deadInputs;

    // 15 s: on a 2-core Zen 4 a 3 s warm-up still left C2 compiling (7 KB to 660 KB allocated per
    // step, 2 threads slower than 1). The warm-up then runs on until the JIT is quiet
    // (TrainPhases.warmUp): under load 20 s were not enough for 784-1024-1024-10 at batch 256.
    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Minimum warm-up seconds per case (default 15); it then runs on until no JIT compilation has finished for 5 s (at most 120 s more).")
    double warmup = 15;

    @Option(names = "--round", paramLabel = "SECONDS", description = "Seconds per timed round (default 0.5).")
    double round = 0.5;

    @Option(names = "--model", paramLabel = "SIZES", split = ",", description = "Only these models, e.g. 784-256-128-10.")
    String[] models;

    @Option(names = "--batch", paramLabel = "N", split = ",", description = "Only these batch sizes (default 64,256).")
    int[] batches;

    @Override
    public void run() {
        if (warmup < 0 || round <= 0) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --round > 0, got " + warmup + " and " + round);
        }
        int t = threads != null ? threads : Parallelism.threads();
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + t);
        }
        List<int[]> ms = new ArrayList<>();
        if (models == null) {
            ms.addAll(List.of(MODELS));
        } else {
            for (String m : models) {
                ms.add(TrainPhases.parseSizes(m));
            }
        }
        int[] bs = batches == null ? BATCHES : batches;
        int saved = Parallelism.threads();
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            Parallelism.setThreads(t);
            for (int[] m : ms) {
                for (int b : bs) {
                    String name = TrainPhases.name(m);
                    TrainPhases.Result r = new TrainPhases(m, b, 42, deadInputs).loop(name, warmup, round);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", name);
                    row.put("batch", b);
                    row.put("threads", t);
                    row.put("value", r.samplesPerSecond());
                    row.put("unit", "samples/s");
                    row.put("bytes_per_step", r.bytesPerStep());
                    double[] us = r.phaseMicros();
                    row.put("gather_us", us[0]);
                    row.put("forward_loss_us", us[1]);
                    row.put("backward_us", us[2]);
                    row.put("step_us", us[3]);
                    row.put("warmup_s", r.warmup().seconds());
                    row.put("warmup_jit_quiet", r.warmup().jitQuiet());
                    if (phases) {
                        String[] keys = {"forward_loss", "backward", "step"};
                        String[] ph = {"forward", "backward", "step"};
                        for (int p = 0; p < ph.length; p++) {
                            double alone = alone(m, b, t, ph[p]);
                            row.put(keys[p] + "_alone_us", alone);
                            row.put(keys[p] + "_ratio", us[p + 1] / alone);
                        }
                        if (coldStep) {
                            double cold = alone(m, b, t, "step_cold");
                            row.put("step_cold_alone_us", cold);
                            row.put("step_cold_ratio", us[3] / cold);
                        }
                    }
                    rows.add(row);
                    if (!json) {
                        print(row);
                    }
                }
            }
        } finally {
            Parallelism.setThreads(saved);
        }
        if (json) {
            System.out.println(Json.array(rows));
        }
    }

    private static void print(Map<String, Object> row) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-17s batch %3d  threads %d  %9.0f samples/s  %6.0f B/step",
                row.get("name"), (Integer) row.get("batch"), (Integer) row.get("threads"), (Double) row.get("value"),
                (Double) row.get("bytes_per_step")));
        for (String k : new String[] {"forward_loss", "backward", "step"}) {
            sb.append(String.format(Locale.ROOT, "  %s %.0f us", k, (Double) row.get(k + "_us")));
            if (row.containsKey(k + "_alone_us")) {
                sb.append(String.format(Locale.ROOT, " (alone %.0f, x%.2f)", (Double) row.get(k + "_alone_us"),
                        (Double) row.get(k + "_ratio")));
            }
        }
        if (row.containsKey("step_cold_alone_us")) {
            sb.append(String.format(Locale.ROOT, " (alone, caches flushed %.0f, x%.2f)", (Double) row.get("step_cold_alone_us"),
                    (Double) row.get("step_cold_ratio")));
        }
        sb.append(String.format(Locale.ROOT, "  (warm-up %.0f s%s)", (Double) row.get("warmup_s"),
                (Boolean) row.get("warmup_jit_quiet") ? "" : ", JIT still compiling"));
        System.out.println(sb);
    }

    /** The phase alone in a fresh JVM with this JVM's flags and classpath. */
    private double alone(int[] sizes, int batch, int threads, String phase) {
        String javaCmd = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCmd);
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dlanes.threads") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dlanes.threads=" + threads);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TrainPhases.class.getName());
        cmd.addAll(List.of("alone", TrainPhases.name(sizes), Integer.toString(batch), phase,
                Double.toString(warmup), Double.toString(round)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("child JVM for " + phase + " alone failed: " + out);
            }
            for (String line : out.split("\n")) {
                if (line.startsWith("alone_us=")) {
                    return Double.parseDouble(line.substring("alone_us=".length()).trim());
                }
            }
            throw new IllegalStateException("child JVM for " + phase + " alone printed no result: " + out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
