package io.github.resnetcourse.kit.train;

import ai.djl.nn.Block;

/**
 * A model split into a pretrained body (backbone) and a task head. The {@link Learner} freezes the
 * body, gives it a lower learning rate, or unfreezes it; a model wrapper implements this to make
 * {@code fineTune} work without naming parameters.
 */
public interface HasBodyAndHead {
    /** The backbone: every parameter here is "body". */
    Block body();

    /** The task head (classifier). */
    Block head();
}
