package dev.lanes.optimizers.schedule;

/**
 * OneCycleLR (Smith and Topin 2018), as {@code torch.optim.lr_scheduler.OneCycleLR}: the rate
 * rises from {@code initial = maxLr / divFactor} to {@code maxLr}, then falls to
 * {@code min = initial / finalDivFactor}; momentum moves the opposite way between
 * {@code maxMomentum} and {@code baseMomentum}.
 *
 * <pre>
 * two phases (default):   [0, pct*T - 1]: initial -> max,  momentum max -> base
 *                         [.., T - 1]:    max -> min,      momentum base -> max
 * three phases:           [0, pct*T - 1]: initial -> max,  momentum max -> base
 *                         [.., 2*pct*T - 2]: max -> initial, momentum base -> max
 *                         [.., T - 1]:    initial -> min,  momentum max
 * within a phase from step s to e:  x = (t - s) / (e - s)
 *   cos:    end + (start - end) / 2 * (1 + cos(pi * x))
 *   linear: start + (end - start) * x
 * </pre>
 *
 * Defaults as PyTorch: pctStart 0.3, cos, cycleMomentum true, baseMomentum 0.85, maxMomentum
 * 0.95, divFactor 25, finalDivFactor 1e4, threePhase false. Steps 0..T are valid (T itself
 * extrapolates the last phase, as PyTorch); larger steps throw. The group's own lr is ignored.
 * Departure: one {@code maxLr} for all groups (PyTorch also accepts a list per group).
 */
public final class OneCycle implements MomentumSchedule {
    /** How the rate moves within a phase. */
    public enum Anneal { COS, LINEAR }

    private final double maxLr;
    private final long totalSteps;
    private final Anneal anneal;
    private final boolean cycleMomentum;
    private final double[] ends;
    private final double[] startLr;
    private final double[] endLr;
    private final double[] startM;
    private final double[] endM;

    private OneCycle(Builder b) {
        if (!(b.maxLr > 0) || b.maxLr == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("maxLr must be > 0 and finite, got " + b.maxLr);
        }
        Schedules.positive(b.totalSteps, "totalSteps");
        if (!(b.pctStart >= 0 && b.pctStart <= 1)) {
            throw new IllegalArgumentException("pctStart must be in [0, 1], got " + b.pctStart);
        }
        if (!(b.divFactor > 0) || !(b.finalDivFactor > 0)) {
            throw new IllegalArgumentException("divFactor and finalDivFactor must be > 0, got "
                    + b.divFactor + " and " + b.finalDivFactor);
        }
        if (b.cycleMomentum && !(b.baseMomentum >= 0 && b.baseMomentum <= b.maxMomentum && b.maxMomentum < 1)) {
            throw new IllegalArgumentException("momentum cycling needs 0 <= baseMomentum <= maxMomentum < 1, got "
                    + b.baseMomentum + " and " + b.maxMomentum);
        }
        this.maxLr = b.maxLr;
        this.totalSteps = b.totalSteps;
        this.anneal = b.anneal;
        this.cycleMomentum = b.cycleMomentum;
        double initial = b.maxLr / b.divFactor;
        double min = initial / b.finalDivFactor;
        double t = b.totalSteps;
        double lo = b.baseMomentum;
        double hi = b.maxMomentum;
        if (b.threePhase) {
            ends = new double[] {b.pctStart * t - 1, 2 * b.pctStart * t - 2, t - 1};
            startLr = new double[] {initial, b.maxLr, initial};
            endLr = new double[] {b.maxLr, initial, min};
            startM = new double[] {hi, lo, hi};
            endM = new double[] {lo, hi, hi};
        } else {
            ends = new double[] {b.pctStart * t - 1, t - 1};
            startLr = new double[] {initial, b.maxLr};
            endLr = new double[] {b.maxLr, min};
            startM = new double[] {hi, lo};
            endM = new double[] {lo, hi};
        }
        double prev = 0;
        for (int i = 0; i < ends.length; i++) {
            if (!(ends[i] > prev) && !(i == 0 && ends[i] < 0 && ends.length == 2)) {
                throw new IllegalArgumentException("pctStart " + b.pctStart + " with totalSteps " + b.totalSteps
                        + " gives an empty phase " + i + " (phase ends " + java.util.Arrays.toString(ends) + ")");
            }
            prev = ends[i];
        }
    }

    public static Builder builder(double maxLr, long totalSteps) {
        return new Builder(maxLr, totalSteps);
    }

    /** Builder with PyTorch's defaults. */
    public static final class Builder {
        private final double maxLr;
        private final long totalSteps;
        private double pctStart = 0.3;
        private Anneal anneal = Anneal.COS;
        private boolean cycleMomentum = true;
        private double baseMomentum = 0.85;
        private double maxMomentum = 0.95;
        private double divFactor = 25;
        private double finalDivFactor = 1e4;
        private boolean threePhase;

        Builder(double maxLr, long totalSteps) {
            this.maxLr = maxLr;
            this.totalSteps = totalSteps;
        }

        public Builder pctStart(double v) {
            pctStart = v;
            return this;
        }

        public Builder anneal(Anneal v) {
            if (v == null) {
                throw new IllegalArgumentException("anneal must not be null");
            }
            anneal = v;
            return this;
        }

        public Builder cycleMomentum(boolean v) {
            cycleMomentum = v;
            return this;
        }

        public Builder momentum(double base, double max) {
            baseMomentum = base;
            maxMomentum = max;
            return this;
        }

        public Builder divFactor(double v) {
            divFactor = v;
            return this;
        }

        public Builder finalDivFactor(double v) {
            finalDivFactor = v;
            return this;
        }

        public Builder threePhase(boolean v) {
            threePhase = v;
            return this;
        }

        public OneCycle build() {
            return new OneCycle(this);
        }
    }

    private double annealed(double start, double end, double x) {
        return anneal == Anneal.COS
                ? end + (start - end) / 2.0 * (Math.cos(Math.PI * x) + 1)
                : (end - start) * x + start;
    }

    private int phase(long t) {
        Schedules.nonNegativeStep(t);
        if (t > totalSteps) {
            throw new IllegalArgumentException("one-cycle step " + t + " is past totalSteps " + totalSteps);
        }
        for (int i = 0; i < ends.length - 1; i++) {
            if (t <= ends[i]) {
                return i;
            }
        }
        return ends.length - 1;
    }

    private double fraction(int i, long t) {
        double start = i == 0 ? 0 : ends[i - 1];
        return (t - start) / (ends[i] - start);
    }

    @Override
    public double lr(double baseLr, long t) {
        int i = phase(t);
        return annealed(startLr[i], endLr[i], fraction(i, t));
    }

    @Override
    public boolean cyclesMomentum() {
        return cycleMomentum;
    }

    @Override
    public double momentum(long t) {
        int i = phase(t);
        return annealed(startM[i], endM[i], fraction(i, t));
    }

    public double maxLr() {
        return maxLr;
    }

    public long totalSteps() {
        return totalSteps;
    }
}
