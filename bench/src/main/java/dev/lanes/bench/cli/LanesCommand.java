package dev.lanes.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lanes} command line. */
@Command(name = "lanes", mixinStandardHelpOptions = true, version = "lanes 0.1.0",
        description = "Pure-Java neural network training on the JDK Vector API.",
        subcommands = {TrainCommand.class, EvalCommand.class, InfoCommand.class, BenchCommand.class,
            dev.lanes.bench.compare.CompareCommand.class})
public final class LanesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The configured command line: bad option values (IllegalArgumentException) and bad start-up
     * settings such as {@code -Dlanes.threads=0} (IllegalStateException from the kernels) print one
     * clear line and exit with status 2, not a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LanesCommand());
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    public static void main(String[] args) {
        // One plain line per log record (the library logs through System.Logger -> java.util.logging).
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%n");
        }
        System.exit(commandLine().execute(args));
    }
}
