package dev.lanes.kernels;

/**
 * The SGEMM driver, structured after BLIS: the thread split and the five loops around the
 * register-tile micro-kernel.
 * <pre>
 *   JC: columns of C in blocks of NC        (B panel kc x nc packed once per (JC, PC): lives in L3)
 *    PC: the k dimension in blocks of KC    (beta applies on the first block, later blocks add)
 *     IC: rows of C in blocks of MC         (A block mc x kc packed once per (PC, IC): lives in L2)
 *      JR: columns in steps of NR           (one B micro-panel kc x NR: stays in L1)
 *       IR: rows in steps of MR             (one A micro-panel MR x kc streamed from L2)
 *         micro-kernel: MR x NR tile of C in registers, k loop of rank-1 updates
 * </pre>
 * KC, MC and NC come from a {@link GemmBlocking} (derived from the machine's caches, or set with
 * {@code -Dlanes.gemm.blocking}); the register tile MR x NR is fixed per vector width. Packing is
 * in {@link GemmPacking}, the kernels in {@link GemmMicroKernels}, the buffers in a pooled
 * {@link GemmWorkspace}. Every element of C is computed by the same sequence of operations (fused
 * multiply-adds over p in order within a k block, one multiply by alpha, one fused beta update per
 * k block) whatever tile or thread it falls in; the k blocks depend on k and KC only.
 *
 * <p>Threads: a product of at least {@link #PARALLEL_MIN_FLOPS} flops is cut into bands of C,
 * which the caller and the {@link KernelPool} workers claim and run, each band through the whole
 * five-loop driver with its own packing. NN products are cut into column bands of a few NR
 * panels ({@link #CHUNKS_PER_THREAD} per thread): each band packs only its own columns of B and
 * A is read in place, so nothing is done twice and idle threads pick up the slack. Other
 * products are cut into one band per thread, by rows or columns (whichever has more tiles);
 * each band then packs the operand it does not cut (about 2% extra at 1024^3). The k dimension
 * is never split, so results are bit-identical for every thread count.
 */
final class GemmDriver {
    private static final int L = VectorShapes.LANES;

    /** Rows of the register tile: {@link GemmBlocking#registerRows} for this vector width. */
    static final int MR = GemmBlocking.registerRows(VectorShapes.FLOAT.vectorBitSize());
    /** Columns of the register tile: three vectors (the packed B micro-panel width). */
    static final int NR = GemmMicroKernels.NR;
    /** Column bands per thread when bands duplicate no packing (NN): idle threads claim the rest. */
    static final int CHUNKS_PER_THREAD = 4;
    /** Products below this many flops stay on the calling thread (waking a worker costs microseconds). */
    static final double PARALLEL_MIN_FLOPS = 4e6;

    /**
     * Whether a non-transposed A is read in place by the micro-kernel instead of packed (at 6
     * rows): its rows are already contiguous in k, and skipping the pack measured 5-20% faster
     * (most on the MLP shapes, where packing A is a large share of the work). A transposed A is
     * packed: reading it in place, one strided step per k, measured 10-15% slower.
     */
    static final boolean DIRECT_A = MR == 6;

