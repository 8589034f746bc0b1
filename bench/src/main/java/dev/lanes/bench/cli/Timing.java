package dev.lanes.bench.cli;

/**
 * A small timing harness for the {@code lanes bench} commands (JMH in {@code benchmarks.jar} is the
 * rigorous tool; this one gives quick side-by-side ratios in one run). It warms the code up, then
 * times {@code rounds} batches of calls, each batch sized to last about {@code roundSeconds}, and
 * reports the best batch: on a shared machine the fastest round is the least disturbed one.
 */
public final class Timing {
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
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < calls; i++) {
                body.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / calls);
        }
        return best;
    }
}
