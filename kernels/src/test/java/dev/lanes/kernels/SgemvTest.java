package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SGEMV ({@link Sgemv} through {@link SimdGemm}, and the scalar twin) against a double reference. */
class SgemvTest {
    private static final Gemm SIMD = new SimdGemm();
    private static final Gemm SCALAR = new ScalarGemm();

    /**
     * SGEMV against a double reference, same tolerance form as SGEMM with k = the dot length;
     * lengths 0..600 cover every tail residue of the vector length and the 4-row/4-vector blocks.
     */
    @Test
    void sgemvMatchesTheDoubleReference() {
        qt().withExamples(80)
                .forAll(integers().between(0, 300), integers().between(0, 300), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] ab = GemmTest.ALPHA_BETA[(int) Math.floorMod(seed, (long) GemmTest.ALPHA_BETA.length)];
                    int lda = Math.max(1, n) + r.nextInt(0, 9);
                    int aOff = r.nextInt(0, 9), xOff = r.nextInt(0, 9), yOff = r.nextInt(0, 9);
                    float[] a = GemmTest.Problem.fill(r, aOff + m * lda, false);
                    for (boolean trans : new boolean[] {false, true}) {
                        int xLen = trans ? m : n, yLen = trans ? n : m;
                        float[] x = GemmTest.Problem.fill(r, xOff + xLen, false);
                        float[] y0 = GemmTest.Problem.fill(r, yOff + yLen + 3, false);
                        if (ab[1] == 0f) {
                            java.util.Arrays.fill(y0, yOff, yOff + yLen, Float.NaN);
                        }
                        for (Gemm g : new Gemm[] {SIMD, SCALAR}) {
                            float[] y = y0.clone();
                            g.sgemv(y, yOff, a, aOff, lda, trans, x, xOff, m, n, ab[0], ab[1]);
                            for (int i = 0; i < y.length; i++) {
                                if (i < yOff || i >= yOff + yLen) {
                                    assertEquals(Float.floatToRawIntBits(y0[i]), Float.floatToRawIntBits(y[i]),
                                            "sgemv wrote outside y at " + i);
                                    continue;
                                }
                                int row = i - yOff;
                                double dot = 0, mag = 0;
                                for (int p = 0; p < xLen; p++) {
                                    double prod = (double) (trans ? a[aOff + p * lda + row] : a[aOff + row * lda + p])
                                            * x[xOff + p];
                                    dot += prod;
                                    mag += Math.abs(prod);
                                }
                                double ref = ab[1] == 0f ? ab[0] * dot : ab[0] * dot + ab[1] * (double) y0[i];
                                double tol = (xLen + 2) * 0x1p-23 * (Math.abs(ab[0]) * mag
                                        + (ab[1] == 0f ? 0 : Math.abs(ab[1] * y0[i]))) + (xLen + 2) * 0x1p-149;
                                assertTrue(Math.abs(y[i] - ref) <= tol, (g == SIMD ? "simd" : "scalar")
                                        + " sgemv trans=" + trans + " m=" + m + " n=" + n + " y[" + row + "]=" + y[i]
                                        + " ref " + ref + " tol " + tol);
                            }
                        }
                    }
                });
    }

    /** Runs {@link SgemvTierProbe} in a child JVM with these flags; its {@code hash=} line. */
    private static String probe(List<String> flags, int rounds) throws Exception {
        String out = ChildJvm.run(SgemvTierProbe.class, flags, List.of(Integer.toString(rounds)), 300);
        for (String line : out.split("\n")) {
            if (line.startsWith("hash=")) {
                return line.trim();
            }
        }
        throw new AssertionError("no hash line from " + flags + ":\n" + out);
    }

    /**
     * The same bits whatever the JIT has compiled: the interpreter (the Vector API's Java
     * fallback), C1 only, and C2 with {@code -Xbatch} (compiles finish before the code runs on,
     * so after 200 rounds the hashed round runs C2 code on every run: the verdict does not depend
     * on the machine's load). With {@code reduceLanes(ADD)} the C2 hash differed from the
     * interpreter's at 512, 256 and 128 bits (e.g. {@code e099e9b9abd60ddf} vs
     * {@code d5086a474b7874ef} at 512).
     */
    @Test
    void sameBitsInEveryJitTier() throws Exception {
        String interpreted = probe(List.of("-Xint"), 0);
        assertEquals(interpreted, probe(List.of("-XX:TieredStopAtLevel=1"), 200), "C1 only vs -Xint");
        assertEquals(interpreted, probe(List.of("-XX:-TieredCompilation", "-Xbatch"), 200), "C2 (-Xbatch) vs -Xint");
    }
}
