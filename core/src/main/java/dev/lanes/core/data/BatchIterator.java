package dev.lanes.core.data;

import dev.lanes.core.Tensor;

/**
 * Mini-batches over a {@link Dataset}, in a seeded order, gathered into reused buffers.
 *
 * <pre>
 * order(epoch) = shuffle ? FisherYates(identity, SplittableRandom(mix(seed, epoch))) : identity
 *                (the draws of SplittableRandom, computed inline without allocating it)
 * batch b of an epoch = rows order[b*B .. min((b+1)*B, n)), the last one possibly shorter
 * </pre>
 *
 * The order of an epoch is a pure function of {@code (seed, epoch)}, so a run can be resumed from
 * any position with {@link #seek(long, int)} and sees the same batches as the uninterrupted run.
 *
 * <p>Buffers: {@link #x()} and {@link #labels()} return one of two pre-allocated pairs (full
 * batch, and the shorter last batch when {@code n % B != 0}), overwritten by the next
 * {@link #next()}. After construction, {@code startEpoch}, {@code seek} and {@code next} allocate
 * nothing on the heap. Not thread-safe.
 */
public final class BatchIterator {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private final Tensor fullX;
    private final int[] fullY;
    private final Tensor lastX;
    private final int[] lastY;
    private long epoch = -1;
    private int nextBatch;
    private Tensor curX;
    private int[] curY;

    /**
     * @param data      the rows to iterate (at least one)
     * @param batchSize rows per batch, {@code >= 1}
     * @param shuffle   whether each epoch visits the rows in a fresh seeded permutation
     * @param seed      the seed of every epoch's permutation
     */
    public BatchIterator(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (data == null) {
            throw new IllegalArgumentException("BatchIterator: data must not be null");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("BatchIterator: data set " + data.name() + " must have at least one row, got 0");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("BatchIterator: batchSize must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size());
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[data.size()];
        int f = data.numFeatures();
        this.fullX = new Tensor(this.batchSize, f);
        this.fullY = new int[this.batchSize];
        int rest = data.size() % this.batchSize;
        this.lastX = rest == 0 ? fullX : new Tensor(rest, f);
        this.lastY = rest == 0 ? fullY : new int[rest];
    }

    public Dataset data() {
        return data;
    }

    /** Rows per full batch (the requested size, capped at the data set's size). */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, the last one possibly shorter: {@code ceil(n / batchSize)}. */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Starts epoch {@code epoch} (any value {@code >= 0}) at its first batch. */
    public void startEpoch(long epoch) {
        seek(epoch, 0);
    }

    /** Positions the iterator so that the next {@link #next()} gives batch {@code batch} of {@code epoch}. */
    public void seek(long epoch, int batch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("BatchIterator: epoch must be >= 0, got " + epoch);
        }
        if (batch < 0 || batch > batchesPerEpoch()) {
            throw new IllegalArgumentException("BatchIterator: batch must be in [0, " + batchesPerEpoch() + "], got " + batch);
        }
        if (epoch != this.epoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (shuffle) {
                shuffle(order, mix(seed, epoch));
            }
            this.epoch = epoch;
        }
        this.nextBatch = batch;
    }

    /** Whether the current epoch has another batch. */
    public boolean hasNext() {
        return epoch >= 0 && nextBatch < batchesPerEpoch();
    }

    /** Gathers the next batch into {@link #x()} and {@link #labels()}. */
    public void next() {
        if (epoch < 0) {
            throw new IllegalStateException("BatchIterator: call startEpoch before next");
        }
        if (nextBatch >= batchesPerEpoch()) {
            throw new IllegalStateException("BatchIterator: epoch " + epoch + " has no batch " + nextBatch
                    + " (it has " + batchesPerEpoch() + ")");
        }
        int from = nextBatch * batchSize;
        int rows = Math.min(batchSize, data.size() - from);
        Tensor x = rows == batchSize ? fullX : lastX;
        int[] y = rows == batchSize ? fullY : lastY;
        int f = data.numFeatures();
        float[] src = data.features();
        int[] lab = data.labels();
        float[] dst = x.data();
        for (int r = 0; r < rows; r++) {
            int row = order[from + r];
            System.arraycopy(src, row * f, dst, r * f, f);
            y[r] = lab[row];
        }
        curX = x;
        curY = y;
        nextBatch++;
    }

    /** The current batch's features, {@code [rows, numFeatures]} (owned by this iterator). */
    public Tensor x() {
        if (curX == null) {
            throw new IllegalStateException("BatchIterator: no batch yet: call next()");
        }
        return curX;
    }

    /** The current batch's labels (owned by this iterator; its length is the batch's row count). */
    public int[] labels() {
        if (curY == null) {
            throw new IllegalStateException("BatchIterator: no batch yet: call next()");
        }
        return curY;
    }

    /** The epoch being iterated ({@code -1} before the first {@link #startEpoch}). */
    public long epoch() {
        return epoch;
    }

    /** Index of the batch the next {@link #next()} will give. */
    public int position() {
        return nextBatch;
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /**
     * Fisher-Yates with exactly the draws of {@code new SplittableRandom(seed).nextInt(i + 1)}
     * (JDK 17+: {@code mix32} of a Weyl sequence with the golden gamma, and
     * {@code RandomSupport.boundedNextInt}'s rejection loop), computed inline so that no generator
     * object is allocated per epoch (checked against SplittableRandom in BatchIteratorTest).
     */
    static void shuffle(int[] order, long seed) {
        long s = seed;
        for (int i = order.length - 1; i > 0; i--) {
            int bound = i + 1;
            int m = i;
            s += GOLDEN_GAMMA;
            int r = mix32(s);
            if ((bound & m) == 0) {
                r &= m;
            } else {
                int u = r >>> 1;
                while (u + m - (r = u % bound) < 0) {
                    s += GOLDEN_GAMMA;
                    u = mix32(s) >>> 1;
                }
            }
            int t = order[i];
            order[i] = order[r];
            order[r] = t;
        }
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    /** The seed for epoch {@code epoch}: SplittableRandom's 64-bit mix of seed and epoch. */
    private static long mix(long seed, long epoch) {
        long z = seed + (epoch + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
