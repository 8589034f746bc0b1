package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed layouts, element by element, for both transposes, edge panels and offsets. */
class GemmPackingTest {
    private static final int MR = GemmDriver.MR;
    private static final int NR = GemmDriver.NR;

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void packBLaysOutMicroPanelsOfNrColumns() {
        SplittableRandom r = new SplittableRandom(3);
        for (boolean trans : new boolean[] {false, true}) {
            for (int[] s : new int[][] {{1, 1}, {16, NR}, {17, NR + 1}, {35, 2 * NR + 5}, {40, 3 * NR}, {5, NR - 1}}) {
                int kc = s[0], nc = s[1];
                int pc = r.nextInt(0, 4), jc = r.nextInt(0, 4);
                int rows = trans ? jc + nc : pc + kc, cols = trans ? pc + kc : jc + nc;
                int ldb = cols + r.nextInt(0, 5);
                int bOff = r.nextInt(0, 7);
                float[] b = random(r, bOff + rows * ldb);
                WorkspaceHolder ws = new WorkspaceHolder();
                float[] dst = new float[((nc + NR - 1) / NR) * NR * kc];
                java.util.Arrays.fill(dst, Float.NaN);
                GemmPacking.packB(dst, b, bOff, ldb, trans, pc, jc, kc, nc, ws.ws.gatherIndex(ldb));
                for (int jr = 0; jr < nc; jr += NR) {
                    for (int p = 0; p < kc; p++) {
                        for (int j = 0; j < NR; j++) {
                            int col = jc + jr + j;
                            float want = jr + j >= nc ? 0f
                                    : trans ? b[bOff + col * ldb + pc + p] : b[bOff + (pc + p) * ldb + col];
                            assertEquals(want, dst[jr * kc + p * NR + j],
                                    "packB trans=" + trans + " kc=" + kc + " nc=" + nc + " p=" + p + " j=" + (jr + j));
                        }
                    }
                }
            }
        }
    }

    @Test
    void packALaysOutMicroPanelsOfMrRows() {
        SplittableRandom r = new SplittableRandom(4);
        for (boolean trans : new boolean[] {false, true}) {
            for (int[] s : new int[][] {{1, 1}, {MR, 16}, {MR + 1, 17}, {5 * MR - 1, 40}}) {
                int mc = s[0], kc = s[1];
                int ic = r.nextInt(0, 4), pc = r.nextInt(0, 4);
                int rows = trans ? pc + kc : ic + mc, cols = trans ? ic + mc : pc + kc;
                int lda = cols + r.nextInt(0, 5);
                int aOff = r.nextInt(0, 7);
                float[] a = random(r, aOff + rows * lda + VectorShapes.LANES);
                int panels = (mc + MR - 1) / MR;
                float[] dst = new float[panels * MR * kc + VectorShapes.LANES];
                java.util.Arrays.fill(dst, Float.NaN);
                GemmPacking.packA(dst, a, aOff, lda, trans, ic, pc, mc, kc);
                for (int ir = 0; ir < mc; ir += MR) {
                    for (int p = 0; p < kc; p++) {
                        for (int i = 0; i < MR; i++) {
                            int row = ic + ir + i;
                            float want = ir + i >= mc ? 0f
                                    : trans ? a[aOff + (pc + p) * lda + row] : a[aOff + row * lda + pc + p];
                            assertEquals(want, dst[ir * kc + p * MR + i],
                                    "packA trans=" + trans + " mc=" + mc + " kc=" + kc + " p=" + p + " i=" + (ir + i));
                        }
                    }
                }
            }
        }
    }

    private static final class WorkspaceHolder {
        final GemmWorkspace ws = new GemmWorkspace(MR * NR, NR);
    }
}
