package dev.lanes.kernels;

/**
 * Started in a child JVM by {@link KernelsProviderTest}: prints the chosen kernel set and the
 * result of a few kernel calls, so the test can check the library works with whatever flags the
 * child was given.
 */
public final class ProviderProbe {
    private ProviderProbe() {}

    public static void main(String[] args) {
        Kernels k = Kernels.get();
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5f;
        }
        float[] y = new float[1000];
        k.vectors().axpy(y, 0, x, 0, 2f, x.length);
        float s = k.reductions().sum(y, 0, y.length);
        System.out.println("set=" + k.name() + " bits=" + k.vectorBits() + " sum=" + s);
    }
}
