package dev.lanes.bench.cli;

import dev.lanes.kernels.GemmBlocking;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.Parallelism;
import picocli.CommandLine.Command;

/** {@code lanes info}: the JDK, the kernel set, the vector width and the thread count. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the JDK, the kernel set, the vector width and the thread count.")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        Kernels k = Kernels.get();
        System.out.printf("JDK:          %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        System.out.printf("Kernels:      %s%n", k.name());
        System.out.printf("Vector width: %s%n", k.vectorBits() == 0 ? "none (scalar)"
                : k.vectorBits() + " bits (" + k.lanes() + " floats)");
        if (!"simd".equals(k.name())) {
            String why = Kernels.simdUnavailableReason();
            System.out.printf("Why scalar:   %s%n", why == null ? "forced by -Dlanes.kernels=scalar" : why);
        }
        System.out.printf("Threads:      %d (of %d processors)%n", Parallelism.threads(),
                Runtime.getRuntime().availableProcessors());
        if ("simd".equals(k.name())) {
            String blocking;
            try {
                blocking = GemmBlocking.forVectorBits(k.vectorBits()).describe();
            } catch (IllegalStateException e) {
                blocking = "invalid: " + e.getMessage();
            }
            System.out.printf("GEMM blocking: %s%n", blocking);
        }
    }
}
