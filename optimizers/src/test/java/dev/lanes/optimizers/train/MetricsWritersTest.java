package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsWritersTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------ an independent TFRecord + protobuf reader

    /** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit: independent of java.util.zip. */
    static int crc32c(byte[] b, int off, int len) {
        int crc = ~0;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
            }
        }
        return ~crc;
    }

    static int mask(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    /** One decoded Event: wall_time, step, file_version, and the summary's tag -> simple_value. */
    record Event(double wallTime, long step, String fileVersion, Map<String, Float> scalars) {}

    static List<Event> readEvents(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.hasRemaining()) {
            assertTrue(b.remaining() >= 12, "record header");
            int start = b.position();
            long len = b.getLong();
            assertEquals(mask(crc32c(all, start, 8)), b.getInt(), "masked CRC32C of the length");
            assertTrue(len >= 0 && len <= b.remaining() - 4, "record length " + len);
            int dataOff = b.position();
            byte[] data = new byte[(int) len];
            b.get(data);
            assertEquals(mask(crc32c(all, dataOff, (int) len)), b.getInt(), "masked CRC32C of the data");
            out.add(decodeEvent(data));
        }
        return out;
    }

    static Event decodeEvent(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double wall = Double.NaN;
        long step = -1;
        String version = null;
        Map<String, Float> scalars = new LinkedHashMap<>();
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 1) {
                wall = b.getDouble();
            } else if (field == 2 && wire == 0) {
                step = varint(b);
            } else if (field == 3 && wire == 2) {
                version = new String(lengthDelimited(b), StandardCharsets.UTF_8);
            } else if (field == 5 && wire == 2) {
                decodeSummary(lengthDelimited(b), scalars);
            } else {
                throw new AssertionError("unexpected Event field " + field + " wire type " + wire);
            }
        }
        return new Event(wall, step, version, scalars);
    }

    static void decodeSummary(byte[] data, Map<String, Float> into) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            long key = varint(b);
            assertEquals(1 << 3 | 2, key, "Summary.value (field 1, length-delimited)");
            ByteBuffer v = ByteBuffer.wrap(lengthDelimited(b)).order(ByteOrder.LITTLE_ENDIAN);
            String tag = null;
            Float value = null;
            while (v.hasRemaining()) {
                long k = varint(v);
                if (k == (1 << 3 | 2)) {
                    tag = new String(lengthDelimited(v), StandardCharsets.UTF_8);
                } else if (k == (2 << 3 | 5)) {
                    value = v.getFloat();
                } else {
                    throw new AssertionError("unexpected Value key " + k);
                }
            }
            into.put(tag, value);
        }
    }

    static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b.get() & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new AssertionError("varint too long");
    }

    static byte[] lengthDelimited(ByteBuffer b) {
        int n = (int) varint(b);
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    // ------------------------------------------------------------ tests

    @Test
    void crc32cReferenceVector() {
        byte[] s = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, crc32c(s, 0, s.length), "the CRC-32C check value");
        assertEquals(mask(crc32c(s, 0, s.length)), TensorBoardWriter.maskedCrc32c(s, 0, s.length));
    }

    @Test
    void trainingWritesEventsAndCsv() throws IOException {
        Path logs = dir.resolve("tb");
        TensorBoardWriter tb = new TensorBoardWriter(logs, 5);
        MetricsCsvWriter csv = new MetricsCsvWriter(dir.resolve("metrics.csv"));
        Trainer t = TrainerTest.setup(0, 3, 16).listener(tb).listener(csv).build();
        TrainingResult r = t.fit();

        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\.[A-Za-z0-9._-]+"),
                files.get(0).toString());
        List<Event> ev = readEvents(files.get(0));
        assertEquals("brain.Event:2", ev.get(0).fileVersion(), "first record: file_version");
        assertTrue(ev.get(0).wallTime() > 1.6e9, "wall time in seconds since the epoch: " + ev.get(0).wallTime());
        List<Event> epochs = ev.stream().filter(e -> e.scalars().containsKey("loss/train")).toList();
        assertEquals(3, epochs.size());
        for (int i = 0; i < 3; i++) {
            EpochMetrics m = r.history().get(i);
            Event e = epochs.get(i);
            assertEquals(i + 1, e.step());
            assertEquals((float) m.trainLoss(), e.scalars().get("loss/train"));
            assertEquals((float) m.trainAccuracy(), e.scalars().get("accuracy/train"));
            assertEquals((float) m.valLoss(), e.scalars().get("loss/val"));
            assertEquals((float) m.valAccuracy(), e.scalars().get("accuracy/val"));
            assertEquals((float) m.lr(), e.scalars().get("lr"));
        }
        List<Event> steps = ev.stream().filter(e -> e.scalars().containsKey("step/loss")).toList();
        assertEquals(33 / 5, steps.size(), "every 5th of 33 steps");
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L), steps.stream().map(Event::step).toList());

        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(MetricsCsvWriter.HEADER, lines.get(0));
        assertEquals(4, lines.size());
        String[] row = lines.get(2).split(",", -1);
        assertEquals(8, row.length);
        assertEquals("2", row[0]);
        assertEquals(r.history().get(1).trainLoss(), Double.parseDouble(row[1]), 5e-7);
        assertEquals(r.history().get(1).valAccuracy(), Double.parseDouble(row[4]), 5e-7);
        assertEquals(r.history().get(1).lr(), Double.parseDouble(row[5]), 1e-5 * r.history().get(1).lr());
    }

    @Test
    void csvWithoutValidationHasEmptyCellsAndResumedRunHasEveryEpochOnce() throws IOException {
        Path ck = dir.resolve("c.ckpt");
        Path csvFile = dir.resolve("m.csv");
        TrainerTest.setup(2, 2, 16).validationData(null).checkpointFile(ck).listener(new MetricsCsvWriter(csvFile))
                .build().fit();
        Trainer resumed = TrainerTest.setup(2, 3, 16).validationData(null).listener(new MetricsCsvWriter(csvFile)).build();
        resumed.resume(ck);
        resumed.fit();
        List<String> lines = Files.readAllLines(csvFile);
        assertEquals(4, lines.size(), String.join("\n", lines));
        for (int e = 1; e <= 3; e++) {
            String[] row = lines.get(e).split(",", -1);
            assertEquals(Integer.toString(e), row[0]);
            assertEquals("", row[3], "no val_loss");
            assertEquals("", row[4], "no val_acc");
        }
    }

    /**
     * If the Python {@code tensorboard} package is importable under /usr/bin/python3 (or the
     * interpreter named by {@code -Dlanes.test.python}; it is not in CI), its own
     * {@code EventAccumulator} must load the file too; otherwise this checks nothing and says so.
     */
    @Test
    void tensorboardPackageReadsTheFileWhenInstalled() throws Exception {
        Path py = Path.of(System.getProperty("lanes.test.python", "/usr/bin/python3"));
        if (!Files.isExecutable(py)) {
            System.out.println("tensorboard cross-check skipped: no " + py);
            return;
        }
        Process probe = new ProcessBuilder(py.toString(), "-c", "import tensorboard").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (probe.waitFor() != 0) {
            System.out.println("tensorboard cross-check skipped: the tensorboard package is not installed");
            return;
        }
        Path logs = dir.resolve("tb2");
        TensorBoardWriter tb = new TensorBoardWriter(logs, 0);
        Trainer t = TrainerTest.setup(0, 2, 16).listener(tb).build();
        TrainingResult r = t.fit();
        String script = "import sys\n"
                + "from tensorboard.backend.event_processing.event_accumulator import EventAccumulator\n"
                + "a = EventAccumulator(sys.argv[1]); a.Reload()\n"
                + "for e in a.Scalars('loss/train'): print(e.step, repr(e.value))\n"
                + "print('tags', sorted(a.Tags()['scalars']))\n";
        Process p = new ProcessBuilder(py.toString(), "-c", script, logs.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().filter(l -> l.matches("\\d+ .*")).toList();
        assertEquals(2, lines.size(), out);
        assertEquals((float) r.history().get(0).trainLoss(), Float.parseFloat(lines.get(0).split(" ")[1]), out);
        assertEquals((float) r.history().get(1).trainLoss(), Float.parseFloat(lines.get(1).split(" ")[1]), out);
        assertTrue(out.contains("'accuracy/val'") && out.contains("'lr'"), out);
        System.out.println("tensorboard's EventAccumulator read the file: " + out.strip().replace('\n', ' '));
    }
}