    private GemmDriver() {}

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** {@link Gemm#sgemm} with arguments already checked, on the pool's threads when large enough. */
    static void sgemm(GemmBlocking blocking, float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                      float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            ScalarGemm.scaleC(c, cOff, ldc, m, n, beta);
            return;
        }
        GemmWorkspace ws = GemmWorkspace.acquire();
        try {
            int parts = parts(m, n, k);
            if (parts > 1) {
                boolean rows = splitRows(m, n, transA, parts);
                int band;
                if (rows) {
                    band = ceilDiv(ceilDiv(m, MR), parts) * MR;
                } else if (DIRECT_A && !transA) {
                    // Column bands pack only their own part of B and read A in place: nothing is
                    // done twice, so cut finer and let idle threads claim more (load balance on a
                    // busy machine).
                    band = Math.max(1, ceilDiv(ceilDiv(n, NR), parts * CHUNKS_PER_THREAD)) * NR;
                } else {
                    band = ceilDiv(ceilDiv(n, L), parts) * L;
                }
                int chunks = Math.min(ceilDiv(rows ? m : n, band), KernelPool.MAX_CHUNKS);
                band = ceilDiv(rows ? m : n, chunks);
                band = rows ? roundUp(band, MR) : roundUp(band, L);
                chunks = ceilDiv(rows ? m : n, band);
                Job job = ws.job;
                job.set(blocking, c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta,
                        rows, band);
                boolean ran;
                try {
                    ran = KernelPool.tryRun(job, chunks, parts - 1);
                } finally {
                    job.clear();
                }
                if (ran) {
                    return;
                }
            }
            serial(blocking, ws, c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
        } finally {
            GemmWorkspace.release(ws);
        }
    }

    /** How many bands to cut C into: 1 below the flop threshold, else up to the thread count. */
    static int parts(int m, int n, int k) {
        int threads = Parallelism.threads();
        if (threads <= 1 || 2.0 * m * n * k < PARALLEL_MIN_FLOPS) {
            return 1;
        }
        int tiles = Math.max((m + MR - 1) / MR, (n + L - 1) / L);
        return Math.max(1, Math.min(Math.min(threads, tiles), KernelPool.MAX_CHUNKS));
    }

    /**
     * A reusable description of one parallel product: chunk {@code i} computes the band of C
     * (rows or columns) starting at {@code i * band}. One per workspace, so a call allocates nothing.
     */
    static final class Job extends KernelPool.Job {
        GemmBlocking blocking;
        float[] c, a, b;
        int cOff, ldc, aOff, lda, bOff, ldb, m, n, k, band;
        boolean transA, transB, rows;
        float alpha, beta;

        void set(GemmBlocking blocking, float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                 float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta,
                 boolean rows, int band) {
            this.blocking = blocking;
            this.c = c; this.cOff = cOff; this.ldc = ldc;
            this.a = a; this.aOff = aOff; this.lda = lda; this.transA = transA;
            this.b = b; this.bOff = bOff; this.ldb = ldb; this.transB = transB;
            this.m = m; this.n = n; this.k = k; this.alpha = alpha; this.beta = beta;
            this.rows = rows; this.band = band;
        }

        void clear() {
            c = null;
            a = null;
            b = null;
        }

        @Override
        void run(int chunk, int chunks) {
            GemmWorkspace ws = GemmWorkspace.acquire();
            try {
                if (rows) {
                    int i0 = chunk * band;
                    int i1 = Math.min(m, i0 + band);
                    int aStart = transA ? aOff + i0 : aOff + i0 * lda;
                    serial(blocking, ws, c, cOff + i0 * ldc, ldc, a, aStart, lda, transA, b, bOff, ldb, transB,
                            i1 - i0, n, k, alpha, beta);
                } else {
                    int j0 = chunk * band;
                    int j1 = Math.min(n, j0 + band);
                    int bStart = transB ? bOff + j0 * ldb : bOff + j0;
                    serial(blocking, ws, c, cOff + j0, ldc, a, aOff, lda, transA, b, bStart, ldb, transB,
                            m, j1 - j0, k, alpha, beta);
                }
            } finally {
                GemmWorkspace.release(ws);
            }
        }
    }

    /**
     * Whether a parallel product is cut into bands of rows (else columns). Each band packs the
     * operand it does not cut, so: when A is read in place (NN), cut columns, which packs no
     * operand twice, unless there are too few columns to go round; otherwise cut the dimension
     * with more tiles.
     */
    static boolean splitRows(int m, int n, boolean transA, int parts) {
        int mTiles = (m + MR - 1) / MR;
        int nTiles = (n + L - 1) / L;
        if (DIRECT_A && !transA) {
            return nTiles < 2 * parts && mTiles > nTiles;
        }
        return mTiles >= nTiles;
    }

    /**
     * The k block length for a product of depth k: equal blocks rather than full blocks plus a
     * sliver (k = 784 with KC = 256 runs as 4 x 196, not 3 x 256 + 16: a thin last block pays
     * the C update for little work). Depends on k and KC only, never on the thread split.
     */
    static int kBlock(int k, int kc) {
        return k == 0 ? 0 : ceilDiv(k, ceilDiv(k, kc));
    }

    /** The five loops on the calling thread, in the buffers of {@code ws}. */
    static void serial(GemmBlocking blocking, GemmWorkspace ws, float[] c, int cOff, int ldc,
                       float[] a, int aOff, int lda, boolean transA,
                       float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        final int nC = blocking.nc();
        int kcMax = kBlock(k, blocking.kc());
        int mcMax = roundUp(ceilDiv(m, ceilDiv(m, blocking.mc())), MR);
        int ncMax = Math.min(nC, roundUp(n, NR));
        float[] pa = ws.packA(mcMax * Math.max(1, kcMax) + L);  // + L: masked stores stay on the fast path
        float[] pb = ws.packB(ncMax * Math.max(1, kcMax));
        float[] tile = ws.tile;
        int[] gather = ws.gatherIndex(ldb);
        boolean directA = DIRECT_A && !transA;
        for (int jc = 0; jc < n; jc += nC) {                              // JC loop
            int nc = Math.min(nC, n - jc);
            int pc = 0;
            do {                                                          // PC loop (runs once when k == 0)
                int kc = Math.min(kcMax, k - pc);
                float betaK = pc == 0 ? beta : 1f;
                GemmPacking.packB(pb, b, bOff, ldb, transB, pc, jc, kc, nc, gather);
                for (int ic = 0; ic < m; ic += mcMax) {                   // IC loop
                    int mc = Math.min(mcMax, m - ic);
                    if (!directA) {
                        GemmPacking.packA(pa, a, aOff, lda, transA, ic, pc, mc, kc);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {                 // JR loop
                        int nr = Math.min(NR, nc - jr);
                        int bp = jr * kc;
                        int cCol = cOff + jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {             // IR loop
                            int mr = Math.min(MR, mc - ir);
                            int cp = cCol + (ic + ir) * ldc;
                            if (directA) {
                                int ar = aOff + (ic + ir) * lda + pc;
                                tileDirect(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                            } else {
                                tilePacked(pa, ir * kc, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                            }
                        }
                    }
                }
                pc += kc;
            } while (pc < k);
        }
    }

    /** One tile with A read in place: the kernel of MR rows and as many vectors as the panel needs. */
    static void tileDirect(float[] a, int ar, int lda, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        if (MR == 6) {
            if (nr > 2 * L) {
                GemmMicroKernels.kernel6x3a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else if (nr > L) {
                GemmMicroKernels.kernel6x2a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else {
                GemmMicroKernels.kernel6x1a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            }
        } else {
            if (nr > 2 * L) {
                GemmMicroKernels.kernel4x3a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else if (nr > L) {
                GemmMicroKernels.kernel4x2a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else {
                GemmMicroKernels.kernel4x1a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            }
        }
    }

    /** One tile from a packed A micro-panel (edge panels of B skip their zero vectors). */
    static void tilePacked(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        if (MR == 6) {
            if (nr > 2 * L) {
                GemmMicroKernels.kernel6x3(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else if (nr > L) {
                GemmMicroKernels.kernel6x2(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else {
                GemmMicroKernels.kernel6x1(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            }
        } else {
            if (nr > 2 * L) {
                GemmMicroKernels.kernel4x3(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else if (nr > L) {
                GemmMicroKernels.kernel4x2(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            } else {
                GemmMicroKernels.kernel4x1(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
            }
        }
    }
}
