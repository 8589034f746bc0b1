package dev.lanes.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Vector helpers (fill, copy, scale, axpy, add/sub/mul, clamp, addRow, columnSums), scalar twin vs SIMD, next to a plain copy, from the {@link KernelCases} table (settings and
 * the GB/s conversion: {@link KernelBench}).
 */
public class VectorsBench extends KernelBench {

    /** {@code copy}, then the table's vectors cases in table order. */
    @Param({"copy", "fill", "vectorsCopy", "scale", "axpy", "add", "sub", "mul", "clamp", "addRow",
            "columnSums"})
    public String op;

    @Override
    protected String op() {
        return op;
    }
}
