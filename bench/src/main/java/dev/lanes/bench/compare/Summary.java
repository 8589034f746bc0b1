package dev.lanes.bench.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A variant's runs over all seeds, reduced: means and (sample) standard deviations over seeds.
 *
 * @param variant  the variant
 * @param runs     its runs, one per seed, in seed order
 */
public record Summary(Variant variant, List<RunResult> runs) {
    /** Below this mean final test accuracy a variant counts as not having learned (chance is 1/classes). */
    static final double LEARNED = 0.2;

    public Summary {
        runs = List.copyOf(runs);
    }

    public double accMean() {
        return mean(runs.stream().mapToDouble(RunResult::testAccuracy).toArray());
    }

    public double accStd() {
        return std(runs.stream().mapToDouble(RunResult::testAccuracy).toArray());
    }

    public double lossMean() {
        return mean(runs.stream().mapToDouble(RunResult::testLoss).toArray());
    }

    /** Mean over seeds of the best per-epoch test accuracy. */
    public double bestAccMean() {
        return mean(runs.stream().mapToDouble(r -> r.epochs().stream().mapToDouble(RunResult.Epoch::testAccuracy)
                .max().orElse(Double.NaN)).toArray());
    }

    /** Seeds whose run reached {@code target} test accuracy at some epoch. */
    public int reached(double target) {
        return (int) runs.stream().filter(r -> r.epochsTo(target) > 0).count();
    }

    /** Mean epochs to {@code target} over the seeds that reached it (NaN if none). */
    public double epochsTo(double target) {
        return mean(runs.stream().mapToInt(r -> r.epochsTo(target)).filter(e -> e > 0).asDoubleStream().toArray());
    }

    /** Mean seconds to {@code target} over the seeds that reached it (NaN if none). */
    public double secondsTo(double target) {
        return mean(runs.stream().mapToDouble(r -> r.secondsTo(target)).filter(s -> !Double.isNaN(s)).toArray());
    }

    /**
     * Median wall seconds per epoch over all epochs of all seeds (training and the per-epoch
     * evaluation); the median, so an epoch slowed by JIT compilation or a busy machine counts less.
     */
    public double secondsPerEpoch() {
        return median(runs.stream().flatMap(r -> r.epochs().stream()).mapToDouble(RunResult.Epoch::seconds).toArray());
    }

    /** Median training samples per second (training loop only) over all epochs of all seeds. */
    public double samplesPerSecond() {
        return median(runs.stream().flatMap(r -> r.epochs().stream()).mapToDouble(RunResult.Epoch::samplesPerSecond)
                .toArray());
    }

    static double median(double[] a) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double[] b = a.clone();
        java.util.Arrays.sort(b);
        int n = b.length;
        return n % 2 == 1 ? b[n / 2] : (b[n / 2 - 1] + b[n / 2]) / 2;
    }

    public int divergedRuns() {
        return (int) runs.stream().filter(r -> r.diverged() != null).count();
    }

    /** ok, diverged (k/K seeds), or did not learn (mean final test accuracy below {@link #LEARNED}). */
    public String status() {
        int d = divergedRuns();
        if (d > 0) {
            return "diverged (" + d + "/" + runs.size() + ")";
        }
        if (!(accMean() >= LEARNED)) {
            return "did not learn";
        }
        return "ok";
    }

    public boolean learned() {
        return status().equals("ok");
    }

    /** The mean over seeds of a per-epoch value, epoch by epoch (as long as every seed has the epoch). */
    public double[] curve(java.util.function.ToDoubleFunction<RunResult.Epoch> f) {
        int n = runs.stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
        if (runs.size() == 1) {
            n = runs.get(0).epochs().size();
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (RunResult r : runs) {
                s += f.applyAsDouble(r.epochs().get(i));
            }
            c[i] = s / runs.size();
        }
        return c;
    }

    /** Mean over seeds of a probe value per layer. */
    public double[] probe(boolean end, boolean grad) {
        List<double[]> all = new ArrayList<>();
        for (RunResult r : runs) {
            RunResult.Probe p = end ? r.end() : r.start();
            all.add(grad ? p.weightGradNorm() : p.inputStd());
        }
        double[] m = new double[all.get(0).length];
        for (double[] a : all) {
            for (int i = 0; i < m.length; i++) {
                m[i] += a[i] / all.size();
            }
        }
        return m;
    }

    static double mean(double[] a) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** Sample standard deviation; 0 for one value. */
    static double std(double[] a) {
        if (a.length < 2) {
            return a.length == 1 ? 0 : Double.NaN;
        }
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }
}
