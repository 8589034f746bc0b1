package dev.lanes.optimizers.train;

import dev.lanes.core.Tensor;
import dev.lanes.core.nn.CrossEntropyLoss;

/**
 * A loss of the model's outputs {@code [N, C]} against N integer class labels, as the
 * {@link Trainer} uses it. {@link #forward} must return the <b>mean</b> over the N rows (the
 * trainer multiplies it by N to average over samples across batches of different sizes), and
 * {@link #backward()} the gradient of that mean with respect to the outputs, in a buffer the loss
 * owns. Both must allocate nothing after the first call for a given shape.
 */
public interface LabelLoss {

    /** The mean loss of {@code outputs [N, C]} against {@code labels} (N values in {@code [0, C)}). */
    float forward(Tensor outputs, int[] labels);

    /** dL/d(outputs) of the last {@link #forward}. */
    Tensor backward();

    /**
     * {@code loss} as a {@code LabelLoss}; it must have been built with {@code Reduction.MEAN}
     * (the default constructor does).
     */
    static LabelLoss of(CrossEntropyLoss loss) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        return new LabelLoss() {
            @Override
            public float forward(Tensor outputs, int[] labels) {
                return loss.forward(outputs, labels);
            }

            @Override
            public Tensor backward() {
                return loss.backward();
            }

            @Override
            public String toString() {
                return "CrossEntropyLoss";
            }
        };
    }
}
