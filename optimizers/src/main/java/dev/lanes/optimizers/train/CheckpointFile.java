package dev.lanes.optimizers.train;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.AtomicFiles;
import dev.lanes.core.io.LanesIOException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The byte layout of a checkpoint: named F32 tensors and string metadata, checked on read.
 *
 * <pre>
 * offset  size  field (little-endian)
 *  0      8     magic "LANESCKP"
 *  8      4     format version (1)
 * 12      4     CRC32 of the body (bytes 24 .. end)
 * 16      8     body length = file length - 24
 * 24            body:
 *               u32 metadata count, then per entry: u32 key length, key (UTF-8), u32 value length, value (UTF-8)
 *               u32 tensor count, then per tensor:  u32 name length, name (UTF-8), u32 rank (0..8),
 *                                                   rank x u32 dims, product(dims) x f32
 * </pre>
 *
 * Reading checks the header against the file's length before reading the body, the CRC before
 * parsing it, and every count and length against the bytes left before allocating anything, so a
 * truncated or hostile file gives a {@link LanesIOException} naming the file and the problem, never
 * an oversized allocation. Writing goes through {@link AtomicFiles} (temporary file, then move).
 */
final class CheckpointFile {
    static final byte[] MAGIC = "LANESCKP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = 24;
    static final int MAX_RANK = 8;
    /** Largest body read: a Java byte array's limit. */
    static final long MAX_BODY = Integer.MAX_VALUE - 64;

    /** A checkpoint's contents: tensors and metadata in file order. */
    record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private CheckpointFile() {}

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        long body = 8;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            body += 8 + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() > MAX_RANK) {
                throw new IllegalArgumentException("tensor " + e.getKey() + ": rank must be <= " + MAX_RANK + ", got " + t.rank());
            }
            body += 8 + utf8(e.getKey()).length + 4L * t.rank() + 4L * t.size();
        }
        if (body > MAX_BODY) {
            throw new LanesIOException(file, "checkpoint of " + body + " bytes exceeds the format's limit of " + MAX_BODY);
        }
        ByteBuffer b = ByteBuffer.allocate((int) (HEADER + body)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(0).putLong(body);
        b.putInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            putString(b, e.getKey());
            putString(b, e.getValue());
        }
        b.putInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            putString(b, e.getKey());
            Tensor t = e.getValue();
            b.putInt(t.rank());
            for (int d : t.shape()) {
                b.putInt(d);
            }
            b.asFloatBuffer().put(t.data());
            b.position(b.position() + 4 * t.size());
        }
        byte[] bytes = b.array();
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER, bytes.length - HEADER);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(12, (int) crc.getValue());
        AtomicFiles.write(file, bytes);
    }

    static Contents read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the checkpoint", e);
        }
        if (size < HEADER) {
            throw new LanesIOException(file, "not a Lanes checkpoint: " + size + " bytes, shorter than the "
                    + HEADER + "-byte header (truncated?)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEADER);
            if (head.length != HEADER) {
                throw new LanesIOException(file, "truncated header: " + head.length + " of " + HEADER + " bytes");
            }
            if (!Arrays.equals(Arrays.copyOf(head, 8), MAGIC)) {
                throw new LanesIOException(file, "not a Lanes checkpoint: magic must be \"LANESCKP\", got "
                        + hex(Arrays.copyOf(head, 8)));
            }
            ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            int version = h.getInt(8);
            if (version != VERSION) {
                throw new LanesIOException(file, "checkpoint format version must be " + VERSION + ", got " + version);
            }
            int storedCrc = h.getInt(12);
            long body = h.getLong(16);
            if (body != size - HEADER) {
                throw new LanesIOException(file, "header declares a body of " + body + " bytes, the file has "
                        + (size - HEADER) + " after the header (truncated or corrupt)");
            }
            if (body > MAX_BODY) {
                throw new LanesIOException(file, "body of " + body + " bytes exceeds the format's limit of " + MAX_BODY);
            }
            byte[] bytes = in.readNBytes((int) body);
            if (bytes.length != body) {
                throw new LanesIOException(file, "truncated body: " + bytes.length + " of " + body + " bytes");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if ((int) crc.getValue() != storedCrc) {
                throw new LanesIOException(file, String.format("CRC32 mismatch: header says %08x, body has %08x"
                        + " (corrupt file)", storedCrc, (int) crc.getValue()));
            }
            return parse(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the checkpoint", e);
        }
    }

    private static Contents parse(Path file, ByteBuffer b) {
        int metaCount = count(file, b, "metadata count", 8);
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < metaCount; i++) {
            String k = string(file, b, "metadata key " + i);
            String v = string(file, b, "metadata value of '" + k + "'");
            if (meta.put(k, v) != null) {
                throw new LanesIOException(file, "duplicate metadata key '" + k + "'");
            }
        }
        int tensorCount = count(file, b, "tensor count", 8);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < tensorCount; i++) {
            String name = string(file, b, "tensor name " + i);
            if (tensors.containsKey(name)) {
                throw new LanesIOException(file, "duplicate tensor '" + name + "'");
            }
            need(file, b, 4, "rank of tensor '" + name + "'");
            int rank = b.getInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new LanesIOException(file, "tensor '" + name + "': rank must be in [0, " + MAX_RANK + "], got "
                        + Integer.toUnsignedString(rank));
            }
            need(file, b, 4L * rank, "dims of tensor '" + name + "'");
            int[] shape = new int[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = b.getInt();
                if (shape[d] < 0) {
                    throw new LanesIOException(file, "tensor '" + name + "': dim " + d + " must be >= 0, got "
                            + Integer.toUnsignedString(shape[d]));
                }
                elements *= shape[d];
                if (elements > b.remaining()) {
                    throw new LanesIOException(file, "tensor '" + name + "': shape " + Arrays.toString(Arrays.copyOf(shape, d + 1))
                            + "... needs more data than the " + b.remaining() + " bytes left");
                }
            }
            need(file, b, 4 * elements, "data of tensor '" + name + "' " + Arrays.toString(shape));
            float[] data = new float[(int) elements];
            b.asFloatBuffer().get(data);
            b.position(b.position() + 4 * (int) elements);
            tensors.put(name, Tensor.wrap(data, shape));
        }
        if (b.hasRemaining()) {
            throw new LanesIOException(file, b.remaining() + " unexpected bytes after the last tensor");
        }
        return new Contents(tensors, meta);
    }

    private static int count(Path file, ByteBuffer b, String what, int minEntryBytes) {
        need(file, b, 4, what);
        int n = b.getInt();
        if (n < 0 || (long) n * minEntryBytes > b.remaining()) {
            throw new LanesIOException(file, what + " " + Integer.toUnsignedString(n) + " cannot fit in the "
                    + b.remaining() + " bytes left");
        }
        return n;
    }

    private static String string(Path file, ByteBuffer b, String what) {
        need(file, b, 4, what);
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new LanesIOException(file, what + ": length " + Integer.toUnsignedString(n) + " exceeds the "
                    + b.remaining() + " bytes left");
        }
        ByteBuffer s = b.slice(b.position(), n);
        b.position(b.position() + n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(s).toString();
        } catch (CharacterCodingException e) {
            throw new LanesIOException(file, what + " is not valid UTF-8");
        }
    }

    private static void need(Path file, ByteBuffer b, long n, String what) {
        if (n > b.remaining()) {
            throw new LanesIOException(file, "truncated at " + what + ": needs " + n + " bytes, "
                    + b.remaining() + " left");
        }
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] u = utf8(s);
        b.putInt(u.length).put(u);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] a) {
        StringBuilder sb = new StringBuilder();
        for (byte x : a) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
