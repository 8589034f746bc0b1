package dev.lanes.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/** The optimizer state of one parameter: its step count, buffers and scalars (mutable, internal). */
final class ParamState {
    long step;
    final Map<String, float[]> buffers = new LinkedHashMap<>();
    /** Scalars as one-element arrays, so a step updates them without boxing. */
    final Map<String, double[]> scalars = new LinkedHashMap<>();

    /** The named scalar's cell, created holding {@code init} on first use. */
    double[] scalar(String name, double init) {
        double[] c = scalars.get(name);
        if (c == null) {
            c = new double[] {init};
            scalars.put(name, c);
        }
        return c;
    }

    Map<String, Double> scalarValues() {
        Map<String, Double> out = new LinkedHashMap<>();
        scalars.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** The named buffer, created zero-filled (or filled with {@code init}) on first use. */
    float[] buffer(String name, int size, float init) {
        float[] b = buffers.get(name);
        if (b == null) {
            b = new float[size];
            if (init != 0f) {
                java.util.Arrays.fill(b, init);
            }
            buffers.put(name, b);
        }
        return b;
    }

    float[] buffer(String name, int size) {
        return buffer(name, size, 0f);
    }

    boolean isEmpty() {
        return step == 0 && buffers.isEmpty() && scalars.isEmpty();
    }
}
