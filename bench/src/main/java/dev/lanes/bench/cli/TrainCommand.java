package dev.lanes.bench.cli;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.data.FashionMnist;
import dev.lanes.core.data.MnistFormat;
import dev.lanes.core.io.ModelFile;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Parallelism;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.schedule.LrSchedule;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.optimizers.train.EpochMetrics;
import dev.lanes.optimizers.train.Evaluation;
import dev.lanes.optimizers.train.MetricsCsvWriter;
import dev.lanes.optimizers.train.TensorBoardWriter;
import dev.lanes.optimizers.train.Monitor;
import dev.lanes.optimizers.train.Trainer;
import dev.lanes.optimizers.train.TrainingListener;
import dev.lanes.optimizers.train.TrainingPlan;
import dev.lanes.optimizers.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lanes train}: builds an MLP from flags, trains it on Fashion-MNIST (the embedded subset by
 * default) and writes the model, the last checkpoint, metrics, TensorBoard events and charts.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an MLP on Fashion-MNIST (or any MNIST-format directory).",
            "Writes into --out: model.safetensors, checkpoint.safetensors, metrics.csv, TensorBoard events,",
            "loss.png and accuracy.png. Per-epoch table on stdout (on stderr with --json)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec cmd;

    @Option(names = "--layers", split = ",", paramLabel = "N", description = "Layer sizes, inputs first (default: ${DEFAULT-VALUE}).")
    int[] layers = {784, 256, 128, 10};

    @Option(names = "--activation", description = "relu, leaky_relu, elu, gelu, gelu_tanh, silu, sigmoid, tanh, softplus (default: ${DEFAULT-VALUE}).")
    String activation = "relu";

    @Option(names = "--init", description = "default (PyTorch's Linear), he, he_uniform, xavier, xavier_normal, lecun, lecun_uniform, normal (default: ${DEFAULT-VALUE}).")
    String init = "default";

    @Option(names = "--norm", description = "none, batch or layer, after each hidden Linear (default: ${DEFAULT-VALUE}).")
    String norm = "none";

    @Option(names = "--dropout", description = "Dropout probability after each hidden activation (default: ${DEFAULT-VALUE}).")
    float dropout = 0f;

    @Option(names = "--optimizer", description = "sgd, momentum, rmsprop, adagrad, adadelta, adam, adamw, adamax, nadam, radam, lion (default: ${DEFAULT-VALUE}).")
    String optimizer = "adam";

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--weight-decay", description = "Weight decay (default: the optimizer's own, as PyTorch: 0, AdamW 0.01).")
    Double weightDecay;

    @Option(names = "--schedule", description = "none, step, cosine, warmup-cosine, onecycle (default: ${DEFAULT-VALUE}).")
    String schedule = "none";

    @Option(names = "--clip-norm", description = "Clip the gradients' global L2 norm to this value (default: off).")
    Double clipNorm;

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 5;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--threads", description = "Threads for the kernels (default: the available processors).")
    Integer threads;

    @Option(names = "--seed", description = "Seed of initialization, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--data", paramLabel = "DIR", description = {"embedded (the shipped 10,000/2,000 subset), system",
        "(" + "/usr/share/datasets/fashion-mnist" + ", apt-get install dataset-fashion-mnist)",
        "or an MNIST-format directory (default: ${DEFAULT-VALUE})."})
    String data = "embedded";

    @Option(names = "--val-split", description = {"Fraction of the training set held out for validation. 0: the",
        "per-epoch validation columns report the test set (default: ${DEFAULT-VALUE})."})
    double valSplit = 0;

    @Option(names = "--early-stop", paramLabel = "PATIENCE", description = "Stop after this many epochs without a better validation loss (needs --val-split > 0).")
    Integer earlyStop;

    @Option(names = "--drop-last", description = "Skip each epoch's short last batch, as DataLoader(drop_last=True).")
    boolean dropLast;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", description = "Also write the checkpoint every this many steps (default: each epoch only).")
    Long checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "train");

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint written by a run with the same flags.")
    Path resume;

    @Option(names = "--spark", paramLabel = "MASTER", description = {"Train data-parallel on Spark (lanes-spark module):",
        "local[2], local-cluster[2,1,1024], spark://host:7077. --batch is then per worker."})
    String spark;

    @Option(names = "--workers", description = "With --spark: data partitions, one model copy each (default: 2).")
    Integer workers;

    @Option(names = "--sync-every", paramLabel = "K", description = "With --spark: local steps per round before averaging (default: 1).")
    Integer syncEvery;

    @Option(names = "--json", description = "Print a JSON summary on stdout (the table goes to stderr).")
    boolean json;

    /** The Spark session of {@code --spark}, closed when the command ends however it ends. */
    private DistributedTraining.Session cluster;

    @Override
    public Integer call() {
        try {
            return train();
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private Integer train() {
        long t0 = ManagementFactory.getRuntimeMXBean().getStartTime();
        checkOptions();
        if (threads != null) {
            Parallelism.setThreads(threads);
        }
        PrintWriter stdout = cmd.commandLine().getOut();
        PrintWriter stderr = cmd.commandLine().getErr();
        PrintWriter table = json ? stderr : stdout;
        ModelSpec spec = new ModelSpec(layers, activation, ModelSpec.Norm.parse(norm), dropout, init);

        Loaded d = loadData();
        if (d.train.numFeatures() != spec.inputs()) {
            throw new IllegalArgumentException("--layers: the first size must equal the data's features per row "
                    + d.train.numFeatures() + ", got " + spec.inputs());
        }
        if (d.train.numClasses() != spec.outputs()) {
            throw new IllegalArgumentException("--layers: the last size must equal the data's class count "
                    + d.train.numClasses() + ", got " + spec.outputs());
        }
        Dataset train = d.train;
        Dataset val = d.test;
        String valName = "test";
        if (valSplit > 0) {
            Dataset.TrainValidation parts = train.split(valSplit, seed);
            train = parts.train();
            val = parts.validation();
            valName = "val";
        }

        SplittableRandom root = new SplittableRandom(seed);
        Sequential model = spec.build(root.split(), root.split());
        Optimizer opt = Optimizers.build(optimizer, lr, weightDecay, model.parameters());
        cluster = spark == null ? null : startSpark(spec, train);
        int stepsPerEpoch = cluster != null ? train.size() / cluster.batchSize() : dropLast ? train.size() / Math.min(batch, train.size())
                : (train.size() + Math.min(batch, train.size()) - 1) / Math.min(batch, train.size());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out: cannot create directory " + out + ": " + e.getMessage());
        }
        Path checkpoint = out.resolve("checkpoint.safetensors");
        Trainer.Builder tb = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(opt).epochs(epochs).batchSize(batch).seed(seed)
                .dropLast(dropLast).trainData(train).validationData(val).checkpointFile(checkpoint)
                .checkpointEveryEpochs(1);
        LrSchedule sched = schedule(stepsPerEpoch * (long) epochs);
        if (sched != null) {
            tb.scheduler(new Scheduler(opt, sched), Trainer.ScheduleUnit.STEP);
        }
        if (clipNorm != null && cluster == null) {
            tb.clipGradNorm(clipNorm);  // with --spark the workers clip (passed in the cluster's settings)
        }
        if (earlyStop != null) {
            tb.earlyStopping(Monitor.VAL_LOSS, earlyStop, 0);
        }
        if (checkpointEvery != null) {
            tb.checkpointEverySteps(checkpointEvery);
        }
        if (cluster != null) {
            // workers x batch rows per step, every worker's full batches only
            tb.batchSize(cluster.batchSize()).dropLast(true).stepRunner(cluster.runner());
        }
        // What the trainer cannot see from tensor shapes: a resumed run must use the same flags.
        Map<String, String> runFlags = new LinkedHashMap<>();
        runFlags.put("lanes.architecture", spec.toText());
        runFlags.put("lanes.optimizer", optimizer.toLowerCase(Locale.ROOT));
        runFlags.put("lanes.schedule", schedule.toLowerCase(Locale.ROOT) + (sched == null ? "" : " over " + stepsPerEpoch * (long) epochs + " steps"));
        runFlags.put("lanes.data", d.source + ", train " + train.size() + " rows" + (valSplit > 0 ? ", val-split " + valSplit : ""));
        if (cluster != null) {
            runFlags.putAll(cluster.checkpointMetadata());
        }
        tb.checkpointMetadata(runFlags);
        if (resume != null) {
            Map<String, String> saved = Trainer.checkpointMetadata(resume);
            for (Map.Entry<String, String> e : runFlags.entrySet()) {
                if (!e.getValue().equals(saved.get(e.getKey()))) {
                    throw new IllegalArgumentException("--resume: " + resume + " was written with " + e.getKey() + " = "
                            + saved.get(e.getKey()) + ", this run has " + e.getValue() + " (use the same flags)");
                }
            }
        }
        Table tableListener = new Table(table, valName);
        TrainProgress progress = new TrainProgress(TrainProgress.stderrIsTerminal(), stderr, epochs);
        tb.listener(tableListener).listener(new ProgressListener(progress));
        tb.listener(new MetricsCsvWriter(out.resolve("metrics.csv")));
        // Per epoch and every 50 steps (the batch loss and lr curves).
        tb.listener(new TensorBoardWriter(out, 50));
        Trainer trainer = tb.build();
        if (resume != null) {
            trainer.resume(resume);
        }

        table.printf(Locale.ROOT, "lanes train: %s, %s kernels, %d thread(s)%n", spec.toText(), Kernels.get().name(),
                Parallelism.threads());
        table.printf(Locale.ROOT, "data: %s (train %d rows, %s %d rows), batch %d, %d steps/epoch, %s lr %g%s%n",
                d.source, train.size(), valName, val.size(), batch, stepsPerEpoch, opt.name(), lr,
                sched == null ? "" : ", schedule " + schedule);
        if (cluster != null) {
            table.printf(Locale.ROOT, "spark %s: %d workers x batch %d (%d rows per step), sync every %d step(s)%n", spark,
                    workers == null ? 2 : workers, batch, cluster.batchSize(), syncEvery == null ? 1 : syncEvery);
        }
        TrainingResult result;
        try (progress) {
            result = trainer.fit();
            if (cluster != null) {
                table.println(cluster.describe());
                sparkSummary = cluster.summary();
            }
        }
        Evaluation test = trainer.evaluate(d.test);
        ModelFile.save(out.resolve("model.safetensors"), model, spec, Map.of("lanes.data", d.source,
                "lanes.test_accuracy", Double.toString(test.accuracy())));
        double[][] curves = curves(result.history());
        TrainCharts.write(out, spec.toText(), valName, curves[0], curves[1], curves[2], curves[3]);
        double wall = (System.currentTimeMillis() - t0) / 1e3;
        table.printf(Locale.ROOT, "test: loss %.4f, accuracy %.4f (%d rows)%s%n", test.loss(), test.accuracy(),
                test.samples(), result.stoppedEarly() ? "; stopped early: " + result.stopReason() : "");
        table.printf(Locale.ROOT, "wrote %s (model.safetensors, checkpoint.safetensors, metrics.csv, events, loss.png, accuracy.png); %.1f s in all%n",
                out, wall);
        if (json) {
            stdout.println(Json.object(summary(spec, d, train, val, valName, result, test, wall)));
        }
        stdout.flush();
        return 0;
    }

    private void checkOptions() {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
        }
        if (!(valSplit >= 0 && valSplit < 1)) {
            throw new IllegalArgumentException("--val-split must be in [0, 1), got " + valSplit);
        }
        if (earlyStop != null && earlyStop < 1) {
            throw new IllegalArgumentException("--early-stop must be >= 1, got " + earlyStop);
        }
        if (earlyStop != null && valSplit == 0) {
            throw new IllegalArgumentException("--early-stop needs a validation set: give --val-split > 0"
                    + " (stopping on the test set would tune on it)");
        }
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + checkpointEvery);
        }
        if (resume != null && !Files.isRegularFile(resume)) {
            throw new IllegalArgumentException("--resume: no such file " + resume);
        }
        if (spark == null && (workers != null || syncEvery != null)) {
            throw new IllegalArgumentException("--workers and --sync-every need --spark MASTER");
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (syncEvery != null && syncEvery < 1) {
            throw new IllegalArgumentException("--sync-every must be >= 1, got " + syncEvery);
        }
        schedule(1); // validates the name
    }

    private LrSchedule schedule(long totalSteps) {
        return Optimizers.schedule(schedule, lr, totalSteps);
    }

    private record Loaded(Dataset train, Dataset test, String source) {}

    private Map<String, Object> sparkSummary;

    /** Connects to Spark through the lanes-spark module (found by ServiceLoader; absent unless ./lanes added it). */
    private DistributedTraining.Session startSpark(ModelSpec spec, Dataset train) {
        DistributedTraining impl = DistributedTraining.load();
        // locals only: these lambdas are serialized to the executors
        String dataOpt = data;
        double split = valSplit;
        long s = seed;
        String optName = optimizer;
        double optLr = lr;
        Double wd = weightDecay;
        DistributedTraining.DataLoader loader = () -> trainRows(dataOpt, split, s);
        DistributedTraining.OptimizerFactory factory = params -> Optimizers.build(optName, optLr, wd, params);
        return impl.start(new DistributedTraining.Settings(spark, workers == null ? 2 : workers,
                syncEvery == null ? 1 : syncEvery, batch, seed, spec, factory, clipNorm, loader, train));
    }

    /** The training rows of {@code --data} after {@code --val-split}: what the driver trains on, rebuilt on a worker. */
    static Dataset trainRows(String data, double valSplit, long seed) {
        Dataset t = EvalCommand.split(data).train();
        return valSplit > 0 ? t.split(valSplit, seed).train() : t;
    }

    private Loaded loadData() {
        MnistFormat.Split s = EvalCommand.split(data);
        return new Loaded(s.train(), s.test(), "embedded".equals(data) ? "fashion-mnist (embedded subset)"
                : "system".equals(data) ? FashionMnist.SYSTEM_DIRECTORY.toString() : data);
    }

    private static double[][] curves(List<EpochMetrics> h) {
        double[][] c = new double[4][h.size()];
        for (int i = 0; i < h.size(); i++) {
            c[0][i] = h.get(i).trainLoss();
            c[1][i] = h.get(i).valLoss();
            c[2][i] = h.get(i).trainAccuracy();
            c[3][i] = h.get(i).valAccuracy();
        }
        return c;
    }

    private Map<String, Object> summary(ModelSpec spec, Loaded d, Dataset train, Dataset val, String valName,
                                        TrainingResult r, Evaluation test, double wall) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "train");
        m.put("model", spec.toText());
        m.put("data", d.source);
        m.put("train_rows", train.size());
        m.put("validation", valName);
        m.put("validation_rows", val.size());
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("schedule", schedule);
        m.put("batch", batch);
        m.put("threads", Parallelism.threads());
        m.put("kernels", Kernels.get().name());
        m.put("seed", seed);
        List<Object> eps = new ArrayList<>();
        for (EpochMetrics e : r.history()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", e.epoch());
            x.put("train_loss", e.trainLoss());
            x.put("train_accuracy", e.trainAccuracy());
            x.put("val_loss", e.valLoss());
            x.put("val_accuracy", e.valAccuracy());
            x.put("lr", e.lr());
            x.put("samples_per_second", e.samplesPerSecond());
            x.put("seconds", e.seconds());
            eps.add(x);
        }
        m.put("epochs", eps);
        m.put("steps", r.steps());
        m.put("stopped_early", r.stoppedEarly());
        m.put("final_train_loss", r.history().isEmpty() ? Double.NaN : r.last().trainLoss());
        m.put("final_train_accuracy", r.history().isEmpty() ? Double.NaN : r.last().trainAccuracy());
        m.put("test_loss", test.loss());
        m.put("test_accuracy", test.accuracy());
        m.put("wall_seconds", wall);
        if (sparkSummary != null) {
            m.put("spark", sparkSummary);
        }
        m.put("out", out.toString());
        return m;
    }

    /** The per-epoch table. */
    private static final class Table implements TrainingListener {
        private final PrintWriter ps;
        private final String valName;

        Table(PrintWriter ps, String valName) {
            this.ps = ps;
            this.valName = valName;
        }

        @Override
        public void onTrainStart(TrainingPlan plan) {
            ps.printf(Locale.ROOT, "%5s  %10s  %9s  %10s  %9s  %9s  %10s  %7s%n", "epoch", "train loss", "train acc",
                    valName + " loss", valName + " acc", "lr", "samples/s", "seconds");
            for (EpochMetrics m : plan.history()) {
                onEpochEnd(m);
            }
        }

        @Override
        public void onEpochEnd(EpochMetrics m) {
            ps.printf(Locale.ROOT, "%5d  %10.4f  %9.4f  %10.4f  %9.4f  %9.3g  %10.0f  %7.2f%n", m.epoch(), m.trainLoss(),
                    m.trainAccuracy(), m.valLoss(), m.valAccuracy(), m.lr(), m.samplesPerSecond(), m.seconds());
            ps.flush();
        }
    }

    /** Feeds the progress bar. */
    private static final class ProgressListener implements TrainingListener {
        private final TrainProgress p;

        ProgressListener(TrainProgress p) {
            this.p = p;
        }

        private int steps;

        @Override
        public void onTrainStart(TrainingPlan plan) {
            steps = plan.batchesPerEpoch();
        }

        @Override
        public void onEpochStart(int epoch) {
            p.epochStart(epoch, steps);
        }

        @Override
        public void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
            p.step(batch, loss);
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics) {
            p.close();
        }
    }
}
