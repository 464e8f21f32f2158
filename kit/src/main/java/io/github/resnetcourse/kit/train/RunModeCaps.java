package io.github.resnetcourse.kit.train;

import io.github.resnetcourse.kit.notebook.Env;

/**
 * Whether a {@link Learner} applies the run mode's caps ({@link Env#maxEpochs()}, {@link
 * Env#maxBatches()}) where its builder gives none.
 */
public enum RunModeCaps {
    /**
     * Smoke mode, the lesson's laptop plan (or {@code COURSE_EPOCHS} / {@code COURSE_MAX_BATCHES})
     * cap the work.
     */
    APPLY,
    /** The learner runs what it is asked; for demos already sized to finish in seconds. */
    IGNORE
}
