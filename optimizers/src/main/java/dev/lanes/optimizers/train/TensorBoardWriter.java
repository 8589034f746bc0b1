package dev.lanes.optimizers.train;

import dev.lanes.core.io.LanesIOException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files, with no TensorFlow dependency, so training curves open in
 * {@code tensorboard --logdir DIR}.
 *
 * <pre>
 * file    DIR/events.out.tfevents.&lt;unix seconds&gt;.&lt;hostname&gt;, a sequence of TFRecords:
 * record  uint64 length (LE) | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)
 *         masked_crc32c(x) = ((c &gt;&gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8,  c = CRC32C(x)   (32-bit)
 * data    a protobuf tensorflow.Event:
 *           wall_time    = field 1, double  (seconds since the epoch)
 *           step         = field 2, int64
 *           file_version = field 3, string  "brain.Event:2"   (the first record only)
 *           summary      = field 5, Summary { repeated Value value = 1; }
 *                          Value { string tag = 1; float simple_value = 2; }
 * </pre>
 *
 * Per epoch (step = the epoch number, 1-based): {@code loss/train}, {@code accuracy/train},
 * {@code loss/val}, {@code accuracy/val} (with validation), {@code lr},
 * {@code throughput/samples_per_s}. With {@code everySteps > 0}, also {@code step/loss} and
 * {@code step/lr} every {@code everySteps} optimizer steps (step = the global step; this allocates
 * a little on those steps only). The file is flushed after every epoch and closed when training
 * ends; {@link #close()} closes it too (e.g. after a {@link TrainingDivergedException}).
 */
public final class TensorBoardWriter implements TrainingListener, AutoCloseable {
    static final String FILE_VERSION = "brain.Event:2";

    private final Path dir;
    private final long everySteps;
    private Path file;
    private OutputStream out;

    /**
     * @param dir        the log directory (created if missing)
     * @param everySteps also log the batch loss and lr every that many steps (0 = per epoch only)
     */
    public TensorBoardWriter(Path dir, long everySteps) {
        if (dir == null) {
            throw new IllegalArgumentException("TensorBoardWriter: dir must not be null");
        }
        if (everySteps < 0) {
            throw new IllegalArgumentException("TensorBoardWriter: everySteps must be >= 0, got " + everySteps);
        }
        this.dir = dir;
        this.everySteps = everySteps;
    }

    /** The event file being written ({@code null} before training starts). */
    public Path file() {
        return file;
    }

    @Override
    public void onTrainStart(TrainingPlan plan) {
        if (out != null) {
            return;
        }
        long now = System.currentTimeMillis();
        String base = "events.out.tfevents." + now / 1000 + "." + hostname();
        file = dir.resolve(base);
        try {
            Files.createDirectories(dir);
            // a second writer in the same second gets base.1, base.2, ... (TensorBoard reads any *tfevents* file)
            for (int n = 1; Files.exists(file); n++) {
                file = dir.resolve(base + "." + n);
            }
            out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            writeRecord(event(now / 1000.0, 0, FILE_VERSION, null));
            out.flush();
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot write the TensorBoard event file", e);
        }
    }

    @Override
    public void onBatchEnd(long step, int epoch, int batch, float loss, double lr) {
        if (everySteps > 0 && step % everySteps == 0 && out != null) {
            write(step, new String[] {"step/loss", "step/lr"}, new float[] {loss, (float) lr}, false);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (out == null) {
            return;
        }
        if (m.hasValidation()) {
            write(m.epoch(), new String[] {"loss/train", "accuracy/train", "loss/val", "accuracy/val", "lr",
                "throughput/samples_per_s"}, new float[] {(float) m.trainLoss(), (float) m.trainAccuracy(),
                    (float) m.valLoss(), (float) m.valAccuracy(), (float) m.lr(), (float) m.samplesPerSecond()}, true);
        } else {
            write(m.epoch(), new String[] {"loss/train", "accuracy/train", "lr", "throughput/samples_per_s"},
                    new float[] {(float) m.trainLoss(), (float) m.trainAccuracy(), (float) m.lr(),
                        (float) m.samplesPerSecond()}, true);
        }
    }

    @Override
    public void onTrainEnd(TrainingResult result) {
        close();
    }

    /** Writes one event with the given scalars at {@code step} (usable outside the trainer too). */
    public void write(long step, String[] tags, float[] values, boolean flush) {
        if (tags.length != values.length) {
            throw new IllegalArgumentException("tags and values must have the same length, got " + tags.length
                    + " and " + values.length);
        }
        if (out == null) {
            throw new IllegalStateException("TensorBoardWriter: not open (training has not started or has ended)");
        }
        try {
            writeRecord(event(System.currentTimeMillis() / 1000.0, step, null, summary(tags, values)));
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot write the TensorBoard event file", e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new LanesIOException(file, "cannot close the TensorBoard event file", e);
            } finally {
                out = null;
            }
        }
    }

    // ---------------------------------------------------------------- encoding

    private void writeRecord(byte[] data) throws IOException {
        out.write(record(data));
    }

    /** One TFRecord around {@code data}. */
    static byte[] record(byte[] data) {
        byte[] r = new byte[8 + 4 + data.length + 4];
        long len = data.length;
        for (int i = 0; i < 8; i++) {
            r[i] = (byte) (len >>> (8 * i));
        }
        putInt(r, 8, maskedCrc32c(r, 0, 8));
        System.arraycopy(data, 0, r, 12, data.length);
        putInt(r, 12 + data.length, maskedCrc32c(data, 0, data.length));
        return r;
    }

    static int maskedCrc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** A tensorflow.Event message. */
    static byte[] event(double wallTime, long step, String fileVersion, byte[] summary) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x09); // field 1, wire type 1 (64-bit)
        long bits = Double.doubleToRawLongBits(wallTime);
        for (int i = 0; i < 8; i++) {
            b.write((int) (bits >>> (8 * i)));
        }
        b.write(0x10); // field 2, varint
        varint(b, step);
        if (fileVersion != null) {
            b.write(0x1a); // field 3, length-delimited
            bytes(b, fileVersion.getBytes(StandardCharsets.UTF_8));
        }
        if (summary != null) {
            b.write(0x2a); // field 5, length-delimited
            bytes(b, summary);
        }
        return b.toByteArray();
    }

    /** A tensorflow.Summary with one simple_value per tag. */
    static byte[] summary(String[] tags, float[] values) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int i = 0; i < tags.length; i++) {
            ByteArrayOutputStream v = new ByteArrayOutputStream();
            v.write(0x0a); // Value.tag, field 1, length-delimited
            bytes(v, tags[i].getBytes(StandardCharsets.UTF_8));
            v.write(0x15); // Value.simple_value, field 2, wire type 5 (32-bit)
            int f = Float.floatToRawIntBits(values[i]);
            for (int k = 0; k < 4; k++) {
                v.write(f >>> (8 * k));
            }
            s.write(0x0a); // Summary.value, field 1, length-delimited
            bytes(s, v.toByteArray());
        }
        return s.toByteArray();
    }

    private static void bytes(ByteArrayOutputStream b, byte[] data) {
        varint(b, data.length);
        b.write(data, 0, data.length);
    }

    private static void varint(ByteArrayOutputStream b, long v) {
        while ((v & ~0x7FL) != 0) {
            b.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
    }

    private static String hostname() {
        String h = null;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            h = System.getenv("HOSTNAME");
        }
        if (h == null || h.isBlank()) {
            h = "localhost";
        }
        return h.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
