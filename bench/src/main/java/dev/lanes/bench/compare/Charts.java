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

    /** Twelve distinguishable colors (Tableau 10 plus two), so up to 12 series never share one. */
    private static final java.awt.Color[] PALETTE = {
        new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e), new java.awt.Color(0x2ca02c),
        new java.awt.Color(0xd62728), new java.awt.Color(0x9467bd), new java.awt.Color(0x8c564b),
        new java.awt.Color(0xe377c2), new java.awt.Color(0x7f7f7f), new java.awt.Color(0xbcbd22),
        new java.awt.Color(0x17becf), new java.awt.Color(0x000000), new java.awt.Color(0xaec7e8)};

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
        chart.getStyler().setSeriesColors(PALETTE);
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
