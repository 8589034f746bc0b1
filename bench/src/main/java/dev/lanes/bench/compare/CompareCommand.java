package dev.lanes.bench.compare;

import dev.lanes.bench.cli.EvalCommand;
import dev.lanes.core.data.FashionMnist;
import dev.lanes.core.data.MnistFormat;
import dev.lanes.core.io.Json;
import dev.lanes.kernels.Parallelism;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lanes compare <study>}: trains every variant of a study with every seed, one run after
 * another, and writes report.md, PNG charts and results.json.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an optimization study on Fashion-MNIST and write report.md, PNG charts and results.json.",
            "Studies: optimizers, init, normalization, activations, regularization, schedules."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "<study>", description = "optimizers, init, normalization, activations, regularization or schedules.")
    String study;

    @Option(names = "--data", paramLabel = "DIR", description = {"embedded (the shipped 10,000/2,000 subset), system",
        "(/usr/share/datasets/fashion-mnist) or an MNIST-format directory (default: ${DEFAULT-VALUE})."})
    String data = "embedded";

    @Option(names = "--epochs", description = "Epochs per run (default: the study's own: optimizers 4, init 3, normalization 4, activations 4, regularization 30, schedules 5).")
    Integer epochs;

    @Option(names = "--seeds", paramLabel = "K", description = "Seeds 1..K per variant (default: the study's own: 2, init and normalization 1).")
    Integer seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/compare/<study>).")
    Path out;

    @Option(names = "--json", description = "Print a JSON summary on stdout (the progress stays on stderr).")
    boolean json;

    @Option(names = "--threads", description = "Threads for the kernels (default: the available processors).")
    Integer threads;

    @Option(names = "--lr-sweep", description = "optimizers only: also run each optimizer at 0.3x and 3x its learning rate.")
    boolean lrSweep;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--train-rows", paramLabel = "N", description = "Use a fixed random subset of N training rows (default: all; regularization: 2000).")
    Integer trainRows;

    @Option(names = "--target", description = "Test accuracy for the 'epochs/seconds to target' columns (default: ${DEFAULT-VALUE}).")
    double target = 0.8;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Run only these variants (exact names as in the report).")
    List<String> only;

    @Override
    public Integer call() {
        Study s = Study.parse(study);
        int ep = epochs == null ? s.defaultEpochs() : epochs;
        int k = seeds == null ? s.defaultSeeds() : seeds;
        check(ep >= 1, "--epochs must be >= 1, got " + ep);
        check(k >= 1, "--seeds must be >= 1, got " + k);
        check(threads == null || threads >= 1, "--threads must be >= 1, got " + threads);
        check(batch >= 1, "--batch must be >= 1, got " + batch);
        check(trainRows == null || trainRows >= 2, "--train-rows must be >= 2, got " + trainRows);
        check(target > 0 && target <= 1, "--target must be in (0, 1], got " + target);
        check(!lrSweep || s == Study.OPTIMIZERS, "--lr-sweep applies to the optimizers study only, got study " + s.id());
        List<Variant> variants = new ArrayList<>(s.variants(lrSweep));
        if (only != null) {
            List<String> names = variants.stream().map(Variant::name).toList();
            for (String o : only) {
                check(names.contains(o), "--only: no variant '" + o + "' in study " + s.id() + "; variants: "
                        + String.join(", ", names));
            }
            variants.removeIf(v -> !only.contains(v.name()));
        }
        Path dir = out != null ? out : Path.of("runs", "compare", s.id());
        if (threads != null) {
            Parallelism.setThreads(threads);
        }
        PrintWriter stdout = cmd.commandLine().getOut();
        PrintWriter stderr = cmd.commandLine().getErr();
        PrintWriter log = json ? stderr : stdout;

        MnistFormat.Split split = EvalCommand.split(data);
        String source = "embedded".equals(data) ? "Fashion-MNIST (embedded 10,000/2,000 subset)"
                : "system".equals(data) ? "Fashion-MNIST (" + FashionMnist.SYSTEM_DIRECTORY + ")" : data;
        int rows = trainRows != null ? trainRows : s.defaultTrainRows();
        check(rows <= split.train().size(), "--train-rows must be at most the training set's " + split.train().size()
                + " rows, got " + rows);
        StudyData d = new StudyData(source, split.train(), split.test(), rows);
        List<Long> seedList = new ArrayList<>();
        for (long i = 1; i <= k; i++) {
            seedList.add(i);
        }
        log.printf(Locale.ROOT, "lanes compare %s: %d variant(s) x %d seed(s), %d epoch(s) each, %s (%d train / %d test rows), %d thread(s)%n",
                s.id(), variants.size(), k, ep, source, d.train().size(), d.test().size(), Parallelism.threads());
        log.flush();

        Runner.Settings settings = new Runner.Settings(ep, batch, s.evalTrain());
        warmUp(variants.get(0), d, batch);
        Progress progress = new Progress(stderr, variants.size() * k);
        List<Summary> summaries = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (Variant v : variants) {
                List<RunResult> runs = new ArrayList<>();
                for (long seed : seedList) {
                    runs.add(Runner.run(v, seed, d, settings, progress));
                }
                summaries.add(new Summary(v, runs));
            }
        } finally {
            progress.close();
        }
        Report.Setup setup = new Report.Setup("lanes " + String.join(" ", cmd.commandLine().getParseResult()
                .originalArgs()), source, d.train().size(), d.test().size(), ep, batch, seedList, Parallelism.threads(), target);
        Report report = new Report(s, setup, summaries);
        report.write(dir);
        double wall = (System.nanoTime() - t0) * 1e-9;
        log.printf(Locale.ROOT, "%n%s%n", report.markdown().lines().takeWhile(l -> !l.startsWith("## What the numbers"))
                .reduce("", (a, b) -> a + b + "\n").strip());
        log.printf(Locale.ROOT, "%nwrote %s (report.md, results.json, charts); %.1f s%n", dir, wall);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("study", s.id());
            m.put("out", dir.toString());
            m.put("seconds", wall);
            List<Object> vs = new ArrayList<>();
            for (Summary x : summaries) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("name", x.variant().name());
                v.put("status", x.status());
                v.put("test_accuracy_mean", x.accMean());
                v.put("test_accuracy_std", x.accStd());
                vs.add(v);
            }
            m.put("variants", vs);
            stdout.println(Json.write(nullNaN(m)));
        }
        stdout.flush();
        return 0;
    }

    /**
     * Trains the first variant for three epochs on at most 10,000 rows and discards it, so the JIT has
     * compiled the hot loops before the first timed run (the timings compare variants; every other
     * number of a run depends only on its seed and settings).
     */
    private static void warmUp(Variant v, StudyData d, int batch) {
        int n = Math.min(10000, d.train().size());
        StudyData small = new StudyData(d.source(), d.train(), d.test().rows("warm-up", 0, Math.min(500, d.test().size())), n);
        Runner.run(v.withEarlyStop(0), 0, small, new Runner.Settings(3, batch, false), new Runner.Progress() {
            @Override
            public void runStart(Variant x, long seed, int stepsPerEpoch, int epochs) {
            }

            @Override
            public void step(int epoch, int b, float loss) {
            }

            @Override
            public void runEnd(RunResult r) {
            }
        });
    }

    private static Object nullNaN(Object o) {
        if (o instanceof Double v && !Double.isFinite(v)) {
            return null;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> r = new LinkedHashMap<>();
            m.forEach((a, b) -> r.put((String) a, nullNaN(b)));
            return r;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(CompareCommand::nullNaN).toList();
        }
        return o;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Progress on stderr: a bar per run when stderr is a terminal, and one line per finished run
     * (variant, seed, test accuracy, time) in every case.
     */
    static final class Progress implements Runner.Progress, AutoCloseable {
        private final PrintWriter err;
        private final int totalRuns;
        private final boolean terminal;
        private int run;
        private ProgressBar bar;
        private int stepsPerEpoch;
        private String label;

        Progress(PrintWriter err, int totalRuns) {
            this.err = err;
            this.totalRuns = totalRuns;
            java.io.Console c = System.console();
            this.terminal = c != null && c.isTerminal() && System.getenv("TERM") != null
                    && !"dumb".equals(System.getenv("TERM"));
        }

        @Override
        public void runStart(Variant v, long seed, int stepsPerEpoch, int epochs) {
            run++;
            this.stepsPerEpoch = stepsPerEpoch;
            label = String.format(Locale.ROOT, "[%d/%d] %s, seed %d", run, totalRuns, v.name(), seed);
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName(label).setInitialMax((long) stepsPerEpoch * epochs)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
            }
        }

        @Override
        public void step(int epoch, int batch, float loss) {
            if (bar != null) {
                bar.stepTo((long) (epoch - 1) * stepsPerEpoch + batch);
            }
        }

        @Override
        public void runEnd(RunResult r) {
            close();
            err.printf(Locale.ROOT, "%s: test accuracy %.4f, loss %.4f, %.1f s%s%n", label, r.testAccuracy(), r.testLoss(),
                    r.seconds(), r.diverged() != null ? " (diverged: " + r.diverged() + ")"
                            : r.stopReason() != null ? " (" + r.stopReason() + ")" : "");
            err.flush();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
