package dev.lanes.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Activations forward and backward, row-wise softmax and log-softmax, scalar twin vs SIMD, next to a plain copy, from the {@link KernelCases} table (settings and
 * the GB/s conversion: {@link KernelBench}).
 */
public class ActivationsBench extends KernelBench {

    /** {@code copy}, then the table's activations cases in table order. */
    @Param({"copy", "relu", "reluBackward", "leakyRelu", "leakyReluBackward", "elu", "eluBackward",
            "sigmoid", "sigmoidBackward", "tanh", "tanhBackward", "gelu", "geluBackward", "geluTanh",
            "geluTanhBackward", "silu", "siluBackward", "softplus", "softplusBackward", "softmax",
            "softmaxBackward", "logSoftmax", "logSoftmaxBackward"})
    public String op;

    @Override
    protected String op() {
        return op;
    }
}
