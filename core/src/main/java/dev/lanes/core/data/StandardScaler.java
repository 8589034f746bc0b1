package dev.lanes.core.data;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import java.nio.file.Path;

/**
 * Standardizes each feature (column of a {@code [rows, features]} tensor), as scikit-learn's
 * {@code StandardScaler()}:
 * <pre>
 * mean_f  = sum_r x[r,f] / R
 * scale_f = sqrt(sum_r (x[r,f] - mean_f)^2 / R)    (population std; 1 for a constant feature)
 * transform:        y = (x - mean_f) / scale_f
 * inverseTransform: x = y * scale_f + mean_f
 * </pre>
 * Statistics (two passes) and transforms in double, rounded once to float, so every finite column
 * gives finite results (a std of one subnormal, or values near {@code +-3e38}, where a float
 * reciprocal of the scale would overflow, included). Using it before {@code fit}/{@code load} throws
 * {@link IllegalStateException}. Saves to / loads from the format in {@code ScalerFile} (kind 2).
 */
public final class StandardScaler {
    private double[] mean;
    private double[] scale;
    /** 1 / scale, per feature, in double. */
    private double[] invScale;

    /** Learns the per-feature mean and population std of {@code x [rows >= 1, features >= 1]}. */
    public StandardScaler fit(Tensor x) {
        int[] rc = Scalers.checkFitInput(x);
        int rows = rc[0];
        int f = rc[1];
        float[] d = x.data();
        double[] m = new double[f];
        double[] s = new double[f];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < f; c++) {
                m[c] += d[r * f + c];
            }
        }
        for (int c = 0; c < f; c++) {
            m[c] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < f; c++) {
                double v = d[r * f + c] - m[c];
                s[c] += v * v;
            }
        }
        for (int c = 0; c < f; c++) {
            double sd = Math.sqrt(s[c] / rows);
            s[c] = sd == 0 ? 1 : sd;
        }
        setState(m, s);
        return this;
    }

    private void setState(double[] m, double[] s) {
        mean = m;
        scale = s;
        invScale = new double[m.length];
        for (int c = 0; c < m.length; c++) {
            invScale[c] = 1 / s[c];
        }
    }

    private void fitted() {
        if (mean == null) {
            throw new IllegalStateException("StandardScaler is not fitted: call fit(...) or load(...) first");
        }
    }

    public int features() {
        fitted();
        return mean.length;
    }

    /** Per-feature mean (a copy). */
    public double[] mean() {
        fitted();
        return mean.clone();
    }

    /** Per-feature scale: population std, 1 for constant features (a copy). */
    public double[] scale() {
        fitted();
        return scale.clone();
    }

    public Tensor transform(Tensor x) {
        fitted();
        Scalers.checkInput(x, mean.length, "x");
        return transform(x, new Tensor(x.shape()));
    }

    /** Writes {@code (x - mean) / scale} into {@code out} (same shape; may be {@code x}). */
    public Tensor transform(Tensor x, Tensor out) {
        fitted();
        Scalers.checkPair(x, out, mean.length);
        Scalers.toScaled(out.data(), x.data(), mean, invScale, 0);
        return out;
    }

    public Tensor inverseTransform(Tensor y) {
        fitted();
        Scalers.checkInput(y, mean.length, "y");
        return inverseTransform(y, new Tensor(y.shape()));
    }

    /** Writes {@code y * scale + mean} into {@code out} (same shape; may be {@code y}). */
    public Tensor inverseTransform(Tensor y, Tensor out) {
        fitted();
        Scalers.checkPair(y, out, mean.length);
        Scalers.fromScaled(out.data(), y.data(), mean, invScale, 0);
        return out;
    }

    public void save(Path file) {
        fitted();
        ScalerFile.write(file, ScalerFile.KIND_STANDARD, 0, 0, mean, scale);
    }

    /**
     * Loads a scaler saved by {@link #save}; validated (magic, version, kind, length, checksum,
     * finite values, {@code scale > 0}).
     *
     * @throws LanesIOException naming the file and the problem
     */
    public static StandardScaler load(Path file) {
        ScalerFile.Contents c = ScalerFile.read(file, ScalerFile.KIND_STANDARD, "StandardScaler");
        ScalerFile.finite(file, c.a(), "mean");
        ScalerFile.finite(file, c.b(), "scale");
        for (int i = 0; i < c.b().length; i++) {
            if (!(c.b()[i] > 0)) {
                throw new LanesIOException(file, "scale[" + i + "] must be > 0, got " + c.b()[i]);
            }
        }
        StandardScaler s = new StandardScaler();
        s.setState(c.a(), c.b());
        return s;
    }
}
