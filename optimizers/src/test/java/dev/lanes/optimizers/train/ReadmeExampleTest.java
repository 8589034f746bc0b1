package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.data.FashionMnist;
import dev.lanes.core.data.MnistFormat;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.Linear;
import dev.lanes.core.nn.ReLU;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.schedule.Scheduler;
import dev.lanes.optimizers.schedule.Schedules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Training from Java" example, verbatim from {@code MnistFormat.Split data} on. */
class ReadmeExampleTest {
    @TempDir
    Path out;

    static Evaluation example(Path out, int epochs) throws IOException {
        MnistFormat.Split data = FashionMnist.loadDefault();   // the embedded 10,000 / 2,000 subset
        SplittableRandom rng = new SplittableRandom(1);
        Sequential model = new Sequential(
                new Linear(784, 256, rng), new ReLU(),
                new Linear(256, 128, rng), new ReLU(),
                new Linear(128, 10, rng));
        Optimizer adam = Adam.builder().lr(1e-3).params(model.parameters()).build();
        long steps = (long) epochs * ((data.train().size() + 63) / 64);
        Files.createDirectories(out);
        Trainer trainer = Trainer.builder()
                .model(model).loss(new CrossEntropyLoss()).optimizer(adam)
                .scheduler(new Scheduler(adam, new Schedules.CosineAnnealingLr(steps, 0)), Trainer.ScheduleUnit.STEP)
                .trainData(data.train()).validationData(data.test())
                .epochs(epochs).batchSize(64).seed(1)
                .earlyStopping(Monitor.VAL_LOSS, 2, 0.0)
                .checkpointFile(out.resolve("checkpoint.safetensors"))   // after every epoch
                .listener(new MetricsCsvWriter(out.resolve("metrics.csv")))
                .listener(new TensorBoardWriter(out.resolve("tensorboard"), 100))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochMetrics m) {
                        System.out.printf("epoch %d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %.0f samples/s%n",
                                m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(),
                                m.samplesPerSecond());
                    }
                })
                .build();
        // trainer.resume(out.resolve("checkpoint.safetensors"));   // to continue an interrupted run
        TrainingResult result = trainer.fit();
        Evaluation test = trainer.evaluate(data.test());
        System.out.println("test accuracy " + test.accuracy() + " after " + result.steps() + " steps");
        System.out.print(test.confusionTable());
        return test;
    }

    @Test
    void exampleRunsAndLearns() throws IOException {
        Evaluation e = example(out, 1);
        assertEquals(2000, e.samples());
        // one epoch on the 10,000-image subset: far above chance (0.1)
        assertTrue(e.accuracy() > 0.6, "test accuracy " + e.accuracy());
        assertTrue(Files.exists(out.resolve("checkpoint.safetensors")));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size());
    }
}
