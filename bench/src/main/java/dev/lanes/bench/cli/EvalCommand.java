package dev.lanes.bench.cli;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.data.FashionMnist;
import dev.lanes.core.data.MnistFormat;
import dev.lanes.core.io.ModelFile;
import dev.lanes.optimizers.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lanes eval}: a saved model's accuracy, per-class accuracy and confusion matrix on a test set. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model file written by 'lanes train' on the Fashion-MNIST test set.")
public final class EvalCommand implements Callable<Integer> {
    /** Rows per evaluation batch: only memory and speed depend on it, not the result. */
    private static final int BATCH = 500;

    @Spec
    CommandSpec cmd;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (safetensors) written by lanes train.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "embedded, system or an MNIST-format directory (default: ${DEFAULT-VALUE}).")
    String data = "embedded";

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model: no such file " + model);
        }
        ModelFile.Loaded loaded = ModelFile.load(model);
        Dataset test = testSet(data);
        if (test.numFeatures() != loaded.spec().inputs()) {
            throw new IllegalArgumentException("--model: the model takes " + loaded.spec().inputs()
                    + " inputs but the data has " + test.numFeatures() + " features per row");
        }
        Evaluation e = Evaluation.of(loaded.model(), test, BATCH);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", "eval");
            m.put("model", loaded.spec().toText());
            m.put("data", test.name());
            m.put("rows", e.samples());
            m.put("test_loss", e.loss());
            m.put("test_accuracy", e.accuracy());
            List<Object> classes = new ArrayList<>();
            double[] per = e.perClassAccuracy();
            long[][] conf = e.confusion();
            for (int c = 0; c < per.length; c++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", c);
                row.put("name", c < FashionMnist.CLASSES ? FashionMnist.className(c) : Integer.toString(c));
                row.put("accuracy", per[c]);
                StringBuilder sb = new StringBuilder();
                for (int p = 0; p < conf[c].length; p++) {
                    sb.append(p == 0 ? "" : " ").append(conf[c][p]);
                }
                row.put("predicted_counts", sb.toString());
                classes.add(row);
            }
            m.put("classes", classes);
            out.println(Json.object(m));
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "model %s on %s (%d rows)%n", loaded.spec().toText(), test.name(), e.samples());
        out.printf(Locale.ROOT, "loss %.4f, accuracy %.4f%n%n", e.loss(), e.accuracy());
        double[] per = e.perClassAccuracy();
        for (int c = 0; c < per.length; c++) {
            out.printf(Locale.ROOT, "  %d %-12s %.4f%n", c,
                    c < FashionMnist.CLASSES ? FashionMnist.className(c) : "", per[c]);
        }
        out.println();
        out.println("confusion matrix (rows: true class, columns: predicted):");
        out.print(e.confusionTable());
        out.flush();
        return 0;
    }

    /** The test split named by a {@code --data} value (embedded, system or a directory). */
    static Dataset testSet(String data) {
        return split(data).test();
    }

    /** The training and test sets named by a {@code --data} value (embedded, system or a directory). */
    public static MnistFormat.Split split(String data) {
        if ("embedded".equals(data)) {
            return FashionMnist.loadDefault();
        }
        Path dir = "system".equals(data) ? FashionMnist.systemDirectory().orElseThrow(() -> new IllegalArgumentException(
                "--data system: " + FashionMnist.SYSTEM_DIRECTORY + " not found (apt-get install dataset-fashion-mnist)"))
                : Path.of(data);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data: expected embedded, system or a directory, got '" + data
                    + "' (no such directory)");
        }
        return MnistFormat.load(dir, "fashion-mnist", FashionMnist.CLASSES);
    }
}
