package dev.lanes.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import dev.lanes.core.init.Init.FanMode;
import dev.lanes.core.init.Init.Nonlinearity;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Initializer statistics on 500x400 = 200,000 elements at fixed seeds. Tolerances are 5 standard
 * errors: for the mean {@code 5 sigma / sqrt(n)}, for the variance {@code 5 sigma^2 sqrt((k - 1)/n)}
 * with kurtosis {@code k} (3 for a normal, 1.8 for a uniform).
 */
class InitTest {
    private static final int OUT = 500;
    private static final int IN = 400;
    private static final int N = OUT * IN;

    private static double[] moments(Tensor t) {
        double s = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : t.data()) {
            s += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double m = s / t.size();
        double v2 = 0;
        for (float v : t.data()) {
            v2 += (v - m) * (v - m);
        }
        return new double[] {m, v2 / t.size(), min, max};
    }

    private static void uniformStats(Tensor t, double a, double b, String what) {
        double[] m = moments(t);
        double var = (b - a) * (b - a) / 12;
        assertTrue(m[2] >= a && m[3] <= b, what + ": inside [" + a + ", " + b + "], got [" + m[2] + ", " + m[3] + "]");
        assertTrue(m[2] < a + 0.001 * (b - a) && m[3] > b - 0.001 * (b - a), what + ": reaches both ends");
        assertEquals((a + b) / 2, m[0], 5 * Math.sqrt(var / N), what + " mean");
        assertEquals(var, m[1], 5 * var * Math.sqrt(0.8 / N), what + " variance");
    }

    private static void normalStats(Tensor t, double mean, double std, String what) {
        double[] m = moments(t);
        assertEquals(mean, m[0], 5 * std / Math.sqrt(N), what + " mean");
        assertEquals(std * std, m[1], 5 * std * std * Math.sqrt(2.0 / N), what + " variance");
        assertTrue(Math.max(Math.abs(m[2] - mean), Math.abs(m[3] - mean)) > 3.5 * std, what + ": has tails");
    }

    private static Tensor w() {
        return new Tensor(OUT, IN);
    }

    @Test
    void constants() {
        Tensor t = new Tensor(3, 4);
        Init.ones(t);
        assertEquals(1f, t.data()[11]);
        Init.constant(t, 2.5);
        assertEquals(2.5f, t.data()[0]);
        Init.zeros(t);
        assertEquals(0f, t.data()[5]);
    }

    @Test
    void uniformAndNormal() {
        uniformStats(Init.uniform(w(), -0.5, 2, new SplittableRandom(1)), -0.5, 2, "uniform");
        normalStats(Init.normal(w(), 1.5, 0.3, new SplittableRandom(2)), 1.5, 0.3, "normal");
    }

