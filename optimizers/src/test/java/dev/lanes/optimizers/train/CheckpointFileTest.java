package dev.lanes.optimizers.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Tensor;
import dev.lanes.core.io.LanesIOException;
import dev.lanes.core.io.SafeTensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile, truncated and tampered checkpoint files: each a clear LanesIOException, nothing changed. */
class CheckpointFileTest {
    @TempDir
    Path dir;
    Path good;
    byte[] bytes;

    @BeforeEach
    void writeOne() throws IOException {
        good = dir.resolve("good.safetensors");
        Trainer t = TrainerTest.setup(0, 1, 16).build();
        t.fit();
        t.saveCheckpoint(good);
        bytes = Files.readAllBytes(good);
    }

    private LanesIOException refused(byte[] content) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, content);
        Trainer fresh = TrainerTest.setup(0, 1, 16).build();
        LanesIOException e = assertThrows(LanesIOException.class, () -> fresh.resume(f));
        assertEquals(0, fresh.step(), "a refused checkpoint changes nothing");
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void roundTripIsASafetensorsFileWithTheModelAndOptimizerTensors() {
        SafeTensors.Contents c = SafeTensors.read(good);
        assertTrue(c.names().containsAll(List.of("model.0.weight", "model.0.bias", "model.1.running_mean",
                "model.1.running_var", "model.4.weight", "optimizer.state.0.exp_avg", "optimizer.state.0.exp_avg_sq")),
                c.names().toString());
        assertEquals("lanes-checkpoint", c.metadata().get("format"));
        assertEquals("Adam", c.metadata().get("optimizer.name"));
        assertTrue(c.metadata().get("optimizer.group.0.hyper.lr").startsWith("d:"));
        Trainer fresh = TrainerTest.setup(0, 1, 16).build();
        fresh.resume(good);
        assertEquals(11, fresh.step());
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        for (int len : new int[] {0, 4, 8, 100, bytes.length / 2, bytes.length - 1}) {
            LanesIOException e = refused(Arrays.copyOf(bytes, len));
            assertTrue(e.getMessage().length() > 20, e.getMessage());
        }
    }

    @Test
    void hostileHeaderIsRefusedBeforeAllocating() throws IOException {
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        LanesIOException e = refused(huge);
        assertTrue(e.getMessage().contains("100000000") || e.getMessage().contains("100,000,000")
                || e.getMessage().toLowerCase().contains("header"), e.getMessage());
        refused("not a checkpoint at all, just text".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A header declaring 2^40 bytes, and a well-formed header whose one tensor claims 4 GB of a
     * 200-byte file: refused with at most 1 MB allocated by the resume attempt (measured with the
     * thread's allocation counter; the trainer is built before measuring).
     */
    @Test
    void hostileSizesAllocateNothingOversized() throws IOException {
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertRefusedCheaply(huge);

        String json = "{\"__metadata__\":{\"format\":\"lanes-checkpoint\"},"
                + "\"model.0.weight\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}";
        byte[] header = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 200).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        assertRefusedCheaply(b.array());
    }

    private void assertRefusedCheaply(byte[] content) throws IOException {
        Path f = dir.resolve("hostile.safetensors");
        Files.write(f, content);
        Trainer fresh = TrainerTest.setup(0, 1, 16).build();
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        LanesIOException e = assertThrows(LanesIOException.class, () -> fresh.resume(f));
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes refusing: " + e.getMessage());
        assertEquals(0, fresh.step());
    }

    @Test
    void flippedDataBitIsCaughtByTheChecksum() throws IOException {
        byte[] bad = bytes.clone();
        bad[bad.length - 3] ^= 0x10;
        LanesIOException e = refused(bad);
        assertTrue(e.getMessage().contains("corrupt checkpoint"), e.getMessage());
    }

    @Test
    void plainSafetensorsFileIsNotACheckpoint() throws IOException {
        Path f = dir.resolve("plain.safetensors");
        SafeTensors.write(f, List.of(SafeTensors.Entry.f32("w", new float[] {1, 2}, 2)), Map.of());
        LanesIOException e = refused(Files.readAllBytes(f));
        assertTrue(e.getMessage().contains("not a Lanes checkpoint"), e.getMessage());
    }

    /** Valid files (checksum recomputed) with one bad value each. */
    @Test
    void tamperedValuesAreRefusedNamingTheKey() throws IOException {
        expectTampered(m -> put(m, "trainer.batch", "-5"), "trainer.batch");
        expectTampered(m -> put(m, "trainer.step", "many"), "trainer.step");
        expectTampered(m -> put(m, "format_version", "99"), "format_version");
        expectTampered(m -> put(m, "optimizer.group.0.hyper.lr", "x:1"), "optimizer.group.0.hyper.lr");
        expectTampered(m -> put(m, "optimizer.group.0.hyper.lr", "d:-1.0"), "lr");
        expectTampered(m -> put(m, "optimizer.state.99.step", "3"), "optimizer.state.99.step");
        expectTampered(m -> put(m, "history.count", "5"), "history.count");
        expectTampered(m -> remove(m, "trainer.seed"), "trainer.seed");
        expectTampered(m -> put(m, "history.0", "1,2,3"), "history.0");
    }

    private static Map<String, String> put(Map<String, String> m, String k, String v) {
        m.put(k, v);
        return m;
    }

    private static Map<String, String> remove(Map<String, String> m, String k) {
        m.remove(k);
        return m;
    }

    private void expectTampered(UnaryOperator<Map<String, String>> edit, String mentioned) throws IOException {
        CheckpointFile.Contents c = CheckpointFile.read(good);
        Map<String, String> meta = edit.apply(new LinkedHashMap<>(c.metadata()));
        Path f = dir.resolve("tampered.safetensors");
        Map<String, Tensor> tensors = c.tensors();
        CheckpointFile.write(f, tensors, meta);
        Trainer fresh = TrainerTest.setup(0, 1, 16).build();
        LanesIOException e = assertThrows(LanesIOException.class, () -> fresh.resume(f));
        assertTrue(e.getMessage().contains(mentioned), mentioned + ": " + e.getMessage());
        assertEquals(0, fresh.step());
    }

    @Test
    void extraMetadataIsWrittenAndReadBack() {
        Path f = dir.resolve("extra.safetensors");
        Trainer t = TrainerTest.setup(0, 1, 16).checkpointMetadata(Map.of("lanes.architecture", "mlp 12,16,4"))
                .checkpointFile(f).build();
        t.fit();
        Map<String, String> meta = Trainer.checkpointMetadata(f);
        assertEquals("mlp 12,16,4", meta.get("lanes.architecture"));
        assertEquals("lanes-checkpoint", meta.get("format"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerTest.setup(0, 1, 16).checkpointMetadata(Map.of("trainer.step", "0")));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        assertThrows(LanesIOException.class, () -> Trainer.checkpointMetadata(dir.resolve("missing.safetensors")));
    }
}
