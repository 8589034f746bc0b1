package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import dev.lanes.kernels.Kernels;

/**
 * Binary cross-entropy on logits, as PyTorch's {@code nn.BCEWithLogitsLoss}, in the stable form
 * (no {@code log(sigmoid)} that underflows):
 * <pre>
 * l_i = max(x_i, 0) - x_i t_i + log(1 + exp(-|x_i|)) = softplus(x_i) - x_i t_i
 * loss = sum_i l_i / N   (MEAN, N elements)   or   sum_i l_i   (SUM)
 * dL/dx_i = (sigmoid(x_i) - t_i) / N         (MEAN; without /N for SUM)
 * </pre>
 * Targets are probabilities in {@code [0, 1]} with the logits' shape. The softplus (PyTorch's,
 * threshold 20, where {@code log1p(exp(-20))} is below float resolution), sigmoid, sums and
 * scaling run in kernels. {@link #backward()} returns dL/dlogits in a buffer owned by this loss.
 */
public final class BCEWithLogitsLoss {
    private final Kernels k = Kernels.get();
    private final Reduction reduction;
    private Tensor work;
    private Tensor product;
    private Tensor logits;
    private Tensor targets;

    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: reduction must not be null");
        }
        this.reduction = reduction;
    }

    public float forward(Tensor logits, Tensor targets) {
        if (logits == null || targets == null) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: " + (logits == null ? "logits" : "targets")
                    + " must not be null");
        }
        if (!logits.sameShape(targets)) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: targets must have the logits' shape "
                    + logits.shapeString() + ", got " + targets.shapeString());
        }
        int n = logits.size();
        float[] t = targets.data();
        for (int i = 0; i < n; i++) {
            if (!(t[i] >= 0 && t[i] <= 1)) {
                throw new IllegalArgumentException("BCEWithLogitsLoss: targets must be in [0, 1], got targets["
                        + i + "] = " + t[i]);
            }
        }
        if (work == null || !work.sameShape(logits)) {
            work = new Tensor(logits.shape());
            product = new Tensor(logits.shape());
        }
        this.logits = logits;
        this.targets = targets;
        float[] w = work.data();
        float[] x = logits.data();
        k.activations().softplus(w, 0, x, 0, 1f, 20f, n);
        // per element first (softplus(x) - x t), then the sum: no cancellation between two large sums
        k.vectors().mul(product.data(), 0, x, 0, t, 0, n);
        k.vectors().sub(w, 0, w, 0, product.data(), 0, n);
        double total = k.reductions().sum(w, 0, n);
        return (float) (reduction == Reduction.MEAN ? total / n : total);
    }

    /** dL/dlogits of the last forward (owned buffer). */
    public Tensor backward() {
        if (logits == null) {
            throw new IllegalStateException("BCEWithLogitsLoss: backward called before forward");
        }
        int n = logits.size();
        float[] w = work.data();
        k.activations().sigmoid(w, 0, logits.data(), 0, n);
        k.vectors().sub(w, 0, w, 0, targets.data(), 0, n);
        if (reduction == Reduction.MEAN && n > 0) {
            k.vectors().scale(w, 0, 1f / n, n);
        }
        return work;
    }
}
