package io.github.resnetcourse.kit.plot;

/** How an axis maps values to positions. */
public enum AxisScale {
    /** Equal steps for equal differences (loss, accuracy). */
    LINEAR("linear"),
    /** Equal steps for equal ratios (learning rates from 1e-2 to 1e-6). */
    LOG("log");

    private final String plotlyType;

    AxisScale(String plotlyType) {
        this.plotlyType = plotlyType;
    }

    /** The value of plotly's {@code axis.type}. */
    String plotlyType() {
        return plotlyType;
    }
}
