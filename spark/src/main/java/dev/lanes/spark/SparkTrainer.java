package dev.lanes.spark;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.CrossEntropyLoss;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.train.LabelLoss;
import dev.lanes.optimizers.train.StepRunner;
import dev.lanes.optimizers.train.Trainer;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training of a Lanes model on Spark, in synchronous rounds (the scheme of Spark
 * MLlib's and earlier JVM trainers' parameter averaging):
 *
 * <pre>
 * setup:  the training rows become an RDD of N partitions (partition p holds rows p, p+N, ...),
 *         built on the executors from a DataSource and cached there
 * round:  broadcast the model's parameters and buffers and the optimizer's state
 *         every partition p, in parallel:
 *           load the broadcast state into its model copy
 *           take K local steps on batches firstBatch.. of its own order BatchIterator(shard, B, seed_p)
 *           (dropout draws from its own stream), clipping as set
 *         treeAggregate: sum parameters, buffers and optimizer state over the partitions, in one
 *           fixed binary tree over the partition ids (bit-reproducible whatever the finishing order)
 *         driver: average (sum / N), load into the driver's model and optimizer
 * </pre>
 *
 * <p>It is a {@link StepRunner}: {@link #trainerBuilder} gives an ordinary {@link Trainer.Builder}
 * preset with this runner, batch size {@code N x B}, drop-last and the seed, so the driver keeps
 * the trainer's epochs, validation, schedules, early stopping, listeners and checkpoints, and a
 * run resumes from a checkpoint exactly. An epoch is {@code floor(rows / (N B))} steps: every
 * partition's full batches, as {@code drop_last=True}. The learning rate is constant within a round
 * (the driver's at its start); a per-step schedule advances K steps after it. With plain SGD,
 * {@code K = 1} and equal partitions a round is one step on the union of the N batches (within
 * float rounding: the mean gradient is summed in another order).
 *
 * <p>Faults: a partition's work is a pure function of (broadcast state, round, partition), so a
 * task Spark retries gives the same bits; the driver's trainer writes the checkpoints.
 */
public final class SparkTrainer implements StepRunner, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SparkTrainer.class.getName());

    /** Builds the optimizer of a worker's model copy (runs on the executors). */
    @FunctionalInterface
    public interface OptimizerFactory extends Serializable {
        Optimizer build(List<Parameter> params);
    }

    /** Builds the loss on the executors and the driver; the default is cross-entropy. */
    @FunctionalInterface
    public interface LossFactory extends Serializable {
        LabelLoss create();
    }

    /** Tests: whether the task of {@code (round, partition)} at this attempt throws (runs on the executors). */
    @FunctionalInterface
    public interface FaultInjector extends Serializable {
        boolean fail(long round, int partition, int attempt);
    }

    /**
     * Time spent in the rounds so far.
     *
     * @param rounds rounds run
     * @param steps local steps taken per worker
     * @param totalMillis wall time of the rounds on the driver (pack, broadcast, tasks, aggregate, average)
     * @param computeMillis the slowest worker's compute time (load, steps, pack), summed over rounds
     * @param driverMillis the driver's share: packing the state before and averaging and loading it after
     */
    public record RoundStats(long rounds, long steps, double totalMillis, double computeMillis, double driverMillis) {
        /** Per-round cost that is not training: broadcast, scheduling, aggregation, averaging. */
        public double overheadMillisPerRound() {
            return rounds == 0 ? Double.NaN : (totalMillis - computeMillis) / rounds;
        }
    }

    private final JavaSparkContext sc;
    private final int workers;
    private final int syncEvery;
    private final int batchPerWorker;
    private final long seed;
    private final ModelSpec spec;
    private final LossFactory lossFactory;
    private final Dataset train;
    private final Broadcast<Worker.Job> job;
    private final JavaRDD<Shard> shards;
    private final String runId = UUID.randomUUID().toString();
    private final TreeSet<String> executorKernels = new TreeSet<>();
    private long rounds;
    private long steps;
    private long totalNanos;
    private long computeNanos;
    private long driverNanos;
    private long stateFloats;
    private boolean checked;
    private boolean closed;

    private SparkTrainer(Builder b) {
        if (b.sc == null) {
            throw new IllegalArgumentException("SparkTrainer: the Spark context must not be null");
        }
        if (b.spec == null) {
            throw new IllegalArgumentException("SparkTrainer: spec must be set (the workers rebuild the model from it)");
        }
        if (b.optimizer == null) {
            throw new IllegalArgumentException("SparkTrainer: optimizer must be set");
        }
        if (b.source == null || b.train == null) {
            throw new IllegalArgumentException("SparkTrainer: data must be set (a DataSource and the driver's Dataset)");
        }
        if (b.workers < 1) {
            throw new IllegalArgumentException("SparkTrainer: workers must be >= 1, got " + b.workers);
        }
        if (b.syncEvery < 1) {
            throw new IllegalArgumentException("SparkTrainer: syncEvery must be >= 1, got " + b.syncEvery);
        }
        if (b.batchPerWorker < 1) {
            throw new IllegalArgumentException("SparkTrainer: batchSizePerWorker must be >= 1, got " + b.batchPerWorker);
        }
        if (b.train.numFeatures() != b.spec.inputs() || b.train.numClasses() != b.spec.outputs()) {
            throw new IllegalArgumentException("SparkTrainer: the model " + b.spec.toText() + " needs "
                    + b.spec.inputs() + " features and " + b.spec.outputs() + " classes, the data has "
                    + b.train.numFeatures() + " and " + b.train.numClasses());
        }
        long need = (long) b.workers * b.batchPerWorker;
        if (b.train.size() < need) {
            throw new IllegalArgumentException("SparkTrainer: workers x batchSizePerWorker = " + b.workers + " x "
                    + b.batchPerWorker + " = " + need + " rows per step exceeds the " + b.train.size()
                    + " training rows");
        }
        if (b.batchPerWorker < 2 && Trainer.hasBatchNorm(b.spec.build(new SplittableRandom(0)))) {
            throw new IllegalArgumentException("SparkTrainer: a model with batch norm needs batchSizePerWorker >= 2, got "
                    + b.batchPerWorker);
        }
        this.sc = b.sc;
        this.workers = b.workers;
        this.syncEvery = b.syncEvery;
        this.batchPerWorker = b.batchPerWorker;
        this.seed = b.seed;
        this.spec = b.spec;
        this.lossFactory = b.loss;
        this.train = b.train;
        this.job = sc.broadcast(new Worker.Job(runId, spec.toText(), b.optimizer, b.loss, b.clipNorm, batchPerWorker,
                seed, workers, b.fault));
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < workers; p++) {
            ids.add(p);
        }
        DataSource source = b.source;
        int n = workers;
        this.shards = sc.parallelize(ids, workers).map(p -> Shard.of(source.load(), p, n))
                .persist(StorageLevel.MEMORY_ONLY());
        // builds and caches the shards now (so their load is not in the first round) and checks them
        List<Integer> sizes = shards.map(Shard::size).collect();
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (total != train.size()) {
            shards.unpersist(false);
            throw new IllegalArgumentException("SparkTrainer: the DataSource gives " + total + " rows on the executors, the"
                    + " driver's training set has " + train.size());
        }
    }

    public static Builder builder(JavaSparkContext sc) {
        return new Builder(sc);
    }

    /**
     * A {@link Trainer.Builder} preset for this run: model, optimizer, loss, training data, batch size
     * {@code workers x batchSizePerWorker}, drop-last, shuffle, seed, this runner and the checkpoint
     * metadata. Add epochs, validation, schedules, listeners, checkpoints; do not change the preset
     * settings ({@link #run} refuses a trainer whose steps per epoch differ).
     */
    public Trainer.Builder trainerBuilder(Sequential model, Optimizer optimizer) {
        return Trainer.builder().model(model).optimizer(optimizer).loss(lossFactory.create()).trainData(train)
                .batchSize(workers * batchPerWorker).dropLast(true).shuffle(true).seed(seed).stepRunner(this)
                .checkpointMetadata(checkpointMetadata());
    }

    /** The settings a resumed run must share: written into checkpoints by {@link #trainerBuilder}. */
    public Map<String, String> checkpointMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.workers", Integer.toString(workers));
        m.put("spark.sync_every", Integer.toString(syncEvery));
        m.put("spark.batch_per_worker", Integer.toString(batchPerWorker));
        m.put("spark.model", spec.toText());
        return m;
    }

    /**
     * Checks that {@code checkpoint} was written by a run with this one's settings (before
     * {@link Trainer#resume}, which checks the rest).
     *
     * @throws IllegalArgumentException naming the setting that differs
     */
    public void checkResume(Path checkpoint) {
        Map<String, String> saved = Trainer.checkpointMetadata(checkpoint);
        for (Map.Entry<String, String> e : checkpointMetadata().entrySet()) {
            String s = saved.get(e.getKey());
            if (!e.getValue().equals(s)) {
                throw new IllegalArgumentException("resume: " + checkpoint + " was written with " + e.getKey() + " = "
                        + s + ", this run has " + e.getValue());
            }
        }
    }

    /** Steps per epoch of this run: every worker's full batches. */
    public int stepsPerEpoch() {
        return train.size() / (workers * batchPerWorker);
    }

    @Override
    public Steps run(Trainer trainer, int epoch, int firstBatch, int maxSteps) {
        if (closed) {
            throw new IllegalStateException("SparkTrainer: closed");
        }
        if (!checked) {
            check(trainer);
            checked = true;
        }
        int k = Math.min(syncEvery, maxSteps);
        Sequential model = trainer.model();
        Optimizer opt = trainer.optimizer();
        long t0 = System.nanoTime();
        Worker.Round round = new Worker.Round(rounds, epoch, firstBatch, k, StateCodec.header(opt),
                StateCodec.pack(model, opt));
        long t1 = System.nanoTime();
        Broadcast<Worker.Round> b = sc.broadcast(round);
        PartResult total;
        try {
            TreeSum sum = shards.mapPartitionsWithIndex(new Worker.RoundFunction(job, b), true)
                    .treeAggregate(new TreeSum(workers), TreeSum::add, TreeSum::merge, TreeSum.DEPTH);
            total = sum.total();
        } finally {
            b.destroy();
        }
        long t2 = System.nanoTime();
        StateCodec.Packed s = total.state();
        float[] f = s.floats();
        float nf = workers;
        for (int i = 0; i < f.length; i++) {
            f[i] /= nf;
        }
        double[] d = s.doubles();
        for (int i = 0; i < d.length; i++) {
            d[i] /= workers;
        }
        StateCodec.unpack(s, round.header(), model, opt, null);
        rounds++;
        steps += k;
        stateFloats = f.length;
        long t3 = System.nanoTime();
        totalNanos += t3 - t0;
        driverNanos += (t1 - t0) + (t3 - t2);
        computeNanos += total.maxComputeNanos();
        if (executorKernels.addAll(total.kernels())) {
            for (String kn : total.kernels()) {
                if (kn.startsWith("scalar")) {
                    LOG.log(System.Logger.Level.WARNING, "lanes-spark: executors run the scalar kernels (several times"
                            + " slower): add --add-modules jdk.incubator.vector to spark.executor.extraJavaOptions");
                }
            }
        }
        return new Steps(k, total.lossSum(), total.correct(), total.samples());
    }

    private void check(Trainer trainer) {
        if (trainer.stepsPerEpoch() != stepsPerEpoch()) {
            throw new IllegalArgumentException("SparkTrainer: the trainer takes " + trainer.stepsPerEpoch()
                    + " steps per epoch, this run " + stepsPerEpoch() + " (build it with trainerBuilder and keep its"
                    + " batch size, drop-last and data)");
        }
        Map<String, Parameter> mine = spec.build(new SplittableRandom(0)).namedParameters();
        Map<String, Parameter> theirs = trainer.model().namedParameters();
        boolean same = mine.size() == theirs.size();
        for (Map.Entry<String, Parameter> e : mine.entrySet()) {
            Parameter p = theirs.get(e.getKey());
            Tensor v = e.getValue().value();
            same &= p != null && java.util.Arrays.equals(p.value().shape(), v.shape());
        }
        if (!same) {
            throw new IllegalArgumentException("SparkTrainer: the trainer's model " + trainer.model().describe()
                    + " is not the spec's " + spec.toText());
        }
    }

    /** The kernel sets the executors reported (e.g. {@code SIMD kernels, 512-bit float vectors}). */
    public List<String> executorKernels() {
        return List.copyOf(executorKernels);
    }

    /** Floats moved each way per worker and round (parameters, buffers, optimizer state), after the first round. */
    public long stateFloats() {
        return stateFloats;
    }

    public RoundStats stats() {
        return new RoundStats(rounds, steps, totalNanos / 1e6, computeNanos / 1e6, driverNanos / 1e6);
    }

    public int workers() {
        return workers;
    }

    public int syncEvery() {
        return syncEvery;
    }

    public int batchSizePerWorker() {
        return batchPerWorker;
    }

    /** Releases the cached shards and broadcasts (the Spark context stays open). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            shards.unpersist(false);
            job.destroy();
            Worker.forget(runId);
        }
    }

    /** Settings of a {@link SparkTrainer}; spec, optimizer and data are required. */
    public static final class Builder {
        private final JavaSparkContext sc;
        private ModelSpec spec;
        private OptimizerFactory optimizer;
        private LossFactory loss = () -> LabelLoss.of(new CrossEntropyLoss());
        private DataSource source;
        private Dataset train;
        private int workers = 2;
        private int syncEvery = 1;
        private int batchPerWorker = 64;
        private long seed = 1;
        private double clipNorm;
        private FaultInjector fault;

        private Builder(JavaSparkContext sc) {
            this.sc = sc;
        }

        /** The architecture; the workers build their copies from it. */
        public Builder spec(ModelSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder optimizer(OptimizerFactory optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder loss(LossFactory loss) {
            if (loss == null) {
                throw new IllegalArgumentException("loss must not be null");
            }
            this.loss = loss;
            return this;
        }

        /**
         * The training rows: {@code source} gives them on the executors, {@code train} is the same set
         * on the driver (sizes, epochs, checkpoints; it is not shipped).
         */
        public Builder data(DataSource source, Dataset train) {
            this.source = source;
            this.train = train;
            return this;
        }

        /** Partitions (one model copy each; default 2). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** K: local steps per round (default 1). */
        public Builder syncEvery(int k) {
            this.syncEvery = k;
            return this;
        }

        /** Rows per local step on each worker (default 64). */
        public Builder batchSizePerWorker(int b) {
            this.batchPerWorker = b;
            return this;
        }

        /** Seed of the data orders and dropout streams (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Clips each worker's gradients to this global L2 norm before each local step (default off). */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0 and finite, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /** Tests only: makes chosen task attempts throw. */
        public Builder faultInjector(FaultInjector fault) {
            this.fault = fault;
            return this;
        }

        /** Connects the data: builds and caches the partitions on the executors. */
        public SparkTrainer build() {
            return new SparkTrainer(this);
        }
    }
}
