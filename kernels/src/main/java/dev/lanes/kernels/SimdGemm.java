package dev.lanes.kernels;

import static dev.lanes.kernels.VectorShapes.FLOAT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM and SGEMV on the Vector API, structured after BLIS.
 *
 * <p>Driver: five loops around a register-tile micro-kernel,
 * <pre>
 *   JC: columns of C in blocks of NC        (B panel kc x nc packed once per (JC, PC): lives in L3)
 *    PC: the k dimension in blocks of KC    (beta applies on the first block, later blocks add)
 *     IC: rows of C in blocks of MC         (A block mc x kc packed once per (PC, IC): lives in L2)
 *      JR: columns in steps of NR           (one B micro-panel kc x NR: stays in L1)
 *       IR: rows in steps of MR             (one A micro-panel MR x kc streamed from L2)
 *         micro-kernel: MR x NR tile of C in registers, k loop of rank-1 updates
 * </pre>
 * Packing copies op(A) and op(B) into micro-panels (A: MR rows interleaved per k step; B: NR
 * columns contiguous per k step), so the transposes cost only in the packing and NN, NT, TN and
 * TT run the same micro-kernel. A transposed B is packed through in-register 16 x 16
 * transposes; a non-transposed A needs no packing at all (see {@link #DIRECT_A}): its rows are
 * read in place by a variant of the micro-kernel. Edge micro-panels are padded with zeros (the
 * last column panel runs a 1- or 2-vector kernel); partial tiles are written back through a
 * scalar path with the same arithmetic. Every element of C is computed by the same
 * sequence of operations (fused multiply-adds over p in order, one multiply by alpha, one
 * fused beta update per k block) whatever tile it falls in, so splitting C between threads
 * never changes a bit.
 *
 * <p>Threads: a product of at least {@link #PARALLEL_MIN_FLOPS} flops is cut into bands of C,
 * which the caller and the {@link KernelPool} workers claim and run, each band through the whole
 * five-loop driver with its own packing. NN products are cut into column bands of a few NR
 * panels ({@link #CHUNKS_PER_THREAD} per thread): each band packs only its own columns of B and
 * A is read in place, so nothing is done twice and idle threads pick up the slack. Other
 * products are cut into one band per thread, by rows or columns (whichever has more tiles);
 * each band then packs the operand it does not cut (about 2% extra at 1024^3). The k dimension
 * is never split. Packing buffers, the edge tile and the reusable job live in a per-thread
 * {@link Workspace}: once a thread has seen its largest shape, a call allocates nothing.
 */
final class SimdGemm implements Gemm {
    private static final VectorSpecies<Float> F = FLOAT;
    private static final int L = F.length();

    /**
     * Rows of the register tile. 32 vector registers (AVX-512, and NEON-sized 128-bit runs) hold a
     * 6 x 3-vector tile: 18 accumulators + 3 B vectors + 1 broadcast A value. Narrower species use
     * 4 rows (12 + 3 + 1 = 16 registers, the AVX2 register file).
     */
    static final int MR = F.vectorBitSize() >= 512 ? 6 : 4;
    /** Columns of the register tile: three vectors. */
    static final int NR = 3 * L;

    /**
     * Largest k block: a B micro-panel of 256 x NR floats (48 KiB at 512 bits) streams through the
     * 48 KiB L1d while the 6 x 3 tile accumulates; k is cut into equal blocks of at most KC.
     */
    static final int KC = 256;
    /** Largest m block: the packed A block (MC x KC floats, 240 KiB) sits in the 1 MiB L2. */
    static final int MC = 40 * MR;
    /** Largest n block: the packed B panel (KC x NC floats, 4 MiB) stays inside the 32 MiB L3. */
    static final int NC = 4096 / NR * NR;
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

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    @Override
    public void sgemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                      float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        if (m == 0 || n == 0) {
            return;
        }
        Workspace ws = Workspace.get();
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
            GemmJob job = ws.job;
            job.set(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta, rows, band);
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
        gemmSerial(ws, c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }

    /** How many bands to cut C into: 1 below the flop threshold, else up to the thread count. */
    private static int parts(int m, int n, int k) {
        int threads = Parallelism.threads();
        if (threads <= 1 || 2.0 * m * n * k < PARALLEL_MIN_FLOPS) {
            return 1;
        }
        int tiles = Math.max((m + MR - 1) / MR, (n + L - 1) / L);
        return Math.max(1, Math.min(Math.min(threads, tiles), KernelPool.MAX_CHUNKS));
    }

    /**
     * A reusable description of one parallel product: chunk {@code i} computes the band of C
     * (rows or columns) starting at {@code i * band}. One per calling thread (in its
     * {@link Workspace}), so a call allocates nothing.
     */
    static final class GemmJob extends KernelPool.Job {
        float[] c, a, b;
        int cOff, ldc, aOff, lda, bOff, ldb, m, n, k, band;
        boolean transA, transB, rows;
        float alpha, beta;

        void set(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                 float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta,
                 boolean rows, int band) {
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
            Workspace ws = Workspace.get();
            if (rows) {
                int i0 = chunk * band;
                int i1 = Math.min(m, i0 + band);
                int aStart = transA ? aOff + i0 : aOff + i0 * lda;
                gemmSerial(ws, c, cOff + i0 * ldc, ldc, a, aStart, lda, transA, b, bOff, ldb, transB,
                        i1 - i0, n, k, alpha, beta);
            } else {
                int j0 = chunk * band;
                int j1 = Math.min(n, j0 + band);
                int bStart = transB ? bOff + j0 * ldb : bOff + j0;
                gemmSerial(ws, c, cOff + j0, ldc, a, aOff, lda, transA, b, bStart, ldb, transB,
                        m, j1 - j0, k, alpha, beta);
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
        if (DIRECT_A && !transA && MR == 6) {
            return nTiles < 2 * parts && mTiles > nTiles;
        }
        return mTiles >= nTiles;
    }

    /** The five loops on the calling thread, with that thread's packing buffers. */
    static void gemmSerial(Workspace ws, float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                           float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        // Equal blocks rather than full blocks plus a sliver: k = 784 runs as 4 x 196, not
        // 3 x 256 + 16 (a thin last block pays the C update for little work). The k blocks depend
        // on k only, never on the thread split, so every element sees the same sums.
        int kcMax = k == 0 ? 0 : ceilDiv(k, ceilDiv(k, KC));
        int mcMax = roundUp(ceilDiv(m, ceilDiv(m, MC)), MR);
        int ncMax = Math.min(NC, roundUp(n, NR));
        float[] pa = ws.packA(mcMax * Math.max(1, kcMax) + L);  // + L: masked stores stay on the fast path
        float[] pb = ws.packB(ncMax * Math.max(1, kcMax));
        float[] tile = ws.tile;
        int[] gather = ws.gatherIndex(ldb);
        boolean directA = DIRECT_A && !transA && MR == 6;
        for (int jc = 0; jc < n; jc += NC) {                              // JC loop
            int nc = Math.min(NC, n - jc);
            int pc = 0;
            do {                                                          // PC loop (runs once when k == 0)
                int kc = Math.min(kcMax, k - pc);
                float betaK = pc == 0 ? beta : 1f;
                packB(pb, b, bOff, ldb, transB, pc, jc, kc, nc, gather);
                for (int ic = 0; ic < m; ic += mcMax) {                   // IC loop
                    int mc = Math.min(mcMax, m - ic);
                    if (!directA) {
                        packA(pa, a, aOff, lda, transA, ic, pc, mc, kc);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {                 // JR loop
                        int nr = Math.min(NR, nc - jr);
                        int bp = jr * kc;
                        int cCol = cOff + jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {             // IR loop
                            int mr = Math.min(MR, mc - ir);
                            int cp = cCol + (ic + ir) * ldc;
                            int ap = ir * kc;
                            if (directA) {
                                int ar = aOff + (ic + ir) * lda + pc;
                                if (nr > 2 * L) {
                                    kernel6x3a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                                } else if (nr > L) {
                                    kernel6x2a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                                } else {
                                    kernel6x1a(a, ar, lda, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                                }
                            } else if (nr > 2 * L) {
                                if (MR == 6) {
                                    kernel6x3(pa, ap, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                                } else {
                                    kernel4x3(pa, ap, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                                }
                            } else if (nr > L) {         // narrow edge panel: skip the zero columns
                                kernelNarrow2(pa, ap, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                            } else {
                                kernelNarrow1(pa, ap, pb, bp, kc, c, cp, ldc, alpha, betaK, mr, nr, tile);
                            }
                        }
                    }
                }
                pc += kc;
            } while (pc < k);
        }
    }

    /**
     * Packs op(B)[pc .. pc+kc, jc .. jc+nc] into micro-panels of NR columns: panel {@code jr/NR}
     * starts at {@code jr*kc}, and its row p holds NR contiguous floats (zeros past column nc).
     */
    static void packB(float[] dst, float[] b, int bOff, int ldb, boolean transB, int pc, int jc, int kc, int nc,
                      int[] gather) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!transB) {
                // op(B)(p, j) = b[bOff + p*ldb + j]: rows are contiguous, copy NR floats per row.
                int src = bOff + pc * ldb + jc + jr;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb;
                        int d = base + p * NR;
                        for (int v = 0; v < NR; v += L) {
                            FloatVector.fromArray(F, b, s + v).intoArray(dst, d + v);
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb;
                        int d = base + p * NR;
                        for (int v = 0; v < NR; v += L) {
                            VectorMask<Float> mask = F.indexInRange(v, nr);
                            FloatVector.fromArray(F, b, s + v, mask).intoArray(dst, d + v);
                        }
                    }
                }
            } else {
                // op(B)(p, j) = b[bOff + j*ldb + p]: column j of op(B) is contiguous in b.
                int src = bOff + (jc + jr) * ldb + pc;
                if (L == 16 && nr == NR) {
                    packBT16(dst, base, b, src, ldb, kc);
                } else if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int d = base + p * NR;
                        for (int v = 0; v < NR; v += L) {
                            FloatVector.fromArray(F, b, src + p, gather, v).intoArray(dst, d + v);
                        }
                    }
                } else {
                    for (int j = 0; j < nr; j++) {
                        int s = src + j * ldb;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = b[s + p];
                        }
                    }
                    for (int j = nr; j < NR; j++) {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[ic .. ic+mc, pc .. pc+kc] into micro-panels of MR rows: panel {@code ir/MR}
     * starts at {@code ir*kc}, and its step p holds the MR floats of column p (zeros past row mc).
     */
    static void packA(float[] dst, float[] a, int aOff, int lda, boolean transA, int ic, int pc, int mc, int kc) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (!transA) {
                // op(A)(i, p) = a[aOff + i*lda + p]: each row is contiguous; interleave MR rows.
                int src = aOff + (ic + ir) * lda + pc;
                for (int i = 0; i < mr; i++) {
                    int s = src + i * lda;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + i] = a[s + p];
                    }
                }
                for (int i = mr; i < MR; i++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + i] = 0f;
                    }
                }
            } else {
                // op(A)(i, p) = a[aOff + p*lda + i]: the MR floats of step p are contiguous; one
                // masked vector copy per step (lanes past mr load as zeros; MR <= lanes).
                int src = aOff + pc * lda + ic + ir;
                VectorMask<Float> load = F.indexInRange(0, mr);
                VectorMask<Float> store = F.indexInRange(0, MR);
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(F, a, src + p * lda, load).intoArray(dst, base + p * MR, store);
                }
            }
        }
    }

    /**
     * Writes a partial tile: {@code tile} holds alpha*(A*B) for the whole register tile (row stride
     * {@code nrTile}); rows {@code < mr} and columns {@code < nr} go to C with the same single
     * fused beta update as a full tile ({@code Math.fma} rounds exactly like the vector fma), so an
     * element's bits do not depend on the tile it falls in. Scalar on purpose: edge tiles are rare,
     * and a small vector method that is deoptimized runs boxed vectors (C1) until C2 recompiles it.
     */
    private static void storeEdge(float[] tile, int nrTile, float[] c, int cp, int ldc, float beta, int mr, int nr) {
        for (int i = 0; i < mr; i++) {
            int row = cp + i * ldc;
            int t = i * nrTile;
            if (beta == 0f) {
                for (int j = 0; j < nr; j++) {
                    c[row + j] = tile[t + j];
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    c[row + j] = Math.fma(c[row + j], beta, tile[t + j]);
                }
            }
        }
    }

    /**
     * Packs one full NR-column panel of a transposed B (op(B)(p, j) = b[src + j*ldb + p]) for 16-lane
     * vectors: 16 x 16 blocks are loaded as 16 column vectors (contiguous in p), transposed in
     * registers by four rounds of two-source lane interleaves, and stored as 16 rows of the panel.
     * Steps past the last multiple of 16 are copied element by element.
     */
    private static void packBT16(float[] dst, int base, float[] b, int src, int ldb, int kc) {
        FloatVector lo = FloatVector.fromArray(F, ZIP_LO, 0);
        FloatVector hi = FloatVector.fromArray(F, ZIP_HI, 0);
        int pEnd = kc - kc % 16;
        for (int v = 0; v < NR; v += 16) {
            int col = src + v * ldb;
            for (int p = 0; p < pEnd; p += 16) {
                int s = col + p;
                FloatVector r0 = FloatVector.fromArray(F, b, s);
                FloatVector r1 = FloatVector.fromArray(F, b, s + 1 * ldb);
                FloatVector r2 = FloatVector.fromArray(F, b, s + 2 * ldb);
                FloatVector r3 = FloatVector.fromArray(F, b, s + 3 * ldb);
                FloatVector r4 = FloatVector.fromArray(F, b, s + 4 * ldb);
                FloatVector r5 = FloatVector.fromArray(F, b, s + 5 * ldb);
                FloatVector r6 = FloatVector.fromArray(F, b, s + 6 * ldb);
                FloatVector r7 = FloatVector.fromArray(F, b, s + 7 * ldb);
                FloatVector r8 = FloatVector.fromArray(F, b, s + 8 * ldb);
                FloatVector r9 = FloatVector.fromArray(F, b, s + 9 * ldb);
                FloatVector r10 = FloatVector.fromArray(F, b, s + 10 * ldb);
                FloatVector r11 = FloatVector.fromArray(F, b, s + 11 * ldb);
                FloatVector r12 = FloatVector.fromArray(F, b, s + 12 * ldb);
                FloatVector r13 = FloatVector.fromArray(F, b, s + 13 * ldb);
                FloatVector r14 = FloatVector.fromArray(F, b, s + 14 * ldb);
                FloatVector r15 = FloatVector.fromArray(F, b, s + 15 * ldb);
                FloatVector t0_0 = lo.selectFrom(r0, r8);
                FloatVector t0_1 = hi.selectFrom(r0, r8);
                FloatVector t0_2 = lo.selectFrom(r1, r9);
                FloatVector t0_3 = hi.selectFrom(r1, r9);
                FloatVector t0_4 = lo.selectFrom(r2, r10);
                FloatVector t0_5 = hi.selectFrom(r2, r10);
                FloatVector t0_6 = lo.selectFrom(r3, r11);
                FloatVector t0_7 = hi.selectFrom(r3, r11);
                FloatVector t0_8 = lo.selectFrom(r4, r12);
                FloatVector t0_9 = hi.selectFrom(r4, r12);
                FloatVector t0_10 = lo.selectFrom(r5, r13);
                FloatVector t0_11 = hi.selectFrom(r5, r13);
                FloatVector t0_12 = lo.selectFrom(r6, r14);
                FloatVector t0_13 = hi.selectFrom(r6, r14);
                FloatVector t0_14 = lo.selectFrom(r7, r15);
                FloatVector t0_15 = hi.selectFrom(r7, r15);
                FloatVector t1_0 = lo.selectFrom(t0_0, t0_8);
                FloatVector t1_1 = hi.selectFrom(t0_0, t0_8);
                FloatVector t1_2 = lo.selectFrom(t0_1, t0_9);
                FloatVector t1_3 = hi.selectFrom(t0_1, t0_9);
                FloatVector t1_4 = lo.selectFrom(t0_2, t0_10);
                FloatVector t1_5 = hi.selectFrom(t0_2, t0_10);
                FloatVector t1_6 = lo.selectFrom(t0_3, t0_11);
                FloatVector t1_7 = hi.selectFrom(t0_3, t0_11);
                FloatVector t1_8 = lo.selectFrom(t0_4, t0_12);
                FloatVector t1_9 = hi.selectFrom(t0_4, t0_12);
                FloatVector t1_10 = lo.selectFrom(t0_5, t0_13);
                FloatVector t1_11 = hi.selectFrom(t0_5, t0_13);
                FloatVector t1_12 = lo.selectFrom(t0_6, t0_14);
                FloatVector t1_13 = hi.selectFrom(t0_6, t0_14);
                FloatVector t1_14 = lo.selectFrom(t0_7, t0_15);
                FloatVector t1_15 = hi.selectFrom(t0_7, t0_15);
                FloatVector t2_0 = lo.selectFrom(t1_0, t1_8);
                FloatVector t2_1 = hi.selectFrom(t1_0, t1_8);
                FloatVector t2_2 = lo.selectFrom(t1_1, t1_9);
                FloatVector t2_3 = hi.selectFrom(t1_1, t1_9);
                FloatVector t2_4 = lo.selectFrom(t1_2, t1_10);
                FloatVector t2_5 = hi.selectFrom(t1_2, t1_10);
                FloatVector t2_6 = lo.selectFrom(t1_3, t1_11);
                FloatVector t2_7 = hi.selectFrom(t1_3, t1_11);
                FloatVector t2_8 = lo.selectFrom(t1_4, t1_12);
                FloatVector t2_9 = hi.selectFrom(t1_4, t1_12);
                FloatVector t2_10 = lo.selectFrom(t1_5, t1_13);
                FloatVector t2_11 = hi.selectFrom(t1_5, t1_13);
                FloatVector t2_12 = lo.selectFrom(t1_6, t1_14);
                FloatVector t2_13 = hi.selectFrom(t1_6, t1_14);
                FloatVector t2_14 = lo.selectFrom(t1_7, t1_15);
                FloatVector t2_15 = hi.selectFrom(t1_7, t1_15);
                FloatVector t3_0 = lo.selectFrom(t2_0, t2_8);
                FloatVector t3_1 = hi.selectFrom(t2_0, t2_8);
                FloatVector t3_2 = lo.selectFrom(t2_1, t2_9);
                FloatVector t3_3 = hi.selectFrom(t2_1, t2_9);
                FloatVector t3_4 = lo.selectFrom(t2_2, t2_10);
                FloatVector t3_5 = hi.selectFrom(t2_2, t2_10);
                FloatVector t3_6 = lo.selectFrom(t2_3, t2_11);
                FloatVector t3_7 = hi.selectFrom(t2_3, t2_11);
                FloatVector t3_8 = lo.selectFrom(t2_4, t2_12);
                FloatVector t3_9 = hi.selectFrom(t2_4, t2_12);
                FloatVector t3_10 = lo.selectFrom(t2_5, t2_13);
                FloatVector t3_11 = hi.selectFrom(t2_5, t2_13);
                FloatVector t3_12 = lo.selectFrom(t2_6, t2_14);
                FloatVector t3_13 = hi.selectFrom(t2_6, t2_14);
                FloatVector t3_14 = lo.selectFrom(t2_7, t2_15);
                FloatVector t3_15 = hi.selectFrom(t2_7, t2_15);
                int d = base + p * NR + v;
                t3_0.intoArray(dst, d);
                t3_1.intoArray(dst, d + 1 * NR);
                t3_2.intoArray(dst, d + 2 * NR);
                t3_3.intoArray(dst, d + 3 * NR);
                t3_4.intoArray(dst, d + 4 * NR);
                t3_5.intoArray(dst, d + 5 * NR);
                t3_6.intoArray(dst, d + 6 * NR);
                t3_7.intoArray(dst, d + 7 * NR);
                t3_8.intoArray(dst, d + 8 * NR);
                t3_9.intoArray(dst, d + 9 * NR);
                t3_10.intoArray(dst, d + 10 * NR);
                t3_11.intoArray(dst, d + 11 * NR);
                t3_12.intoArray(dst, d + 12 * NR);
                t3_13.intoArray(dst, d + 13 * NR);
                t3_14.intoArray(dst, d + 14 * NR);
                t3_15.intoArray(dst, d + 15 * NR);
            }
            for (int j = 0; j < 16; j++) {
                int s = col + j * ldb;
                for (int p = pEnd; p < kc; p++) {
                    dst[base + p * NR + v + j] = b[s + p];
                }
            }
        }
    }


    /** Lane indices for {@code selectFrom(a, b)}: interleave the low halves of a and b. */
    private static final float[] ZIP_LO = zip(0);
    /** Lane indices for {@code selectFrom(a, b)}: interleave the high halves of a and b. */
    private static final float[] ZIP_HI = zip(L / 2);

    private static float[] zip(int from) {
        float[] idx = new float[L];
        for (int t = 0; t < L / 2; t++) {
            idx[2 * t] = from + t;
            idx[2 * t + 1] = L + from + t;
        }
        return idx;
    }

    /** Edge panels of at most 2 vectors of columns: the tall or short two-vector kernel. */
    private static void kernelNarrow2(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        if (MR == 6) {
            kernel6x2(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
        } else {
            kernel4x2(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
        }
    }

    /** Edge panels of at most 1 vector of columns. */
    private static void kernelNarrow1(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        if (MR == 6) {
            kernel6x1(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
        } else {
            kernel4x1(pa, ap, pb, bp, kc, c, cp, ldc, alpha, beta, mr, nr, tile);
        }
    }

    /**
     * Micro-kernel 6 rows x 3 vectors: C tile := alpha * (A micro-panel (6 x kc) * B micro-panel
     * (kc x 3*LANES)) + beta * C tile, with all 18 accumulators in registers and no loop over m
     * or n. Reads packed panels with strides MR and NR. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel6x3(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F); FloatVector c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F); FloatVector c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F); FloatVector c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F); FloatVector c32 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F); FloatVector c41 = FloatVector.zero(F); FloatVector c42 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F); FloatVector c51 = FloatVector.zero(F); FloatVector c52 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            int ao = ap + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, pb, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(F, pa[ao + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(F, pa[ao + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
        }
        if (mr == MR && nr == 3 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c01.mul(alpha).intoArray(c, cp + 1 * L);
                c02.mul(alpha).intoArray(c, cp + 2 * L);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c11.mul(alpha).intoArray(c, cp + 1 * ldc + 1 * L);
                c12.mul(alpha).intoArray(c, cp + 1 * ldc + 2 * L);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c21.mul(alpha).intoArray(c, cp + 2 * ldc + 1 * L);
                c22.mul(alpha).intoArray(c, cp + 2 * ldc + 2 * L);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c31.mul(alpha).intoArray(c, cp + 3 * ldc + 1 * L);
                c32.mul(alpha).intoArray(c, cp + 3 * ldc + 2 * L);
                c40.mul(alpha).intoArray(c, cp + 4 * ldc);
                c41.mul(alpha).intoArray(c, cp + 4 * ldc + 1 * L);
                c42.mul(alpha).intoArray(c, cp + 4 * ldc + 2 * L);
                c50.mul(alpha).intoArray(c, cp + 5 * ldc);
                c51.mul(alpha).intoArray(c, cp + 5 * ldc + 1 * L);
                c52.mul(alpha).intoArray(c, cp + 5 * ldc + 2 * L);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * L).fma(vb, c01.mul(alpha)).intoArray(c, cp + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * L).fma(vb, c02.mul(alpha)).intoArray(c, cp + 2 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 1 * L).fma(vb, c11.mul(alpha)).intoArray(c, cp + 1 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 2 * L).fma(vb, c12.mul(alpha)).intoArray(c, cp + 1 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 1 * L).fma(vb, c21.mul(alpha)).intoArray(c, cp + 2 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 2 * L).fma(vb, c22.mul(alpha)).intoArray(c, cp + 2 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 1 * L).fma(vb, c31.mul(alpha)).intoArray(c, cp + 3 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 2 * L).fma(vb, c32.mul(alpha)).intoArray(c, cp + 3 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 4 * ldc).fma(vb, c40.mul(alpha)).intoArray(c, cp + 4 * ldc);
                FloatVector.fromArray(F, c, cp + 4 * ldc + 1 * L).fma(vb, c41.mul(alpha)).intoArray(c, cp + 4 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 4 * ldc + 2 * L).fma(vb, c42.mul(alpha)).intoArray(c, cp + 4 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 5 * ldc).fma(vb, c50.mul(alpha)).intoArray(c, cp + 5 * ldc);
                FloatVector.fromArray(F, c, cp + 5 * ldc + 1 * L).fma(vb, c51.mul(alpha)).intoArray(c, cp + 5 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 5 * ldc + 2 * L).fma(vb, c52.mul(alpha)).intoArray(c, cp + 5 * ldc + 2 * L);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c01.mul(alpha).intoArray(tile, 1 * L);
            c02.mul(alpha).intoArray(tile, 2 * L);
            c10.mul(alpha).intoArray(tile, 3 * L);
            c11.mul(alpha).intoArray(tile, 4 * L);
            c12.mul(alpha).intoArray(tile, 5 * L);
            c20.mul(alpha).intoArray(tile, 6 * L);
            c21.mul(alpha).intoArray(tile, 7 * L);
            c22.mul(alpha).intoArray(tile, 8 * L);
            c30.mul(alpha).intoArray(tile, 9 * L);
            c31.mul(alpha).intoArray(tile, 10 * L);
            c32.mul(alpha).intoArray(tile, 11 * L);
            c40.mul(alpha).intoArray(tile, 12 * L);
            c41.mul(alpha).intoArray(tile, 13 * L);
            c42.mul(alpha).intoArray(tile, 14 * L);
            c50.mul(alpha).intoArray(tile, 15 * L);
            c51.mul(alpha).intoArray(tile, 16 * L);
            c52.mul(alpha).intoArray(tile, 17 * L);
            storeEdge(tile, 3 * L, c, cp, ldc, beta, mr, nr);
        }
    }

    /**
     * Micro-kernel 4 rows x 3 vectors: C tile := alpha * (A micro-panel (4 x kc) * B micro-panel
     * (kc x 3*LANES)) + beta * C tile, with all 12 accumulators in registers and no loop over m
     * or n. Reads packed panels with strides MR and NR. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel4x3(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F); FloatVector c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F); FloatVector c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F); FloatVector c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F); FloatVector c32 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            int ao = ap + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, pb, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        if (mr == MR && nr == 3 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c01.mul(alpha).intoArray(c, cp + 1 * L);
                c02.mul(alpha).intoArray(c, cp + 2 * L);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c11.mul(alpha).intoArray(c, cp + 1 * ldc + 1 * L);
                c12.mul(alpha).intoArray(c, cp + 1 * ldc + 2 * L);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c21.mul(alpha).intoArray(c, cp + 2 * ldc + 1 * L);
                c22.mul(alpha).intoArray(c, cp + 2 * ldc + 2 * L);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c31.mul(alpha).intoArray(c, cp + 3 * ldc + 1 * L);
                c32.mul(alpha).intoArray(c, cp + 3 * ldc + 2 * L);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * L).fma(vb, c01.mul(alpha)).intoArray(c, cp + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * L).fma(vb, c02.mul(alpha)).intoArray(c, cp + 2 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 1 * L).fma(vb, c11.mul(alpha)).intoArray(c, cp + 1 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 2 * L).fma(vb, c12.mul(alpha)).intoArray(c, cp + 1 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 1 * L).fma(vb, c21.mul(alpha)).intoArray(c, cp + 2 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 2 * L).fma(vb, c22.mul(alpha)).intoArray(c, cp + 2 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 1 * L).fma(vb, c31.mul(alpha)).intoArray(c, cp + 3 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 2 * L).fma(vb, c32.mul(alpha)).intoArray(c, cp + 3 * ldc + 2 * L);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c01.mul(alpha).intoArray(tile, 1 * L);
            c02.mul(alpha).intoArray(tile, 2 * L);
            c10.mul(alpha).intoArray(tile, 3 * L);
            c11.mul(alpha).intoArray(tile, 4 * L);
            c12.mul(alpha).intoArray(tile, 5 * L);
            c20.mul(alpha).intoArray(tile, 6 * L);
            c21.mul(alpha).intoArray(tile, 7 * L);
            c22.mul(alpha).intoArray(tile, 8 * L);
            c30.mul(alpha).intoArray(tile, 9 * L);
            c31.mul(alpha).intoArray(tile, 10 * L);
            c32.mul(alpha).intoArray(tile, 11 * L);
            storeEdge(tile, 3 * L, c, cp, ldc, beta, mr, nr);
        }
    }


    /**
     * Micro-kernel 6 rows x 3 vectors: C tile := alpha * (A micro-panel (6 x kc) * B micro-panel
     * (kc x 3*LANES)) + beta * C tile, with all 18 accumulators in registers and no loop over m
     * or n. Reads A unpacked, row i at
     * {@code a[ap + i*lda + p]} (rows past mr repeat row mr-1: computed, never stored), and packed B. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel6x3a(float[] a, int ap, int lda, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F); FloatVector c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F); FloatVector c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F); FloatVector c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F); FloatVector c32 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F); FloatVector c41 = FloatVector.zero(F); FloatVector c42 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F); FloatVector c51 = FloatVector.zero(F); FloatVector c52 = FloatVector.zero(F);
        int r0 = ap + Math.min(0, mr - 1) * lda;
        int r1 = ap + Math.min(1, mr - 1) * lda;
        int r2 = ap + Math.min(2, mr - 1) * lda;
        int r3 = ap + Math.min(3, mr - 1) * lda;
        int r4 = ap + Math.min(4, mr - 1) * lda;
        int r5 = ap + Math.min(5, mr - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + 1 * L);
            FloatVector b2 = FloatVector.fromArray(F, pb, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(F, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(F, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(F, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(F, a[r4 + p]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(F, a[r5 + p]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
        }
        if (mr == MR && nr == 3 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c01.mul(alpha).intoArray(c, cp + 1 * L);
                c02.mul(alpha).intoArray(c, cp + 2 * L);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c11.mul(alpha).intoArray(c, cp + 1 * ldc + 1 * L);
                c12.mul(alpha).intoArray(c, cp + 1 * ldc + 2 * L);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c21.mul(alpha).intoArray(c, cp + 2 * ldc + 1 * L);
                c22.mul(alpha).intoArray(c, cp + 2 * ldc + 2 * L);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c31.mul(alpha).intoArray(c, cp + 3 * ldc + 1 * L);
                c32.mul(alpha).intoArray(c, cp + 3 * ldc + 2 * L);
                c40.mul(alpha).intoArray(c, cp + 4 * ldc);
                c41.mul(alpha).intoArray(c, cp + 4 * ldc + 1 * L);
                c42.mul(alpha).intoArray(c, cp + 4 * ldc + 2 * L);
                c50.mul(alpha).intoArray(c, cp + 5 * ldc);
                c51.mul(alpha).intoArray(c, cp + 5 * ldc + 1 * L);
                c52.mul(alpha).intoArray(c, cp + 5 * ldc + 2 * L);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * L).fma(vb, c01.mul(alpha)).intoArray(c, cp + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * L).fma(vb, c02.mul(alpha)).intoArray(c, cp + 2 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 1 * L).fma(vb, c11.mul(alpha)).intoArray(c, cp + 1 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 2 * L).fma(vb, c12.mul(alpha)).intoArray(c, cp + 1 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 1 * L).fma(vb, c21.mul(alpha)).intoArray(c, cp + 2 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 2 * L).fma(vb, c22.mul(alpha)).intoArray(c, cp + 2 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 1 * L).fma(vb, c31.mul(alpha)).intoArray(c, cp + 3 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 2 * L).fma(vb, c32.mul(alpha)).intoArray(c, cp + 3 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 4 * ldc).fma(vb, c40.mul(alpha)).intoArray(c, cp + 4 * ldc);
                FloatVector.fromArray(F, c, cp + 4 * ldc + 1 * L).fma(vb, c41.mul(alpha)).intoArray(c, cp + 4 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 4 * ldc + 2 * L).fma(vb, c42.mul(alpha)).intoArray(c, cp + 4 * ldc + 2 * L);
                FloatVector.fromArray(F, c, cp + 5 * ldc).fma(vb, c50.mul(alpha)).intoArray(c, cp + 5 * ldc);
                FloatVector.fromArray(F, c, cp + 5 * ldc + 1 * L).fma(vb, c51.mul(alpha)).intoArray(c, cp + 5 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 5 * ldc + 2 * L).fma(vb, c52.mul(alpha)).intoArray(c, cp + 5 * ldc + 2 * L);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c01.mul(alpha).intoArray(tile, 1 * L);
            c02.mul(alpha).intoArray(tile, 2 * L);
            c10.mul(alpha).intoArray(tile, 3 * L);
            c11.mul(alpha).intoArray(tile, 4 * L);
            c12.mul(alpha).intoArray(tile, 5 * L);
            c20.mul(alpha).intoArray(tile, 6 * L);
            c21.mul(alpha).intoArray(tile, 7 * L);
            c22.mul(alpha).intoArray(tile, 8 * L);
            c30.mul(alpha).intoArray(tile, 9 * L);
            c31.mul(alpha).intoArray(tile, 10 * L);
            c32.mul(alpha).intoArray(tile, 11 * L);
            c40.mul(alpha).intoArray(tile, 12 * L);
            c41.mul(alpha).intoArray(tile, 13 * L);
            c42.mul(alpha).intoArray(tile, 14 * L);
            c50.mul(alpha).intoArray(tile, 15 * L);
            c51.mul(alpha).intoArray(tile, 16 * L);
            c52.mul(alpha).intoArray(tile, 17 * L);
            storeEdge(tile, 3 * L, c, cp, ldc, beta, mr, nr);
        }
    }

    /**
     * Micro-kernel 6 rows x 2 vectors: C tile := alpha * (A micro-panel (6 x kc) * B micro-panel
     * (kc x 2*LANES)) + beta * C tile, with all 12 accumulators in registers and no loop over m
     * or n. Reads A unpacked, row i at
     * {@code a[ap + i*lda + p]} (rows past mr repeat row mr-1: computed, never stored), and packed B. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel6x2a(float[] a, int ap, int lda, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F); FloatVector c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F); FloatVector c51 = FloatVector.zero(F);
        int r0 = ap + Math.min(0, mr - 1) * lda;
        int r1 = ap + Math.min(1, mr - 1) * lda;
        int r2 = ap + Math.min(2, mr - 1) * lda;
        int r3 = ap + Math.min(3, mr - 1) * lda;
        int r4 = ap + Math.min(4, mr - 1) * lda;
        int r5 = ap + Math.min(5, mr - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + 1 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, a[r4 + p]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, a[r5 + p]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (mr == MR && nr == 2 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c01.mul(alpha).intoArray(c, cp + 1 * L);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c11.mul(alpha).intoArray(c, cp + 1 * ldc + 1 * L);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c21.mul(alpha).intoArray(c, cp + 2 * ldc + 1 * L);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c31.mul(alpha).intoArray(c, cp + 3 * ldc + 1 * L);
                c40.mul(alpha).intoArray(c, cp + 4 * ldc);
                c41.mul(alpha).intoArray(c, cp + 4 * ldc + 1 * L);
                c50.mul(alpha).intoArray(c, cp + 5 * ldc);
                c51.mul(alpha).intoArray(c, cp + 5 * ldc + 1 * L);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * L).fma(vb, c01.mul(alpha)).intoArray(c, cp + 1 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 1 * L).fma(vb, c11.mul(alpha)).intoArray(c, cp + 1 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 1 * L).fma(vb, c21.mul(alpha)).intoArray(c, cp + 2 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 1 * L).fma(vb, c31.mul(alpha)).intoArray(c, cp + 3 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 4 * ldc).fma(vb, c40.mul(alpha)).intoArray(c, cp + 4 * ldc);
                FloatVector.fromArray(F, c, cp + 4 * ldc + 1 * L).fma(vb, c41.mul(alpha)).intoArray(c, cp + 4 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 5 * ldc).fma(vb, c50.mul(alpha)).intoArray(c, cp + 5 * ldc);
                FloatVector.fromArray(F, c, cp + 5 * ldc + 1 * L).fma(vb, c51.mul(alpha)).intoArray(c, cp + 5 * ldc + 1 * L);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c01.mul(alpha).intoArray(tile, 1 * L);
            c10.mul(alpha).intoArray(tile, 2 * L);
            c11.mul(alpha).intoArray(tile, 3 * L);
            c20.mul(alpha).intoArray(tile, 4 * L);
            c21.mul(alpha).intoArray(tile, 5 * L);
            c30.mul(alpha).intoArray(tile, 6 * L);
            c31.mul(alpha).intoArray(tile, 7 * L);
            c40.mul(alpha).intoArray(tile, 8 * L);
            c41.mul(alpha).intoArray(tile, 9 * L);
            c50.mul(alpha).intoArray(tile, 10 * L);
            c51.mul(alpha).intoArray(tile, 11 * L);
            storeEdge(tile, 2 * L, c, cp, ldc, beta, mr, nr);
        }
    }

    /**
     * Micro-kernel 6 rows x 1 vectors: C tile := alpha * (A micro-panel (6 x kc) * B micro-panel
     * (kc x 1*LANES)) + beta * C tile, with all 6 accumulators in registers and no loop over m
     * or n. Reads A unpacked, row i at
     * {@code a[ap + i*lda + p]} (rows past mr repeat row mr-1: computed, never stored), and packed B. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel6x1a(float[] a, int ap, int lda, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        int r0 = ap + Math.min(0, mr - 1) * lda;
        int r1 = ap + Math.min(1, mr - 1) * lda;
        int r2 = ap + Math.min(2, mr - 1) * lda;
        int r3 = ap + Math.min(3, mr - 1) * lda;
        int r4 = ap + Math.min(4, mr - 1) * lda;
        int r5 = ap + Math.min(5, mr - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector a0 = FloatVector.broadcast(F, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(F, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(F, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(F, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(F, a[r4 + p]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(F, a[r5 + p]);
            c50 = a5.fma(b0, c50);
        }
        if (mr == MR && nr == 1 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c40.mul(alpha).intoArray(c, cp + 4 * ldc);
                c50.mul(alpha).intoArray(c, cp + 5 * ldc);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 4 * ldc).fma(vb, c40.mul(alpha)).intoArray(c, cp + 4 * ldc);
                FloatVector.fromArray(F, c, cp + 5 * ldc).fma(vb, c50.mul(alpha)).intoArray(c, cp + 5 * ldc);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c10.mul(alpha).intoArray(tile, 1 * L);
            c20.mul(alpha).intoArray(tile, 2 * L);
            c30.mul(alpha).intoArray(tile, 3 * L);
            c40.mul(alpha).intoArray(tile, 4 * L);
            c50.mul(alpha).intoArray(tile, 5 * L);
            storeEdge(tile, 1 * L, c, cp, ldc, beta, mr, nr);
        }
    }


    /**
     * Micro-kernel 6 rows x 2 vectors: C tile := alpha * (A micro-panel (6 x kc) * B micro-panel
     * (kc x 2*LANES)) + beta * C tile, with all 12 accumulators in registers and no loop over m
     * or n. Reads packed panels with strides MR and NR. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel6x2(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F); FloatVector c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F); FloatVector c51 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            int ao = ap + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + 1 * L);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, pa[ao + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, pa[ao + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (mr == MR && nr == 2 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c01.mul(alpha).intoArray(c, cp + 1 * L);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c11.mul(alpha).intoArray(c, cp + 1 * ldc + 1 * L);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c21.mul(alpha).intoArray(c, cp + 2 * ldc + 1 * L);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c31.mul(alpha).intoArray(c, cp + 3 * ldc + 1 * L);
                c40.mul(alpha).intoArray(c, cp + 4 * ldc);
                c41.mul(alpha).intoArray(c, cp + 4 * ldc + 1 * L);
                c50.mul(alpha).intoArray(c, cp + 5 * ldc);
                c51.mul(alpha).intoArray(c, cp + 5 * ldc + 1 * L);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * L).fma(vb, c01.mul(alpha)).intoArray(c, cp + 1 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 1 * L).fma(vb, c11.mul(alpha)).intoArray(c, cp + 1 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 1 * L).fma(vb, c21.mul(alpha)).intoArray(c, cp + 2 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 1 * L).fma(vb, c31.mul(alpha)).intoArray(c, cp + 3 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 4 * ldc).fma(vb, c40.mul(alpha)).intoArray(c, cp + 4 * ldc);
                FloatVector.fromArray(F, c, cp + 4 * ldc + 1 * L).fma(vb, c41.mul(alpha)).intoArray(c, cp + 4 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 5 * ldc).fma(vb, c50.mul(alpha)).intoArray(c, cp + 5 * ldc);
                FloatVector.fromArray(F, c, cp + 5 * ldc + 1 * L).fma(vb, c51.mul(alpha)).intoArray(c, cp + 5 * ldc + 1 * L);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c01.mul(alpha).intoArray(tile, 1 * L);
            c10.mul(alpha).intoArray(tile, 2 * L);
            c11.mul(alpha).intoArray(tile, 3 * L);
            c20.mul(alpha).intoArray(tile, 4 * L);
            c21.mul(alpha).intoArray(tile, 5 * L);
            c30.mul(alpha).intoArray(tile, 6 * L);
            c31.mul(alpha).intoArray(tile, 7 * L);
            c40.mul(alpha).intoArray(tile, 8 * L);
            c41.mul(alpha).intoArray(tile, 9 * L);
            c50.mul(alpha).intoArray(tile, 10 * L);
            c51.mul(alpha).intoArray(tile, 11 * L);
            storeEdge(tile, 2 * L, c, cp, ldc, beta, mr, nr);
        }
    }

    /**
     * Micro-kernel 6 rows x 1 vectors: C tile := alpha * (A micro-panel (6 x kc) * B micro-panel
     * (kc x 1*LANES)) + beta * C tile, with all 6 accumulators in registers and no loop over m
     * or n. Reads packed panels with strides MR and NR. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel6x1(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            int ao = ap + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao + 0]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(F, pa[ao + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(F, pa[ao + 5]);
            c50 = a5.fma(b0, c50);
        }
        if (mr == MR && nr == 1 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c40.mul(alpha).intoArray(c, cp + 4 * ldc);
                c50.mul(alpha).intoArray(c, cp + 5 * ldc);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 4 * ldc).fma(vb, c40.mul(alpha)).intoArray(c, cp + 4 * ldc);
                FloatVector.fromArray(F, c, cp + 5 * ldc).fma(vb, c50.mul(alpha)).intoArray(c, cp + 5 * ldc);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c10.mul(alpha).intoArray(tile, 1 * L);
            c20.mul(alpha).intoArray(tile, 2 * L);
            c30.mul(alpha).intoArray(tile, 3 * L);
            c40.mul(alpha).intoArray(tile, 4 * L);
            c50.mul(alpha).intoArray(tile, 5 * L);
            storeEdge(tile, 1 * L, c, cp, ldc, beta, mr, nr);
        }
    }

    /**
     * Micro-kernel 4 rows x 2 vectors: C tile := alpha * (A micro-panel (4 x kc) * B micro-panel
     * (kc x 2*LANES)) + beta * C tile, with all 8 accumulators in registers and no loop over m
     * or n. Reads packed panels with strides MR and NR. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel4x2(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F); FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F); FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F); FloatVector c31 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            int ao = ap + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + 1 * L);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (mr == MR && nr == 2 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c01.mul(alpha).intoArray(c, cp + 1 * L);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c11.mul(alpha).intoArray(c, cp + 1 * ldc + 1 * L);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c21.mul(alpha).intoArray(c, cp + 2 * ldc + 1 * L);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
                c31.mul(alpha).intoArray(c, cp + 3 * ldc + 1 * L);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * L).fma(vb, c01.mul(alpha)).intoArray(c, cp + 1 * L);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 1 * ldc + 1 * L).fma(vb, c11.mul(alpha)).intoArray(c, cp + 1 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc + 1 * L).fma(vb, c21.mul(alpha)).intoArray(c, cp + 2 * ldc + 1 * L);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc + 1 * L).fma(vb, c31.mul(alpha)).intoArray(c, cp + 3 * ldc + 1 * L);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c01.mul(alpha).intoArray(tile, 1 * L);
            c10.mul(alpha).intoArray(tile, 2 * L);
            c11.mul(alpha).intoArray(tile, 3 * L);
            c20.mul(alpha).intoArray(tile, 4 * L);
            c21.mul(alpha).intoArray(tile, 5 * L);
            c30.mul(alpha).intoArray(tile, 6 * L);
            c31.mul(alpha).intoArray(tile, 7 * L);
            storeEdge(tile, 2 * L, c, cp, ldc, beta, mr, nr);
        }
    }

    /**
     * Micro-kernel 4 rows x 1 vectors: C tile := alpha * (A micro-panel (4 x kc) * B micro-panel
     * (kc x 1*LANES)) + beta * C tile, with all 4 accumulators in registers and no loop over m
     * or n. Reads packed panels with strides MR and NR. Full tiles are written straight to C;
     * edge tiles go through {@code tile} to {@link #storeEdge}. The vectors never leave this method.
     */
    private static void kernel4x1(float[] pa, int ap, float[] pb, int bp, int kc,
            float[] c, int cp, int ldc, float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int bo = bp + p * NR;
            int ao = ap + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bo);
            FloatVector a0 = FloatVector.broadcast(F, pa[ao + 0]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(F, pa[ao + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(F, pa[ao + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(F, pa[ao + 3]);
            c30 = a3.fma(b0, c30);
        }
        if (mr == MR && nr == 1 * L) {
            if (beta == 0f) {
                c00.mul(alpha).intoArray(c, cp);
                c10.mul(alpha).intoArray(c, cp + 1 * ldc);
                c20.mul(alpha).intoArray(c, cp + 2 * ldc);
                c30.mul(alpha).intoArray(c, cp + 3 * ldc);
            } else {
                FloatVector vb = FloatVector.broadcast(F, beta);
                FloatVector.fromArray(F, c, cp).fma(vb, c00.mul(alpha)).intoArray(c, cp);
                FloatVector.fromArray(F, c, cp + 1 * ldc).fma(vb, c10.mul(alpha)).intoArray(c, cp + 1 * ldc);
                FloatVector.fromArray(F, c, cp + 2 * ldc).fma(vb, c20.mul(alpha)).intoArray(c, cp + 2 * ldc);
                FloatVector.fromArray(F, c, cp + 3 * ldc).fma(vb, c30.mul(alpha)).intoArray(c, cp + 3 * ldc);
            }
        } else {
            c00.mul(alpha).intoArray(tile, 0 * L);
            c10.mul(alpha).intoArray(tile, 1 * L);
            c20.mul(alpha).intoArray(tile, 2 * L);
            c30.mul(alpha).intoArray(tile, 3 * L);
            storeEdge(tile, 1 * L, c, cp, ldc, beta, mr, nr);
        }
    }


    // ---------------------------------------------------------------- SGEMV

    /** Rows of A per pass of the non-transposed SGEMV: each x vector loaded once feeds this many rows. */
    private static final int GEMV_ROWS = 4;
    /** Column vectors per pass of the transposed SGEMV: accumulators held in registers over all rows. */
    private static final int GEMV_COLS = 4;

    @Override
    public void sgemv(float[] y, int yOff, float[] a, int aOff, int lda, boolean transA,
                      float[] x, int xOff, int m, int n, float alpha, float beta) {
        if (transA) {
            gemvT(y, yOff, a, aOff, lda, x, xOff, m, n, alpha, beta);
        } else {
            gemvN(y, yOff, a, aOff, lda, x, xOff, m, n, alpha, beta);
        }
    }

    /** y[i] := alpha * dot(A row i, x) + beta * y[i], four rows at a time. */
    private static void gemvN(float[] y, int yOff, float[] a, int aOff, int lda,
                              float[] x, int xOff, int m, int n, float alpha, float beta) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i + GEMV_ROWS <= m; i += GEMV_ROWS) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + j);
                s0 = FloatVector.fromArray(F, a, r0 + j).fma(xv, s0);
                s1 = FloatVector.fromArray(F, a, r1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(F, a, r2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(F, a, r3 + j).fma(xv, s3);
            }
            if (j < n) {
                VectorMask<Float> mask = F.indexInRange(j, n);
                FloatVector xv = FloatVector.fromArray(F, x, xOff + j, mask);
                s0 = FloatVector.fromArray(F, a, r0 + j, mask).fma(xv, s0);
                s1 = FloatVector.fromArray(F, a, r1 + j, mask).fma(xv, s1);
                s2 = FloatVector.fromArray(F, a, r2 + j, mask).fma(xv, s2);
                s3 = FloatVector.fromArray(F, a, r3 + j, mask).fma(xv, s3);
            }
            gemvStore(y, yOff + i, s0.reduceLanes(VectorOperators.ADD), alpha, beta);
            gemvStore(y, yOff + i + 1, s1.reduceLanes(VectorOperators.ADD), alpha, beta);
            gemvStore(y, yOff + i + 2, s2.reduceLanes(VectorOperators.ADD), alpha, beta);
            gemvStore(y, yOff + i + 3, s3.reduceLanes(VectorOperators.ADD), alpha, beta);
        }
        for (; i < m; i++) {
            int r0 = aOff + i * lda;
            FloatVector s0 = FloatVector.zero(F);
            int j = 0;
            for (; j < bound; j += L) {
                s0 = FloatVector.fromArray(F, a, r0 + j).fma(FloatVector.fromArray(F, x, xOff + j), s0);
            }
            if (j < n) {
                VectorMask<Float> mask = F.indexInRange(j, n);
                s0 = FloatVector.fromArray(F, a, r0 + j, mask).fma(FloatVector.fromArray(F, x, xOff + j, mask), s0);
            }
            gemvStore(y, yOff + i, s0.reduceLanes(VectorOperators.ADD), alpha, beta);
        }
    }

    private static void gemvStore(float[] y, int at, float dot, float alpha, float beta) {
        y[at] = beta == 0f ? alpha * dot : Math.fma(beta, y[at], alpha * dot);
    }

    /**
     * y[j] := alpha * sum_i A[i, j] * x[i] + beta * y[j]: column blocks of GEMV_COLS vectors kept in
     * registers while the rows of A stream past, so y is written once.
     */
    private static void gemvT(float[] y, int yOff, float[] a, int aOff, int lda,
                              float[] x, int xOff, int m, int n, float alpha, float beta) {
        final int block = GEMV_COLS * L;
        FloatVector vb = FloatVector.broadcast(F, beta);
        int j = 0;
        for (; j + block <= n; j += block) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int i = 0; i < m; i++) {
                int r = aOff + i * lda + j;
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i]);
                s0 = FloatVector.fromArray(F, a, r).fma(xi, s0);
                s1 = FloatVector.fromArray(F, a, r + L).fma(xi, s1);
                s2 = FloatVector.fromArray(F, a, r + 2 * L).fma(xi, s2);
                s3 = FloatVector.fromArray(F, a, r + 3 * L).fma(xi, s3);
            }
            int yj = yOff + j;
            if (beta == 0f) {
                s0.mul(alpha).intoArray(y, yj);
                s1.mul(alpha).intoArray(y, yj + L);
                s2.mul(alpha).intoArray(y, yj + 2 * L);
                s3.mul(alpha).intoArray(y, yj + 3 * L);
            } else {
                FloatVector.fromArray(F, y, yj).fma(vb, s0.mul(alpha)).intoArray(y, yj);
                FloatVector.fromArray(F, y, yj + L).fma(vb, s1.mul(alpha)).intoArray(y, yj + L);
                FloatVector.fromArray(F, y, yj + 2 * L).fma(vb, s2.mul(alpha)).intoArray(y, yj + 2 * L);
                FloatVector.fromArray(F, y, yj + 3 * L).fma(vb, s3.mul(alpha)).intoArray(y, yj + 3 * L);
            }
        }
        for (; j < n; j += L) {
            VectorMask<Float> mask = F.indexInRange(j, n);
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0; i < m; i++) {
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i]);
                s0 = FloatVector.fromArray(F, a, aOff + i * lda + j, mask).fma(xi, s0);
            }
            int yj = yOff + j;
            if (beta == 0f) {
                s0.mul(alpha).intoArray(y, yj, mask);
            } else {
                FloatVector.fromArray(F, y, yj, mask).fma(vb, s0.mul(alpha)).intoArray(y, yj, mask);
            }
        }
    }

    // ---------------------------------------------------------------- per-thread buffers

    /** Packing buffers, the edge tile and the parallel job of one thread; grown, never shrunk. */
    static final class Workspace {
        private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

        final float[] tile = new float[MR * NR];
        final GemmJob job = new GemmJob();
        private float[] packA = new float[0];
        private float[] packB = new float[0];
        private final int[] gather = new int[NR];
        private int gatherLd = -1;

        static Workspace get() {
            return LOCAL.get();
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

        /** Lane offsets {@code j*ldb} for gathering NR columns of a transposed B. */
        int[] gatherIndex(int ldb) {
            if (ldb != gatherLd) {
                for (int j = 0; j < NR; j++) {
                    gather[j] = (int) Math.min((long) j * ldb, Integer.MAX_VALUE);
                }
                gatherLd = ldb;
            }
            return gather;
        }
    }
}
