package dev.lanes.core.nn;

import dev.lanes.core.Parameter;
import dev.lanes.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A network layer with an explicit backward pass.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #forward(Tensor)} computes the output for a batch and caches what the backward
 *       needs (usually a reference to the input, so the caller must not modify the input until the
 *       backward has run).</li>
 *   <li>{@link #backward(Tensor)} takes dL/d(output) of the last forward and returns dL/d(input).
 *       It <b>accumulates</b> ({@code +=}) into the gradients of the layer's parameters, so call
 *       {@link Parameter#zeroGrad()} (or an optimizer's {@code zeroGrad()}) between steps; the
 *       returned input gradient is written (not accumulated).</li>
 *   <li><b>Buffer ownership</b>: the tensors returned by {@code forward} and {@code backward} are
 *       owned by the layer and are overwritten by its next {@code forward} / {@code backward}. They
 *       are allocated once per input shape: after the first batch of a given shape, forward and
 *       backward allocate nothing on the heap. Copy a result ({@link Tensor#copy()}) to keep it.</li>
 *   <li>{@link #train(boolean)} selects training or evaluation behaviour (dropout, batch-norm
 *       statistics); layers start in training mode, as in PyTorch.</li>
 * </ul>
 * Layers are not thread-safe: one layer instance serves one thread. For inference on several
 * threads give each thread its own {@link #inferenceCopy()}.
 */
public interface Layer {

    /** Output for {@code input}; the returned tensor is owned by this layer (see the class comment). */
    Tensor forward(Tensor input);

    /**
     * Gradient with respect to the input of the last forward, given the gradient with respect to
     * its output; accumulates parameter gradients. Returns {@code null} when input gradients were
     * switched off with {@link #computeInputGradient(boolean)}.
     *
     * @throws IllegalStateException if no forward ran before
     * @throws IllegalArgumentException if {@code gradOutput}'s shape differs from the last output's
     */
    Tensor backward(Tensor gradOutput);

    /** Trainable parameters, in a fixed order (empty for parameter-free layers). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Persistent non-trainable state by PyTorch's buffer name (e.g. batch norm's
     * {@code running_mean}, {@code running_var}), in a fixed order; the tensors are live, so
     * loading a model or checkpoint writes into them. Empty for most layers.
     */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** Switches between training ({@code true}) and evaluation mode. */
    void train(boolean training);

    /** Whether the layer is in training mode. */
    boolean isTraining();

    /**
     * Whether {@link #backward} must compute the input gradient (default {@code true}). A first
     * layer whose input is data can skip it (for {@link Linear}, one GEMM fewer);
     * {@link Sequential} does that for its first layer unless asked otherwise.
     */
    default void computeInputGradient(boolean required) {
    }

    /**
     * The output shape for a given input shape, or an {@link IllegalArgumentException} naming the
     * expected and actual shape when the layer cannot take that input.
     */
    int[] outputShape(int[] inputShape);

    /**
     * A copy of this layer for inference on another thread: it shares the parameter and buffer
     * tensors (no weights are copied; they are only read), has its own output buffers and scratch,
     * and is in evaluation mode for good ({@code train(true)} and {@code backward} throw
     * {@link IllegalStateException}). Copies give exactly the original's evaluation-mode outputs
     * and may run concurrently with each other; changing the parameters (an optimizer step, a
     * load) while a copy runs is a data race, so do that between inference calls.
     *
     * @throws UnsupportedOperationException for a layer that does not provide one (the default)
     */
    default Layer inferenceCopy() {
        throw new UnsupportedOperationException(describe() + " does not provide an inference copy");
    }

    /** A short description, e.g. {@code Linear(784 -> 256, bias)}. */
    String describe();
}
