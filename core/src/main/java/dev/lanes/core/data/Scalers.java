package dev.lanes.core.data;

import dev.lanes.core.Tensor;

/** Shared argument checks of the scalers. */
final class Scalers {
    private Scalers() {}

    static int[] checkFitInput(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        if (x.rank() != 2 || x.dim(0) < 1 || x.dim(1) < 1) {
            throw new IllegalArgumentException("x must have shape [rows >= 1, features >= 1], got " + x.shapeString());
        }
        float[] d = x.data();
        int f = x.dim(1);
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new IllegalArgumentException("x must hold finite values, got x[" + (i / f) + ", " + (i % f)
                        + "] = " + d[i]);
            }
        }
        return new int[] {x.dim(0), f};
    }

    static void checkInput(Tensor x, int features, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.rank() != 2 || x.dim(1) != features) {
            throw new IllegalArgumentException(name + " must have shape [rows, " + features + "] (the fitted feature count),"
                    + " got " + x.shapeString());
        }
    }

    static void checkPair(Tensor x, Tensor out, int features) {
        checkInput(x, features, "input");
        if (out == null || !out.sameShape(x)) {
            throw new IllegalArgumentException("out must have the input's shape " + x.shapeString() + ", got "
                    + (out == null ? "null" : out.shapeString()));
        }
    }

    /**
     * {@code out[r, f] = (x[r, f] - center[f]) * factor[f] + shift}, in double, rounded once to
     * float ({@code out} may be {@code x}). Double keeps every intermediate finite where a float
     * factor or its reciprocal would overflow.
     */
    static void toScaled(float[] out, float[] x, double[] center, double[] factor, double shift) {
        int f = center.length;
        for (int i = 0, c = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - center[c]) * factor[c] + shift);
            if (++c == f) {
                c = 0;
            }
        }
    }

    /** The inverse of {@link #toScaled}: {@code out[r, f] = (y[r, f] - shift) / factor[f] + center[f]}. */
    static void fromScaled(float[] out, float[] y, double[] center, double[] factor, double shift) {
        int f = center.length;
        for (int i = 0, c = 0; i < y.length; i++) {
            out[i] = (float) ((y[i] - shift) / factor[c] + center[c]);
            if (++c == f) {
                c = 0;
            }
        }
    }
}
