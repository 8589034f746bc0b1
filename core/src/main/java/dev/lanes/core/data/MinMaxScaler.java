package dev.lanes.core.data;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import java.nio.file.Path;

/**
 * Scales each feature (column of a {@code [rows, features]} tensor) to a range, as
 * scikit-learn's {@code MinMaxScaler(feature_range=(min, max))}:
 * <pre>
 * scale_f = (max - min) / (dataMax_f - dataMin_f)     (a constant feature's range counts as 1)
 * transform:        y = (x - dataMin_f) * scale_f + min
 * inverseTransform: x = (y - min) / scale_f + dataMin_f
 * </pre>
 * Statistics and transforms are computed in double and rounded once to float, so every finite
 * column gives finite results, also one whose range is far below or above float's (a range of
 * one subnormal, or {@code [-3e38, 3e38]}, where a float scale or its reciprocal would overflow).
 * The feature range must be finite in float ({@code -1e300..1e300} is rejected at construction). Using a scaler before {@code fit} or {@code load} throws
 * {@link IllegalStateException}. The fitted state saves to and loads from a small binary file
 * (format in {@code ScalerFile}: magic "LNSC", version, kind 1, features, range, data min and max,
 * CRC-32), written atomically.
 */
public final class MinMaxScaler {
    private final double min;
    private final double max;
    private double[] dataMin;
    private double[] dataMax;
    /** Per-feature scale, in double (a float scale or its reciprocal can overflow). */
    private double[] scale;

    /** Feature range [0, 1]. */
    public MinMaxScaler() {
        this(0, 1);
    }

    /**
     * Feature range [min, max]: {@code min < max}, both and their difference finite in float
     * (transformed values are floats).
     */
    public MinMaxScaler(double min, double max) {
        String bad = checkRange(min, max);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        this.min = min;
        this.max = max;
    }

    /** Why [min, max] is not a usable feature range, or null. */
    static String checkRange(double min, double max) {
        if (!(min < max) || !Float.isFinite((float) min) || !Float.isFinite((float) max)
                || !Float.isFinite((float) (max - min))) {
            return "feature range must have min < max, both and max - min finite in float (|x| <= "
                    + Float.MAX_VALUE + "), got [" + min + ", " + max + "]";
        }
        return null;
    }

    /** Learns the per-feature min and max of {@code x [rows >= 1, features >= 1]} (finite values only). */
    public MinMaxScaler fit(Tensor x) {
        int[] rc = Scalers.checkFitInput(x);
        int rows = rc[0];
        int f = rc[1];
        double[] lo = new double[f];
        double[] hi = new double[f];
        float[] d = x.data();
        for (int c = 0; c < f; c++) {
            lo[c] = Double.POSITIVE_INFINITY;
            hi[c] = Double.NEGATIVE_INFINITY;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < f; c++) {
                double v = d[r * f + c];
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
        }
        setState(lo, hi);
        return this;
    }

    private void setState(double[] lo, double[] hi) {
        int f = lo.length;
        dataMin = lo;
        dataMax = hi;
        scale = new double[f];
        for (int c = 0; c < f; c++) {
            double range = hi[c] - lo[c];
            scale[c] = (max - min) / (range == 0 ? 1 : range);
        }
    }

    private void fitted() {
        if (scale == null) {
            throw new IllegalStateException("MinMaxScaler is not fitted: call fit(...) or load(...) first");
        }
    }

    /** Number of features seen by fit. */
    public int features() {
        fitted();
        return scale.length;
    }

    /** Per-feature data minimum (a copy). */
    public double[] dataMin() {
        fitted();
        return dataMin.clone();
    }

    /** Per-feature data maximum (a copy). */
    public double[] dataMax() {
        fitted();
        return dataMax.clone();
    }

    /** A new tensor {@code (x - dataMin) * scale + min}. */
    public Tensor transform(Tensor x) {
        fitted();
        Scalers.checkInput(x, scale.length, "x");
        return transform(x, new Tensor(x.shape()));
    }

    /** Writes {@code (x - dataMin) * scale + min} into {@code out} (same shape; may be {@code x}) and returns it. */
    public Tensor transform(Tensor x, Tensor out) {
        fitted();
        Scalers.checkPair(x, out, scale.length);
        Scalers.toScaled(out.data(), x.data(), dataMin, scale, min);
        return out;
    }

    /** A new tensor {@code (y - min) / scale + dataMin}. */
    public Tensor inverseTransform(Tensor y) {
        fitted();
        Scalers.checkInput(y, scale.length, "y");
        return inverseTransform(y, new Tensor(y.shape()));
    }

    /** Writes the inverse transform of {@code y} into {@code out} (same shape; may be {@code y}). */
    public Tensor inverseTransform(Tensor y, Tensor out) {
        fitted();
        Scalers.checkPair(y, out, scale.length);
        Scalers.fromScaled(out.data(), y.data(), dataMin, scale, min);
        return out;
    }

    /** Saves the fitted state (atomically: temporary file, then move). */
    public void save(Path file) {
        fitted();
        ScalerFile.write(file, ScalerFile.KIND_MIN_MAX, min, max, dataMin, dataMax);
    }

    /**
     * Loads a scaler saved by {@link #save}; the file is validated (magic, version, kind, length,
     * checksum, finite values, {@code min < max}, {@code dataMin <= dataMax}).
     *
     * @throws LanesIOException naming the file and the problem
     */
    public static MinMaxScaler load(Path file) {
        ScalerFile.Contents c = ScalerFile.read(file, ScalerFile.KIND_MIN_MAX, "MinMaxScaler");
        String bad = checkRange(c.p0(), c.p1());
        if (bad != null) {
            throw new LanesIOException(file, bad);
        }
        ScalerFile.finite(file, c.a(), "dataMin");
        ScalerFile.finite(file, c.b(), "dataMax");
        for (int i = 0; i < c.a().length; i++) {
            if (c.a()[i] > c.b()[i]) {
                throw new LanesIOException(file, "dataMin[" + i + "] must be <= dataMax[" + i + "], got "
                        + c.a()[i] + " > " + c.b()[i]);
            }
        }
        MinMaxScaler s = new MinMaxScaler(c.p0(), c.p1());
        s.setState(c.a(), c.b());
        return s;
    }
}
