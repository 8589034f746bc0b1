package dev.lanes.core.data;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import dev.lanes.kernels.Kernels;
import java.nio.file.Path;

/**
 * Scales each feature (column of a {@code [rows, features]} tensor) to a range, as
 * scikit-learn's {@code MinMaxScaler(feature_range=(min, max))}:
 * <pre>
 * scale_f = (max - min) / (dataMax_f - dataMin_f)     (a constant feature's range counts as 1)
 * offset_f = min - dataMin_f * scale_f
 * transform:        y = x * scale_f + offset_f
 * inverseTransform: x = (y - offset_f) / scale_f
 * </pre>
 * Statistics are computed in double by {@link #fit}; transforms run in float through the
 * {@code Vectors} kernels. Using a scaler before {@code fit} or {@code load} throws
 * {@link IllegalStateException}. The fitted state saves to and loads from a small binary file
 * (format in {@code ScalerFile}: magic "LNSC", version, kind 1, features, range, data min and max,
 * CRC-32), written atomically.
 */
public final class MinMaxScaler {
    private final double min;
    private final double max;
    private double[] dataMin;
    private double[] dataMax;
    private float[] scale;
    private float[] offset;
    private float[] invScale;
    private float[] negOffset;

    /** Feature range [0, 1]. */
    public MinMaxScaler() {
        this(0, 1);
    }

    public MinMaxScaler(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("feature range must be finite with min < max, got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
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
        scale = new float[f];
        offset = new float[f];
        invScale = new float[f];
        negOffset = new float[f];
        for (int c = 0; c < f; c++) {
            double range = hi[c] - lo[c];
            if (range == 0) {
                range = 1;
            }
            double s = (max - min) / range;
            double o = min - lo[c] * s;
            scale[c] = (float) s;
            offset[c] = (float) o;
            invScale[c] = (float) (1 / s);
            negOffset[c] = (float) -o;
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

    /** A new tensor {@code x * scale + offset}. */
    public Tensor transform(Tensor x) {
        fitted();
        Scalers.checkInput(x, scale.length, "x");
        return transform(x, new Tensor(x.shape()));
    }

    /** Writes {@code x * scale + offset} into {@code out} (same shape; may be {@code x}) and returns it. */
    public Tensor transform(Tensor x, Tensor out) {
        fitted();
        Scalers.checkPair(x, out, scale.length);
        Kernels k = Kernels.get();
        int f = scale.length;
        int rows = x.dim(0);
        for (int r = 0; r < rows; r++) {
            k.vectors().mul(out.data(), r * f, x.data(), r * f, scale, 0, f);
        }
        k.vectors().addRow(out.data(), 0, offset, 0, rows, f);
        return out;
    }

    /** A new tensor {@code (y - offset) / scale} (computed as a product with the float reciprocal). */
    public Tensor inverseTransform(Tensor y) {
        fitted();
        Scalers.checkInput(y, scale.length, "y");
        return inverseTransform(y, new Tensor(y.shape()));
    }

    /** Writes the inverse transform of {@code y} into {@code out} (same shape; may be {@code y}). */
    public Tensor inverseTransform(Tensor y, Tensor out) {
        fitted();
        Scalers.checkPair(y, out, scale.length);
        Kernels k = Kernels.get();
        int f = scale.length;
        int rows = y.dim(0);
        k.vectors().copy(out.data(), 0, y.data(), 0, rows * f);
        k.vectors().addRow(out.data(), 0, negOffset, 0, rows, f);
        for (int r = 0; r < rows; r++) {
            k.vectors().mul(out.data(), r * f, out.data(), r * f, invScale, 0, f);
        }
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
        if (!Double.isFinite(c.p0()) || !Double.isFinite(c.p1()) || !(c.p0() < c.p1())) {
            throw new LanesIOException(file, "feature range must be finite with min < max, got [" + c.p0() + ", " + c.p1() + "]");
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
