package dev.lanes.core.data;

import dev.lanes.core.io.AtomicFiles;
import dev.lanes.core.io.LanesIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The file format of a fitted scaler ({@code .lsc}), big-endian:
 * <pre>
 * offset      size  field
 * 0           4     magic "LNSC" (0x4C 0x4E 0x53 0x43)
 * 4           4     format version, int = 1
 * 8           4     kind, int: 1 = MinMaxScaler, 2 = StandardScaler
 * 12          4     F = number of features, int, 1 .. 2^24
 * 16          8     p0, double  (MinMax: feature-range min; Standard: 0)
 * 24          8     p1, double  (MinMax: feature-range max; Standard: 0)
 * 32          8F    a[F], doubles (MinMax: per-feature data min; Standard: mean)
 * 32 + 8F     8F    b[F], doubles (MinMax: per-feature data max; Standard: scale = population std, 1 for constant features)
 * 32 + 16F    4     CRC-32 of bytes [0, 32 + 16F)
 * </pre>
 * The file length must be exactly {@code 36 + 16F}; it is checked against the declared F before
 * anything is allocated. Files are written to a temporary sibling and moved into place.
 */
final class ScalerFile {
    static final int MAGIC = 0x4C4E5343;
    static final int VERSION = 1;
    static final int KIND_MIN_MAX = 1;
    static final int KIND_STANDARD = 2;
    static final int MAX_FEATURES = 1 << 24;
    private static final int HEADER = 32;

    private ScalerFile() {}

    record Contents(double p0, double p1, double[] a, double[] b) {}

    static void write(Path file, int kind, double p0, double p1, double[] a, double[] b) {
        int f = a.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + 16 * f + 4).order(ByteOrder.BIG_ENDIAN);
        buf.putInt(MAGIC).putInt(VERSION).putInt(kind).putInt(f).putDouble(p0).putDouble(p1);
        for (double v : a) {
            buf.putDouble(v);
        }
        for (double v : b) {
            buf.putDouble(v);
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        AtomicFiles.write(file, buf.array());
    }

    static Contents read(Path file, int expectedKind, String kindName) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        long size;
        byte[] header = new byte[HEADER];
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            size = ch.size();
            if (size < HEADER + 4) {
                throw new LanesIOException(file, "truncated scaler file: expected at least " + (HEADER + 4)
                        + " bytes, got " + size);
            }
            ByteBuffer hb = ByteBuffer.wrap(header);
            while (hb.hasRemaining() && ch.read(hb) >= 0) {
                // fill the header
            }
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
            int magic = h.getInt();
            if (magic != MAGIC) {
                throw new LanesIOException(file, String.format("not a Lanes scaler file: expected magic 0x%08X (\"LNSC\"),"
                        + " got 0x%08X", MAGIC, magic));
            }
            int version = h.getInt();
            if (version != VERSION) {
                throw new LanesIOException(file, "unsupported scaler file version: expected " + VERSION + ", got " + version);
            }
            int kind = h.getInt();
            if (kind != expectedKind) {
                throw new LanesIOException(file, "wrong scaler kind: expected " + expectedKind + " (" + kindName
                        + "), got " + kind);
            }
            int f = h.getInt();
            if (f < 1 || f > MAX_FEATURES) {
                throw new LanesIOException(file, "feature count must be in [1, " + MAX_FEATURES + "], got " + f);
            }
            long expected = HEADER + 16L * f + 4;
            if (size != expected) {
                throw new LanesIOException(file, "file length does not match its declared " + f + " features: expected "
                        + expected + " bytes, got " + size);
            }
            ByteBuffer all = ByteBuffer.allocate((int) size).order(ByteOrder.BIG_ENDIAN);
            all.put(header);
            while (all.hasRemaining() && ch.read(all) >= 0) {
                // fill the body
            }
            if (all.hasRemaining()) {
                throw new LanesIOException(file, "file shrank while being read: expected " + size + " bytes");
            }
            CRC32 crc = new CRC32();
            crc.update(all.array(), 0, (int) size - 4);
            int stored = all.getInt((int) size - 4);
            if (stored != (int) crc.getValue()) {
                throw new LanesIOException(file, String.format("checksum mismatch: expected CRC-32 0x%08X, stored 0x%08X"
                        + " (the file is corrupted)", (int) crc.getValue(), stored));
            }
            all.position(16);
            double p0 = all.getDouble();
            double p1 = all.getDouble();
            double[] a = new double[f];
            double[] b = new double[f];
            for (int i = 0; i < f; i++) {
                a[i] = all.getDouble();
            }
            for (int i = 0; i < f; i++) {
                b[i] = all.getDouble();
            }
            return new Contents(p0, p1, a, b);
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the scaler file", e);
        }
    }

    static void finite(Path file, double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new LanesIOException(file, name + "[" + i + "] must be finite, got " + v[i]);
            }
        }
    }
}
