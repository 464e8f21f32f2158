package io.github.resnetcourse.kit.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A named stretch of training on the time axis ("frozen", "unfrozen"), starting at {@code start}
 * (an x value of the chart: epoch or iteration). Charts mark where each stage begins.
 *
 * @param name the label shown at the stage's start
 * @param start the x value where the stage begins
 */
public record StageMark(String name, double start) {
    /** Checks the name. */
    public StageMark {
        Objects.requireNonNull(name, "name");
    }

    /**
     * The stages of an epoch table: a new stage begins wherever the {@code stageColumn} value
     * changes, at half an epoch before its first row (so the line falls between two epochs).
     *
     * @param epochs a table with a numeric {@code xColumn} and a {@code stageColumn}
     * @return one stage per run of equal labels; empty when the table has no stage column
     */
    public static List<StageMark> fromTable(Table epochs, String xColumn, String stageColumn) {
        List<StageMark> stages = new ArrayList<>();
        if (!epochs.columnNames().contains(stageColumn)) {
            return stages;
        }
        double[] x = Series.column(epochs, xColumn);
        Column<?> labels = epochs.column(stageColumn);
        String previous = null;
        for (int i = 0; i < x.length; i++) {
            String label = labels.isMissing(i) ? "" : labels.getString(i);
            if (!label.equals(previous)) {
                double step = i > 0 ? x[i] - x[i - 1] : (x.length > 1 ? x[1] - x[0] : 1);
                stages.add(new StageMark(label, x[i] - step / 2));
                previous = label;
            }
        }
        return stages;
    }
}
