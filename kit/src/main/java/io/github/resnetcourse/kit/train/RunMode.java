package io.github.resnetcourse.kit.train;

import io.github.resnetcourse.kit.notebook.Env;
import java.util.Objects;
import java.util.Optional;

/**
 * What the run mode decides for training: the seed everything random derives from, and the cap on
 * batches per epoch (smoke mode's, none in a full run). {@link Learner.Builder#optRunMode} and
 * {@link LrFinder.Builder#optRunMode} take one; by default they take the notebook's ({@link
 * #fromEnv()}: {@code COURSE_SEED}, {@code COURSE_MODE}), so the environment is read once, where a
 * builder starts, and nothing inside the loop reads it. Notebook cells never need to pass one.
 *
 * @param seed the run's seed
 * @param maxBatches the cap on batches per epoch, if any
 */
public record RunMode(long seed, Optional<Integer> maxBatches) {
    /** Checks the cap. */
    public RunMode {
        Objects.requireNonNull(maxBatches, "maxBatches");
        maxBatches.ifPresent(
                n -> {
                    if (n < 1) {
                        throw new IllegalArgumentException("maxBatches=" + n + " must be >= 1.");
                    }
                });
    }

    /** The notebook's run mode: {@link Env#seed()} and {@link Env#maxBatches()}. */
    public static RunMode fromEnv() {
        Env env = Env.current();
        return new RunMode(env.seed(), env.maxBatches());
    }

    /** A full run (no cap) seeded with {@code seed}. */
    public static RunMode full(long seed) {
        return new RunMode(seed, Optional.empty());
    }
}
