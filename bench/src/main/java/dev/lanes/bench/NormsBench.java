package dev.lanes.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Batch norm and layer norm over rows of {@link KernelCases#ROW} features, forward and backward, scalar twin vs SIMD, next to a plain copy, from the {@link KernelCases} table (settings and
 * the GB/s conversion: {@link KernelBench}).
 */
public class NormsBench extends KernelBench {

    /** {@code copy}, then the table's norms cases in table order. */
    @Param({"copy", "batchNormTrain", "batchNormEval", "batchNormBackward", "layerNorm", "layerNormBackward"})
    public String op;

    @Override
    protected String op() {
        return op;
    }
}
