package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.data.FashionMnist;
import dev.lanes.core.data.MnistFormat;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.train.Trainer;
import dev.lanes.optimizers.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Running on Spark" Java example (here: 1 epoch, the checkpoint in a temporary directory). */
class ReadmeSparkExampleTest {
    @Test
    void example(@TempDir Path dir) {
        int epochs = 1;
        TrainingResult result;
        JavaSparkContext sc = new JavaSparkContext(SparkSetup.conf("local[2]", "my-app"));   // or your own SparkConf
        try {
            MnistFormat.Split data = FashionMnist.loadDefault();
            ModelSpec spec = ModelSpec.parse("layers=784,256,128,10 activation=relu");
            try (SparkTrainer spark = SparkTrainer.builder(sc).spec(spec)
                    .optimizer(p -> Adam.builder().lr(1e-3).params(p).build())        // serializable: runs on the executors
                    .data(() -> FashionMnist.loadDefault().train(), data.train())     // rows on the executors, same rows here
                    .workers(2).syncEvery(10).batchSizePerWorker(64).seed(1).build()) {
                Sequential model = spec.build(new SplittableRandom(1));
                Optimizer adam = Adam.builder().lr(1e-3).params(model.parameters()).build();
                Trainer trainer = spark.trainerBuilder(model, adam)                   // preset: batch N x B, drop-last, seed, runner
                        .epochs(epochs).validationData(data.test())
                        .checkpointFile(dir.resolve("checkpoint.safetensors")).build();
                result = trainer.fit();
            }
        } finally {
            sc.stop();
        }
        // 10,000 rows / (2 x 64) = 78 steps
        assertEquals(78, result.steps());
        assertTrue(result.last().valAccuracy() > 0.6, "test accuracy after one epoch: " + result.last().valAccuracy());
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint.safetensors")));
    }
}
