package io.github.resnetcourse.kit.plot;

import java.util.Objects;

/**
 * One coloured group of bars: a value per category ("pretrained": ‖F(x)‖/‖x‖ of each block).
 *
 * @param name the legend label
 * @param values one value per category, in the categories' order
 */
public record BarGroup(String name, double[] values) {
    /** Checks and copies the values. */
    public BarGroup {
        Objects.requireNonNull(name, "name");
        values = Objects.requireNonNull(values, "values").clone();
    }

    /** The values (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }
}
