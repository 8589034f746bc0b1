package dev.lanes.optimizers.train;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import dev.lanes.core.io.SafeTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A checkpoint on disk: a <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * file ({@link SafeTensors}: header length and JSON checked against the file's length before any
 * allocation, written atomically) whose tensors are F32 and whose {@code __metadata__} holds the
 * scalars as strings (see {@link Checkpoints} for the keys). Safetensors has no checksum, so one is
 * added: metadata {@code crc32} is the CRC32 of every tensor's name (UTF-8) and data
 * (little-endian floats) in file order; a file whose data does not match is refused as corrupt.
 */
final class CheckpointFile {
    static final String CRC_KEY = "crc32";

    /** A checkpoint's contents: tensors and metadata in file order. */
    record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private CheckpointFile() {}

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<SafeTensors.Entry> entries = new ArrayList<>(tensors.size());
        CRC32 crc = new CRC32();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            int[] s = t.shape();
            long[] shape = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                shape[i] = s[i];
            }
            entries.add(SafeTensors.Entry.f32(e.getKey(), t.data(), shape));
            update(crc, e.getKey(), t.data());
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(CRC_KEY, Long.toHexString(crc.getValue()));
        SafeTensors.write(file, entries, meta);
    }

    static Contents read(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        CRC32 crc = new CRC32();
        for (SafeTensors.Entry e : c.entries()) {
            if (!SafeTensors.F32.equals(e.dtype())) {
                throw new LanesIOException(file, "checkpoint tensor '" + e.name() + "' must be F32, got " + e.dtype());
            }
            long[] s = e.shape();
            int[] shape = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                if (s[i] > Integer.MAX_VALUE) {
                    throw new LanesIOException(file, "checkpoint tensor '" + e.name() + "': dimension " + s[i] + " too large");
                }
                shape[i] = (int) s[i];
            }
            tensors.put(e.name(), Tensor.wrap(e.floats(), shape));
            update(crc, e.name(), e.floats());
        }
        String stored = c.metadata().get(CRC_KEY);
        if (stored == null) {
            throw new LanesIOException(file, "not a Lanes checkpoint: no '" + CRC_KEY + "' in __metadata__");
        }
        String actual = Long.toHexString(crc.getValue());
        if (!stored.equals(actual)) {
            throw new LanesIOException(file, "corrupt checkpoint: metadata crc32 is " + stored + ", the tensors give "
                    + actual);
        }
        return new Contents(tensors, c.metadata());
    }

    private static void update(CRC32 crc, String name, float[] data) {
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; i += 4096) {
            int n = Math.min(4096, data.length - i);
            b.clear();
            b.asFloatBuffer().put(data, i, n);
            b.limit(4 * n);
            crc.update(b);
        }
    }
}