    @Test
    void fansAsPyTorch() {
        assertEquals(IN, Init.fanIn(w()));
        assertEquals(OUT, Init.fanOut(w()));
        Tensor conv = new Tensor(16, 3, 5, 5);
        assertEquals(3 * 25, Init.fanIn(conv));
        assertEquals(16 * 25, Init.fanOut(conv));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new Tensor(7)));
        assertTrue(e.getMessage().contains("[7]"), e.getMessage());
    }

    @Test
    void xavier() {
        double a = 1.3 * Math.sqrt(6.0 / (IN + OUT));
        uniformStats(Init.xavierUniform(w(), 1.3, new SplittableRandom(3)), -a, a, "xavierUniform");
        normalStats(Init.xavierNormal(w(), 0.7, new SplittableRandom(4)), 0, 0.7 * Math.sqrt(2.0 / (IN + OUT)), "xavierNormal");
    }

    @Test
    void kaiming() {
        double bound = Math.sqrt(2.0) * Math.sqrt(3.0 / IN);
        uniformStats(Init.kaimingUniform(w(), new SplittableRandom(5)), -bound, bound, "kaimingUniform default");
        double gain = Math.sqrt(2 / (1 + 0.2 * 0.2));
        uniformStats(Init.kaimingUniform(w(), 0.2, FanMode.FAN_OUT, Nonlinearity.LEAKY_RELU, new SplittableRandom(6)),
                -gain * Math.sqrt(3.0 / OUT), gain * Math.sqrt(3.0 / OUT), "kaimingUniform fan_out leaky 0.2");
        normalStats(Init.kaimingNormal(w(), new SplittableRandom(7)), 0, Math.sqrt(2.0 / IN), "kaimingNormal default");
        normalStats(Init.kaimingNormal(w(), 0, FanMode.FAN_OUT, Nonlinearity.TANH, new SplittableRandom(8)), 0,
                5.0 / 3 / Math.sqrt(OUT), "kaimingNormal tanh fan_out");
    }

    @Test
    void lecun() {
        double a = Math.sqrt(3.0 / IN);
        uniformStats(Init.lecunUniform(w(), new SplittableRandom(9)), -a, a, "lecunUniform");
        normalStats(Init.lecunNormal(w(), new SplittableRandom(10)), 0, 1 / Math.sqrt(IN), "lecunNormal");
    }

    /**
     * N(mean, std^2) truncated to [a, b]: with alpha = (a - mean)/std, beta = (b - mean)/std,
     * Z = Phi(beta) - Phi(alpha): mean + std (phi(alpha) - phi(beta))/Z, variance
     * std^2 (1 + (alpha phi(alpha) - beta phi(beta))/Z - ((phi(alpha) - phi(beta))/Z)^2).
     */
    @Test
    void truncatedNormal() {
        double mean = 0.5;
        double std = 2;
        double a = -1;
        double b = 4;
        Tensor t = Init.truncNormal(w(), mean, std, a, b, new SplittableRandom(11));
        double al = (a - mean) / std;
        double be = (b - mean) / std;
        double z = Init.normalCdf(be) - Init.normalCdf(al);
        double pa = Math.exp(-al * al / 2) / Math.sqrt(2 * Math.PI);
        double pb = Math.exp(-be * be / 2) / Math.sqrt(2 * Math.PI);
        double em = mean + std * (pa - pb) / z;
        double ev = std * std * (1 + (al * pa - be * pb) / z - Math.pow((pa - pb) / z, 2));
        double[] m = moments(t);
        assertTrue(m[2] >= a && m[3] <= b, "inside the bounds");
        assertEquals(em, m[0], 5 * Math.sqrt(ev / N), "truncated mean");
        assertEquals(ev, m[1], 5 * ev * Math.sqrt(2.0 / N), "truncated variance");
        // PyTorch's default: N(0,1) on [-2, 2]: variance 1 - 4 phi(2) / (2 Phi(2) - 1) = 0.7737413
        double[] d = moments(Init.truncNormal(w(), new SplittableRandom(12)));
        assertEquals(0.7737413, d[1], 5 * 0.774 * Math.sqrt(2.0 / N));
        assertTrue(d[2] >= -2 && d[3] <= 2);
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(w(), 0, 1, 50, 60, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(w(), 0, 1, 2, 1, new SplittableRandom(1)));
    }

    @Test
    void gainTable() {
        for (Nonlinearity n : new Nonlinearity[] {Nonlinearity.LINEAR, Nonlinearity.CONV1D, Nonlinearity.CONV2D,
            Nonlinearity.CONV3D, Nonlinearity.CONV_TRANSPOSE1D, Nonlinearity.CONV_TRANSPOSE2D,
            Nonlinearity.CONV_TRANSPOSE3D, Nonlinearity.SIGMOID}) {
            assertEquals(1.0, Init.calculateGain(n), 0.0, n.toString());
        }
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH), 0.0);
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU), 0.0);
        assertEquals(0.75, Init.calculateGain(Nonlinearity.SELU), 0.0);
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU), 1e-15, "default slope 0.01");
        assertEquals(Math.sqrt(2 / 1.25), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.5), 1e-15);
        assertEquals(Nonlinearity.CONV_TRANSPOSE2D, Nonlinearity.parse("conv_transpose2d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nonlinearity.parse("swish"));
        assertTrue(e.getMessage().contains("swish"), e.getMessage());
    }

    private static void checkOrthonormal(Tensor t, double gain, boolean rowsOrthonormal) {
        int rows = t.dim(0);
        int cols = t.size() / rows;
        float[] d = t.data();
        int n = rowsOrthonormal ? rows : cols;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                int len = rowsOrthonormal ? cols : rows;
                for (int k = 0; k < len; k++) {
                    s += rowsOrthonormal ? (double) d[i * cols + k] * d[j * cols + k] : (double) d[k * cols + i] * d[k * cols + j];
                }
                assertEquals(i == j ? gain * gain : 0, s, 1e-5, "Gram matrix [" + i + "," + j + "]");
            }
        }
    }

    @Test
    void orthogonal() {
        checkOrthonormal(Init.orthogonal(new Tensor(30, 50), 1.0, new SplittableRandom(13)), 1.0, true);
        checkOrthonormal(Init.orthogonal(new Tensor(50, 30), 2.0, new SplittableRandom(14)), 2.0, false);
        checkOrthonormal(Init.orthogonal(new Tensor(40, 40), 1.0, new SplittableRandom(15)), 1.0, true);
        checkOrthonormal(Init.orthogonal(new Tensor(8, 2, 3), 1.0, new SplittableRandom(16)), 1.0, false);
        // reproducible from the seed
        assertEquals(Init.orthogonal(new Tensor(5, 5), 1, new SplittableRandom(3)).data()[7],
                Init.orthogonal(new Tensor(5, 5), 1, new SplittableRandom(3)).data()[7]);
        // the sign fix makes Q uniformly distributed: the mean of Q[0,0] over many draws is ~0
        double s = 0;
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 2000; i++) {
            s += Init.orthogonal(new Tensor(3, 3), 1, r).data()[0];
        }
        assertEquals(0, s / 2000, 5 * Math.sqrt(1.0 / 3 / 2000), "Q[0,0] symmetric around 0");
    }
}
