package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Kernels;
import dev.lanes.optimizers.AdamW;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.train.Trainer;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * {@code local-cluster[2,1,1024]}: two executor JVMs started from SPARK_HOME (the build's
 * spark/target/spark-home) with SparkSetup's options. The same run on {@code local[2]} (this JVM)
 * must give the same bits: the result does not depend on where the tasks ran; and the executors
 * must report the SIMD kernels (the Vector API flag reached them).
 */
class LocalClusterTest {
    private static final Dataset DATA = Fixtures.data(128, 21);

    private record Result(String bits, List<String> kernels, SparkTrainer.RoundStats stats) {}

    private static Result run(String master) {
        JavaSparkContext sc = new JavaSparkContext(SparkSetup.conf(master, "LocalClusterTest"));
        try (SparkTrainer st = SparkTrainer.builder(sc).spec(Fixtures.MLP_BN_DROPOUT)
                .optimizer(p -> AdamW.builder().lr(1e-2).params(p).build())
                .data(DataSource.broadcast(sc, DATA), DATA).workers(2).syncEvery(3).batchSizePerWorker(16).seed(8)
                .build()) {
            Sequential model = Fixtures.model(Fixtures.MLP_BN_DROPOUT, 4);
            Optimizer opt = AdamW.builder().lr(1e-2).params(model.parameters()).build();
            Trainer t = st.trainerBuilder(model, opt).epochs(2).build();
            t.fit();
            return new Result(Fixtures.bits(model, opt), st.executorKernels(), st.stats());
        } finally {
            sc.stop();
        }
    }

    @Test
    void localClusterGivesTheBitsOfLocalMode() {
        Result cluster = run("local-cluster[2,1,1024]");
        Result local = run("local[2]");
        assertEquals(local.bits(), cluster.bits());
        assertEquals(List.of(Kernels.get().describe()), cluster.kernels(), "executors' kernel set");
        assertTrue(Kernels.get().describe().startsWith("SIMD"), "the test JVM runs SIMD: " + Kernels.get().describe());
        // 128 rows / (2 x 16) = 4 steps per epoch, K = 3: rounds of 3 and 1 steps, 2 epochs
        assertEquals(4, cluster.stats().rounds());
        assertEquals(8, cluster.stats().steps());
    }
}
