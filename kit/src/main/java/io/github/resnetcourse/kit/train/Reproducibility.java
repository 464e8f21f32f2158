package io.github.resnetcourse.kit.train;

import ai.djl.engine.Engine;
import ai.djl.util.RandomUtils;
import io.github.resnetcourse.kit.notebook.Env;

/**
 * One seed for everything random in a run. DJL's {@code Engine.setRandomSeed} seeds PyTorch's
 * generator (weight initialisation, dropout, random tensor ops) and DJL's {@code RandomUtils}
 * (dataset shuffling by {@code RandomSampler}, DJL's random image transforms).
 */
public final class Reproducibility {
    private Reproducibility() {}

    /** Seeds initialisation, shuffling and augmentation with {@link Env#seed()}. */
    public static long seedFromEnv() {
        long seed = Env.current().seed();
        seed(seed);
        return seed;
    }

    /** Seeds initialisation, shuffling and augmentation with {@code seed}. */
    public static void seed(long seed) {
        // The engine API takes an int; fold the long so distinct COURSE_SEEDs stay distinct.
        int folded = (int) (seed ^ (seed >>> 32));
        Engine.getInstance().setRandomSeed(folded);
        RandomUtils.RANDOM.setSeed(folded);
    }
}
