package dev.lanes.spark;

import dev.lanes.core.Parameter;
import dev.lanes.core.data.FashionMnist;
import dev.lanes.core.data.MnistFormat;
import dev.lanes.core.io.ModelFile;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.AdamW;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.SGD;
import dev.lanes.optimizers.train.EpochMetrics;
import dev.lanes.optimizers.train.Evaluation;
import dev.lanes.optimizers.train.MetricsCsvWriter;
import dev.lanes.optimizers.train.Trainer;
import dev.lanes.optimizers.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code spark-submit} entry point of {@code lanes-spark.jar}: trains an MLP on an MNIST-format
 * data set (Fashion-MNIST) data-parallel and writes {@code model.safetensors},
 * {@code checkpoint.safetensors} and {@code metrics.csv} into {@code --out} on the driver.
 *
 * <pre>
 * spark-submit --class dev.lanes.spark.SparkMain lanes-spark.jar \
 *     [--data embedded|DIR] [--layers 784,256,128,10] [--optimizer sgd|momentum|adam|adamw] [--lr 1e-3]
 *     [--epochs 5] [--batch 64 (per worker)] [--workers 2] [--sync-every 1] [--seed 1] [--out runs/spark]
 *     [--resume FILE]
 * </pre>
 *
 * {@code DIR} must be readable at the same path on the driver and on every executor (each executor
 * reads it and keeps its partitions' rows).
 */
public final class SparkMain {
    private SparkMain() {}

    public static void main(String[] args) {
        Map<String, String> o = parse(args);
        String data = o.getOrDefault("data", "embedded");
        ModelSpec spec = ModelSpec.parse("layers=" + o.getOrDefault("layers", "784,256,128,10"));
        String optName = o.getOrDefault("optimizer", "adam");
        double lr = Double.parseDouble(o.getOrDefault("lr", "1e-3"));
        int epochs = Integer.parseInt(o.getOrDefault("epochs", "5"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        Path out = Path.of(o.getOrDefault("out", "runs/spark"));
        if (!List.of("sgd", "momentum", "adam", "adamw").contains(optName.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--optimizer must be sgd, momentum, adam or adamw, got '" + optName + "'");
        }

        MnistFormat.Split split = load(data);
        SparkConf conf = new SparkConf().setAppName("lanes-spark");
        String exec = conf.get("spark.executor.extraJavaOptions", "");
        if (!exec.contains("jdk.incubator.vector")) {
            System.err.println("lanes-spark: spark.executor.extraJavaOptions lacks --add-modules=jdk.incubator.vector:"
                    + " the executors will run the scalar kernels (several times slower)");
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        try (SparkTrainer st = SparkTrainer.builder(sc).spec(spec).optimizer(p -> optimizer(optName, lr, p))
                .data(() -> load(data).train(), split.train())
                .workers(Integer.parseInt(o.getOrDefault("workers", "2")))
                .syncEvery(Integer.parseInt(o.getOrDefault("sync-every", "1")))
                .batchSizePerWorker(Integer.parseInt(o.getOrDefault("batch", "64"))).seed(seed).build()) {
            Files.createDirectories(out);
            SplittableRandom root = new SplittableRandom(seed);
            Sequential model = spec.build(root.split(), root.split());
            Optimizer opt = optimizer(optName, lr, model.parameters());
            Trainer t = st.trainerBuilder(model, opt).epochs(epochs).validationData(split.test())
                    .checkpointFile(out.resolve("checkpoint.safetensors"))
                    .listener(new MetricsCsvWriter(out.resolve("metrics.csv")))
                    .listener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics m) {
                            System.out.printf(Locale.ROOT, "epoch %d  loss %.4f  acc %.4f  test_loss %.4f  test_acc %.4f"
                                            + "  %.0f samples/s%n", m.epoch(), m.trainLoss(), m.trainAccuracy(),
                                    m.valLoss(), m.valAccuracy(), m.samplesPerSecond());
                        }
                    }).build();
            if (o.containsKey("resume")) {
                Path r = Path.of(o.get("resume"));
                st.checkResume(r);
                t.resume(r);
            }
            t.fit();
            Evaluation test = t.evaluate(split.test());
            ModelFile.save(out.resolve("model.safetensors"), model, spec);
            SparkTrainer.RoundStats s = st.stats();
            System.out.printf(Locale.ROOT, "test accuracy %.4f; %d rounds, %.1f ms per round besides training;"
                    + " executors: %s; wrote %s%n", test.accuracy(), s.rounds(), s.overheadMillisPerRound(),
                    st.executorKernels(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sc.stop();
        }
    }

    static MnistFormat.Split load(String data) {
        return "embedded".equals(data) ? FashionMnist.loadDefault() : FashionMnist.load(Path.of(data));
    }

    static Optimizer optimizer(String name, double lr, List<Parameter> params) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> SGD.builder().lr(lr).params(params).build();
            case "momentum" -> SGD.builder().momentum(0.9).lr(lr).params(params).build();
            case "adam" -> Adam.builder().lr(lr).params(params).build();
            case "adamw" -> AdamW.builder().lr(lr).params(params).build();
            default -> throw new IllegalArgumentException("--optimizer must be sgd, momentum, adam or adamw, got '" + name
                    + "'");
        };
    }

    private static Map<String, String> parse(String[] args) {
        List<String> known = List.of("data", "layers", "optimizer", "lr", "epochs", "batch", "workers", "sync-every",
                "seed", "out", "resume");
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("lanes-spark: expected --NAME VALUE with NAME one of " + known
                        + ", got '" + a + "'");
            }
            m.put(a.substring(2), args[++i]);
        }
        return m;
    }
}
