package dev.lanes.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lanes bench}: quick measurements (for rigorous numbers use the JMH benchmarks.jar). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure kernels and training throughput on this machine.",
        subcommands = {BenchOpsCommand.class, BenchGemmCommand.class, BenchTrainCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
