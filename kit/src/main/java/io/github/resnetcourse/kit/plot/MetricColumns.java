package io.github.resnetcourse.kit.plot;

/**
 * Column names the chart factories read from training tables: those of {@code History.toTable()}
 * (per epoch) and {@code History.batchTable()} (per batch), so {@code
 * Charts.loss(history.toTable())} needs no further arguments.
 */
public final class MetricColumns {
    /** Epoch number, counted from 1 (per-epoch tables). */
    public static final String EPOCH = "epoch";

    /** Global batch index, counted from 1 across all epochs and stages (per-batch tables). */
    public static final String ITERATION = "iteration";

    /** Training loss of one batch (per-batch tables). */
    public static final String LOSS = "loss";

    /** Mean training loss of the epoch. */
    public static final String TRAIN_LOSS = "train_loss";

    /** Validation (or test) loss after the epoch. */
    public static final String VALID_LOSS = "valid_loss";

    /** Training accuracy of the epoch, a fraction in [0, 1]. */
    public static final String TRAIN_ACCURACY = "train_acc";

    /** Validation (or test) accuracy after the epoch, a fraction in [0, 1]. */
    public static final String VALID_ACCURACY = "valid_acc";

    /** Learning rate used during the epoch (or batch). */
    public static final String LEARNING_RATE = "lr";

    /** Wall-clock seconds the epoch took. */
    public static final String SECONDS = "seconds";

    /** Training stage label, e.g. "frozen" / "unfrozen" (a string column of per-epoch tables). */
    public static final String STAGE = "stage";

    private MetricColumns() {}
}
