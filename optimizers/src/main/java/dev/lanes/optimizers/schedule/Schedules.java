package dev.lanes.optimizers.schedule;

import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's learning-rate schedules as closed forms (names follow
 * {@code torch.optim.lr_scheduler}). {@code base} is the group's initial learning rate, {@code t}
 * the scheduler step.
 */
public final class Schedules {
    private Schedules() {}

    static void positive(long v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    static void finite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    static void nonNegative(double v, String name) {
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + v);
        }
    }

    static void nonNegativeStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }

    /** ConstantLR: {@code base * (t < totalIters ? factor : 1)}; PyTorch defaults factor 1/3, totalIters 5. */
    public record ConstantLr(double factor, long totalIters) implements LrSchedule {
        public ConstantLr {
            if (!(factor >= 0 && factor <= 1)) {
                throw new IllegalArgumentException("factor must be in [0, 1], got " + factor);
            }
            if (totalIters < 0) {
                throw new IllegalArgumentException("totalIters must be >= 0, got " + totalIters);
            }
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return base * (t < totalIters ? factor : 1);
        }
    }

    /** StepLR: {@code base * gamma^floor(t / stepSize)}; PyTorch default gamma 0.1. */
    public record StepLr(long stepSize, double gamma) implements LrSchedule {
        public StepLr {
            positive(stepSize, "stepSize");
            nonNegative(gamma, "gamma");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return base * Math.pow(gamma, (double) (t / stepSize));
        }
    }

    /** MultiStepLR: {@code base * gamma^(number of milestones <= t)}; milestones increasing. */
    public record MultiStepLr(long[] milestones, double gamma) implements LrSchedule {
        public MultiStepLr {
            milestones = increasing(milestones, "milestones");
            nonNegative(gamma, "gamma");
        }

        @Override
        public long[] milestones() {
            return milestones.clone();
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return base * Math.pow(gamma, countAtMost(milestones, t));
        }
    }

    /** ExponentialLR: {@code base * gamma^t}. */
    public record ExponentialLr(double gamma) implements LrSchedule {
        public ExponentialLr {
            nonNegative(gamma, "gamma");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return base * Math.pow(gamma, t);
        }
    }

    /**
     * CosineAnnealingLR (closed form): {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}.
     * Past {@code tMax} the closed form keeps following the cosine (back up), as PyTorch's.
     */
    public record CosineAnnealingLr(long tMax, double etaMin) implements LrSchedule {
        public CosineAnnealingLr {
            positive(tMax, "tMax");
            nonNegative(etaMin, "etaMin");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
        }
    }

    /**
     * CosineAnnealingWarmRestarts: period {@code T_i} starts at {@code t0} and is multiplied by
     * {@code tMult} after each restart; {@code lr = etaMin + (base - etaMin) * (1 + cos(pi * T_cur / T_i)) / 2}
     * with {@code T_cur} the steps since the last restart. The restart index is found with integer
     * arithmetic (PyTorch uses a floating log, which can round the wrong way exactly at a restart).
     */
    public record CosineWarmRestarts(long t0, long tMult, double etaMin) implements LrSchedule {
        public CosineWarmRestarts {
            positive(t0, "t0");
            positive(tMult, "tMult");
            nonNegative(etaMin, "etaMin");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            long start = 0;
            long len = t0;
            if (tMult == 1) {
                start = t - t % t0;
            } else {
                while (t >= start + len) {
                    start += len;
                    len = Math.multiplyExact(len, tMult);
                }
            }
            return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * (t - start) / len)) / 2;
        }
    }

    /**
     * LinearLR: {@code base * (start + (end - start) * min(t, totalIters) / totalIters)}; PyTorch
     * defaults start 1/3, end 1, totalIters 5. As PyTorch, {@code 0 < start <= 1}, {@code 0 <= end <= 1}.
     */
    public record LinearLr(double startFactor, double endFactor, long totalIters) implements LrSchedule {
        public LinearLr {
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("startFactor must be in (0, 1], got " + startFactor);
            }
            if (!(endFactor >= 0 && endFactor <= 1)) {
                throw new IllegalArgumentException("endFactor must be in [0, 1], got " + endFactor);
            }
            positive(totalIters, "totalIters");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return base * (startFactor + (endFactor - startFactor) * Math.min(t, totalIters) / totalIters);
        }
    }

    /**
     * PolynomialLR: {@code base * (1 - min(t, totalIters) / totalIters)^power}; PyTorch defaults
     * totalIters 5, power 1.
     */
    public record PolynomialLr(long totalIters, double power) implements LrSchedule {
        public PolynomialLr {
            positive(totalIters, "totalIters");
            nonNegative(power, "power");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            return base * Math.pow(1 - (double) Math.min(t, totalIters) / totalIters, power);
        }
    }

    /**
     * Linear warmup then cosine decay (not a PyTorch class; equal to
     * {@code SequentialLR([LinearLR(startFactor, 1, warmup), CosineAnnealingLR(total - warmup, etaMin)], [warmup])}
     * up to {@code total}, and to Hugging Face's {@code get_cosine_schedule_with_warmup} when
     * {@code startFactor = 0} and {@code etaMin = 0}):
     * <pre>
     * t &lt; warmup:           base * (startFactor + (1 - startFactor) * t / warmup)
     * warmup &lt;= t &lt;= total: etaMin + (base - etaMin) * (1 + cos(pi * (t - warmup) / (total - warmup))) / 2
     * t &gt; total:            etaMin   (held; the PyTorch composition would rise again)
     * </pre>
     */
    public record WarmupCosine(long warmup, long total, double startFactor, double etaMin) implements LrSchedule {
        public WarmupCosine {
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
            }
            if (total <= warmup) {
                throw new IllegalArgumentException("total must be > warmup (" + warmup + "), got " + total);
            }
            if (!(startFactor >= 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("startFactor must be in [0, 1], got " + startFactor);
            }
            nonNegative(etaMin, "etaMin");
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            if (t < warmup) {
                return base * (startFactor + (1 - startFactor) * t / warmup);
            }
            if (t > total) {
                return etaMin;
            }
            return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * (t - warmup) / (total - warmup))) / 2;
        }
    }

    /**
     * SequentialLR: schedule {@code i} runs from milestone {@code i-1} (or 0) on, restarted at its own
     * step 0: {@code lr = schedules[i].lr(base, t - milestones[i-1])} with
     * {@code i = number of milestones <= t}. Needs {@code milestones.length == schedules.size() - 1}.
     */
    public record SequentialLr(List<LrSchedule> schedules, long[] milestones) implements LrSchedule {
        public SequentialLr {
            if (schedules == null || schedules.isEmpty() || schedules.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("schedules must be a non-empty list without nulls");
            }
            schedules = List.copyOf(schedules);
            milestones = increasing(milestones, "milestones");
            if (milestones.length != schedules.size() - 1) {
                throw new IllegalArgumentException("milestones must have schedules.size() - 1 = "
                        + (schedules.size() - 1) + " entries, got " + milestones.length);
            }
        }

        @Override
        public long[] milestones() {
            return milestones.clone();
        }

        @Override
        public double lr(double base, long t) {
            nonNegativeStep(t);
            int i = countAtMost(milestones, t);
            return schedules.get(i).lr(base, i == 0 ? t : t - milestones[i - 1]);
        }
    }

    static long[] increasing(long[] m, String name) {
        if (m == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        long[] c = m.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0 || (i > 0 && c[i] <= c[i - 1])) {
                throw new IllegalArgumentException(name + " must be non-negative and strictly increasing, got "
                        + Arrays.toString(c));
            }
        }
        return c;
    }

    /** Python's bisect_right: how many sorted values are {@code <= t}. */
    static int countAtMost(long[] sorted, long t) {
        int k = 0;
        while (k < sorted.length && sorted[k] <= t) {
            k++;
        }
        return k;
    }
}
