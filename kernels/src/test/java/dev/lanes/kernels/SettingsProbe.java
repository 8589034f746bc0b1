package dev.lanes.kernels;

/**
 * Started in a child JVM by {@link KernelsProviderTest}: uses the kernels three times (the set,
 * a GEMM that asks for the thread count, the thread count itself) and prints each outcome, so the
 * test sees whether a bad start-up setting gives the same plain exception on every call.
 */
public final class SettingsProbe {
    private SettingsProbe() {}

    public static void main(String[] args) {
        for (int call = 1; call <= 3; call++) {
            try {
                Kernels k = Kernels.get();
                float[] c = new float[4];
                k.gemm().sgemm(c, new float[] {1, 2, 3, 4}, false, new float[] {1, 0, 0, 1}, false, 2, 2, 2, 1f, 0f);
                System.out.println("call " + call + ": ok " + k.name() + " threads=" + Parallelism.threads()
                        + " c=" + c[0] + "," + c[3]);
            } catch (Throwable t) {
                System.out.println("call " + call + ": " + t.getClass().getName() + ": " + t.getMessage());
            }
        }
    }
}
