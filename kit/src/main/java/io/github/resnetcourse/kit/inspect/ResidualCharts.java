package io.github.resnetcourse.kit.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.resnetcourse.kit.inspect.ResidualCapture.BlockTrace;
import io.github.resnetcourse.kit.models.ShortcutKind;
import io.github.resnetcourse.kit.plot.AxisScale;
import io.github.resnetcourse.kit.plot.BarGroup;
import io.github.resnetcourse.kit.plot.Chart;
import io.github.resnetcourse.kit.plot.Charts;
import io.github.resnetcourse.kit.plot.ColourRange;
import io.github.resnetcourse.kit.plot.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lesson 05's charts of what residual blocks compute: ‖F(x)‖/‖x‖ per block as grouped bars, heat
 * maps of x, F(x) and x + F(x) on one colour scale, and gradient norms per layer on a log axis.
 */
public final class ResidualCharts {
    private ResidualCharts() {}

    /**
     * Grouped bars of ‖F(x)‖/‖x‖ per block, one group per capture ("ImageNet weights", "random
     * init"), all captured from models with the same blocks.
     *
     * @throws IllegalArgumentException when the captures' blocks differ
     */
    public static Chart ratios(String title, Map<String, ResidualCapture> captures) {
        if (captures.isEmpty()) {
            throw new IllegalArgumentException("Give at least one capture to chart.");
        }
        List<String> blocks = null;
        List<BarGroup> groups = new ArrayList<>();
        for (var e : captures.entrySet()) {
            List<String> names = e.getValue().blockNames();
            if (blocks != null && !blocks.equals(names)) {
                throw new IllegalArgumentException(
                        "Capture '"
                                + e.getKey()
                                + "' has blocks "
                                + names
                                + ", the first one "
                                + blocks
                                + "; compare captures of the same architecture.");
            }
            blocks = names;
            groups.add(new BarGroup(e.getKey(), e.getValue().ratios()));
        }
        return Charts.bars(
                title, "residual block", "‖F(x)‖ / ‖x‖", blocks, groups.toArray(BarGroup[]::new));
    }

    /**
     * Heat maps of one image's {@code channels} in one block: a row per channel with x (or the
     * shortcut, where the block projects or pads x), F(x) and their sum before the block's final
     * activation, all on one colour scale symmetric around zero.
     *
     * @param image the image's index in the captured batch
     * @throws IllegalArgumentException naming the valid range for a bad image or channel index
     */
    public static Chart blockMaps(BlockTrace trace, int image, int... channels) {
        NDArray residual = trace.residual();
        long[] shape = residual.getShape().getShape();
        if (image < 0 || image >= shape[0]) {
            throw new IllegalArgumentException(
                    "Image " + image + " is not in the captured batch of " + shape[0] + ".");
        }
        if (channels.length == 0) {
            throw new IllegalArgumentException("Name at least one channel to draw.");
        }
        boolean identity = trace.kind() == ShortcutKind.IDENTITY;
        NDArray left = identity ? trace.input() : trace.shortcut();
        if (left == null) {
            throw new IllegalArgumentException(
                    "Block " + trace.block() + " has no shortcut: there is no x + F(x) to draw.");
        }
        String leftName = identity ? "x" : "shortcut(x)";
        List<String> titles = new ArrayList<>();
        List<double[][]> maps = new ArrayList<>();
        try (NDArray sum = trace.sum()) {
            for (int c : channels) {
                if (c < 0 || c >= shape[1]) {
                    throw new IllegalArgumentException(
                            "Channel "
                                    + c
                                    + " is not in block "
                                    + trace.block()
                                    + ", which has channels 0–"
                                    + (shape[1] - 1)
                                    + ".");
                }
                maps.add(plane(left, image, c));
                maps.add(plane(residual, image, c));
                maps.add(plane(sum, image, c));
                titles.add(leftName + " · ch " + c);
                titles.add("F(x) · ch " + c);
                titles.add(leftName + " + F(x) · ch " + c);
            }
        }
        return Charts.featureMaps(
                "Block "
                        + trace.block()
                        + ", image "
                        + image
                        + ": "
                        + leftName
                        + ", F(x) and their sum (one colour scale; white = 0)",
                titles,
                maps,
                3,
                ColourRange.SHARED_DIVERGING);
    }

    private static double[][] plane(NDArray a, int image, int channel) {
        try (NDArray p = a.get(image + "," + channel);
                NDArray f = p.toType(DataType.FLOAT32, true)) {
            int h = (int) p.getShape().get(0);
            int w = (int) p.getShape().get(1);
            float[] v = f.toFloatArray();
            double[][] m = new double[h][w];
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    m[r][col] = v[r * w + col];
                }
            }
            return m;
        }
    }

    /**
     * ‖∂L/∂W‖ per weight layer, one line per measurement, on a log axis (gradients of deep plain
     * and residual networks differ by orders of magnitude).
     */
    public static Chart gradientNorms(String title, GradientNorms... measurements) {
        Series[] series = new Series[measurements.length];
        for (int i = 0; i < measurements.length; i++) {
            GradientNorms g = measurements[i];
            series[i] = Series.of(g.model(), g.norms());
        }
        return Charts.lines(title, "weight layer (input → output)", "‖∂L/∂W‖", series)
                .withYScale(AxisScale.LOG);
    }
}
