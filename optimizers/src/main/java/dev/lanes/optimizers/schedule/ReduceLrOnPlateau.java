package dev.lanes.optimizers.schedule;

import dev.lanes.optimizers.Optimizer;
import dev.lanes.optimizers.ParamGroup;
import java.util.List;

/**
 * ReduceLROnPlateau, as {@code torch.optim.lr_scheduler.ReduceLROnPlateau}: multiplies every
 * group's lr by {@code factor} once the metric has not improved for more than {@code patience}
 * calls. The only schedule with state (best value, bad-epoch count, cooldown counter).
 *
 * <pre>
 * step(metric):
 *   epoch = epoch + 1
 *   if better(metric, best): best = metric; bad = 0  else bad = bad + 1
 *   if cooldown_counter > 0:  cooldown_counter = cooldown_counter - 1; bad = 0
 *   if bad > patience:
 *     for each group: new = max(lr * factor, min_lr); if lr - new > eps: lr = new
 *     cooldown_counter = cooldown; bad = 0
 * better (min, rel): a &lt; best * (1 - threshold)     (min, abs): a &lt; best - threshold
 * better (max, rel): a &gt; best * (1 + threshold)     (max, abs): a &gt; best + threshold
 * </pre>
 *
 * Defaults as PyTorch: mode min, factor 0.1, patience 10, threshold 1e-4, rel, cooldown 0,
 * minLr 0, eps 1e-8. A NaN metric never counts as an improvement.
 */
public final class ReduceLrOnPlateau {
    /** Whether lower or higher metric values are better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is relative to the best value or absolute. */
    public enum ThresholdMode { REL, ABS }

    /** The mutable state, for checkpoints. */
    public record State(double best, int numBadEpochs, int cooldownCounter, long lastEpoch) {}

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private long lastEpoch;

    private ReduceLrOnPlateau(Builder b) {
        if (b.optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        if (!(b.factor >= 0 && b.factor < 1)) {
            throw new IllegalArgumentException("factor must be in [0, 1), got " + b.factor);
        }
        if (b.patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + b.patience);
        }
        if (b.cooldown < 0) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + b.cooldown);
        }
        Schedules.nonNegative(b.threshold, "threshold");
        Schedules.nonNegative(b.eps, "eps");
        int groups = b.optimizer.paramGroups().size();
        double[] mins = b.minLrs == null ? new double[] {b.minLr} : b.minLrs.clone();
        if (mins.length == 1 && groups > 1) {
            double v = mins[0];
            mins = new double[groups];
            java.util.Arrays.fill(mins, v);
        }
        if (mins.length != groups) {
            throw new IllegalArgumentException("minLr needs one value or one per group (" + groups + "), got "
                    + mins.length);
        }
        for (double v : mins) {
            Schedules.nonNegative(v, "minLr");
        }
        this.optimizer = b.optimizer;
        this.mode = b.mode;
        this.factor = b.factor;
        this.patience = b.patience;
        this.threshold = b.threshold;
        this.thresholdMode = b.thresholdMode;
        this.cooldown = b.cooldown;
        this.minLrs = mins;
        this.eps = b.eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    /** Builder with PyTorch's defaults. */
    public static final class Builder {
        private final Optimizer optimizer;
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double minLr;
        private double[] minLrs;
        private double eps = 1e-8;

        Builder(Optimizer optimizer) {
            this.optimizer = optimizer;
        }

        public Builder mode(Mode v) {
            if (v == null) {
                throw new IllegalArgumentException("mode must not be null");
            }
            mode = v;
            return this;
        }

        public Builder factor(double v) {
            factor = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder threshold(double v) {
            threshold = v;
            return this;
        }

        public Builder thresholdMode(ThresholdMode v) {
            if (v == null) {
                throw new IllegalArgumentException("thresholdMode must not be null");
            }
            thresholdMode = v;
            return this;
        }

        public Builder cooldown(int v) {
            cooldown = v;
            return this;
        }

        public Builder minLr(double v) {
            minLr = v;
            minLrs = null;
            return this;
        }

        /** One minimum per group. */
        public Builder minLr(double... perGroup) {
            minLrs = perGroup.clone();
            return this;
        }

        public Builder eps(double v) {
            eps = v;
            return this;
        }

        public ReduceLrOnPlateau build() {
            return new ReduceLrOnPlateau(this);
        }
    }

    private boolean better(double a) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
        };
    }

    /**
     * Records one metric value (typically a validation loss per epoch) and reduces the learning
     * rates if the plateau has lasted long enough.
     *
     * @return whether any group's learning rate was reduced
     */
    public boolean step(double metric) {
        lastEpoch++;
        if (better(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        boolean reduced = false;
        if (numBadEpochs > patience) {
            List<ParamGroup> gs = optimizer.paramGroups();
            for (int i = 0; i < gs.size(); i++) {
                double old = gs.get(i).lr();
                double nu = Math.max(old * factor, minLrs[i]);
                if (old - nu > eps) {
                    gs.get(i).setLr(nu);
                    reduced = true;
                }
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        return reduced;
    }

    /** The state, for checkpoints. */
    public State state() {
        return new State(best, numBadEpochs, cooldownCounter, lastEpoch);
    }

    /** Restores a state from {@link #state()}. */
    public void loadState(State s) {
        if (s == null || s.numBadEpochs() < 0 || s.cooldownCounter() < 0 || s.lastEpoch() < 0) {
            throw new IllegalArgumentException("invalid plateau state: " + s);
        }
        best = s.best();
        numBadEpochs = s.numBadEpochs();
        cooldownCounter = s.cooldownCounter();
        lastEpoch = s.lastEpoch();
    }
}
