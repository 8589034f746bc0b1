package dev.lanes.bench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a training run on stderr: a progress bar per epoch (me.tongfei:progressbar) when
 * stderr is a terminal, otherwise plain lines at each quarter of an epoch, so logs stay
 * readable. {@link #step} is called once per training step and does not allocate except when it
 * refreshes the bar's loss message (about 20 times an epoch).
 */
final class TrainProgress implements AutoCloseable {
    /** Bar refreshes of the loss message per epoch (each allocates one short string). */
    private static final int MESSAGES_PER_EPOCH = 20;

    private final boolean terminal;
    private final PrintWriter err;
    private final int epochs;
    private ProgressBar bar;
    private int epoch;
    private int steps;
    private int every;
    private int nextQuarter;

    TrainProgress(boolean terminal, PrintWriter err, int epochs) {
        this.terminal = terminal;
        this.err = err;
        this.epochs = epochs;
    }

    /** Whether stderr is (most likely) an interactive terminal: a console attached that is a terminal. */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal() && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    void epochStart(int epoch, int steps) {
        close();
        this.epoch = epoch;
        this.steps = steps;
        this.every = Math.max(1, steps / MESSAGES_PER_EPOCH);
        this.nextQuarter = 1;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setUnit(" batches", 1).showSpeed().continuousUpdate().build();
        }
    }

    /** {@code done} batches of this epoch finished; {@code loss} is the last batch's loss. */
    void step(int done, double loss) {
        if (bar != null) {
            bar.stepTo(done);
            if (done % every == 0) {
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
            }
        } else if (!terminal && done * 4L >= (long) nextQuarter * steps && nextQuarter < 4) {
            err.printf(Locale.ROOT, "epoch %d/%d: %d%% (%d/%d batches), loss %.4f%n", epoch, epochs,
                    nextQuarter * 25, done, steps, loss);
            err.flush();
            nextQuarter++;
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
