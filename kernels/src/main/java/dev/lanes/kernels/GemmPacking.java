package dev.lanes.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM packing: copies blocks of op(A) and op(B) into the micro-panel layouts the
 * {@link GemmMicroKernels} read, so that every transpose combination runs the same kernels.
 * <pre>
 *   packed B panel (kc x nc):  micro-panel jr/NR starts at jr*kc; its row p holds NR contiguous
 *                              floats, op(B)(pc+p, jc+jr .. jc+jr+NR-1), zeros past column nc
 *   packed A block (mc x kc):  micro-panel ir/MR starts at ir*kc; its step p holds MR contiguous
 *                              floats, op(A)(ic+ir .. ic+ir+MR-1, pc+p), zeros past row mc
 * </pre>
 * A transposed B goes through in-register 16 x 16 transposes at 16 lanes, 8 x 8 at 8 lanes
 * (measured at 256 bits: 64x1024x1024 NT went from 45 to 78 GFLOP/s against the lane gather),
 * and through a lane gather at other widths. A non-transposed A is read in place by the driver where {@link GemmDriver#DIRECT_A}
 * says so, and packed otherwise. The vectors of each routine stay inside it.
 */
final class GemmPacking {
    private static final VectorSpecies<Float> F = VectorShapes.FLOAT;
    private static final int L = F.length();
    private static final int MR = GemmDriver.MR;
    private static final int NR = GemmDriver.NR;

    private GemmPacking() {}

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
                } else if (L == 8 && nr == NR) {
                    packBT8(dst, base, b, src, ldb, kc);
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


    /**
     * {@link #packBT16} for 8-lane vectors (AVX2): 8 x 8 blocks transposed in registers by three
     * rounds of two-source lane interleaves (the gather it replaces loads one float per lane).
     */
    private static void packBT8(float[] dst, int base, float[] b, int src, int ldb, int kc) {
        FloatVector lo = FloatVector.fromArray(F, ZIP_LO, 0);
        FloatVector hi = FloatVector.fromArray(F, ZIP_HI, 0);
        int pEnd = kc - kc % 8;
        for (int v = 0; v < NR; v += 8) {
            int col = src + v * ldb;
            for (int p = 0; p < pEnd; p += 8) {
                int s = col + p;
                FloatVector r0 = FloatVector.fromArray(F, b, s);
                FloatVector r1 = FloatVector.fromArray(F, b, s + 1 * ldb);
                FloatVector r2 = FloatVector.fromArray(F, b, s + 2 * ldb);
                FloatVector r3 = FloatVector.fromArray(F, b, s + 3 * ldb);
                FloatVector r4 = FloatVector.fromArray(F, b, s + 4 * ldb);
                FloatVector r5 = FloatVector.fromArray(F, b, s + 5 * ldb);
                FloatVector r6 = FloatVector.fromArray(F, b, s + 6 * ldb);
                FloatVector r7 = FloatVector.fromArray(F, b, s + 7 * ldb);
                FloatVector t0_0 = lo.selectFrom(r0, r4);
                FloatVector t0_1 = hi.selectFrom(r0, r4);
                FloatVector t0_2 = lo.selectFrom(r1, r5);
                FloatVector t0_3 = hi.selectFrom(r1, r5);
                FloatVector t0_4 = lo.selectFrom(r2, r6);
                FloatVector t0_5 = hi.selectFrom(r2, r6);
                FloatVector t0_6 = lo.selectFrom(r3, r7);
                FloatVector t0_7 = hi.selectFrom(r3, r7);
                FloatVector t1_0 = lo.selectFrom(t0_0, t0_4);
                FloatVector t1_1 = hi.selectFrom(t0_0, t0_4);
                FloatVector t1_2 = lo.selectFrom(t0_1, t0_5);
                FloatVector t1_3 = hi.selectFrom(t0_1, t0_5);
                FloatVector t1_4 = lo.selectFrom(t0_2, t0_6);
                FloatVector t1_5 = hi.selectFrom(t0_2, t0_6);
                FloatVector t1_6 = lo.selectFrom(t0_3, t0_7);
                FloatVector t1_7 = hi.selectFrom(t0_3, t0_7);
                FloatVector t2_0 = lo.selectFrom(t1_0, t1_4);
                FloatVector t2_1 = hi.selectFrom(t1_0, t1_4);
                FloatVector t2_2 = lo.selectFrom(t1_1, t1_5);
                FloatVector t2_3 = hi.selectFrom(t1_1, t1_5);
                FloatVector t2_4 = lo.selectFrom(t1_2, t1_6);
                FloatVector t2_5 = hi.selectFrom(t1_2, t1_6);
                FloatVector t2_6 = lo.selectFrom(t1_3, t1_7);
                FloatVector t2_7 = hi.selectFrom(t1_3, t1_7);
                int d = base + p * NR + v;
                t2_0.intoArray(dst, d);
                t2_1.intoArray(dst, d + 1 * NR);
                t2_2.intoArray(dst, d + 2 * NR);
                t2_3.intoArray(dst, d + 3 * NR);
                t2_4.intoArray(dst, d + 4 * NR);
                t2_5.intoArray(dst, d + 5 * NR);
                t2_6.intoArray(dst, d + 6 * NR);
                t2_7.intoArray(dst, d + 7 * NR);
            }
            for (int j = 0; j < 8; j++) {
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
}
