package dev.lanes.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The SGEMM block sizes (KC, MC, NC) and register tile (MR x NR) for this machine, and where they
 * came from. Derived once per vector width from the caches (Linux:
 * {@code /sys/devices/system/cpu/cpu0/cache/index*}), the vector width and the analytical model of
 * BLIS (Low, Igual, Smith, Quintana-Orti, "Analytical Modeling Is Enough for High-Performance
 * BLIS", ACM TOMS 43(2), 2016), or set with {@code -Dlanes.gemm.blocking=KC,MC,NC}.
 *
 * <pre>
 * register tile  MR rows x 3 vectors: the most rows whose MR*3 accumulators + 3 B vectors + 1
 *                broadcast fit the register file (AVX-512, 32 registers: 6 x 3; AVX2, 16: 4 x 3)
 * KC             the largest multiple of 8, at most 512, for which the KC x NR micro-panel of B
 *                takes at most one way of L2 and the MR x KC sliver of A fits L1 with a way to spare
 * MC             the packed A block (MC x KC floats) takes the L2 ways that the B micro-panel and C
 *                leave: (ways2 - 1 - ceil(KC*NR*4 / W2)) ways, at most half of L2; a multiple of MR
 * NC             the packed B panel (KC x NC floats) fills half of this core's share of L3
 *                (L3 size / cpus sharing it); a multiple of NR, at most 16384
 * </pre>
 * Why L2 and not L1 for the B micro-panel: the paper keeps the micro-panel that the innermost
 * loop reuses in L1, giving it all but {@code C_Ar = floor((ways1 - 1) / (1 + NR/MR))} ways. Our
 * tile broadcasts A and loads B as vectors, so the reused micro-panel is the wide one (NR = 8 MR
 * at 512 bits, 6 MR at 256) and that formula leaves A no way of an 8-way L1 at any useful KC.
 * The micro-panel streams from L2 instead: 3 vectors per 18 fused multiply-adds, a small fraction
 * of L2 bandwidth. What KC then buys is amortizing the C-tile update (a round trip to wherever C
 * lives, up to a few hundred cycles) over KC steps of the k loop: at KC = 512 it is about 2% of
 * the work, hence the cap. Measured on an AMD Zen 4 (32 KiB L1d, CPU time, 1 thread): KC = 128
 * and 192 (the L1-resident choice) ran 10-15% slower than 256, 384 and 512, which were within noise.
 * Worked out: Zen 4 (1 MiB 8-way L2) gives KC = 512, MC = 252; a Xeon with a 2 MiB 16-way L2
 * gives KC = 512, MC = 510; an AVX2 part with a 256 KiB 4-way L2 gives KC = 512, MC = 64.
 *
 * <p>Which blocking changes bits: only KC. Every element of C is summed over k in blocks of
 * {@code ceil(k / ceil(k / KC))} (equal blocks, depending on k and KC only), each block's fused
 * multiply-adds in order, so a different KC (another machine's L1, or the override) gives other
 * roundings within the documented error bound. MC, NC and the thread count never change a bit.
 *
 * <p>A bad {@code lanes.gemm.blocking} gives an {@link IllegalStateException} naming the property
 * and the accepted form on every SGEMM call (never an error that poisons the class).
 */
public final class GemmBlocking {
    /** The override property: {@code KC,MC,NC}, three positive integers. */
    public static final String PROPERTY = "lanes.gemm.blocking";
    /** Where the caches are described on Linux. */
    static final Path SYS_CACHE = Path.of("/sys/devices/system/cpu/cpu0/cache");
    /** Largest accepted KC, MC or NC (keeps the packing buffers below 4 GiB). */
    static final int MAX_BLOCK = 1 << 16;
    /** Largest derived KC: the C-tile update is then about 2% of a micro-kernel call (class comment). */
    static final int MAX_KC = 512;
    /** Largest derived NC: past this the B panel is already far larger than any product's n. */
    static final int MAX_NC = 16384;

    private final int kc, mc, nc, mr, nr;
    private final String source;

    /** MC and NC are rounded up to multiples of MR and NR (the driver packs whole micro-panels). */
    GemmBlocking(int kc, int mc, int nc, int mr, int nr, String source) {
        this.kc = kc;
        this.mc = roundUp(mc, mr);
        this.nc = roundUp(nc, nr);
        this.mr = mr;
        this.nr = nr;
        this.source = source;
    }

    /** Largest k block. Changing it changes the bits of results (see the class comment). */
    public int kc() {
        return kc;
    }

    /** Largest m block (a multiple of {@link #mr()}). */
    public int mc() {
        return mc;
    }

    /** Largest n block (a multiple of {@link #nr()}). */
    public int nc() {
        return nc;
    }

    /** Rows of the register tile. */
    public int mr() {
        return mr;
    }

    /** Columns of the register tile (three vectors). */
    public int nr() {
        return nr;
    }

    /** Where the numbers came from: the override, the caches read (and from where), or defaults. */
    public String source() {
        return source;
    }

    /** One line, e.g. {@code KC=128 MC=1020 NC=16368, tile 6x48 (derived from ...)}. */
    public String describe() {
        return "KC=" + kc + " MC=" + mc + " NC=" + nc + ", tile " + mr + "x" + nr + " (" + source + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * The blocking the SIMD SGEMM uses on this machine at {@code vectorBits}-bit vectors (as
     * {@link Kernels#vectorBits()} reports). Cached after the first call.
     *
     * @throws IllegalStateException when {@code -Dlanes.gemm.blocking} is malformed (every call)
     */
    public static GemmBlocking forVectorBits(int vectorBits) {
        if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
            throw new IllegalArgumentException("vectorBits must be 128, 256 or 512, got " + vectorBits);
        }
        GemmBlocking[] cache = Cache.BY_WIDTH;
        int slot = Integer.numberOfTrailingZeros(vectorBits) - 7;
        GemmBlocking b = cache[slot];
        if (b == null) {
            b = choose(vectorBits, System.getProperty(PROPERTY), Caches.read(SYS_CACHE));
            cache[slot] = b;  // benign race: every thread computes the same value
        }
        return b;
    }

    private static final class Cache {
        static final GemmBlocking[] BY_WIDTH = new GemmBlocking[3];
    }

    /** Rows of the register tile for a vector width: see the class comment. */
    static int registerRows(int vectorBits) {
        // AVX-512: 32 zmm; AVX2 and SSE: 16. At 128 bits the tile also needs MR <= 4 lanes: a
        // transposed A is packed one vector per k step (GemmPacking.packA).
        int registers = vectorBits >= 512 ? 32 : 16;
        for (int mr : new int[] {6, 4}) {             // the tiles GemmMicroKernels has (gen_gemm_kernels.py)
            if (mr * 3 + 3 + 1 <= registers && mr <= vectorBits / 32) {
                return mr;
            }
        }
        return 4;
    }

    /** The blocking for a width, an override value (or null) and a cache description (or null). */
    static GemmBlocking choose(int vectorBits, String override, Caches caches) {
        int mr = registerRows(vectorBits);
        int nr = 3 * (vectorBits / 32);
        if (override != null && !override.isBlank()) {
            int[] v = parseOverride(override);
            return new GemmBlocking(v[0], roundUp(v[1], mr), roundUp(v[2], nr), mr, nr,
                    "from -D" + PROPERTY + "=" + override.trim()
                            + (v[1] % mr != 0 || v[2] % nr != 0 ? ", MC and NC rounded up to multiples of MR and NR" : ""));
        }
        if (caches == null) {
            GemmBlocking d = derive(mr, nr, Caches.DEFAULT);
            return new GemmBlocking(d.kc, d.mc, d.nc, mr, nr,
                    "defaults, cache sizes not found in " + SYS_CACHE + ": " + Caches.DEFAULT.describe());
        }
        GemmBlocking d = derive(mr, nr, caches);
        return new GemmBlocking(d.kc, d.mc, d.nc, mr, nr,
                "derived from " + caches.describe() + " read from " + SYS_CACHE);
    }

    /** The analytical model of the class comment for one tile and one cache description. */
    static GemmBlocking derive(int mr, int nr, Caches c) {
        long way1 = Math.max(64, c.l1Bytes / Math.max(1, c.l1Ways));
        long way2 = Math.max(64, c.l2Bytes / Math.max(1, c.l2Ways));
        long l1Room = way1 * Math.max(1, c.l1Ways - 1);
        int kc = 8;
        for (int k = 8; k <= MAX_KC; k += 8) {
            if ((long) k * nr * Float.BYTES <= way2 && (long) k * mr * Float.BYTES <= l1Room) {
                kc = k;
            }
        }
        long bWays = ceilDiv((long) kc * nr * Float.BYTES, way2);
        long aBytes = Math.min(c.l2Bytes / 2, Math.max(1, c.l2Ways - 1 - bWays) * way2);
        int mc = (int) Math.max(mr, aBytes / ((long) kc * Float.BYTES) / mr * mr);
        long l3Share = c.l3Bytes / Math.max(1, c.l3Sharers);
        long ncFit = l3Share / 2 / ((long) kc * Float.BYTES) / nr * nr;
        int nc = (int) Math.max(nr, Math.min(MAX_NC / nr * nr, ncFit));
        return new GemmBlocking(kc, Math.min(mc, MAX_BLOCK / mr * mr), nc, mr, nr, "model");
    }

    private static int[] parseOverride(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        int[] v = new int[3];
        boolean ok = parts.length == 3;
        for (int i = 0; ok && i < 3; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
                ok = v[i] >= 1 && v[i] <= MAX_BLOCK;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalStateException(PROPERTY + " must be KC,MC,NC: three integers in 1.." + MAX_BLOCK
                    + " (e.g. -D" + PROPERTY + "=256,240,4080), got '" + text + "'");
        }
        return v;
    }

    private static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    /**
     * What the model needs to know about the caches: the L1 data cache (size, ways), the L2 (size,
     * ways) and the L3 (size, cpus sharing it). Sizes in bytes.
     */
    record Caches(long l1Bytes, int l1Ways, long l2Bytes, int l2Ways, long l3Bytes, int l3Sharers) {
        /** Used when the caches cannot be read: a 32 KiB 8-way L1d, a 1 MiB 16-way L2, 2 MiB of L3 per core. */
        static final Caches DEFAULT = new Caches(32 << 10, 8, 1 << 20, 16, 2 << 20, 1);

        String describe() {
            return String.format(Locale.ROOT, "L1d %s %d-way, L2 %s %d-way, L3 %s / %d cpu%s", size(l1Bytes), l1Ways,
                    size(l2Bytes), l2Ways, size(l3Bytes), l3Sharers, l3Sharers == 1 ? "" : "s");
        }

        private static String size(long bytes) {
            return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
        }

        /**
         * Reads {@code dir/index*}/{level,type,size,ways_of_associativity,shared_cpu_list}; null when
         * there is no such directory or no L1 data / L2 entry. A missing L3 counts as the L2 again.
         */
        static Caches read(Path dir) {
            long l1 = 0, l2 = 0, l3 = 0;
            int w1 = 0, w2 = 0, sharers = 1;
            try (var entries = Files.list(dir)) {
                for (Path index : (Iterable<Path>) entries.filter(p -> p.getFileName().toString().startsWith("index"))::iterator) {
                    String type = text(index.resolve("type"));
                    int level = (int) number(text(index.resolve("level")));
                    long size = parseSize(text(index.resolve("size")));
                    int ways = (int) number(text(index.resolve("ways_of_associativity")));
                    if (size <= 0 || type == null || type.equals("Instruction")) {
                        continue;
                    }
                    if (level == 1) {
                        l1 = size;
                        w1 = ways;
                    } else if (level == 2) {
                        l2 = size;
                        w2 = ways;
                    } else if (level == 3) {
                        l3 = size;
                        sharers = Math.max(1, cpuCount(text(index.resolve("shared_cpu_list"))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return of(l1, w1, l2, w2, l3, sharers);
        }

        /** A description from raw values; null when L1d or L2 is unknown. Unknown ways get typical ones. */
        static Caches of(long l1, int w1, long l2, int w2, long l3, int sharers) {
            if (l1 <= 0 || l2 <= 0) {
                return null;
            }
            return new Caches(l1, w1 > 0 ? w1 : 8, l2, w2 > 0 ? w2 : 16, l3 > 0 ? l3 : l2, l3 > 0 ? sharers : 1);
        }

        private static String text(Path p) {
            try {
                return Files.readString(p).trim();
            } catch (IOException e) {
                return null;
            }
        }

        private static long number(String s) {
            if (s == null || s.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** "32K", "1024K", "32M", "49152" (bytes) as bytes; 0 when unreadable. */
        static long parseSize(String s) {
            if (s == null || s.isEmpty()) {
                return 0;
            }
            char unit = Character.toUpperCase(s.charAt(s.length() - 1));
            long scale = unit == 'K' ? 1 << 10 : unit == 'M' ? 1 << 20 : unit == 'G' ? 1L << 30 : 1;
            return number(scale == 1 ? s : s.substring(0, s.length() - 1)) * scale;
        }

        /** Cpus in a list like "0-1,4,6-7". */
        static int cpuCount(String list) {
            if (list == null || list.isEmpty()) {
                return 1;
            }
            int n = 0;
            for (String part : list.split(",")) {
                String[] r = part.trim().split("-");
                long lo = number(r[0]);
                long hi = r.length > 1 ? number(r[1]) : lo;
                n += (int) Math.max(1, hi - lo + 1);
            }
            return n;
        }
    }
}
