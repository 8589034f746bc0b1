package dev.lanes.core.data;

import dev.lanes.core.io.LanesIOException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzipped (detected by the gzip
 * magic bytes {@code 1f 8b}, not by the file name).
 *
 * <pre>
 * byte 0, 1      0x00 0x00
 * byte 2         element type: 0x08 unsigned byte (the only one MNIST uses; the others,
 *                0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double, are refused by name)
 * byte 3         rank r (1..{@value #MAX_RANK})
 * 4 .. 4+4r      r dimensions, unsigned 32-bit big-endian
 * then           prod(dims) elements, row-major
 * </pre>
 *
 * Untrusted input: the header is checked before any data is allocated. For a raw file, the
 * declared element count must match the file's length exactly; for a gzip file (whose inflated
 * length is unknown until read) the data are read in growing chunks, so a header declaring
 * 2^31 elements in a 1 KB file allocates about what the stream really holds before the
 * truncation is reported. Element counts above what a Java array holds, products that overflow,
 * truncated data, trailing bytes and corrupt gzip streams are refused with a
 * {@link LanesIOException} naming the file.
 */
public final class Idx {
    /** Largest rank accepted. */
    public static final int MAX_RANK = 8;
    /** Largest element count accepted (a byte array's limit). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final int FIRST_CHUNK = 1 << 20;

    private Idx() {}

    /** Unsigned-byte IDX contents: the dimensions and the elements, row-major (read with {@code b & 0xff}). */
    public record UBytes(int[] dims, byte[] data) {
        /** A copy of the dimensions. */
        @Override
        public int[] dims() {
            return dims.clone();
        }

        public int rank() {
            return dims.length;
        }

        public int dim(int i) {
            return dims[i];
        }
    }

    /** {@code count} images of {@code rows x cols} pixels, row-major, each pixel {@code value / 255} in [0, 1]. */
    public record Images(int count, int rows, int cols, float[] pixels) {
        /** Pixels per image. */
        public int pixelsPerImage() {
            return rows * cols;
        }
    }

    /** Reads an unsigned-byte IDX file of any rank. */
    public static UBytes read(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new LanesIOException(file, "no such file");
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the file", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, length, file);
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the file", e);
        }
    }

    /** Reads an unsigned-byte IDX file held in memory ({@code name} is used in messages). */
    public static UBytes read(byte[] fileBytes, Path name) {
        if (fileBytes == null) {
            throw new IllegalArgumentException("fileBytes must not be null");
        }
        try {
            return read(new ByteArrayInputStream(fileBytes), fileBytes.length, name);
        } catch (IOException e) {
            throw new LanesIOException(name, "cannot read the data", e);
        }
    }

    /** Reads a rank-3 file {@code [count, rows, cols]} of images, scaling pixels to [0, 1] as torchvision's {@code ToTensor}. */
    public static Images readImages(Path file) {
        return images(read(file), file);
    }

    /** {@link #readImages(Path)} from bytes in memory. */
    public static Images readImages(byte[] fileBytes, Path name) {
        return images(read(fileBytes, name), name);
    }

    /** Reads a rank-1 file of labels (each 0..255). */
    public static int[] readLabels(Path file) {
        return labels(read(file), file);
    }

    /** {@link #readLabels(Path)} from bytes in memory. */
    public static int[] readLabels(byte[] fileBytes, Path name) {
        return labels(read(fileBytes, name), name);
    }

    /** {@code value / 255f} for every byte: exactly torchvision's {@code ToTensor} ({@code uint8 -> float32 / 255}). */
    public static float[] scaleToUnit(byte[] data) {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (data[i] & 0xff) / 255f;
        }
        return out;
    }

    private static Images images(UBytes u, Path file) {
        if (u.rank() != 3) {
            throw new LanesIOException(file, "images must be a rank-3 IDX file [count, rows, cols], got rank " + u.rank()
                    + " " + Arrays.toString(u.dims));
        }
        return new Images(u.dim(0), u.dim(1), u.dim(2), scaleToUnit(u.data()));
    }

    private static int[] labels(UBytes u, Path file) {
        if (u.rank() != 1) {
            throw new LanesIOException(file, "labels must be a rank-1 IDX file [count], got rank " + u.rank() + " "
                    + Arrays.toString(u.dims));
        }
        byte[] d = u.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i] & 0xff;
        }
        return out;
    }

    private static UBytes read(InputStream source, long sourceLength, Path file) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream in;
        if (gzip) {
            try {
                in = new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new LanesIOException(file, "corrupt gzip header", e);
            }
        } else {
            in = buffered;
        }
        try {
            return parse(in, gzip, sourceLength, file);
        } catch (ZipException e) {
            throw new LanesIOException(file, "corrupt gzip data", e);
        } catch (EOFException e) {
            throw new LanesIOException(file, "truncated gzip stream", e);
        }
    }

    private static UBytes parse(InputStream in, boolean gzip, long sourceLength, Path file) throws IOException {
        String what = gzip ? "the gzip stream" : "the file";
        byte[] magic = new byte[4];
        int got = readFully(in, magic, 0, 4);
        if (got < 4) {
            throw new LanesIOException(file, "not an IDX file: " + what + " holds " + got
                    + " bytes, fewer than the 4-byte magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new LanesIOException(file, String.format("not an IDX file: magic number must start with 00 00, got %02x %02x",
                    magic[0] & 0xff, magic[1] & 0xff));
        }
        int type = magic[2] & 0xff;
        if (type != 0x08) {
            String name = switch (type) {
                case 0x09 -> "signed byte";
                case 0x0B -> "short";
                case 0x0C -> "int";
                case 0x0D -> "float";
                case 0x0E -> "double";
                default -> "unknown";
            };
            throw new LanesIOException(file, String.format("IDX element type 0x%02x (%s) is not supported; Lanes reads"
                    + " unsigned-byte IDX (type 0x08), as MNIST and Fashion-MNIST use", type, name));
        }
        int rank = magic[3] & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw new LanesIOException(file, "IDX rank must be in [1, " + MAX_RANK + "], got " + rank);
        }
        byte[] dimBytes = new byte[4 * rank];
        got = readFully(in, dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new LanesIOException(file, "truncated IDX header: rank " + rank + " needs " + (4 + 4 * rank)
                    + " header bytes, " + what + " holds " + (4 + got));
        }
        int[] dims = new int[rank];
        long count = 1;
        boolean overflow = false;
        for (int i = 0; i < rank; i++) {
            long d = ((dimBytes[4 * i] & 0xffL) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (d > Integer.MAX_VALUE) {
                throw new LanesIOException(file, "IDX dimension " + i + " is " + d + ", more than a Java array holds");
            }
            dims[i] = (int) d;
            if (!overflow) {
                count *= d; // both <= 2^31, and count <= MAX_ELEMENTS before: no long overflow
                overflow = count > MAX_ELEMENTS;
            }
        }
        if (overflow) {
            throw new LanesIOException(file, "IDX dimensions " + Arrays.toString(dims) + " hold more than "
                    + MAX_ELEMENTS + " elements");
        }
        long headerBytes = 4 + 4L * rank;
        if (!gzip && headerBytes + count != sourceLength) {
            throw new LanesIOException(file, "IDX dimensions " + Arrays.toString(dims) + " declare " + count
                    + " bytes of data after the " + headerBytes + "-byte header, but the file holds "
                    + (sourceLength - headerBytes) + (headerBytes + count > sourceLength ? " (truncated)" : " (trailing bytes)"));
        }
        int n = (int) count;
        // grow geometrically: a gzip header declaring a huge count costs only what the stream holds
        byte[] data = new byte[gzip ? Math.min(n, FIRST_CHUNK) : n];
        int filled = 0;
        while (true) {
            filled += readFully(in, data, filled, data.length - filled);
            if (filled < data.length || data.length == n) {
                break;
            }
            data = Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
        }
        if (filled < n) {
            throw new LanesIOException(file, "truncated IDX data: dimensions " + Arrays.toString(dims) + " declare " + n
                    + " elements, " + what + " holds " + filled);
        }
        if (in.read() >= 0) {
            throw new LanesIOException(file, "trailing bytes after the " + n + " elements that dimensions "
                    + Arrays.toString(dims) + " declare");
        }
        return new UBytes(dims, data);
    }

    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = in.read(b, off + done, len - done);
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }
}
