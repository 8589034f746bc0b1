package dev.lanes.spark;

import dev.lanes.core.data.Dataset;
import dev.lanes.core.nn.ModelSpec;
import dev.lanes.core.nn.Sequential;
import dev.lanes.optimizers.Optimizer;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small learnable data and models for the Spark tests. */
final class Fixtures {
    static final ModelSpec MLP = ModelSpec.parse("layers=10,16,3 activation=relu");
    static final ModelSpec MLP_BN_DROPOUT = ModelSpec.parse("layers=10,16,3 activation=relu norm=batch dropout=0.1");

    private Fixtures() {}

    /** {@code rows} rows of 10 features in [-1, 1); the label is the argmax of three fixed linear scores. */
    static Dataset data(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * 10];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            float[] s = new float[3];
            for (int f = 0; f < 10; f++) {
                float v = (float) (r.nextDouble() * 2 - 1);
                x[i * 10 + f] = v;
                s[f % 3] += v * (1 + f % 4);
            }
            y[i] = s[0] >= s[1] && s[0] >= s[2] ? 0 : s[1] >= s[2] ? 1 : 2;
        }
        return new Dataset("synthetic", x, y, 10, 3);
    }

    static Sequential model(ModelSpec spec, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        return spec.build(root.split(), root.split());
    }

    /** Every float, double and long of the model and optimizer state, as one comparable string of bits. */
    static String bits(Sequential model, Optimizer opt) {
        StateCodec.Packed p = StateCodec.pack(model, opt);
        int[] f = new int[p.floats().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.floatToRawIntBits(p.floats()[i]);
        }
        long[] d = new long[p.doubles().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.doubleToRawLongBits(p.doubles()[i]);
        }
        return p.floatKeys() + Integer.toHexString(Arrays.hashCode(f)) + Arrays.toString(d) + p.longKeys()
                + Arrays.toString(p.longs()) + "/" + f.length;
    }

    static float[] floats(Sequential model, Optimizer opt) {
        return StateCodec.pack(model, opt).floats();
    }
}
