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
     * Generated twins standing in for missing files (smoke runs, tests).
     *
     * @param folder the twins' folder, apart from the real files
     * @param seed the seed of a newly generated twin's values
     */
    public record Twins(Path folder, long seed) {
        /** Checks the folder. */
        public Twins {
            Objects.requireNonNull(folder, "folder");
        }
    }

    /** The files in {@code folder}; a missing one is an error. */
    public static WeightsLocation of(Path folder) {
        return new WeightsLocation(folder, Optional.empty());
    }

    /**
     * What {@code env}'s run mode decides: the files under {@link Env#weightsDir()}, and in smoke
     * mode twins under {@code <synth>/weights/} seeded by {@link Env#seed()} for missing ones.
     */
    public static WeightsLocation of(Env env) {
        WeightsLocation real = of(env.weightsDir());
        return env.isSmoke() ? real.withTwins(env.synthDir().resolve("weights"), env.seed()) : real;
    }

    /** This location with generated twins in {@code twinFolder} standing in for missing files. */
    public WeightsLocation withTwins(Path twinFolder, long seed) {
        return new WeightsLocation(folder, Optional.of(new Twins(twinFolder, seed)));
    }

    /** Where {@code weights}' published file lives here. */
    public Path file(Weights weights) {
        return folder.resolve(weights.fileName());
    }
}
