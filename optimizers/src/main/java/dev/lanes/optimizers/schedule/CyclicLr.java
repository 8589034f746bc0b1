package dev.lanes.optimizers.schedule;

/**
 * CyclicLR (Smith 2017), as {@code torch.optim.lr_scheduler.CyclicLR}:
 *
 * <pre>
 * total = up + down;  ratio = up / total
 * cycle = floor(1 + t / total);  x = 1 + t / total - cycle
 * s = x &lt;= ratio ? x / ratio : (x - 1) / (ratio - 1)
 * lr = baseLr + (maxLr - baseLr) * s * scale
 * momentum = maxMomentum - (maxMomentum - baseMomentum) * s * scale
 * scale: triangular 1;  triangular2 1 / 2^(cycle - 1);  exp_range gamma^t
 * </pre>
 *
 * Defaults as PyTorch: stepSizeUp 2000, stepSizeDown = stepSizeUp, triangular, gamma 1,
 * cycleMomentum true, baseMomentum 0.8, maxMomentum 0.9. The group's own lr is ignored (PyTorch
 * also overwrites it with baseLr). Departure: one baseLr/maxLr for all groups.
 */
public final class CyclicLr implements MomentumSchedule {
    /** Amplitude scaling per cycle. */
    public enum Mode { TRIANGULAR, TRIANGULAR2, EXP_RANGE }

    private final double baseLr;
    private final double maxLr;
    private final double total;
    private final double ratio;
    private final Mode mode;
    private final double gamma;
    private final boolean cycleMomentum;
    private final double baseMomentum;
    private final double maxMomentum;

    private CyclicLr(Builder b) {
        Schedules.nonNegative(b.baseLr, "baseLr");
        Schedules.nonNegative(b.maxLr, "maxLr");
        Schedules.positive(b.up, "stepSizeUp");
        long down = b.down < 0 ? b.up : b.down;
        Schedules.positive(down, "stepSizeDown");
        Schedules.nonNegative(b.gamma, "gamma");
        if (b.cycleMomentum && !(b.baseMomentum >= 0 && b.baseMomentum <= b.maxMomentum && b.maxMomentum < 1)) {
            throw new IllegalArgumentException("momentum cycling needs 0 <= baseMomentum <= maxMomentum < 1, got "
                    + b.baseMomentum + " and " + b.maxMomentum);
        }
        this.baseLr = b.baseLr;
        this.maxLr = b.maxLr;
        this.total = (double) b.up + down;
        this.ratio = b.up / total;
        this.mode = b.mode;
        this.gamma = b.gamma;
        this.cycleMomentum = b.cycleMomentum;
        this.baseMomentum = b.baseMomentum;
        this.maxMomentum = b.maxMomentum;
    }

    public static Builder builder(double baseLr, double maxLr) {
        return new Builder(baseLr, maxLr);
    }

    /** Builder with PyTorch's defaults. */
    public static final class Builder {
        private final double baseLr;
        private final double maxLr;
        private long up = 2000;
        private long down = -1;
        private Mode mode = Mode.TRIANGULAR;
        private double gamma = 1;
        private boolean cycleMomentum = true;
        private double baseMomentum = 0.8;
        private double maxMomentum = 0.9;

        Builder(double baseLr, double maxLr) {
            this.baseLr = baseLr;
            this.maxLr = maxLr;
        }

        public Builder stepSizeUp(long v) {
            up = v;
            return this;
        }

        public Builder stepSizeDown(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("stepSizeDown must be >= 1, got " + v);
            }
            down = v;
            return this;
        }

        public Builder mode(Mode v) {
            if (v == null) {
                throw new IllegalArgumentException("mode must not be null");
            }
            mode = v;
            return this;
        }

        public Builder gamma(double v) {
            gamma = v;
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

        public CyclicLr build() {
            return new CyclicLr(this);
        }
    }

    private double scaleFactor(long t) {
        Schedules.nonNegativeStep(t);
        double cycle = Math.floor(1 + t / total);
        double x = 1.0 + t / total - cycle;
        return x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    }

    private double scale(long t) {
        return switch (mode) {
            case TRIANGULAR -> 1.0;
            case TRIANGULAR2 -> 1 / Math.pow(2, Math.floor(1 + t / total) - 1);
            case EXP_RANGE -> Math.pow(gamma, t);
        };
    }

    @Override
    public double lr(double ignored, long t) {
        return baseLr + (maxLr - baseLr) * scaleFactor(t) * scale(t);
    }

    @Override
    public boolean cyclesMomentum() {
        return cycleMomentum;
    }

    @Override
    public double momentum(long t) {
        return maxMomentum - (maxMomentum - baseMomentum) * scaleFactor(t) * scale(t);
    }
}
