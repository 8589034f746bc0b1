package dev.lanes.spark.cli;

import dev.lanes.bench.cli.DistributedTraining;
import dev.lanes.optimizers.train.StepRunner;
import dev.lanes.spark.DataSource;
import dev.lanes.spark.SparkSetup;
import dev.lanes.spark.SparkTrainer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code lanes train --spark MASTER}: the {@link DistributedTraining} service of this module
 * (registered in {@code META-INF/services}), a {@link SparkTrainer} on a new Spark context.
 */
public final class SparkDistributedTraining implements DistributedTraining {

    @Override
    public Session start(Settings s) {
        if (s.workers() < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + s.workers());
        }
        if (s.syncEvery() < 1) {
            throw new IllegalArgumentException("--sync-every must be >= 1, got " + s.syncEvery());
        }
        JavaSparkContext sc = new JavaSparkContext(SparkSetup.conf(s.master(), "lanes train"));
        sc.setLogLevel("WARN");
        try {
            DistributedTraining.DataLoader loader = s.data();
            DistributedTraining.OptimizerFactory opt = s.optimizer();
            SparkTrainer.Builder b = SparkTrainer.builder(sc).spec(s.spec()).optimizer(opt::build)
                    .data(loader::load, s.train()).workers(s.workers()).syncEvery(s.syncEvery())
                    .batchSizePerWorker(s.batchPerWorker()).seed(s.seed());
            if (s.clipNorm() != null) {
                b.clipGradNorm(s.clipNorm());
            }
            SparkTrainer t = b.build();
            return new SparkSession(sc, t, s.master());
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    private record SparkSession(JavaSparkContext sc, SparkTrainer trainer, String master) implements Session {
        @Override
        public StepRunner runner() {
            return trainer;
        }

        @Override
        public int batchSize() {
            return trainer.workers() * trainer.batchSizePerWorker();
        }

        @Override
        public Map<String, String> checkpointMetadata() {
            return trainer.checkpointMetadata();
        }

        @Override
        public String describe() {
            SparkTrainer.RoundStats st = trainer.stats();
            return String.format(Locale.ROOT, "spark %s: %d worker(s) x batch %d, sync every %d step(s); %d round(s),"
                            + " %.1f ms per round besides training (broadcast, tasks, aggregate); executors: %s",
                    master, trainer.workers(), trainer.batchSizePerWorker(), trainer.syncEvery(), st.rounds(),
                    st.overheadMillisPerRound(), trainer.executorKernels());
        }

        @Override
        public Map<String, Object> summary() {
            SparkTrainer.RoundStats st = trainer.stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("master", master);
            m.put("workers", trainer.workers());
            m.put("sync_every", trainer.syncEvery());
            m.put("batch_per_worker", trainer.batchSizePerWorker());
            m.put("rounds", st.rounds());
            m.put("round_ms", st.rounds() == 0 ? Double.NaN : st.totalMillis() / st.rounds());
            m.put("round_overhead_ms", st.overheadMillisPerRound());
            m.put("round_driver_ms", st.rounds() == 0 ? Double.NaN : st.driverMillis() / st.rounds());
            m.put("round_compute_ms", st.rounds() == 0 ? Double.NaN : st.computeMillis() / st.rounds());
            m.put("state_floats", trainer.stateFloats());
            m.put("executor_kernels", String.join("; ", trainer.executorKernels()));
            return m;
        }

        @Override
        public void close() {
            try {
                trainer.close();
            } finally {
                sc.stop();
            }
        }
    }
}
