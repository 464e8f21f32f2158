package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where pretrained weight files are looked up, and what stands in for a missing one: nothing (a
 * {@link MissingWeightsException} names the fetch command) or a generated {@link WeightTwin} in its
 * own folder, never the real one. The run mode decides this once, at the edge ({@link #of(Env)});
 * {@link Weights#load(WeightsLocation)} and {@link ModelCatalog#table(WeightsLocation)} read no
 * environment, so a tool or a test hands in its own.
 *
 * <pre>{@code
 * var location = WeightsLocation.of(folder).withTwins(tempDir.resolve("twins"), 42);
 * ImageClassifier net = Weights.RESNET18_IMAGENET1K_V1.load(location);
 * }</pre>
 *
 * @param folder the folder of the published files, under their published names
 * @param twins where generated twins stand in for missing files, if they may
 */
public record WeightsLocation(Path folder, Optional<Twins> twins) {
    /** Checks the values. */
    public WeightsLocation {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(twins, "twins");
    }

    /**
     * Generated twins standing in for missing files (smoke runs, tests, laptop mode without the
     * download).
     *
     * @param folder the twins' folder, apart from the real files
     * @param seed the seed of a newly generated twin's values
     * @param notice how a model loaded from a twin is announced
     */
    public record Twins(Path folder, long seed, TwinNotice notice) {
        /** Checks the values. */
        public Twins {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(notice, "notice");
        }
    }

    /** How a model loaded from a twin is announced. */
    public enum TwinNotice {
        /** One line naming the twin (smoke runs and tests, where generated data is the point). */
        BRIEF,
        /**
         * A warning in capitals that the lesson runs without the real weights, with the fetch
         * command (laptop mode: what the lesson says about pretrained features does not hold).
         */
        LOUD
    }

    /** The files in {@code folder}; a missing one is an error. */
    public static WeightsLocation of(Path folder) {
        return new WeightsLocation(folder, Optional.empty());
    }

    /**
     * What {@code env}'s run mode decides: the files under {@link Env#weightsDir()}, and in smoke
     * mode twins under {@code <synth>/weights/} seeded by {@link Env#seed()} for missing ones; in
     * laptop mode the same twins, announced loudly; in full mode none.
     */
    public static WeightsLocation of(Env env) {
        WeightsLocation real = of(env.weightsDir());
        Path twins = env.synthDir().resolve("weights");
        return switch (env.mode()) {
            case SMOKE -> real.withTwins(twins, env.seed());
            case LAPTOP -> real.withTwins(twins, env.seed(), TwinNotice.LOUD);
            case FULL -> real;
        };
    }

    /** This location with generated twins in {@code twinFolder} standing in for missing files. */
    public WeightsLocation withTwins(Path twinFolder, long seed) {
        return withTwins(twinFolder, seed, TwinNotice.BRIEF);
    }

    /** This location with twins in {@code twinFolder}, a model loaded from one announced so. */
    public WeightsLocation withTwins(Path twinFolder, long seed, TwinNotice notice) {
        return new WeightsLocation(folder, Optional.of(new Twins(twinFolder, seed, notice)));
    }

    /** Where {@code weights}' published file lives here. */
    public Path file(Weights weights) {
        return folder.resolve(weights.fileName());
    }
}
