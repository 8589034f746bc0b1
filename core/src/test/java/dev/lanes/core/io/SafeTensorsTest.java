package dev.lanes.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static float[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void roundTripKeepsOrderShapesBitsAndMetadata() {
        float[] w = randomFloats(300 * 70, 1); // larger than one 64 KB read chunk
        w[0] = Float.NaN;
        w[1] = Float.intBitsToFloat(0x7fc01234); // NaN payload
        w[2] = -0.0f;
        w[3] = Float.MIN_VALUE;
        w[4] = Float.NEGATIVE_INFINITY;
        float[] b = randomFloats(300, 2);
        List<SafeTensors.Entry> in = List.of(
                SafeTensors.Entry.f32("0.weight", w, 300, 70),
                SafeTensors.Entry.f32("0.bias", b, 300),
                SafeTensors.Entry.i64("1.num_batches_tracked", new long[] {Long.MIN_VALUE}),
                SafeTensors.Entry.f32("empty", new float[0], 0, 5),
                SafeTensors.Entry.i64("1.counts", new long[] {1, -2, Long.MAX_VALUE}, 3));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("lanes.architecture", "layers=784,10 activation=relu");
        meta.put("format", "pt");
        meta.put("unicode \"key\"", "é\n\uD83D\uDE00");
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, in, meta);

        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("0.weight", "0.bias", "1.num_batches_tracked", "empty", "1.counts"), c.names());
        assertEquals(meta, c.metadata());
        for (int i = 0; i < in.size(); i++) {
            SafeTensors.Entry a = in.get(i);
            SafeTensors.Entry r = c.entries().get(i);
            assertEquals(a.name(), r.name());
            assertEquals(a.dtype(), r.dtype());
            assertArrayEquals(a.shape(), r.shape());
            if (a.floats() != null) {
                int[] ab = new int[a.floats().length];
                int[] rb = new int[r.floats().length];
                for (int k = 0; k < ab.length; k++) {
                    ab[k] = Float.floatToRawIntBits(a.floats()[k]);
                    rb[k] = Float.floatToRawIntBits(r.floats()[k]);
                }
                assertArrayEquals(ab, rb, a.name());
            } else {
                assertArrayEquals(a.longs(), r.longs(), a.name());
            }
        }
        assertEquals(0, c.get("1.num_batches_tracked").shape().length);
        assertNull(c.get("nope"));
    }

    @Test
    void layoutFollowsTheFormat() throws IOException {
        Path f = dir.resolve("a.safetensors");
        SafeTensors.write(f, List.of(SafeTensors.Entry.f32("x", new float[] {1f, 2f}, 2)), Map.of());
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.strip());
        assertEquals(8 + n + 8, bytes.length);
        bb.position((int) (8 + n));
        assertEquals(1f, bb.getFloat());
        assertEquals(2f, bb.getFloat());
        // no temporary file left behind
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void writingIsAtomicAndRefusesBadInput() throws IOException {
        Path f = dir.resolve("b.safetensors");
        SafeTensors.write(f, List.of(SafeTensors.Entry.f32("x", new float[] {1f}, 1)), null);
        byte[] before = Files.readAllBytes(f);
        var dup = List.of(SafeTensors.Entry.f32("x", new float[] {1f}, 1), SafeTensors.Entry.f32("x", new float[] {2f}, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, dup, null));
        assertTrue(e.getMessage().contains("duplicate tensor name x"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.Entry.f32("x", new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.Entry.f32("x", new float[0], -1));
        assertThrows(IllegalArgumentException.class, () -> new SafeTensors.Entry("x", "F16", new long[] {1}, new float[1], null));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(f, List.of(SafeTensors.Entry.f32("__metadata__", new float[1], 1)), null));
    }

    // ------------------------------------------------------------------ hostile files

    /** A file made of the 8-byte length {@code n}, then {@code header}, then {@code dataBytes} zero bytes. */
    private Path raw(long n, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(n).put(h);
        Path f = dir.resolve("hostile.safetensors");
        Files.write(f, bb.array());
        return f;
    }

    private Path raw(String header, int dataBytes) throws IOException {
        return raw(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private static void assertRefused(Path f, String expected) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        LanesIOException e = assertThrows(LanesIOException.class, () -> SafeTensors.read(f));
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(f, e.file());
        // every hostile file here is under 1 KB of header: refusing it must not allocate what it declares
        assertTrue(allocated < 4_000_000, "refusing " + f + " allocated " + allocated + " bytes");
    }

    @Test
    void refusesShortFiles() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[5]);
        assertRefused(f, "shorter than the 8-byte header length");
        Files.write(f, new byte[0]);
        assertRefused(f, "shorter than the 8-byte header length");
        assertRefused(raw(0, "", 0), "too short for a JSON object");
    }

    @Test
    void refusesHeaderLengthsBeyondTheLimitOrTheFile() throws IOException {
        assertRefused(raw(1L << 40, "{}", 100), "exceeds the limit of 100000000 bytes");
        assertRefused(raw(-1L, "{}", 0), "18446744073709551615 exceeds the limit");
        assertRefused(raw(100_000_001L, "{}", 0), "exceeds the limit");
        assertRefused(raw(99_999_999L, "{}", 90), "exceeds the 92 bytes that follow it");
        assertRefused(raw(3, "{}", 0), "exceeds the 2 bytes that follow it");
    }

    @Test
    void refusesHugeDeclaredTensorsBeforeAllocating() throws IOException {
        // 2^40 bytes of data declared in a 100-byte file
        String h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[274877906944],\"data_offsets\":[0,1099511627776]}}";
        assertRefused(raw(h, 16), "the tensors cover 1099511627776 bytes of data but the data buffer is 16 bytes");
        assertRefused(raw(h, 16), "truncated");
        // 400 MB declared, 400 MB of "data" missing
        String h2 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[100000000],\"data_offsets\":[0,400000000]}}";
        assertRefused(raw(h2, 0), "the file is truncated");
        // shape product overflowing 64 bits
        String h3 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}";
        assertRefused(raw(h3, 0), "overflows 64 bits");
        String h4 = "{\"w\":{\"dtype\":\"I64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}";
        assertRefused(raw(h4, 0), "overflows 64 bits");
        String h5 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}";
        assertRefused(raw(h5, 4), "out of the 64-bit range");
    }

    @Test
    void refusesTruncationAtEveryByte() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, List.of(SafeTensors.Entry.f32("a", randomFloats(6, 3), 2, 3),
                SafeTensors.Entry.i64("n", new long[] {7})), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(good);
        Path f = dir.resolve("cut.safetensors");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(f, Arrays.copyOf(bytes, len));
            LanesIOException e = assertThrows(LanesIOException.class, () -> SafeTensors.read(f), "length " + len);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
        // and trailing garbage is refused too
        Files.write(f, Arrays.copyOf(bytes, bytes.length + 1));
        assertRefused(f, "trailing bytes not covered by any tensor");
        assertEquals(2, SafeTensors.read(good).entries().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // header start and JSON
        "' {}'|header must start with '{'",
        "'[]'|header must start with '{'",
        "'{\"a\"'|header: invalid JSON",
        "'{} x'|after the value",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}'|duplicate key",
        // tensor fields
        "'{\"a\":1}'|tensor a: must be an object",
        "'{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}'|dtype must be a string, got nothing (missing)",
        "'{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}'|dtype F16 is not supported",
        "'{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}'|dtype BF16 is not supported",
        "'{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}'|shape must be an array of integers",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}'|shape[0] must be >= 0, got -1",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}'|not an integer",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}'|shape[0] must be an integer",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}'|data_offsets must have 2 integers, got 1",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}'|end before they begin",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}'|span 4 bytes, expected 2 elements x 4 = 8",
        "'{\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,4]}}'|expected 1 elements x 8 = 8",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}'|unknown field(s) [extra]",
        // offsets: hole, overlap, not from 0, buffer not covered
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}'|leave a hole: expected it to begin at 0",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}'|tensor b: data_offsets [8, 12] leave a hole",
        "'{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}'|overlap the previous tensor",
        // metadata
        "'{\"__metadata__\":{\"k\":1}}'|__metadata__ value of \"k\" must be a string",
        "'{\"__metadata__\":[\"k\"]}'|__metadata__ must be an object of strings",
        "'{\"__metadata__\":{\"k\":{\"x\":\"y\"}}}'|must be a string, got an object",
    })
    void refusesMalformedHeaders(String header, String expected) throws IOException {
        assertRefused(raw(header, 16), expected);
    }

    @Test
    void acceptsSpacePaddingAndEmptyFiles() throws IOException {
        Path f = raw("{\"__metadata__\":{\"a\":\"b\"},\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}    ", 4);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("t"), c.names());
        assertEquals(Map.of("a", "b"), c.metadata());
        assertArrayEquals(new float[] {0f}, c.get("t").floats());
        assertTrue(SafeTensors.read(raw("{}", 0)).entries().isEmpty());
        // file order is data order, whatever the JSON key order
        Path g = raw("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8);
        assertEquals(List.of("a", "b"), SafeTensors.read(g).names());
        assertFalse(SafeTensors.readHeader(g).tensors().isEmpty());
    }

    @Test
    void refusesDeepNestingAndBadUtf8InTheHeader() throws IOException {
        String deep = "{\"__metadata__\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        assertRefused(raw(deep, 0), "nesting deeper than 64");
        byte[] bad = {'{', '"', (byte) 0xff, '"', ':', '1', '}'};
        ByteBuffer bb = ByteBuffer.allocate(8 + bad.length).order(ByteOrder.LITTLE_ENDIAN).putLong(bad.length).put(bad);
        Path f = dir.resolve("utf8.safetensors");
        Files.write(f, bb.array());
        assertRefused(f, "not valid UTF-8");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("absent.safetensors");
        LanesIOException e = assertThrows(LanesIOException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("absent.safetensors: no such file"), e.getMessage());
    }
}
