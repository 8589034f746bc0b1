package dev.lanes.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.io.LanesIOException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        byte[] px = pixels(3 * 4 * 5);
        byte[] raw = idx(0x08, new int[] {3, 4, 5}, px);
        for (Path f : new Path[] {file("images", raw), file("images.gz", gzip(raw)), file("gzipped-without-suffix", gzip(raw))}) {
            Idx.Images im = Idx.readImages(f);
            assertEquals(3, im.count());
            assertEquals(4, im.rows());
            assertEquals(5, im.cols());
            for (int i = 0; i < px.length; i++) {
                assertEquals((px[i] & 0xff) / 255f, im.pixels()[i], f + " pixel " + i);
            }
        }
        Idx.Images im = Idx.readImages(raw, Path.of("mem"));
        assertEquals(0f, Idx.scaleToUnit(new byte[] {0})[0]);
        assertEquals(1f, Idx.scaleToUnit(new byte[] {(byte) 255})[0]);
        assertEquals(60, im.pixels().length);
        byte[] lab = {0, 9, (byte) 200, 3};
        assertArrayEquals(new int[] {0, 9, 200, 3}, Idx.readLabels(file("labels.gz", gzip(idx(0x08, new int[] {4}, lab)))));
    }

    @Test
    void emptyDimensionsAreFine() throws IOException {
        Idx.UBytes u = Idx.read(file("empty", idx(0x08, new int[] {0, 28, 28}, new byte[0])));
        assertEquals(0, u.data().length);
        assertArrayEquals(new int[] {0, 28, 28}, u.dims());
    }

    private void assertRefused(Path f, String expected) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        LanesIOException e = assertThrows(LanesIOException.class, () -> Idx.read(f));
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        // the files here are tiny: refusing them must cost a few buffers (gzip: at most the 1 MB first chunk), never what they declare
        assertTrue(allocated < 8_000_000, "refusing " + f + " allocated " + allocated + " bytes");
    }

    @Test
    void refusesHostileHeadersRawAndGzipped() throws IOException {
        Object[][] cases = {
            {new byte[0], "fewer than the 4-byte magic number"},
            {new byte[] {0, 0, 8}, "fewer than the 4-byte magic number"},
            {new byte[] {1, 0, 8, 1, 0, 0, 0, 0}, "magic number must start with 00 00, got 01 00"},
            {new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0}, "type 0x0d (float) is not supported"},
            {new byte[] {0, 0, 0x42, 1, 0, 0, 0, 0}, "type 0x42 (unknown) is not supported"},
            {new byte[] {0, 0, 8, 0}, "rank must be in [1, 8], got 0"},
            {new byte[] {0, 0, 8, 9}, "rank must be in [1, 8], got 9"},
            {new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0}, "truncated IDX header: rank 3 needs 16 header bytes"},
            // dimension 2^32 - 1
            {idx(0x08, new int[] {-1}, new byte[0]), "dimension 0 is 4294967295, more than a Java array holds"},
            // product overflows: 65536^3
            {idx(0x08, new int[] {65536, 65536, 65536}, new byte[0]), "hold more than 2147483639 elements"},
            {idx(0x08, new int[] {Integer.MAX_VALUE, 2}, new byte[0]), "hold more than"},
            // huge but representable: 60000 x 28 x 28 declared on a 16-byte header with 10 bytes of data
            {idx(0x08, new int[] {60000, 28, 28}, new byte[10]), "declare 47040000"},
            {idx(0x08, new int[] {2, 2}, new byte[3]), "truncated"},
            {idx(0x08, new int[] {2, 2}, new byte[5]), "trailing"},
        };
        for (Object[] c : cases) {
            byte[] raw = (byte[]) c[0];
            String expected = (String) c[1];
            assertRefused(file("hostile", raw), expected);
            // the same content gzipped: the messages differ only for length problems
            String gzExpected = expected.startsWith("declare") ? "truncated IDX data" : expected;
            if (expected.equals("truncated")) {
                gzExpected = "truncated IDX data";
            }
            assertRefused(file("hostile.gz", gzip(raw)), gzExpected);
        }
    }

    @Test
    void hugeDeclaredCountInASmallGzipAllocatesWhatTheStreamHolds() throws IOException {
        // 2 x 10^9 elements declared, 1,000 present
        byte[] raw = idx(0x08, new int[] {2_000_000_000}, new byte[1000]);
        assertRefused(file("huge.gz", gzip(raw)), "declare 2000000000 elements, the gzip stream holds 1000");
    }

    @Test
    void refusesTruncationAtEveryByteAndCorruptGzip() throws IOException {
        byte[] raw = idx(0x08, new int[] {2, 3, 3}, pixels(18));
        byte[] gz = gzip(raw);
        for (int len = 0; len < raw.length; len++) {
            Path f = file("cut", Arrays.copyOf(raw, len));
            assertThrows(LanesIOException.class, () -> Idx.read(f), "raw length " + len);
        }
        for (int len = 0; len < gz.length; len++) {
            Path f = file("cut.gz", Arrays.copyOf(gz, len));
            LanesIOException e = assertThrows(LanesIOException.class, () -> Idx.read(f), "gzip length " + len);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
        byte[] corrupt = gz.clone();
        corrupt[12] ^= 0x55;
        corrupt[13] ^= 0x55;
        Path f = file("corrupt.gz", corrupt);
        LanesIOException e = assertThrows(LanesIOException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("absent-idx1-ubyte");
        LanesIOException e = assertThrows(LanesIOException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().endsWith("absent-idx1-ubyte: no such file"), e.getMessage());
    }

    @Test
    void wrongRankForImagesOrLabels() throws IOException {
        Path labels = file("l", idx(0x08, new int[] {4}, new byte[4]));
        LanesIOException e = assertThrows(LanesIOException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains("images must be a rank-3 IDX file"), e.getMessage());
        Path images = file("i", idx(0x08, new int[] {1, 2, 2}, new byte[4]));
        e = assertThrows(LanesIOException.class, () -> Idx.readLabels(images));
        assertTrue(e.getMessage().contains("labels must be a rank-1 IDX file"), e.getMessage());
    }
}
