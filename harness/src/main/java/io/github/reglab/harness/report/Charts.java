package io.github.reglab.harness.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.github.reglab.core.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts, rendered headless. Every method writes atomically and returns the file written.
 */
public final class Charts {

    /** Width of a chart in pixels. */
    public static final int WIDTH = 900;
    /** Height of a chart in pixels. */
    public static final int HEIGHT = 560;

    private Charts() {
    }

    /**
     * One line of a chart.
     *
     * @param name the legend entry
     * @param x the x values
     * @param y the y values, as many as x
     * @param errors symmetric error bars (e.g. one standard deviation), as many as x, or null for none
     */
    public record Series(String name, double[] x, double[] y, double[] errors) {

        /** Checks the lengths. */
        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || (errors != null && errors.length != x.length)) {
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y "
                        + y.length + (errors == null ? "" : ", errors " + errors.length) + "; they must match");
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "' has no points");
            }
        }

        /**
         * @param name the legend entry
         * @param x the x values
         * @param y the y values
         * @return a series without error bars
         */
        public static Series of(String name, double[] x, double[] y) {
            return new Series(name, x, y, null);
        }
    }

    /**
     * Line chart of one or more series, optionally with a vertical marker (e.g. the best epoch).
     *
     * @param png the file to write
     * @param title the chart title
     * @param xLabel the x-axis title
     * @param yLabel the y-axis title
     * @param series the lines
     * @param markerX x position of a vertical marker line, or null for none
     * @param markerLabel the marker's legend entry
     * @param logX whether the x axis is logarithmic (all x must then be positive)
     * @return png
     */
    public static Path lines(Path png, String title, String xLabel, String yLabel, List<Series> series,
            Double markerX, String markerLabel, boolean logX) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLogarithmic(logX);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.y().length; i++) {
                double v = s.y()[i];
                if (Double.isFinite(v)) {
                    double e = s.errors() == null ? 0 : s.errors()[i];
                    lo = Math.min(lo, v - e);
                    hi = Math.max(hi, v + e);
                }
            }
            XYSeries xy = s.errors() == null ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.errors());
            xy.setMarker(s.x().length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        if (markerX != null && Double.isFinite(lo)) {
            XYSeries m = chart.addSeries(markerLabel, new double[] {markerX, markerX}, new double[] {lo, hi});
            m.setMarker(SeriesMarkers.NONE);
            m.setLineColor(Color.GRAY);
            m.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        return save(chart, png);
    }

    /**
     * Bar chart, e.g. the weight norm of every input feature.
     *
     * @param png the file to write
     * @param title the chart title
     * @param xLabel the category axis title
     * @param yLabel the value axis title
     * @param categories the bar labels
     * @param values the bar heights, as many as categories
     * @return png
     */
    public static Path bars(Path png, String title, String xLabel, String yLabel, List<String> categories,
            double[] values) {
        if (categories.size() != values.length || values.length == 0) {
            throw new IllegalArgumentException(categories.size() + " categories and " + values.length
                    + " values: they must match and not be empty");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 12 ? 90 : 0);
        java.util.List<Double> ys = new java.util.ArrayList<>(values.length);
        for (double v : values) {
            ys.add(v);
        }
        chart.addSeries(yLabel, categories, ys);
        return save(chart, png);
    }

    /**
     * Histogram of values in equal-width bins.
     *
     * @param png the file to write
     * @param title the chart title
     * @param xLabel the value axis title
     * @param values the values (non-finite ones are left out)
     * @param bins the number of bins, at least 1
     * @return png
     */
    public static Path histogram(Path png, String title, String xLabel, double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, found " + bins);
        }
        java.util.List<Double> finite = new java.util.ArrayList<>(values.length);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                finite.add(v);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (finite.isEmpty()) {
            throw new IllegalArgumentException("histogram '" + title + "' has no finite values");
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        Histogram h = new Histogram(finite, bins, lo, hi);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle("count").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.99);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("count", h.getxAxisData(), h.getyAxisData());
        return save(chart, png);
    }

    private static Path save(Chart<?, ?> chart, Path png) {
        System.setProperty("java.awt.headless", "true");
        return AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out,
                BitmapEncoder.BitmapFormat.PNG));
    }
}
