package dev.lanes.bench.cli;

import dev.lanes.core.Parameter;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.train.StepRunner;
import dev.lanes.optimizers.train.Trainer;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * How {@code lanes train --spark MASTER} reaches a distributed trainer without this module
 * depending on it: the {@code lanes-spark} module implements this interface and registers it in
 * {@code META-INF/services}; {@code ./lanes} puts that module and Spark on the class path only when
 * {@code --spark} is given. The command line then builds its usual {@link Trainer} with the
 * session's {@link StepRunner}, so its outputs (model, checkpoint, metrics, charts, JSON) are those
 * of a local run.
 */
public interface DistributedTraining {

    /** What the session needs; the factories run on the cluster's workers, so they are serializable. */
    record Settings(String master, int workers, int syncEvery, int batchPerWorker, long seed, ModelSpec spec,
                    OptimizerFactory optimizer, Double clipNorm, DataLoader data, Dataset train) {}

    /** Builds the optimizer for a worker's copy of the model (the driver's state is loaded into it). */
    interface OptimizerFactory extends Serializable {
        Optimizer build(List<Parameter> params);
    }

    /** Loads the training rows on a worker (the same rows, in the same order, as {@code Settings.train}). */
    interface DataLoader extends Serializable {
        Dataset load();
    }

    /** A running cluster connection. */
    interface Session extends AutoCloseable {
        /** Takes the trainer's steps on the cluster; the trainer must use {@link #batchSize()}, drop-last and the seed. */
        StepRunner runner();

        /** The batch size of the driver's trainer: workers x batch per worker. */
        int batchSize();

        /** Written into checkpoints and compared on resume (workers, sync-every, batch per worker). */
        Map<String, String> checkpointMetadata();

        /** One line about the cluster: master, workers, kernel sets seen on the executors, round cost. */
        String describe();

        /** The same for {@code --json}: master, workers, sync_every, batch_per_worker, rounds, round_overhead_ms, executor_kernels. */
        Map<String, Object> summary();

        @Override
        void close();
    }

    /** Connects to the cluster and prepares the data on the workers. */
    Session start(Settings settings);

    /**
     * The registered implementation.
     *
     * @throws IllegalStateException naming how to build it when none is on the class path
     */
    static DistributedTraining load() {
        return ServiceLoader.load(DistributedTraining.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "--spark needs the lanes-spark module and Spark: build them with 'mvn -q package -DskipTests'"
                        + " (spark/target/lanes-spark-*.jar and spark/target/spark-home/jars), then run ./lanes train --spark ..."));
    }
}
