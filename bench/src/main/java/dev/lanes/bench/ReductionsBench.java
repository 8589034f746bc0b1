package dev.lanes.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Reductions (sum, max, min, argmax, dot, sumSquares, norm2, meanVariance, row-wise logSumExp
 * and argmax), scalar twin vs SIMD, next to a plain copy, from the {@link KernelCases} table
 * (settings and the GB/s conversion: {@link KernelBench}).
 */
public class ReductionsBench extends KernelBench {

    /** {@code copy}, then the table's reductions cases in table order. */
    @Param({"copy", "sum", "max", "min", "argmax", "dot", "sumSquares", "norm2", "meanVariance",
            "logSumExpRows", "argmaxRows"})
    public String op;

    @Override
    protected String op() {
        return op;
    }
}
