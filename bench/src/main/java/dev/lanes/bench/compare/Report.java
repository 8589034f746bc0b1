package dev.lanes.bench.compare;

import dev.lanes.core.io.AtomicFiles;
import dev.lanes.core.io.Json;
import dev.lanes.kernels.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a study's directory: {@code report.md} (setup, results table, a paragraph computed from
 * the numbers, charts), the PNG charts and {@code results.json} (every run, epoch and probe).
 */
public final class Report {
    private final Study study;
    private final Setup setup;
    private final List<Summary> rows;
    private final List<String> charts = new ArrayList<>();

    /**
     * What was run, for the report's header and results.json.
     *
     * @param command     the command line as given
     * @param data        where the data came from
     * @param trainRows   training rows used
     * @param testRows    test rows
     * @param epochs      epochs per run
     * @param batch       batch size
     * @param seeds       the seeds
     * @param threads     kernel threads
     * @param target      the target test accuracy for "epochs/seconds to target"
     */
    public record Setup(String command, String data, int trainRows, int testRows, int epochs, int batch, List<Long> seeds,
                        int threads, double target) {}

    public Report(Study study, Setup setup, List<Summary> rows) {
        this.study = study;
        this.setup = setup;
        this.rows = List.copyOf(rows);
    }

    /** Writes report.md, the charts and results.json into {@code dir} (created if needed). */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out: cannot create directory " + dir + ": " + e.getMessage());
        }
        drawCharts(dir);
        AtomicFiles.write(dir.resolve("report.md"), markdown().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("results.json"), (Json.write(json()) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- markdown

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# lanes compare ").append(study.id()).append(": ").append(study.title()).append("\n\n");
        b.append(table()).append('\n');
        b.append("## What the numbers show\n\n").append(Findings.paragraph(study, rows, setup.target())).append("\n\n");
        String extra = extraTable();
        if (!extra.isEmpty()) {
            b.append(extra).append('\n');
        }
        b.append("## Charts\n\n");
        for (String c : charts) {
            b.append("![").append(c).append("](").append(c).append(")\n\n");
        }
        b.append("## What was run\n\n");
        b.append("- command: `").append(setup.command()).append("`\n");
        b.append("- data: ").append(setup.data()).append(", ").append(setup.trainRows()).append(" training rows, ")
                .append(setup.testRows()).append(" test rows (the per-epoch test columns are measured on the test rows)\n");
        b.append("- epochs: ").append(setup.epochs()).append(", batch ").append(setup.batch()).append(", seeds ")
                .append(setup.seeds()).append(" (each seed sets initialization, shuffling and dropout)\n");
        for (String n : study.notes(setup.trainRows())) {
            b.append("- ").append(n).append('\n');
        }
        b.append("- accuracy target for \"epochs/seconds to\": ").append(fmt(setup.target())).append(" test accuracy\n");
        b.append("- status: \"did not learn\" when the mean final test accuracy is below ").append(fmt(Summary.LEARNED))
                .append(" (chance is 0.1); \"diverged\" when a batch loss became NaN or infinite\n");
        Map<String, Object> m = machine();
        b.append("- machine: ").append(m.get("cpu")).append(", ").append(m.get("processors")).append(" processors; ")
                .append(setup.threads()).append(" kernel thread(s); variants run one after another\n");
        b.append("- JDK ").append(m.get("jdk")).append("; Lanes kernels: ").append(m.get("kernels")).append("; OS: ")
                .append(m.get("os")).append('\n');
        b.append("- times are wall-clock on this (shared) machine and vary from run to run; the first run also pays for"
                + " JIT compilation; every other number is a function of the seeds and settings, identical when rerun in"
                + " the same JVM; a rerun in a new JVM can differ for runs that start while the JIT is still compiling"
                + " (a few SIMD reductions round differently before and after compilation, and training amplifies"
                + " the difference)\n");
        return b.toString();
    }

    private String table() {
        double t = setup.target();
        List<String> head = new ArrayList<>(List.of("variant", "test acc (mean ± sd)", "best epoch acc", "test loss",
                "epochs to " + fmt(t), "s to " + fmt(t), "s/epoch (median)"));
        switch (study) {
            case INIT -> head.addAll(List.of("grad L1/L11 at start", "grad ratio per layer"));
            case NORMALIZATION -> head.addAll(List.of("grad norm L1 at start", "grad norm L1 at end"));
            case ACTIVATIONS -> head.add("samples/s");
            case REGULARIZATION -> head.addAll(List.of("gap at end", "widest gap (epoch)"));
            case SCHEDULES -> head.add("final lr");
            default -> { }
        }
        head.add("status");
        StringBuilder b = new StringBuilder();
        row(b, head);
        List<String> sep = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            sep.add(i == 0 ? "---" : "---:");
        }
        row(b, sep);
        for (Summary s : rows) {
            List<String> r = new ArrayList<>();
            r.add(s.variant().name());
            r.add(fmt(s.accMean()) + " ± " + fmt(s.accStd()));
            r.add(fmt(s.bestAccMean()));
            r.add(fmt(s.lossMean()));
            int k = s.reached(t);
            int n = s.runs().size();
            r.add(k == 0 ? "-" : fmt1(s.epochsTo(t)) + (k < n ? " (" + k + "/" + n + ")" : ""));
            r.add(k == 0 ? "-" : fmt1(s.secondsTo(t)));
            r.add(fmt2(s.secondsPerEpoch()));
            switch (study) {
                case INIT -> {
                    double[] g = s.probe(false, true);
                    r.add(sci(g[0]) + " / " + sci(g[g.length - 1]));
                    r.add(sci(Findings.perLayerRatio(g)));
                }
                case NORMALIZATION -> {
                    r.add(sci(s.probe(false, true)[0]));
                    r.add(sci(s.probe(true, true)[0]));
                }
                case ACTIVATIONS -> r.add(String.format(Locale.ROOT, "%,.0f", s.samplesPerSecond()));
                case REGULARIZATION -> {
                    double[] gap = Findings.gap(s);
                    int w = Findings.argmax(gap);
                    r.add(gap.length == 0 ? "-" : fmt(gap[gap.length - 1]));
                    r.add(w < 0 ? "-" : fmt(gap[w]) + " (" + (w + 1) + ")");
                }
                case SCHEDULES -> {
                    double[] lr = s.curve(RunResult.Epoch::lr);
                    r.add(lr.length == 0 ? "-" : sci(lr[lr.length - 1]));
                }
                default -> { }
            }
            r.add(s.status());
            row(b, r);
        }
        return b.toString();
    }

    /** The init study's per-layer gradient norms (the table behind the depth charts). */
    private String extraTable() {
        if (study != Study.INIT && study != Study.NORMALIZATION) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Weight-gradient norm per Linear layer (input first), before training / after\n\n");
        int layers = rows.get(0).probe(false, true).length;
        List<String> head = new ArrayList<>(List.of("variant", "when"));
        for (int i = 1; i <= layers; i++) {
            head.add("L" + i);
        }
        row(b, head);
        List<String> sep = new ArrayList<>(List.of("---", "---"));
        for (int i = 0; i < layers; i++) {
            sep.add("---:");
        }
        row(b, sep);
        for (Summary s : rows) {
            for (boolean end : new boolean[] {false, true}) {
                List<String> r = new ArrayList<>(List.of(end ? "" : s.variant().name(), end ? "after" : "start"));
                for (double g : s.probe(end, true)) {
                    r.add(sci(g));
                }
                row(b, r);
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, List<String> cells) {
        b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    // ---------------------------------------------------------------- charts

    private void drawCharts(Path dir) {
        Set<String> groups = new LinkedHashSet<>();
        for (Summary s : rows) {
            groups.add(s.variant().group());
        }
        for (String g : groups) {
            String suffix = g.isEmpty() ? "" : "-" + slug(g);
            String t = g.isEmpty() ? "" : " (" + g + ")";
            Charts acc = new Charts(study.id() + ": test accuracy" + t, "epoch", "test accuracy", false, false, true);
            Charts loss = new Charts(study.id() + ": training loss" + t, "epoch", "training loss (log)", true, false, true);
            for (Summary s : rows) {
                if (s.variant().group().equals(g)) {
                    acc.series(s.variant().name(), s.curve(RunResult.Epoch::testAccuracy));
                    loss.series(s.variant().name(), s.curve(RunResult.Epoch::trainLoss));
                }
            }
            chart(dir, "accuracy" + suffix + ".png", acc);
            chart(dir, "loss" + suffix + ".png", loss);
            if (study == Study.INIT || study == Study.NORMALIZATION) {
                for (boolean end : new boolean[] {false, true}) {
                    String when = end ? "after training" : "before training";
                    Charts gr = new Charts(study.id() + ": weight-gradient norm by depth, " + when + t,
                            "Linear layer (1 = input side)", "L2 norm of the weight gradient (log)", true, false, true);
                    Charts as = new Charts(study.id() + ": std of each Linear layer's input, " + when + t,
                            "Linear layer (1 = input side)", "std of the layer input (log)", true, false, true);
                    for (Summary s : rows) {
                        if (s.variant().group().equals(g)) {
                            gr.series(s.variant().name(), s.probe(end, true));
                            as.series(s.variant().name(), s.probe(end, false));
                        }
                    }
                    chart(dir, "gradients" + suffix + (end ? "-after" : "") + ".png", gr);
                    if (study == Study.INIT) {
                        chart(dir, "activations" + suffix + (end ? "-after" : "") + ".png", as);
                    }
                }
            }
        }
        if (study == Study.REGULARIZATION) {
            Charts train = new Charts("regularization: training accuracy (eval mode)", "epoch", "train accuracy", false, false, true);
            Charts gap = new Charts("regularization: generalization gap (train - test accuracy)", "epoch", "gap", false, false, true);
            for (Summary s : rows) {
                train.series(s.variant().name(), s.curve(RunResult.Epoch::trainEvalAccuracy));
                gap.series(s.variant().name(), Findings.gap(s));
            }
            chart(dir, "train-accuracy.png", train);
            chart(dir, "gap.png", gap);
        }
        if (study == Study.SCHEDULES) {
            Charts lr = new Charts("schedules: learning rate", "step", "learning rate", false, false, false);
            Charts loss = new Charts("schedules: batch loss (mean per point, seed " + setup.seeds().get(0) + ")", "step",
                    "batch loss (log)", true, false, false);
            for (Summary s : rows) {
                RunResult r = s.runs().get(0);
                double[] x = new double[r.stepLr().length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i + 0.5) * r.stepsPerPoint();
                }
                lr.series(s.variant().name(), x, r.stepLr());
                loss.series(s.variant().name(), x, r.stepLoss());
            }
            chart(dir, "lr.png", lr);
            chart(dir, "step-loss.png", loss);
        }
        if (study == Study.OPTIMIZERS && groups.size() > 1) {
            Charts sweep = new Charts("optimizers: final test accuracy against learning rate", "learning rate (log)",
                    "final test accuracy", false, true, true);
            Map<String, List<double[]>> byOpt = new LinkedHashMap<>();
            for (Summary s : rows) {
                byOpt.computeIfAbsent(s.variant().optimizer(), k -> new ArrayList<>())
                        .add(new double[] {s.variant().lr(), s.accMean()});
            }
            for (var e : byOpt.entrySet()) {
                List<double[]> pts = new ArrayList<>(e.getValue());
                pts.sort(Comparator.comparingDouble(p -> p[0]));
                sweep.series(e.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                        pts.stream().mapToDouble(p -> p[1]).toArray());
            }
            chart(dir, "lr-sweep.png", sweep);
        }
    }

    private void chart(Path dir, String name, Charts c) {
        if (c.write(dir.resolve(name))) {
            charts.add(name);
        }
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    }

    // ---------------------------------------------------------------- json

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", study.id());
        m.put("title", study.title());
        m.put("command", setup.command());
        m.put("data", setup.data());
        m.put("train_rows", setup.trainRows());
        m.put("test_rows", setup.testRows());
        m.put("epochs", setup.epochs());
        m.put("batch", setup.batch());
        m.put("seeds", new ArrayList<Object>(setup.seeds()));
        m.put("threads", setup.threads());
        m.put("target_accuracy", setup.target());
        m.put("machine", machine());
        m.put("charts", new ArrayList<Object>(charts));
        List<Object> vs = new ArrayList<>();
        for (Summary s : rows) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", s.variant().name());
            v.put("group", s.variant().group());
            v.put("settings", s.variant().settings());
            v.put("status", s.status());
            v.put("test_accuracy_mean", s.accMean());
            v.put("test_accuracy_std", s.accStd());
            v.put("test_loss_mean", s.lossMean());
            v.put("best_epoch_accuracy_mean", s.bestAccMean());
            v.put("seeds_reaching_target", s.reached(setup.target()));
            v.put("epochs_to_target_mean", s.epochsTo(setup.target()));
            v.put("seconds_to_target_mean", s.secondsTo(setup.target()));
            v.put("seconds_per_epoch_mean", s.secondsPerEpoch());
            List<Object> runs = new ArrayList<>();
            for (RunResult r : s.runs()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("seed", r.seed());
                x.put("test_accuracy", r.testAccuracy());
                x.put("test_loss", r.testLoss());
                x.put("seconds", r.seconds());
                x.put("diverged", r.diverged());
                x.put("stop_reason", r.stopReason());
                List<Object> eps = new ArrayList<>();
                for (RunResult.Epoch e : r.epochs()) {
                    Map<String, Object> em = new LinkedHashMap<>();
                    em.put("epoch", e.epoch());
                    em.put("train_loss", e.trainLoss());
                    em.put("train_accuracy", e.trainAccuracy());
                    em.put("train_eval_accuracy", e.trainEvalAccuracy());
                    em.put("test_loss", e.testLoss());
                    em.put("test_accuracy", e.testAccuracy());
                    em.put("lr", e.lr());
                    em.put("seconds", e.seconds());
                    em.put("samples_per_second", e.samplesPerSecond());
                    eps.add(em);
                }
                x.put("epochs", eps);
                x.put("probe_start", probe(r.start()));
                x.put("probe_end", probe(r.end()));
                x.put("steps_per_point", r.stepsPerPoint());
                x.put("step_lr", list(r.stepLr()));
                x.put("step_loss", list(r.stepLoss()));
                runs.add(x);
            }
            v.put("runs", runs);
            vs.add(v);
        }
        m.put("variants", vs);
        return finite(m);
    }

    private static Map<String, Object> probe(RunResult.Probe p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", (double) p.loss());
        m.put("weight_grad_norm", list(p.weightGradNorm()));
        m.put("input_std", list(p.inputStd()));
        return m;
    }

    private static List<Object> list(double[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (double v : a) {
            l.add(v);
        }
        return l;
    }

    /** Replaces non-finite numbers (JSON has none) by null, recursively. */
    @SuppressWarnings("unchecked")
    private static <T> T finite(T v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                r.put((String) e.getKey(), finite(e.getValue()));
            }
            return (T) r;
        }
        if (v instanceof List<?> l) {
            List<Object> r = new ArrayList<>(l.size());
            for (Object o : l) {
                r.add(finite(o));
            }
            return (T) r;
        }
        return v;
    }

    /** CPU model (from /proc/cpuinfo), processors, JDK, Lanes kernel set and OS. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            cpu = "unknown CPU (" + System.getProperty("os.arch") + ")";
        }
        m.put("cpu", cpu);
        m.put("processors", Runtime.getRuntime().availableProcessors());
        m.put("jdk", Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        Kernels k = Kernels.get();
        m.put("kernels", k.name() + (k.vectorBits() == 0 ? "" : ", " + k.vectorBits() + "-bit vectors"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return m;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmt1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fmt2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String sci(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
