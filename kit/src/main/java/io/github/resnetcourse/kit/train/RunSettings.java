package io.github.resnetcourse.kit.train;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.notebook.LaptopPlan;
import java.util.Objects;
import java.util.Optional;

/**
 * What the run mode ({@link io.github.resnetcourse.kit.notebook.RunMode}) decides for training: the
 * seed everything random derives from, and the caps on batches per epoch and on epochs per {@code
 * fit} (smoke mode's, the lesson's laptop plan's, none in a full run). {@link
 * Learner.Builder#optRunSettings} and {@link LrFinder.Builder#optRunSettings} take one; by default
 * they take the notebook's ({@link #fromEnv()}: {@code COURSE_SEED}, {@code COURSE_MODE}), so the
 * environment is read once, where a builder starts, and nothing inside the loop reads it. Notebook
 * cells never need to pass one.
 *
 * @param seed the run's seed
 * @param maxBatches the cap on batches per epoch, if any
 * @param maxEpochs the cap on epochs per {@code fit}, if any
 * @param frozenStages what frozen stages run when the notebook asks for {@link
 *     FrozenBackbone#LIVE}: {@link FrozenBackbone#CACHED_FEATURES} where the lesson's laptop plan
 *     says so, empty (as asked) otherwise
 */
public record RunSettings(
        long seed,
        Optional<Integer> maxBatches,
        Optional<Integer> maxEpochs,
        Optional<FrozenBackbone> frozenStages) {
    /** Checks the caps. */
    public RunSettings {
        requirePositive("maxBatches", maxBatches);
        requirePositive("maxEpochs", maxEpochs);
        Objects.requireNonNull(frozenStages, "frozenStages");
    }

    /** Settings that run frozen stages as each cell asks. */
    public RunSettings(long seed, Optional<Integer> maxBatches, Optional<Integer> maxEpochs) {
        this(seed, maxBatches, maxEpochs, Optional.empty());
    }

    private static void requirePositive(String name, Optional<Integer> cap) {
        Objects.requireNonNull(cap, name);
        cap.ifPresent(
                n -> {
                    if (n < 1) {
                        throw new IllegalArgumentException(name + "=" + n + " must be >= 1.");
                    }
                });
    }

    /**
     * The notebook's run mode: {@link Env#seed()}, {@link Env#maxBatches()} and {@link
     * Env#maxEpochs()}.
     */
    public static RunSettings fromEnv() {
        return of(Env.current());
    }

    /**
     * The run settings {@code env} decides: its seed, and its caps — smoke mode's, the lesson's
     * {@link LaptopPlan} in laptop mode (with its choice for frozen stages), none in full mode
     * unless {@code COURSE_EPOCHS} or {@code COURSE_MAX_BATCHES} set them.
     */
    public static RunSettings of(Env env) {
        return new RunSettings(
                env.seed(),
                env.maxBatches(),
                env.maxEpochs(),
                env.laptopPlan()
                        .flatMap(LaptopPlan::cachedFrozenStages)
                        .map(seedNote -> FrozenBackbone.CACHED_FEATURES));
    }

    /** A full run (no caps) seeded with {@code seed}. */
    public static RunSettings full(long seed) {
        return new RunSettings(seed, Optional.empty(), Optional.empty());
    }
}
