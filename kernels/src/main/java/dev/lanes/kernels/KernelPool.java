package dev.lanes.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared pool of daemon threads that parallel kernels run on. A call hands part {@code 1 ..
 * parts-1} of a {@link Task} to workers, runs part 0 on the calling thread and returns when all
 * parts are done. One parallel call runs at a time: a call that finds the pool busy (another
 * thread's kernel, or a kernel called from inside a task) gets {@code false} from
 * {@link #tryRun} and runs serially instead, which gives the same bits because kernels split
 * work over output tiles only.
 *
 * <p>Allocation-free in steady state: workers are created once (up to
 * {@link Parallelism#threads()} - 1), a task is an object the caller reuses, and the hand-off is
 * a volatile field plus {@link LockSupport#unpark}. Idle workers spin for {@link #SPIN} rounds,
 * then park.
 */
final class KernelPool {
    /** One parallel piece of work: {@code run(part)} for every part in {@code 0 .. parts-1}. */
    interface Task {
        void run(int part);
    }

    /** Spin rounds before a waiting thread parks: back-to-back kernel calls find workers awake. */
    private static final int SPIN = 20_000;

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static volatile Thread owner;
    private static Worker[] workers = new Worker[0];

    private KernelPool() {}

    /**
     * Runs {@code task} as {@code parts} parts, part 0 on this thread. Returns {@code false}
     * without running anything when the pool is busy. An exception thrown by any part is
     * rethrown here after all parts have finished.
     */
    static boolean tryRun(Task task, int parts) {
        if (parts <= 1) {
            task.run(0);
            return true;
        }
        if (!LOCK.tryLock()) {
            return false;
        }
        try {
            ensureWorkers(parts - 1);
            owner = Thread.currentThread();
            PENDING.set(parts - 1);
            for (int w = 0; w < parts - 1; w++) {
                workers[w].start(task, w + 1);
            }
            Throwable failure = null;
            try {
                task.run(0);
            } catch (Throwable t) {
                failure = t;
            }
            int spins = 0;
            while (PENDING.get() != 0) {
                if (spins < SPIN) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(KernelPool.class);
                }
            }
            for (int w = 0; w < parts - 1; w++) {
                Throwable t = workers[w].takeFailure();
                if (t != null && failure == null) {
                    failure = t;
                } else if (t != null) {
                    failure.addSuppressed(t);
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return true;
        } finally {
            owner = null;
            LOCK.unlock();
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
        private volatile Task task;
        private volatile int part;
        private Throwable failure;

        Worker(int id) {
            super("lanes-kernel-" + id);
            setDaemon(true);
            start();
        }

        void start(Task t, int p) {
            part = p;
            task = t;
            LockSupport.unpark(this);
        }

        Throwable takeFailure() {
            Throwable t = failure;
            failure = null;
            return t;
        }

        @Override
        public void run() {
            int spins = 0;
            while (true) {
                Task t = task;
                if (t == null) {
                    if (spins < SPIN) {
                        spins++;
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                    continue;
                }
                spins = 0;
                try {
                    t.run(part);
                } catch (Throwable e) {
                    failure = e;
                }
                task = null;
                if (PENDING.decrementAndGet() == 0) {
                    Thread o = owner;
                    if (o != null) {
                        LockSupport.unpark(o);
                    }
                }
            }
        }
    }
}
