package dev.lanes.spark;

import dev.lanes.core.data.Dataset;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Where the workers get the training rows: {@link #load()} runs on the executors (once per
 * partition, when the shard is first built or rebuilt after a lost executor) and must give the
 * same rows in the same order as the driver's training {@link Dataset}; each partition keeps the
 * rows {@code p, p + N, p + 2N, ...} of it. On a cluster the usual source reads files every
 * executor can reach (a shared or copied directory): {@code () -> FashionMnist.load(dir).train()}.
 */
@FunctionalInterface
public interface DataSource extends Serializable {
    Dataset load();

    /**
     * A source that ships {@code data} to the executors once as a Spark broadcast (for data that
     * fits comfortably in the driver's and every executor's memory, e.g. tests and small sets).
     */
    static DataSource broadcast(JavaSparkContext sc, Dataset data) {
        if (sc == null || data == null) {
            throw new IllegalArgumentException("DataSource.broadcast: context and data must not be null");
        }
        Broadcast<Shard> b = sc.broadcast(Shard.of(data));
        return () -> b.value().dataset();
    }
}
