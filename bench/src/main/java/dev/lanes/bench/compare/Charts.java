package dev.lanes.bench.compare;

import dev.lanes.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Multi-series line charts of a study (XChart), written as PNG atomically. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 560;

    private final XYChart chart;
    private final boolean logY;
    private final boolean markers;

    /**
     * @param logY    logarithmic y axis (points with y <= 0 or non-finite are left out)
     * @param markers draw a marker on each point (for short per-epoch curves)
     */
    Charts(String title, String xTitle, String yTitle, boolean logY, boolean logX, boolean markers) {
        chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisLogarithmic(logX);
        if (!logX) {
            chart.getStyler().setXAxisDecimalPattern("#");
        }
        this.logY = logY;
        this.markers = markers;
    }

    /** Adds a series at x = 1, 2, ... */
    Charts series(String name, double[] ys) {
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i + 1;
        }
        return series(name, xs, ys);
    }

    /** Adds a series; points with non-finite values (or y <= 0 on a log axis) are left out. */
    Charts series(String name, double[] xs, double[] ys) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < ys.length; i++) {
            if (Double.isFinite(ys[i]) && Double.isFinite(xs[i]) && (!logY || ys[i] > 0)) {
                x.add(xs[i]);
                y.add(ys[i]);
            }
        }
        if (!x.isEmpty()) {
            var s = chart.addSeries(name, x, y);
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return this;
    }

    /** Whether any series had a point to draw. */
    boolean isEmpty() {
        return chart.getSeriesCollection().isEmpty();
    }

    /** Writes the PNG (nothing when empty); returns whether it wrote. */
    boolean write(Path file) {
        if (isEmpty()) {
            return false;
        }
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + file, e);
        }
        return true;
    }
}
