package dev.lanes.core.nn;

/**
 * What one layer of a {@link Sequential} saw in the last forward and backward: statistics of its
 * output activations and of the gradient it passed back to its input. Shrinking gradient norms
 * from the last layer to the first hint at vanishing gradients, growing ones at exploding
 * gradients; a near-zero activation std hints at dead units.
 *
 * @param index position in the Sequential
 * @param layer the layer's description
 * @param output statistics of the last forward's output ({@code null} if no forward ran)
 * @param inputGradient statistics of the last backward's input gradient ({@code null} if no
 *        backward ran or the layer skips its input gradient)
 */
public record LayerDiagnostics(int index, String layer, TensorStats output, TensorStats inputGradient) {
}
