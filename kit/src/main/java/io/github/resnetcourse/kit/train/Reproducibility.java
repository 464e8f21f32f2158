package io.github.resnetcourse.kit.train;

import ai.djl.engine.Engine;
import ai.djl.util.RandomUtils;

/**
 * One seed for everything random in a run. DJL's {@code Engine.setRandomSeed} seeds PyTorch's
 * generator (weight initialisation, dropout, random tensor ops) and DJL's {@code RandomUtils}
 * (dataset shuffling by {@code RandomSampler}, DJL's random image transforms).
 *
 * <p>The {@link Learner} seeds each epoch afresh from the run's seed and the epoch number ({@link
 * #forEpoch}), so an epoch's shuffle, augmentation and dropout do not depend on what ran before it:
 * a run resumed from a checkpoint draws exactly what the uninterrupted run would have drawn.
 */
public final class Reproducibility {
    private Reproducibility() {}

    /**
     * The seed of epoch {@code epoch} of a run seeded with {@code seed}: SplitMix64's mix, so that
     * neighbouring epochs get unrelated streams.
     */
    static long forEpoch(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Seeds initialisation, shuffling and augmentation with {@code seed}. */
    public static void seed(long seed) {
        // The engine API takes an int; fold the long so distinct COURSE_SEEDs stay distinct.
        int folded = (int) (seed ^ (seed >>> 32));
        Engine.getInstance().setRandomSeed(folded);
        RandomUtils.RANDOM.setSeed(folded);
    }
}
