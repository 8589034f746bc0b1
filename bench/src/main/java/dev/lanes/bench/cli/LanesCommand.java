package dev.lanes.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lanes} command line. */
@Command(name = "lanes", mixinStandardHelpOptions = true, version = "lanes 0.1.0",
        description = "Pure-Java neural network training on the JDK Vector API.",
        subcommands = {InfoCommand.class, BenchCommand.class})
public final class LanesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LanesCommand()).execute(args));
    }
}
