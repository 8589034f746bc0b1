package dev.lanes.bench.cli;

/**
 * A small timing harness for the {@code lanes bench} commands (JMH in {@code benchmarks.jar} is the
 * rigorous tool; this one gives quick side-by-side ratios in one run). It warms the code up, then
 * times {@code rounds} batches of calls, each batch sized to last about {@code roundSeconds}, and
 * reports the best batch: on a shared machine the fastest round is the least disturbed one.
 *
 * <p>Warm-up lasts at least {@code warmupSeconds} and then goes on, round by round, until a round
 * is no longer clearly faster than the best before it (at most {@link #MAX_WARMUP_SECONDS}):
 * Vector API code runs a hundred times slower until C2 has compiled it, and that can take longer
 * than a fixed warm-up on a busy machine (seen here: a first case timed at 1/15 of its speed).
 */
public final class Timing {
    /** Upper bound of the adaptive warm-up. */
    static final double MAX_WARMUP_SECONDS = 2.0;
    /** A warm-up round must beat the best so far by this factor to count as still warming up. */
    private static final double STILL_WARMING = 0.97;
    /** Warm-up ends after this many rounds in a row without such a gain (one is not enough:
     * the code can sit at its interpreted speed while C2 is still compiling it). */
    private static final int FLAT_ROUNDS = 3;

    private final double warmupSeconds;
    private final double roundSeconds;
    private final int rounds;

    public Timing(double warmupSeconds, double roundSeconds, int rounds) {
        if (!(warmupSeconds >= 0) || !(roundSeconds > 0) || rounds < 1) {
            throw new IllegalArgumentException("timing needs warmup >= 0 s, round > 0 s and rounds >= 1, got "
                    + warmupSeconds + ", " + roundSeconds + ", " + rounds);
        }
        this.warmupSeconds = warmupSeconds;
        this.roundSeconds = roundSeconds;
        this.rounds = rounds;
    }

    /** Default: 0.5 s warm-up, 5 rounds of 0.2 s. */
    public static Timing standard() {
        return new Timing(0.5, 0.2, 5);
    }

    /** Best seconds per call of {@code body}. */
    public double secondsPerCall(Runnable body) {
        long calls = 1;
        long deadline = System.nanoTime() + (long) (warmupSeconds * 1e9);
        // Warm up and find a batch size that lasts about one round.
        do {
            long t0 = System.nanoTime();
            for (long i = 0; i < calls; i++) {
                body.run();
            }
            long dt = System.nanoTime() - t0;
            if (dt < roundSeconds * 1e9 / 4) {
                calls *= 2;
            }
        } while (System.nanoTime() < deadline);
        long limit = System.nanoTime() + (long) ((MAX_WARMUP_SECONDS - warmupSeconds) * 1e9);
        double previous = round(body, calls);
        int flat = 0;
        while (flat < FLAT_ROUNDS && System.nanoTime() < limit) {
            double t = round(body, calls);
            if (t > previous * STILL_WARMING) {
                flat++;
            } else {
                flat = 0;
                previous = t;
            }
        }
        // The batch was sized while the code may still have been slow: size it again.
        calls = Math.max(1, (long) (roundSeconds / previous));
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < rounds; r++) {
            best = Math.min(best, round(body, calls));
        }
        return best;
    }

    /** Seconds per call over one batch of {@code calls} calls. */
    private static double round(Runnable body, long calls) {
        long t0 = System.nanoTime();
        for (long i = 0; i < calls; i++) {
            body.run();
        }
        return (System.nanoTime() - t0) / 1e9 / calls;
    }
}
