package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The shared kernel thread pool: every chunk exactly once, failures rethrown, nesting refused. */
class KernelPoolTest {

    /** Counts how often each chunk ran. */
    static final class Counting extends KernelPool.Job {
        final AtomicIntegerArray runs = new AtomicIntegerArray(64);

        @Override
        void run(int chunk, int chunks) {
            runs.incrementAndGet(chunk);
        }
    }

    @Test
    void everyChunkRunsExactlyOnceForAnyHelperCount() {
        Counting job = new Counting();
        for (int helpers = 0; helpers <= 3; helpers++) {
            for (int chunks = 1; chunks <= 40; chunks++) {
                for (int i = 0; i < 64; i++) {
                    job.runs.set(i, 0);
                }
                assertTrue(KernelPool.tryRun(job, chunks, helpers));
                for (int i = 0; i < 64; i++) {
                    assertEquals(i < chunks ? 1 : 0, job.runs.get(i), "chunk " + i + " of " + chunks);
                }
            }
        }
    }

    @Test
    void aFailingChunkIsRethrownAndThePoolStaysUsable() {
        IllegalStateException boom = new IllegalStateException("boom");
        KernelPool.Job failing = new KernelPool.Job() {
            @Override
            void run(int chunk, int chunks) {
                if (chunk == 3) {
                    throw boom;
                }
            }
        };
        assertSame(boom, assertThrows(IllegalStateException.class, () -> KernelPool.tryRun(failing, 8, 2)));
        Counting ok = new Counting();
        assertTrue(KernelPool.tryRun(ok, 5, 2));
        for (int i = 0; i < 5; i++) {
            assertEquals(1, ok.runs.get(i));
        }
    }

    @Test
    void aNestedCallIsRefusedSoTheCallerRunsItSerially() {
        boolean[] nested = new boolean[1];
        KernelPool.Job outer = new KernelPool.Job() {
            @Override
            void run(int chunk, int chunks) {
                if (chunk == 0) {
                    nested[0] = KernelPool.tryRun(new Counting(), 2, 1);
                }
            }
        };
        assertTrue(KernelPool.tryRun(outer, 2, 1));
        assertFalse(nested[0]);
    }

    @Test
    void badChunkCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> KernelPool.tryRun(new Counting(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> KernelPool.tryRun(new Counting(), KernelPool.MAX_CHUNKS + 1, 1));
    }
}
