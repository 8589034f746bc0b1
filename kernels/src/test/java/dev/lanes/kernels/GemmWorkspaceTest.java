package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared workspace pool: reuse across threads, growth, and the bound on what it keeps. */
class GemmWorkspaceTest {

    @Test
    void oneThreadGetsItsWorkspaceBack() {
        GemmWorkspace first = GemmWorkspace.acquire();
        GemmWorkspace.release(first);
        GemmWorkspace again = GemmWorkspace.acquire();
        GemmWorkspace.release(again);
        assertSame(first, again);
    }

    @Test
    void buffersGrowAndAreReused() {
        GemmWorkspace ws = new GemmWorkspace(GemmDriver.MR * GemmDriver.NR, GemmDriver.NR);
        float[] a = ws.packA(100);
        assertSame(a, ws.packA(50));
        float[] bigger = ws.packA(101);
        assertNotSame(a, bigger);
        assertTrue(bigger.length >= 101);
        float[] b = ws.packB(10);
        assertSame(b, ws.packB(10));
        int[] g = ws.gatherIndex(7);
        assertEquals(7 * (GemmDriver.NR - 1), g[GemmDriver.NR - 1]);
        assertEquals(Integer.MAX_VALUE, ws.gatherIndex(Integer.MAX_VALUE / 2)[GemmDriver.NR - 1]);
    }

    @Test
    void concurrentHoldersGetDistinctWorkspacesAndThePoolKeepsAtMostItsSize() {
        List<GemmWorkspace> held = new ArrayList<>();
        for (int i = 0; i < GemmWorkspace.POOL_SIZE + 3; i++) {
            GemmWorkspace ws = GemmWorkspace.acquire();
            for (GemmWorkspace h : held) {
                assertNotSame(h, ws);
            }
            held.add(ws);
        }
        for (GemmWorkspace ws : held) {
            GemmWorkspace.release(ws);
        }
        assertEquals(GemmWorkspace.POOL_SIZE, GemmWorkspace.pooled());
    }

    /**
     * Servers that run one (virtual) thread per request: once the pool is warm, a thousand new
     * threads each calling sgemm once create no workspace (the per-thread design created one each,
     * 0.1-1 MB of packing buffers).
     */
    @Test
    void newVirtualThreadsReuseThePooledWorkspaces() throws Exception {
        Gemm g = new SimdGemm();
        int m = 40, n = 70, k = 50;
        float[] a = new float[m * k], b = new float[k * n];
        java.util.Arrays.fill(a, 1f);
        java.util.Arrays.fill(b, 2f);
        Runnable call = () -> {
            float[] c = new float[m * n];
            g.sgemm(c, a, false, b, false, m, n, k, 1f, 0f);
            if (c[m * n - 1] != 2f * k) {
                throw new AssertionError("wrong product " + c[m * n - 1]);
            }
        };
        call.run();  // warm: the pool holds at least one workspace grown to this shape
        int before = GemmWorkspace.created();
        for (int i = 0; i < 1000; i++) {
            Thread t = Thread.ofVirtual().start(call);
            t.join();
        }
        assertEquals(before, GemmWorkspace.created(), "workspaces created by 1000 sequential new threads");
        // Many at once: at most one workspace per thread inside sgemm at the same moment.
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ts.add(Thread.ofVirtual().start(call));
        }
        for (Thread t : ts) {
            t.join();
        }
        int created = GemmWorkspace.created() - before;
        assertTrue(created <= GemmWorkspace.POOL_SIZE, "1000 concurrent virtual threads created " + created
                + " workspaces; the pool keeps " + GemmWorkspace.POOL_SIZE);
    }
}
