package dev.lanes.bench.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER (skeleton only). */
@Command(name = "ops", description = "Elementwise and reduction kernels (not yet written).")
final class BenchOpsCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("lanes bench ops: not yet written");
    }
}
