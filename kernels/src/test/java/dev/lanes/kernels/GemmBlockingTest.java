package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.GemmBlocking.Caches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocking model over synthetic cache descriptions of the machines this project meets. */
class GemmBlockingTest {
    /** AMD Zen 4 (EPYC Genoa): 32 KiB 8-way L1d, 1 MiB 8-way L2, 32 MiB L3 shared by the VM's 2 cpus. */
    static final Caches ZEN4 = new Caches(32 << 10, 8, 1 << 20, 8, 32L << 20, 2);
    /** Intel Xeon (Sapphire Rapids) and AMD Zen 5: 48 KiB 12-way L1d, 2 MiB 16-way L2. */
    static final Caches XEON = new Caches(48 << 10, 12, 2 << 20, 16, 105L << 20, 56);
    /** An AVX2 part (Haswell/Skylake client): 32 KiB 8-way L1d, 256 KiB 4-way L2, 8 MiB L3 / 8. */
    static final Caches HASWELL = new Caches(32 << 10, 8, 256 << 10, 4, 8L << 20, 8);

    /** The model's defining inequalities hold, and KC is the largest multiple of 8 (up to 512) that meets them. */
    private static void checkModel(GemmBlocking b, Caches c) {
        long way1 = c.l1Bytes() / c.l1Ways(), way2 = c.l2Bytes() / c.l2Ways();
        assertTrue((long) b.kc() * b.nr() * 4 <= way2, b + ": B micro-panel over one L2 way");
        assertTrue((long) b.kc() * b.mr() * 4 <= way1 * (c.l1Ways() - 1), b + ": A sliver overfills L1");
        int next = b.kc() + 8;
        assertTrue(b.kc() == GemmBlocking.MAX_KC || (long) next * b.nr() * 4 > way2
                || (long) next * b.mr() * 4 > way1 * (c.l1Ways() - 1), b + ": KC not maximal");
        assertEquals(0, b.kc() % 8);
        assertEquals(0, b.mc() % b.mr());
        assertEquals(0, b.nc() % b.nr());
        assertTrue((long) b.mc() * b.kc() * 4 <= c.l2Bytes() / 2, b + ": packed A block over half of L2");
        assertTrue((long) b.kc() * b.nc() * 4 <= Math.max(c.l3Bytes() / c.l3Sharers() / 2, (long) b.kc() * b.nr() * 4),
                b + ": B panel over half the L3 share");
    }

    private static long ways(int kc, int width, long way) {
        return ((long) kc * width * 4 + way - 1) / way;
    }

    @Test
    void registerTileFollowsTheRegisterFile() {
        assertEquals(6, GemmBlocking.registerRows(512));  // 32 zmm: 18 accumulators + 3 + 1
        assertEquals(4, GemmBlocking.registerRows(256));  // 16 ymm (AVX2): 12 + 3 + 1
        assertEquals(4, GemmBlocking.registerRows(128));  // 16 xmm, and MR <= 4 lanes for the A packing
    }

    @Test
    void zen4At512Bits() {
        GemmBlocking b = GemmBlocking.derive(6, 48, ZEN4);
        checkModel(b, ZEN4);
        assertEquals(512, b.kc());  // B micro-panel 512 x 48 floats = 96 KiB: one 128 KiB way of L2
        assertEquals(252, b.mc());  // half of the 1 MiB L2 / (512 * 4 bytes) = 256, rounded down to 6 rows
        assertEquals(4080, b.nc()); // 8 MiB (half of 16 MiB per cpu) / 2 KiB per column, in 48s
    }

    @Test
    void xeonAt512Bits() {
        GemmBlocking b = GemmBlocking.derive(6, 48, XEON);
        checkModel(b, XEON);
        assertEquals(512, b.kc());
        assertEquals(510, b.mc()); // 1 MiB of the 2 MiB L2
        assertEquals(480, b.nc()); // 105 MiB / 56 cpus / 2
    }

    @Test
    void avx2MachineAt256Bits() {
        GemmBlocking b = GemmBlocking.derive(4, 24, HASWELL);
        checkModel(b, HASWELL);
        assertEquals(512, b.kc());
        // 256 KiB 4-way L2: the B micro-panel (48 KiB) takes 1 way, C 1, A the other 2 = 128 KiB
        assertEquals(64, b.mc());
        assertEquals(240, b.nc());
    }

