package dev.lanes.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalersTest {
    @TempDir
    Path dir;

    /** 200 x 5: column 2 constant (7), the others with different offsets and scales. */
    private static Tensor data() {
        Tensor t = new Tensor(200, 5);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            t.data()[i * 5] = (float) r.nextGaussian();
            t.data()[i * 5 + 1] = (float) (100 + 10 * r.nextGaussian());
            t.data()[i * 5 + 2] = 7f;
            t.data()[i * 5 + 3] = (float) (-3 + 0.01 * r.nextDouble());
            t.data()[i * 5 + 4] = (float) (1e3 * r.nextDouble());
        }
        return t;
    }

    private static double[] column(Tensor t, int c) {
        int f = t.dim(1);
        double[] v = new double[t.dim(0)];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.data()[i * f + c];
        }
        return v;
    }

    private static Tensor columnOf(float... v) {
        Tensor t = new Tensor(v.length, 1);
        System.arraycopy(v, 0, t.data(), 0, v.length);
        return t;
    }

    private static void assertFiniteRoundTrip(Tensor x, Tensor y, Tensor back, String what) {
        for (int i = 0; i < x.size(); i++) {
            assertTrue(Float.isFinite(y.data()[i]), what + ": transform[" + i + "] = " + y.data()[i]);
            assertEquals(x.data()[i], back.data()[i], Math.ulp(x.data()[i]), what + ": round trip " + i);
        }
    }

    /**
     * Issue 12 item 6: a column whose range is one subnormal, and one spanning +-3e38, transform to
     * finite values and round-trip (before: [NaN, Infinity] and [-Inf, Inf, NaN]).
     */
    @Test
    void degenerateColumnsGiveFiniteResults() {
        Tensor tiny = columnOf(0f, 1.4e-45f);
        Tensor huge = columnOf(-3e38f, 3e38f, 0f);
        for (Tensor x : new Tensor[] {tiny, huge}) {
            MinMaxScaler mm = new MinMaxScaler().fit(x);
            Tensor y = mm.transform(x);
            assertFiniteRoundTrip(x, y, mm.inverseTransform(y), "MinMaxScaler");
            assertEquals(0f, y.data()[0]);
            assertEquals(1f, y.data()[1]);
            StandardScaler st = new StandardScaler().fit(x);
            y = st.transform(x);
            assertFiniteRoundTrip(x, y, st.inverseTransform(y), "StandardScaler");
            assertEquals(-y.data()[1], y.data()[0], 1e-6f, "symmetric column");
        }
        MinMaxScaler m = new MinMaxScaler(-1, 1).fit(huge);
        assertArrayEquals(new float[] {-1f, 1f, 0f}, m.transform(huge).data());
    }

    /** Issue 12 item 6: a feature range that is not finite in float is rejected at construction. */
    @Test
    void featureRangeMustBeFiniteInFloat() {
        for (double[] r : new double[][] {{-1e300, 1e300}, {-3e38, 3e38}, {0, Double.POSITIVE_INFINITY}, {1, 1},
                {2, 1}, {Double.NaN, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(r[0], r[1]));
            assertTrue(e.getMessage().startsWith("feature range must have min < max"), e.getMessage());
        }
        new MinMaxScaler(-1e38, 1e38);
    }

    @Test
    void minMaxScalesToRangeAndRoundTrips() {
        Tensor x = data();
        MinMaxScaler s = new MinMaxScaler(-1, 1).fit(x);
        Tensor y = s.transform(x);
        for (int c = 0; c < 5; c++) {
            double[] col = column(y, c);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : col) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (c == 2) {
                // constant feature: range counted as 1, so x - min + featureMin = -1
                assertEquals(-1, lo, 1e-6);
                assertEquals(-1, hi, 1e-6);
            } else {
                assertEquals(-1, lo, 1e-5, "column " + c + " min");
                assertEquals(1, hi, 1e-5, "column " + c + " max");
            }
        }
        Tensor back = s.inverseTransform(y);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.data()[i], back.data()[i], 1e-5 * (1 + Math.abs(x.data()[i])), "round trip " + i);
        }
        assertEquals(7.0, s.dataMin()[2]);
    }

    @Test
    void standardScalerMatchesPopulationStatistics() {
        Tensor x = data();
        StandardScaler s = new StandardScaler().fit(x);
        assertEquals(1.0, s.scale()[2], 0.0, "constant feature gets scale 1 (scikit-learn)");
        Tensor y = s.transform(x);
        for (int c = 0; c < 5; c++) {
            double[] col = column(y, c);
            double m = 0;
            for (double v : col) m += v;
            m /= col.length;
            double v2 = 0;
            for (double v : col) v2 += (v - m) * (v - m);
            v2 /= col.length;
            assertEquals(0, m, 1e-4, "column " + c + " mean");
            assertEquals(c == 2 ? 0 : 1, v2, 1e-4, "column " + c + " population variance");
        }
        Tensor back = s.inverseTransform(y);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.data()[i], back.data()[i], 1e-5 * (1 + Math.abs(x.data()[i])), "round trip " + i);
        }
        // in place
        Tensor copy = x.copy();
        s.transform(copy, copy);
        assertArrayEquals(y.data(), copy.data(), 0f);
    }

    @Test
    void saveLoadRoundTrip() {
        Tensor x = data();
        MinMaxScaler mm = new MinMaxScaler(0, 5).fit(x);
        StandardScaler st = new StandardScaler().fit(x);
        Path f1 = dir.resolve("mm.lsc");
        Path f2 = dir.resolve("st.lsc");
        mm.save(f1);
        st.save(f2);
        assertArrayEquals(mm.transform(x).data(), MinMaxScaler.load(f1).transform(x).data(), 0f);
        assertArrayEquals(st.transform(x).data(), StandardScaler.load(f2).transform(x).data(), 0f);
        assertArrayEquals(st.mean(), StandardScaler.load(f2).mean(), 0.0);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // overwrite keeps a valid file
        st.save(f2);
        assertEquals(5, StandardScaler.load(f2).features());
    }

    private Path saved() {
        Path f = dir.resolve("s.lsc");
        new StandardScaler().fit(data()).save(f);
        return f;
    }

    private static void rewriteCrc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    }

    private static String loadError(Path f) {
        LanesIOException e = assertThrows(LanesIOException.class, () -> StandardScaler.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), "message names the file: " + e.getMessage());
        assertEquals(f, e.file());
        return e.getMessage();
    }

    @Test
    void corruptedFilesGiveClearErrors() throws IOException {
        Path f = saved();
        byte[] good = Files.readAllBytes(f);

        Files.write(f, java.util.Arrays.copyOf(good, good.length - 9));
        assertTrue(loadError(f).contains("expected " + good.length + " bytes, got " + (good.length - 9)));

        Files.write(f, java.util.Arrays.copyOf(good, 10));
        assertTrue(loadError(f).contains("truncated"));

        byte[] b = good.clone();
        b[0] = 'X';
        Files.write(f, b);
        assertTrue(loadError(f).contains("magic"));

        b = good.clone();
        b[40] ^= 0x10;
        Files.write(f, b);
        assertTrue(loadError(f).contains("checksum"));

        b = good.clone();
        ByteBuffer.wrap(b).putInt(12, 1 << 30);
        Files.write(f, b);
        assertTrue(loadError(f).contains("feature count"));

        b = good.clone();
        ByteBuffer.wrap(b).putInt(12, 4);
        Files.write(f, b);
        assertTrue(loadError(f).contains("declared 4 features"));

        b = good.clone();
        ByteBuffer.wrap(b).putInt(4, 9);
        Files.write(f, b);
        assertTrue(loadError(f).contains("version"));

        b = good.clone();
        ByteBuffer.wrap(b).putDouble(32, Double.NaN);
        rewriteCrc(b);
        Files.write(f, b);
        assertTrue(loadError(f).contains("mean[0] must be finite"));

        b = good.clone();
        ByteBuffer.wrap(b).putDouble(32 + 8 * 5, -1);
        rewriteCrc(b);
        Files.write(f, b);
        assertTrue(loadError(f).contains("scale[0] must be > 0"));

        Files.write(f, good);
        LanesIOException e = assertThrows(LanesIOException.class, () -> MinMaxScaler.load(f));
        assertTrue(e.getMessage().contains("wrong scaler kind"), e.getMessage());

        assertTrue(loadError(dir.resolve("missing.lsc")).contains("cannot read"));
    }

    @Test
    void useBeforeFitAndBadShapes() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(data()));
        assertTrue(e.getMessage().contains("not fitted"));
        assertThrows(IllegalStateException.class, () -> new MinMaxScaler().inverseTransform(data()));
        assertThrows(IllegalStateException.class, () -> new MinMaxScaler().save(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("a")));
        StandardScaler s = new StandardScaler().fit(data());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> s.transform(new Tensor(3, 4)));
        assertTrue(a.getMessage().contains("[rows, 5]") && a.getMessage().contains("[3, 4]"), a.getMessage());
        Tensor bad = data();
        bad.data()[7] = Float.NaN;
        a = assertThrows(IllegalArgumentException.class, () -> new StandardScaler().fit(bad));
        assertTrue(a.getMessage().contains("x[1, 2]"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1));
    }
}
