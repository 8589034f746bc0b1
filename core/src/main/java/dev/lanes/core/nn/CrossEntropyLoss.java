package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import dev.lanes.kernels.Kernels;

/**
 * Cross-entropy from logits with integer class labels, as PyTorch's
 * {@code nn.CrossEntropyLoss(reduction, label_smoothing)}: log-softmax and negative log-likelihood
 * fused. With {@code p = log_softmax(logits)} over the C classes of each of the N rows and the
 * smoothed target {@code q_c = (1 - s) [c == label] + s / C}:
 * <pre>
 * loss_r = -sum_c q_c p[r,c] = (1 - s) (-p[r,label_r]) + (s / C) (-sum_c p[r,c])
 * loss   = sum_r loss_r / N   (MEAN)   or   sum_r loss_r   (SUM)
 * dL/dlogits[r,c] = (softmax(logits)[r,c] - q_c) / N   (MEAN; without /N for SUM)
 * </pre>
 * The row-wise log-softmax, softmax, sums and scaling run in kernels. {@link #backward()} returns
 * dL/dlogits in a buffer owned by this loss (overwritten by the next call; allocated once per
 * shape).
 */
public final class CrossEntropyLoss {
    private final Kernels k = Kernels.get();
    private final Reduction reduction;
    private final float smoothing;
    private Tensor logProbs;
    private Tensor grad;
    private float[] smoothRow = new float[0];
    private Tensor logits;
    /** A copy of the last forward's labels (reused; the caller may change its array before backward). */
    private int[] labels = new int[0];

    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f);
    }

    public CrossEntropyLoss(Reduction reduction, float labelSmoothing) {
        if (reduction == null) {
            throw new IllegalArgumentException("CrossEntropyLoss: reduction must not be null");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.smoothing = labelSmoothing;
    }

    /**
     * The loss of {@code logits [N, C]} against {@code labels} (N class indices in {@code [0, C)}).
     * Keeps a reference to {@code logits} (do not change them before {@link #backward()}) and a copy
     * of {@code labels} (reused buffer), so the caller may reuse its label array at once.
     */
    public float forward(Tensor logits, int[] labels) {
        if (logits == null) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits must not be null");
        }
        if (labels == null) {
            throw new IllegalArgumentException("CrossEntropyLoss: labels must not be null");
        }
        if (logits.rank() != 2 || logits.dim(1) < 1) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits must have shape [batch, classes >= 1], got "
                    + logits.shapeString());
        }
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("CrossEntropyLoss: labels must have one entry per row of logits ("
                    + n + "), got " + labels.length);
        }
        for (int r = 0; r < n; r++) {
            if (labels[r] < 0 || labels[r] >= c) {
                throw new IllegalArgumentException("CrossEntropyLoss: labels[" + r + "] must be a class index in [0, "
                        + c + "), got " + labels[r]);
            }
        }
        if (logProbs == null || !logProbs.sameShape(logits)) {
            logProbs = new Tensor(n, c);
            grad = new Tensor(n, c);
        }
        this.logits = logits;
        if (this.labels.length != n) {
            this.labels = new int[n];
        }
        System.arraycopy(labels, 0, this.labels, 0, n);
        float[] lp = logProbs.data();
        if (n == 0) {
            return reduction == Reduction.MEAN ? Float.NaN : 0f;
        }
        k.activations().logSoftmax(lp, 0, logits.data(), 0, n, c);
        double nll = 0;
        for (int r = 0; r < n; r++) {
            nll -= lp[r * c + labels[r]];
        }
        double total = (1 - smoothing) * nll;
        if (smoothing > 0) {
            total -= (double) smoothing / c * k.reductions().sum(lp, 0, n * c);
        }
        return (float) (reduction == Reduction.MEAN ? total / n : total);
    }

    /** dL/dlogits of the last forward. */
    public Tensor backward() {
        if (logits == null) {
            throw new IllegalStateException("CrossEntropyLoss: backward called before forward");
        }
        int n = logProbs.dim(0);
        int c = logProbs.dim(1);
        if (n == 0) {
            return grad;
        }
        float[] g = grad.data();
        k.activations().softmax(g, 0, logits.data(), 0, n, c);
        float hit = 1 - smoothing;
        for (int r = 0; r < n; r++) {
            g[r * c + labels[r]] -= hit;
        }
        if (smoothing > 0) {
            if (smoothRow.length != c) {
                smoothRow = new float[c];
            }
            k.vectors().fill(smoothRow, 0, -smoothing / c, c);
            k.vectors().addRow(g, 0, smoothRow, 0, n, c);
        }
        if (reduction == Reduction.MEAN) {
            k.vectors().scale(g, 0, 1f / n, n * c);
        }
        return grad;
    }

    /** The log-probabilities of the last forward {@code [N, C]} (owned; overwritten by the next forward). */
    public Tensor logProbabilities() {
        return logProbs;
    }
}