    @Test
    void xeonAt256Bits() {
        GemmBlocking b = GemmBlocking.derive(4, 24, XEON);
        checkModel(b, XEON);
        assertEquals(512, b.kc());
        assertEquals(512, b.mc());
    }

    @Test
    void oddCachesStillGiveAUsableBlocking() {
        Caches tiny = new Caches(4 << 10, 2, 64 << 10, 2, 64 << 10, 1);
        GemmBlocking b = GemmBlocking.derive(6, 48, tiny);
        checkModel(b, tiny);
        assertEquals(80, b.kc());  // bounded by the 2 KiB of L1 the A sliver may use
        Caches huge = new Caches(1 << 20, 16, 64 << 20, 16, 1L << 34, 1);
        GemmBlocking h = GemmBlocking.derive(6, 48, huge);
        assertTrue(h.nc() <= GemmBlocking.MAX_NC && h.mc() <= GemmBlocking.MAX_BLOCK && h.kc() <= 4096, h.toString());
    }

    @Test
    void overrideWinsAndIsRoundedToTheTile() {
        GemmBlocking b = GemmBlocking.choose(512, "200, 100,1000", ZEN4);
        assertEquals(200, b.kc());
        assertEquals(102, b.mc());
        assertEquals(1008, b.nc());
        assertTrue(b.source().contains("-Dlanes.gemm.blocking=200, 100,1000"), b.source());
        assertTrue(b.source().contains("rounded up"), b.source());
    }

    @Test
    void badOverrideNamesThePropertyAndTheForm() {
        for (String bad : new String[] {"abc", "1,2", "1,2,3,4", "0,10,10", "-5,10,10", "10,10,99999999", "1,,2"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GemmBlocking.choose(512, bad, ZEN4), bad);
            assertTrue(e.getMessage().contains("lanes.gemm.blocking must be KC,MC,NC"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void unknownCachesFallBackToDefaults() {
        GemmBlocking b = GemmBlocking.choose(256, null, null);
        assertTrue(b.source().startsWith("defaults"), b.source());
        assertEquals(GemmBlocking.derive(4, 24, Caches.DEFAULT).kc(), b.kc());
    }

    @Test
    void readsALinuxCacheDirectory(@TempDir Path dir) throws IOException {
        index(dir, 0, "1", "Data", "48K", "12", "0");
        index(dir, 1, "1", "Instruction", "32K", "8", "0");
        index(dir, 2, "2", "Unified", "2048K", "16", "0");
        index(dir, 3, "3", "Unified", "105M", "15", "0-27,56-83");
        Caches c = Caches.read(dir);
        assertNotNull(c);
        assertEquals(48 << 10, c.l1Bytes());
        assertEquals(12, c.l1Ways());
        assertEquals(2 << 20, c.l2Bytes());
        assertEquals(16, c.l2Ways());
        assertEquals(105L << 20, c.l3Bytes());
        assertEquals(56, c.l3Sharers());
        assertTrue(GemmBlocking.choose(512, null, c).source().contains("L1d 48 KiB 12-way"));
    }

    @Test
    void aDirectoryWithoutL1OrL2GivesNothing(@TempDir Path dir) throws IOException {
        assertNull(Caches.read(dir.resolve("missing")));
        index(dir, 0, "1", "Instruction", "32K", "8", "0");
        index(dir, 1, "3", "Unified", "garbage", "x", "");
        assertNull(Caches.read(dir));
        assertEquals(49152, Caches.parseSize("49152"));
        assertEquals(0, Caches.parseSize("12Q"));
        assertEquals(4, Caches.cpuCount("0-1,4,6"));
    }

    @Test
    void thisMachinesBlockingIsDescribed() {
        GemmBlocking b = GemmBlocking.forVectorBits(512);
        assertTrue(b.describe().startsWith("KC=" + b.kc() + " MC=" + b.mc() + " NC=" + b.nc()), b.describe());
        assertEquals(b, GemmBlocking.forVectorBits(512));
        assertThrows(IllegalArgumentException.class, () -> GemmBlocking.forVectorBits(64));
    }

    private static void index(Path dir, int i, String level, String type, String size, String ways, String cpus)
            throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        Files.writeString(d.resolve("ways_of_associativity"), ways + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), cpus + "\n");
    }
}
