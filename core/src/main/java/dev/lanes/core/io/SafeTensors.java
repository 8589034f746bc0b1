package dev.lanes.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes <a href="https://github.com/huggingface/safetensors">safetensors</a> files,
 * the format PyTorch and Hugging Face use for model weights, for dtypes {@code F32} and
 * {@code I64}.
 *
 * <pre>
 * byte 0..7      N, unsigned 64-bit little-endian: the header's length in bytes (1 .. 100,000,000)
 * byte 8..8+N    the header: UTF-8 JSON object, starting with '{', possibly padded with spaces
 *                { "__metadata__": {"key": "value", ...},          (optional, strings only)
 *                  "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ... }
 * byte 8+N..     the data buffer: every tensor's elements, row-major, little-endian;
 *                offsets are relative to the buffer's start
 * </pre>
 *
 * Reading enforces the reference implementation's rules and refuses anything else with a
 * {@link LanesIOException} naming the file and the problem: N at most 100,000,000 and at most
 * the file's length - 8; the header valid strict JSON starting with {@code '{'}; per tensor a
 * known dtype, non-negative integer dimensions, {@code data_offsets} {@code [begin, end]} with
 * {@code end - begin = elements * dtype size}; the tensors' ranges, sorted by offset, contiguous
 * from 0 with no hole or overlap and together exactly the data buffer (so the file's length is
 * exactly {@code 8 + N + sum of sizes}); no duplicate names; {@code __metadata__} a map of string
 * to string. All of this is checked against the file's length before any tensor is allocated, so
 * a header declaring 2^40 bytes in a 100-byte file fails at once. Unknown dtypes (F16, BF16, ...)
 * are refused by name.
 *
 * <p>Writing: tensors in the order given (their data in that order too), header keys in that
 * order after {@code __metadata__}, the header padded with spaces to a multiple of 8 bytes (so the
 * data is 8-byte aligned, as the reference writer does), written atomically via
 * {@link AtomicFiles}.
 */
public final class SafeTensors {
    /** The reference implementation's header size limit. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** 32-bit IEEE float. */
    public static final String F32 = "F32";
    /** 64-bit signed integer (PyTorch's {@code torch.int64}, e.g. batch norm's {@code num_batches_tracked}). */
    public static final String I64 = "I64";
    /** The header key holding the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private static final int CHUNK = 1 << 16;

    private SafeTensors() {}

    /**
     * One tensor: its name, dtype ({@link #F32} or {@link #I64}), shape, and data: {@code floats}
     * for F32 (then {@code longs} is null), {@code longs} for I64 (then {@code floats} is null).
     * The arrays are held, not copied. A 0-dim (scalar) tensor has shape {@code []} and one element.
     */
    public record Entry(String name, String dtype, long[] shape, float[] floats, long[] longs) {
        public Entry {
            if (name == null) {
                throw new IllegalArgumentException("tensor name must not be null");
            }
            if (shape == null) {
                throw new IllegalArgumentException("tensor " + name + ": shape must not be null");
            }
            long n = countElements(name, shape);
            if (F32.equals(dtype)) {
                if (floats == null || longs != null) {
                    throw new IllegalArgumentException("tensor " + name + ": an F32 tensor needs floats and no longs");
                }
                if (floats.length != n) {
                    throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                            + " holds " + n + " elements, got " + floats.length + " floats");
                }
            } else if (I64.equals(dtype)) {
                if (longs == null || floats != null) {
                    throw new IllegalArgumentException("tensor " + name + ": an I64 tensor needs longs and no floats");
                }
                if (longs.length != n) {
                    throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                            + " holds " + n + " elements, got " + longs.length + " longs");
                }
            } else {
                throw new IllegalArgumentException("tensor " + name + ": dtype must be F32 or I64, got " + dtype);
            }
            shape = shape.clone();
        }

        /** An F32 tensor (data held, not copied). */
        public static Entry f32(String name, float[] data, long... shape) {
            return new Entry(name, F32, shape, data, null);
        }

        /** An F32 tensor over {@code t}'s array and shape (held, not copied). */
        public static Entry f32(String name, dev.lanes.core.Tensor t) {
            if (t == null) {
                throw new IllegalArgumentException("tensor " + name + " must not be null");
            }
            int[] s = t.shape();
            long[] shape = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                shape[i] = s[i];
            }
            return new Entry(name, F32, shape, t.data(), null);
        }

        /** An I64 tensor (data held, not copied). */
        public static Entry i64(String name, long[] data, long... shape) {
            return new Entry(name, I64, shape, null, data);
        }

        /** A copy of the shape. */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements (product of the shape; 1 for a 0-dim tensor). */
        public long elementCount() {
            return countElements(name, shape);
        }

        /** Bytes of data: elements times the dtype's size. */
        public long byteSize() {
            return elementCount() * dtypeSize(dtype);
        }

        /** The shape as text, e.g. {@code [256, 784]}. */
        public String shapeString() {
            return Arrays.toString(shape);
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && name.equals(e.name) && dtype.equals(e.dtype) && Arrays.equals(shape, e.shape)
                    && Arrays.equals(floats, e.floats) && Arrays.equals(longs, e.longs);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape);
        }
    }

    /**
     * A file's contents: tensors in file order (by data offset) and the metadata (empty when the
     * file has none).
     */
    public record Contents(List<Entry> entries, Map<String, String> metadata) {
        public Contents {
            entries = List.copyOf(entries);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** Tensor names in file order. */
        public List<String> names() {
            List<String> out = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                out.add(e.name());
            }
            return out;
        }

        /**
         * The tensor called {@code name}, which must exist with dtype {@code dtype}; else an
         * {@link IllegalArgumentException} naming it.
         */
        public Entry require(String name, String dtype) {
            Entry e = get(name);
            if (e == null) {
                throw new IllegalArgumentException("no tensor named " + name + "; the tensors are " + names());
            }
            if (!e.dtype().equals(dtype)) {
                throw new IllegalArgumentException("tensor " + name + " has dtype " + e.dtype() + ", expected " + dtype);
            }
            return e;
        }

        /** The tensor called {@code name}, or null. */
        public Entry get(String name) {
            for (Entry e : entries) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** Bytes per element of a supported dtype. */
    public static int dtypeSize(String dtype) {
        return switch (dtype) {
            case F32 -> 4;
            case I64 -> 8;
            default -> throw new IllegalArgumentException("dtype must be F32 or I64, got " + dtype);
        };
    }

    private static long countElements(String name, long[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("tensor " + name + ": dimension " + i + " must be >= 0, got "
                        + shape[i] + " in " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, shape[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                        + " has more than 2^63 elements");
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code entries} and {@code metadata} (may be null or empty) to {@code file}, atomically. */
    public static void write(Path file, List<Entry> entries, Map<String, String> metadata) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        AtomicFiles.write(file, toBytes(entries, metadata));
    }

    /** The bytes of a safetensors file holding {@code entries} and {@code metadata}. */
    public static byte[] toBytes(List<Entry> entries, Map<String, String> metadata) {
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw new IllegalArgumentException("metadata keys and values must not be null, got " + m);
                }
            }
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Entry e : entries) {
            if (e == null) {
                throw new IllegalArgumentException("entries must not hold null");
            }
            if (e.name().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be called " + METADATA_KEY);
            }
            if (header.containsKey(e.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + e.name());
            }
            long size = e.byteSize();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", e.dtype());
            List<Object> shape = new ArrayList<>();
            for (long d : e.shape) {
                shape.add(d);
            }
            t.put("shape", shape);
            t.put("data_offsets", List.of(offset, offset + size));
            header.put(e.name(), t);
            offset += size;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        long total = 8L + padded + offset;
        if (padded > MAX_HEADER_BYTES || total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors file would be " + total + " bytes (header " + padded
                    + "), more than this writer holds in memory (2^31 - 17)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Entry e : entries) {
            if (e.floats() != null) {
                buf.asFloatBuffer().put(e.floats());
                buf.position(buf.position() + 4 * e.floats().length);
            } else {
                buf.asLongBuffer().put(e.longs());
                buf.position(buf.position() + 8 * e.longs().length);
            }
        }
        return buf.array();
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates {@code file}; see the class comment for what is refused. */
    public static Contents read(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (NoSuchFileException e) {
            throw new LanesIOException(file, "no such file");
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the file", e);
        }
    }

    /** Reads only the header (tensor names, dtypes, shapes, metadata), validated the same way; the data stays unread. */
    public static Header readHeader(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, ch);
        } catch (NoSuchFileException e) {
            throw new LanesIOException(file, "no such file");
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the file", e);
        }
    }

    /** A tensor's description from the header. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
        }
    }

    /** A validated header: tensors in file order (by offset), metadata, and N (the header's byte length). */
    public record Header(List<TensorInfo> tensors, Map<String, String> metadata, long headerBytes) {}

    private static Contents read(Path file, FileChannel ch) throws IOException {
        Header h = header(file, ch);
        long dataStart = 8 + h.headerBytes();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> out = new ArrayList<>(h.tensors().size());
        for (TensorInfo t : h.tensors()) {
            long n = (t.end() - t.begin()) / dtypeSize(t.dtype());
            if (n > Integer.MAX_VALUE - 8) {
                throw new LanesIOException(file, "tensor " + t.name() + " has " + n
                        + " elements, more than a Java array holds");
            }
            long pos = dataStart + t.begin();
            if (F32.equals(t.dtype())) {
                float[] a = new float[(int) n];
                int done = 0;
                while (done < a.length) {
                    int take = Math.min(CHUNK / 4, a.length - done);
                    fill(file, ch, chunk, pos, take * 4);
                    chunk.asFloatBuffer().get(a, done, take);
                    pos += take * 4L;
                    done += take;
                }
                out.add(new Entry(t.name(), F32, t.shape, a, null));
            } else {
                long[] a = new long[(int) n];
                int done = 0;
                while (done < a.length) {
                    int take = Math.min(CHUNK / 8, a.length - done);
                    fill(file, ch, chunk, pos, take * 8);
                    chunk.asLongBuffer().get(a, done, take);
                    pos += take * 8L;
                    done += take;
                }
                out.add(new Entry(t.name(), I64, t.shape, null, a));
            }
        }
        return new Contents(out, h.metadata());
    }

    private static void fill(Path file, FileChannel ch, ByteBuffer buf, long pos, int len) throws IOException {
        buf.clear().limit(len);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) {
                throw new LanesIOException(file, "the file ended early (it shrank while being read?) at byte "
                        + (pos + buf.position()));
            }
        }
        buf.flip();
    }

    private static Header header(Path file, FileChannel ch) throws IOException {
        long fileLen = ch.size();
        if (fileLen < 8) {
            throw new LanesIOException(file, "not a safetensors file: " + fileLen
                    + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        fill(file, ch, lenBuf, 0, 8);
        long n = lenBuf.getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new LanesIOException(file, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (n > fileLen - 8) {
            throw new LanesIOException(file, "header length " + n + " exceeds the " + (fileLen - 8)
                    + " bytes that follow it in the file (truncated or not a safetensors file)");
        }
        if (n < 2) {
            throw new LanesIOException(file, "header length " + n + " is too short for a JSON object");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        fill(file, ch, hb, 8, (int) n);
        byte[] bytes = hb.array();
        if (bytes[0] != '{') {
            throw new LanesIOException(file, "header must start with '{', got byte 0x"
                    + Integer.toHexString(bytes[0] & 0xff));
        }
        Object parsed;
        try {
            parsed = Json.parse(bytes);
        } catch (Json.ParseException e) {
            throw new LanesIOException(file, "header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> top)) {
            throw new LanesIOException(file, "header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> md)) {
                    throw new LanesIOException(file, "header: " + METADATA_KEY + " must be an object of strings");
                }
                for (Map.Entry<?, ?> m : md.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw new LanesIOException(file, "header: " + METADATA_KEY + " value of \""
                                + Json.abbreviate((String) m.getKey()) + "\" must be a string, got " + describe(m.getValue()));
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            tensors.add(tensorInfo(file, name, e.getValue()));
        }
        // file order is data order: sort by (begin, end), then the ranges must tile [0, buffer length)
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        for (TensorInfo t : tensors) {
            if (t.begin() != expected) {
                throw new LanesIOException(file, "tensor " + t.name() + ": data_offsets [" + t.begin() + ", " + t.end()
                        + "] " + (t.begin() > expected ? "leave a hole" : "overlap the previous tensor")
                        + ": expected it to begin at " + expected);
            }
            expected = t.end();
        }
        long bufferLen = fileLen - 8 - n;
        if (expected != bufferLen) {
            throw new LanesIOException(file, "the tensors cover " + expected + " bytes of data but the data buffer is "
                    + bufferLen + " bytes (file " + fileLen + " bytes = 8 + header " + n + " + data)"
                    + (expected > bufferLen ? ": the file is truncated" : ": trailing bytes not covered by any tensor"));
        }
        return new Header(List.copyOf(tensors), Collections.unmodifiableMap(metadata), n);
    }

    private static TensorInfo tensorInfo(Path file, String name, Object value) {
        String where = "tensor " + Json.abbreviate(name) + ": ";
        if (!(value instanceof Map<?, ?> m)) {
            throw new LanesIOException(file, where + "must be an object with dtype, shape and data_offsets, got "
                    + describe(value));
        }
        Set<Object> keys = new HashSet<>(m.keySet());
        keys.removeAll(Set.of("dtype", "shape", "data_offsets"));
        if (!keys.isEmpty()) {
            throw new LanesIOException(file, where + "unknown field(s) " + keys);
        }
        if (!(m.get("dtype") instanceof String dtype)) {
            throw new LanesIOException(file, where + "dtype must be a string, got " + describe(m.get("dtype")));
        }
        if (!dtype.equals(F32) && !dtype.equals(I64)) {
            throw new LanesIOException(file, where + "dtype " + Json.abbreviate(dtype)
                    + " is not supported (Lanes reads F32 and I64)");
        }
        long[] shape = longs(file, where + "shape", m.get("shape"), -1);
        long[] offsets = longs(file, where + "data_offsets", m.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new LanesIOException(file, where + "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new LanesIOException(file, where + "shape " + Arrays.toString(shape) + " overflows 64 bits");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, dtypeSize(dtype));
        } catch (ArithmeticException e) {
            throw new LanesIOException(file, where + "shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
        if (end - begin != bytes) {
            throw new LanesIOException(file, where + "data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes, expected " + count + " elements x " + dtypeSize(dtype) + " = " + bytes + " for shape "
                    + Arrays.toString(shape) + " " + dtype);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] longs(Path file, String what, Object v, int requiredLength) {
        if (!(v instanceof List<?> list)) {
            throw new LanesIOException(file, what + " must be an array of integers, got " + describe(v));
        }
        if (requiredLength >= 0 && list.size() != requiredLength) {
            throw new LanesIOException(file, what + " must have " + requiredLength + " integers, got " + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Json.Num num)) {
                throw new LanesIOException(file, what + "[" + i + "] must be an integer, got " + describe(list.get(i)));
            }
            try {
                out[i] = num.longValueExact();
            } catch (ArithmeticException e) {
                throw new LanesIOException(file, what + "[" + i + "]: " + e.getMessage());
            }
            if (out[i] < 0) {
                throw new LanesIOException(file, what + "[" + i + "] must be >= 0, got " + out[i]);
            }
        }
        return out;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing (missing)";
        }
        if (v instanceof String s) {
            return "the string \"" + Json.abbreviate(s) + "\"";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return Json.abbreviate(String.valueOf(v));
    }
}
