package dev.lanes.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared pool of daemon threads that parallel kernels run on. A {@link Job} is cut into
 * chunks; the calling thread and up to {@code helpers} workers claim chunks from an atomic
 * counter until none is left, and the call returns when every chunk has finished. Claiming
 * (rather than assigning) chunks means a worker the OS has not scheduled yet costs nothing: the
 * caller simply takes its chunk. Kernels make every chunk compute the same bits whoever runs
 * it, so results never depend on the thread count or on timing.
 *
 * <p>One parallel call runs at a time: a call that finds the pool busy (another thread's
 * kernel, or a kernel called from inside a chunk) gets {@code false} from {@link #tryRun} and
 * should run serially instead.
 *
 * <p>Allocation-free in steady state: workers are created once (up to
 * {@link Parallelism#threads()} - 1), a job is an object its caller reuses, and the hand-off is a
 * volatile field plus {@link LockSupport#unpark}. Idle workers spin for {@link #SPIN} rounds
 * (so back-to-back kernel calls find them awake), then park.
 */
final class KernelPool {

    /** A parallel piece of work of {@code chunks} independent chunks; reusable across calls. */
    abstract static class Job {
        /**
         * Claim counter: generation (high 32 bits, unique per call across all jobs), chunk count
         * (16 bits), next chunk index (low 16 bits). One atomic word, so a worker that wakes up
         * late for a finished call can never claim a chunk of a later call with stale bounds.
         */
        private final AtomicLong next = new AtomicLong();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Thread owner;
        private volatile Throwable failure;

        /** Computes chunk {@code i} of {@code chunks}. */
        abstract void run(int chunk, int chunks);

        /** Claims and runs chunks until none is left. */
        final void work() {
            while (true) {
                long v = next.getAndIncrement();
                int i = (int) (v & 0xFFFF);
                int n = (int) ((v >>> 16) & 0xFFFF);
                if (i >= n) {
                    return;
                }
                try {
                    run(i, n);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                }
                if (done.incrementAndGet() == n) {
                    Thread o = owner;
                    if (o != null) {
                        LockSupport.unpark(o);
                    }
                }
            }
        }
    }

    /** Spin rounds before a waiting thread parks. */
    private static final int SPIN = 20_000;

    /** Largest chunk count a job may have (16 bits of the claim word, minus room for failed claims). */
    static final int MAX_CHUNKS = 1 << 14;

    /** Held by the one call using the pool; not reentrant, so a nested call is refused. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static long generation;
    private static Worker[] workers = new Worker[0];

    private KernelPool() {}

    /**
     * Runs all {@code chunks} of {@code job} on this thread and up to {@code helpers} workers.
     * Returns {@code false} without running anything when the pool is busy. An exception thrown
     * by a chunk is rethrown here after all chunks have finished.
     */
    static boolean tryRun(Job job, int chunks, int helpers) {
        if (!BUSY.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (chunks < 1 || chunks > MAX_CHUNKS) {
                throw new IllegalArgumentException("chunks must be in 1.." + MAX_CHUNKS + ", got " + chunks);
            }
            job.failure = null;
            job.owner = Thread.currentThread();
            job.done.set(0);
            generation++;
            job.next.set((generation << 32) | ((long) chunks << 16));
            int h = Math.min(helpers, chunks - 1);
            ensureWorkers(h);
            for (int w = 0; w < h; w++) {
                workers[w].offer(job);
            }
            job.work();
            int spins = 0;
            while (job.done.get() < chunks) {
                if (spins < SPIN) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(job);
                }
            }
            Throwable t = job.failure;
            job.failure = null;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
            return true;
        } finally {
            job.owner = null;
            BUSY.set(false);
        }
    }

    private static void ensureWorkers(int count) {
        if (workers.length >= count) {
            return;
        }
        Worker[] grown = java.util.Arrays.copyOf(workers, count);
        for (int w = workers.length; w < count; w++) {
            grown[w] = new Worker(w + 1);
        }
        workers = grown;
    }

    private static final class Worker extends Thread {
        private final AtomicReference<Job> job = new AtomicReference<>();

        Worker(int id) {
            super("lanes-kernel-" + id);
            setDaemon(true);
            start();
        }

        void offer(Job j) {
            job.set(j);
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            int spins = 0;
            while (true) {
                Job j = job.get() == null ? null : job.getAndSet(null);
                if (j == null) {
                    if (spins < SPIN) {
                        spins++;
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                    continue;
                }
                spins = 0;
                j.work();
            }
        }
    }
}
