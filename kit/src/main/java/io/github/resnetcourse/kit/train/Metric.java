package io.github.resnetcourse.kit.train;

/** A per-epoch number that callbacks and schedules can monitor. */
public enum Metric {
    /** Mean training loss over the epoch's samples. */
    TRAIN_LOSS("Training loss", Mode.MIN),
    /** Training accuracy over the epoch (0..1). */
    TRAIN_ACCURACY("Training accuracy", Mode.MAX),
    /** Mean validation loss over the validation samples. */
    VALID_LOSS("Validation loss", Mode.MIN),
    /** Validation accuracy (0..1). */
    VALID_ACCURACY("Validation accuracy", Mode.MAX);

    private final String label;
    private final Mode better;

    Metric(String label, Mode better) {
        this.label = label;
        this.better = better;
    }

    /** Human-readable name, as printed in the seeds' messages ("Validation loss"). */
    public String label() {
        return label;
    }

    /**
     * {@code value} as the course prints this metric: accuracies in percent with two decimals
     * ("12.89 %", as the progress lines and tables do), losses with four decimals.
     */
    public String format(double value) {
        return this == TRAIN_ACCURACY || this == VALID_ACCURACY
                ? String.format(java.util.Locale.ROOT, "%.2f %%", 100 * value)
                : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** The mode in which this metric improves. */
    public Mode naturalMode() {
        return better;
    }

    /**
     * This metric's value in {@code epoch}.
     *
     * @throws IllegalStateException when a validation metric is asked of a run without validation
     *     data
     */
    public double of(EpochRecord epoch) {
        double v =
                switch (this) {
                    case TRAIN_LOSS -> epoch.trainLoss();
                    case TRAIN_ACCURACY -> epoch.trainAccuracy();
                    case VALID_LOSS -> epoch.validLoss();
                    case VALID_ACCURACY -> epoch.validAccuracy();
                };
        if (Double.isNaN(v)
                && (this == VALID_LOSS || this == VALID_ACCURACY)
                && !epoch.validated()) {
            throw new IllegalStateException(
                    label
                            + " is monitored but the learner has no validation data; pass it with"
                            + " setData(train, valid) or monitor a training metric.");
        }
        return v;
    }
}
