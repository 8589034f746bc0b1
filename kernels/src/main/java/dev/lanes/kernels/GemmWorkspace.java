package dev.lanes.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The buffers one SGEMM call works in: the packed A block, the packed B panel, the edge tile, the
 * gather index for a transposed B, and the reusable parallel job. Buffers grow to the largest
 * shape seen and never shrink.
 *
 * <p>Workspaces live in one shared pool, not one per thread: a call {@link #acquire() takes} one
 * and {@link #release(GemmWorkspace) gives it back}, so a server that runs each request on a new
 * (virtual) thread reuses the same few workspaces instead of allocating 0.1-1 MB of packing
 * buffers on every request's first product. The pool holds at most {@link #POOL_SIZE}; a new one
 * is created only when every pooled workspace is in use at once (more concurrent SGEMM calls than
 * that), and one released into a full pool is left to the garbage collector. Taking and
 * returning is one atomic swap each and allocates nothing; a thread tries the same slot first
 * every time, so a single thread (a training loop) always gets the same workspace back.
 */
final class GemmWorkspace {
    /** Pooled workspaces: twice the processors, at least 8 (callers plus kernel workers, with slack). */
    static final int POOL_SIZE = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
    private static final AtomicReferenceArray<GemmWorkspace> POOL = new AtomicReferenceArray<>(POOL_SIZE);
    private static final AtomicInteger CREATED = new AtomicInteger();

    final float[] tile;
    final GemmDriver.Job job = new GemmDriver.Job();
    private float[] packA = new float[0];
    private float[] packB = new float[0];
    private final int[] gather;
    private int gatherLd = -1;

    GemmWorkspace(int tileFloats, int nr) {
        tile = new float[tileFloats];
        gather = new int[nr];
        CREATED.incrementAndGet();
    }

    /** A workspace from the pool, or a new one when all are in use. Give it back with {@link #release}. */
    static GemmWorkspace acquire() {
        int start = home();
        for (int i = 0; i < POOL_SIZE; i++) {
            int s = (start + i) % POOL_SIZE;
            if (POOL.getPlain(s) != null) {
                GemmWorkspace ws = POOL.getAndSet(s, null);
                if (ws != null) {
                    return ws;
                }
            }
        }
        return new GemmWorkspace(GemmDriver.MR * GemmDriver.NR, GemmDriver.NR);
    }

    /** Returns a workspace to the pool (dropped when the pool is full). */
    static void release(GemmWorkspace ws) {
        int start = home();
        for (int i = 0; i < POOL_SIZE; i++) {
            int s = (start + i) % POOL_SIZE;
            if (POOL.getPlain(s) == null && POOL.compareAndSet(s, null, ws)) {
                return;
            }
        }
    }

    /** The slot a thread tries first. */
    private static int home() {
        return (int) Math.floorMod(Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 32, (long) POOL_SIZE);
    }

    /** How many workspaces have been created in this JVM (tests: the pool stops creating once warm). */
    static int created() {
        return CREATED.get();
    }

    /** Workspaces in the pool right now. */
    static int pooled() {
        int n = 0;
        for (int i = 0; i < POOL_SIZE; i++) {
            n += POOL.get(i) == null ? 0 : 1;
        }
        return n;
    }

    float[] packA(int size) {
        if (packA.length < size) {
            packA = new float[size];
        }
        return packA;
    }

    float[] packB(int size) {
        if (packB.length < size) {
            packB = new float[size];
        }
        return packB;
    }

    /** Lane offsets {@code j*ldb} for gathering NR columns of a transposed B (clamped to int). */
    int[] gatherIndex(int ldb) {
        if (ldb != gatherLd) {
            for (int j = 0; j < gather.length; j++) {
                gather[j] = (int) Math.min((long) j * ldb, Integer.MAX_VALUE);
            }
            gatherLd = ldb;
        }
        return gather;
    }
}
