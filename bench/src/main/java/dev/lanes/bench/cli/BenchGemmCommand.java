package dev.lanes.bench.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER (skeleton only): {@code lanes bench gemm} is written with the GEMM kernel. */
@Command(name = "gemm", description = "SGEMM GFLOP/s (not yet written).")
final class BenchGemmCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("lanes bench gemm: not yet written");
    }
}
