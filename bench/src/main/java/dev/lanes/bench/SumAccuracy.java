package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Reductions;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the error of {@code Reductions.sum} (SIMD and scalar) on 10M floats against the exact
 * sum (BigDecimal), next to a naive {@code float s += x[i]} loop, for uniform [0,1) and standard
 * normal values drawn from a fixed seed.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.lanes.bench.SumAccuracy [n] [seed]}.
 */
public final class SumAccuracy {
    private SumAccuracy() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Reductions simd = Kernels.simd().reductions();
        Reductions scalar = Kernels.scalar().reductions();
        for (String kind : new String[] {"uniform[0,1)", "normal(0,1)"}) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = kind.startsWith("uniform") ? r.nextFloat() : (float) r.nextGaussian();
            }
            BigDecimal exact = BigDecimal.ZERO;
            double sumAbs = 0;
            float naive = 0;
            for (float v : x) {
                exact = exact.add(new BigDecimal(v));
                sumAbs += Math.abs(v);
                naive += v;
            }
            float s = simd.sum(x, 0, n);
            float t = scalar.sum(x, 0, n);
            double ulp = Math.ulp(exact.floatValue());
            System.out.printf(Locale.ROOT, "%s n=%d seed=%d exact=%.10g sum|x|=%.6g ulp(exact)=%.3g%n",
                    kind, n, seed, exact.doubleValue(), sumAbs, ulp);
            for (Object[] row : new Object[][] {{"simd", s}, {"scalar", t}, {"naive float", naive}}) {
                float v = (Float) row[1];
                double err = new BigDecimal(v).subtract(exact).abs().doubleValue();
                System.out.printf(Locale.ROOT, "  %-12s %.10g  |error| %.4g = %.3g ulp = %.3g * sum|x|%n",
                        row[0], v, err, err / ulp, err / sumAbs);
            }
        }
    }
}
