package dev.lanes.spark;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.data.BatchIterator;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.kernels.Kernels;
import dev.lanes.optimizers.GradClip;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.train.LabelLoss;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import dev.lanes.kernels.Parallelism;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a partition does in one round, on an executor: load the broadcast state into its model
 * copy, take K steps on its own shard in its own seeded order, return the state. The result is a
 * pure function of (broadcast state, round position, partition), so a task Spark recomputes
 * after a failure gives the same bits.
 */
final class Worker {
    /** Settings of a run, broadcast once. */
    record Job(String runId, String spec, SparkTrainer.OptimizerFactory optimizer, SparkTrainer.LossFactory loss,
               double clipNorm, int batchPerWorker, long seed, int partitions, SparkTrainer.FaultInjector fault)
            implements Serializable {}

    /** One round, broadcast per round. */
    record Round(long round, int epoch, int firstBatch, int steps, StateCodec.Header header, StateCodec.Packed state)
            implements Serializable {}

    /**
     * A partition's model copy, optimizer, loss and batch iterator, kept between rounds in the
     * executor (taken out while a task uses it, so two tasks never share one). Only a cache: every
     * value that matters is loaded from the broadcast state each round.
     */
    private record Replica(Sequential model, Optimizer optimizer, LabelLoss loss, Parameter[] params, Shard shard,
                           BatchIterator batches) {}

    private static final ConcurrentHashMap<String, Replica> REPLICAS = new ConcurrentHashMap<>();

    private Worker() {}

    /** The partition function of a round. */
    static final class RoundFunction implements Function2<Integer, Iterator<Shard>, Iterator<PartResult>> {
        private final Broadcast<Job> job;
        private final Broadcast<Round> round;

        RoundFunction(Broadcast<Job> job, Broadcast<Round> round) {
            this.job = job;
            this.round = round;
        }

        @Override
        public Iterator<PartResult> call(Integer partition, Iterator<Shard> shards) {
            Shard shard = shards.next();
            Job j = job.value();
            Round r = round.value();
            TaskContext tc = TaskContext.get();
            if (j.fault() != null && tc != null && j.fault().fail(r.round(), partition, tc.attemptNumber())) {
                throw new IllegalStateException("lanes-spark: injected failure in round " + r.round() + ", partition "
                        + partition + ", attempt " + tc.attemptNumber());
            }
            // an executor task owns spark.task.cpus cores: as many kernel threads (local mode: the driver's setting stays)
            if (tc != null && !"driver".equals(SparkEnv.get().executorId()) && Parallelism.threads() != tc.cpus()) {
                Parallelism.setThreads(tc.cpus());
            }
            return List.of(run(j, r, partition, shard)).iterator();
        }
    }

    /** The per-partition seed of the data order and of dropout: SplitMix64 of the run seed and the partition. */
    static long partitionSeed(long seed, int partition) {
        long z = seed + (partition + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static PartResult run(Job j, Round r, int partition, Shard shard) {
        String key = j.runId() + "/" + partition;
        Replica rep = REPLICAS.remove(key);
        if (rep == null || rep.shard() != shard) {
            Sequential model = ModelSpec.parse(j.spec()).build(new SplittableRandom(0), new SplittableRandom(0));
            Optimizer opt = j.optimizer().build(model.parameters());
            rep = new Replica(model, opt, j.loss().create(), model.parameters().toArray(new Parameter[0]), shard,
                    new BatchIterator(shard.dataset(), j.batchPerWorker(), true, partitionSeed(j.seed(), partition)));
        }
        long t0 = System.nanoTime();
        long pseed = partitionSeed(j.seed(), partition);
        StateCodec.unpack(r.state(), r.header(), rep.model(), rep.optimizer(), s -> s ^ pseed);
        Sequential model = rep.model();
        Kernels kernels = Kernels.get();
        BatchIterator it = rep.batches();
        it.seek(r.epoch(), r.firstBatch());
        model.train(true);
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        for (int s = 0; s < r.steps(); s++) {
            if (!it.hasNext()) {
                throw new IllegalStateException("lanes-spark: partition " + partition + " has " + shard.size()
                        + " rows, fewer than the " + (r.firstBatch() + r.steps()) + " batches of " + j.batchPerWorker()
                        + " this epoch needs");
            }
            it.next();
            int[] y = it.labels();
            model.zeroGrad();
            Tensor out = model.forward(it.x());
            float l = rep.loss().forward(out, y);
            correct += countCorrect(out, y);
            model.backward(rep.loss().backward());
            if (j.clipNorm() > 0) {
                GradClip.clipGradNorm(rep.params(), j.clipNorm(), 2, false, kernels);
            }
            rep.optimizer().step();
            lossSum += (double) l * y.length;
            samples += y.length;
        }
        StateCodec.Packed after = StateCodec.pack(model, rep.optimizer());
        // carry the driver's dropout seeds back (this copy drew from its own stream)
        long[] in = r.state().longs();
        for (int i = 0; i < after.longKeys().size(); i++) {
            if (after.longKeys().get(i).startsWith("dropseed:")) {
                after.longs()[i] = in[r.state().longKeys().indexOf(after.longKeys().get(i))];
            }
        }
        long nanos = System.nanoTime() - t0;
        REPLICAS.put(key, rep);
        return PartResult.leaf(TreeSum.leafPosition(partition, j.partitions()), after, lossSum, correct, samples, nanos,
                kernels.describe());
    }

    /** Rows whose first maximum is at the label. */
    static long countCorrect(Tensor out, int[] y) {
        float[] o = out.data();
        int c = out.dim(1);
        long n = 0;
        for (int r = 0; r < y.length; r++) {
            int best = 0;
            for (int k = 1; k < c; k++) {
                if (o[r * c + k] > o[r * c + best]) {
                    best = k;
                }
            }
            if (best == y[r]) {
                n++;
            }
        }
        return n;
    }

    /** Drops this JVM's model copies of a run (the driver's JVM in local mode). */
    static void forget(String runId) {
        REPLICAS.keySet().removeIf(k -> k.startsWith(runId + "/"));
    }
}
