package dev.lanes.bench.cli;

import dev.lanes.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a training run's per-epoch curves: {@code loss.png} (training and validation
 * loss) and {@code accuracy.png} (training and validation accuracy), drawn with XChart and written
 * atomically. A series whose values are all NaN (no validation set) is left out.
 */
final class TrainCharts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private TrainCharts() {}

    /** Writes {@code loss.png} and {@code accuracy.png} into {@code dir}; epochs are numbered from 1. */
    static void write(Path dir, String title, String valName, double[] trainLoss, double[] valLoss, double[] trainAcc,
                      double[] valAcc) {
        write(dir.resolve("loss.png"), chart(title + ": loss", "loss", valName, trainLoss, valLoss));
        write(dir.resolve("accuracy.png"), chart(title + ": accuracy", "accuracy", valName, trainAcc, valAcc));
    }

    static XYChart chart(String title, String yTitle, String valName, double[] train, double[] val) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        c.getStyler().setAntiAlias(true);
        c.getStyler().setXAxisDecimalPattern("#");
        add(c, "train", train);
        add(c, valName, val);
        return c;
    }

    private static void add(XYChart c, String name, double[] ys) {
        if (ys == null || ys.length == 0 || allNaN(ys)) {
            return;
        }
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i + 1;
        }
        c.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }

    private static boolean allNaN(double[] ys) {
        for (double y : ys) {
            if (!Double.isNaN(y)) {
                return false;
            }
        }
        return true;
    }

    private static void write(Path file, XYChart chart) {
        if (chart.getSeriesCollection().isEmpty()) {
            return;
        }
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + file, e);
        }
    }
}
