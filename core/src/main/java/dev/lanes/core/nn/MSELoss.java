package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import dev.lanes.kernels.Kernels;

/**
 * Mean squared error, as PyTorch's {@code nn.MSELoss}:
 * <pre>
 * loss = sum_i (pred_i - target_i)^2 / N     (MEAN, N = number of elements)  or the sum (SUM)
 * dL/dpred_i = 2 (pred_i - target_i) / N     (MEAN)  or 2 (pred_i - target_i) (SUM)
 * </pre>
 * {@link #forward} returns the loss; {@link #backward()} returns dL/dpred in a buffer owned by
 * this loss (overwritten by the next call; allocated once per shape).
 */
public final class MSELoss {
    private final Kernels k = Kernels.get();
    private final Reduction reduction;
    private Tensor diff;
    private Tensor grad;
    private boolean ready;

    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MSELoss: reduction must not be null");
        }
        this.reduction = reduction;
    }

    public float forward(Tensor pred, Tensor target) {
        if (pred == null || target == null) {
            throw new IllegalArgumentException("MSELoss: " + (pred == null ? "pred" : "target") + " must not be null");
        }
        if (!pred.sameShape(target)) {
            throw new IllegalArgumentException("MSELoss: target must have pred's shape " + pred.shapeString()
                    + ", got " + target.shapeString());
        }
        int n = pred.size();
        if (diff == null || !diff.sameShape(pred)) {
            diff = new Tensor(pred.shape());
            grad = new Tensor(pred.shape());
        }
        k.vectors().sub(diff.data(), 0, pred.data(), 0, target.data(), 0, n);
        ready = true;
        float ss = k.reductions().sumSquares(diff.data(), 0, n);
        return reduction == Reduction.MEAN ? (n == 0 ? Float.NaN : ss / n) : ss;
    }

    /** dL/dpred of the last forward. */
    public Tensor backward() {
        if (!ready) {
            throw new IllegalStateException("MSELoss: backward called before forward");
        }
        int n = diff.size();
        float s = reduction == Reduction.MEAN ? 2f / Math.max(1, n) : 2f;
        k.vectors().copy(grad.data(), 0, diff.data(), 0, n);
        k.vectors().scale(grad.data(), 0, s, n);
        return grad;
    }
}
