package dev.lanes.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * One optimizer step ({@code Optimizer.step()}: one fused {@code Updates} call) over one
 * parameter of {@code size} floats, scalar twin vs SIMD, next to a plain copy, from the
 * {@link KernelCases} table (settings and the GB/s conversion: {@link KernelBench}). The
 * 10M-float figure is the one the targets speak of:
 * {@code java -jar bench/target/benchmarks.jar UpdatesBench -p size=10000000 -p impl=simd}.
 */
public class UpdatesBench extends KernelBench {

    /** {@code copy}, then the table's updates cases in table order. */
    @Param({"copy", "sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "adamax", "nadam", "radam",
            "lion", "adamVanishing"})
    public String op;

    @Override
    protected String op() {
        return op;
    }
}
