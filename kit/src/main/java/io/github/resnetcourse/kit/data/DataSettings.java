package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link Datasets} reads the lessons' datasets from and how: the folder, whether it holds the
 * downloaded data or generated twins, the seed for splits, shuffling and augmentation, and the cap
 * on batches of large (224×224) images. The run mode decides these once, at the edge ({@link
 * #of(Env)}); nothing beneath reads the environment, so a tool or a test hands in its own.
 *
 * <pre>{@code
 * var twins = DataSettings.generated(tempDir, 42);   // CIFAR twin written under tempDir on first use
 * var train = Datasets.cifar10(twins, Split.TRAIN, 64, Pipelines.cifarTrain());
 * }</pre>
 *
 * @param source downloaded data, or generated twins (written into {@code folder} on first use)
 * @param folder the folder holding the datasets' folders ({@code cifar-10-batches-bin/} …)
 * @param seed the seed for splits, shuffling and augmentation
 * @param largeImageBatchCap the largest batch of 224×224 images, if capped (smoke mode caps it so a
 *     ResNet-152 smoke run stays small; laptop mode so that it fits a laptop's memory)
 * @param subsets how many images of each class to keep of each split (laptop mode's subsets)
 */
public record DataSettings(
        DataSource source,
        Path folder,
        long seed,
        Optional<Integer> largeImageBatchCap,
        PerClassSubsets subsets) {
    /** Checks the values. */
    public DataSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(largeImageBatchCap, "largeImageBatchCap");
        Objects.requireNonNull(subsets, "subsets");
        largeImageBatchCap.ifPresent(
                n -> {
                    if (n < 1) {
                        throw new IllegalArgumentException(
                                "largeImageBatchCap=" + n + " must be >= 1.");
                    }
                });
    }

    /** Where datasets come from. */
    public enum DataSource {
        /** The real datasets, fetched by {@code ./course data fetch}; a missing one is an error. */
        DOWNLOADED,
        /** Generated twins in the real formats, written on first use (smoke runs, tests). */
        GENERATED_TWINS,
        /**
         * The real datasets; one not downloaded is replaced, announced in capitals with its fetch
         * command, by a generated twin of the laptop subsets' size under {@code
         * <folder>/synth/laptop/} (laptop mode: the lesson still runs and can be timed).
         */
        DOWNLOADED_ELSE_LAPTOP_TWINS
    }

    /** Settings that keep every image of every split. */
    public DataSettings(
            DataSource source, Path folder, long seed, Optional<Integer> largeImageBatchCap) {
        this(source, folder, seed, largeImageBatchCap, PerClassSubsets.all());
    }

    /** The downloaded datasets under {@code dataDir}, uncapped. */
    public static DataSettings downloaded(Path dataDir, long seed) {
        return new DataSettings(DataSource.DOWNLOADED, dataDir, seed, Optional.empty());
    }

    /** Generated twins under {@code synthDir} (written there on first use), uncapped. */
    public static DataSettings generated(Path synthDir, long seed) {
        return new DataSettings(DataSource.GENERATED_TWINS, synthDir, seed, Optional.empty());
    }

    /**
     * What {@code env}'s run mode decides: in smoke mode the twins under {@link Env#synthDir()}
     * with the smoke batch cap, otherwise the data under {@link Env#dataDir()} — in laptop mode
     * with the lesson's subsets and batch cap, and laptop twins for data not downloaded.
     */
    public static DataSettings of(Env env) {
        // Env.batchSize(n) is the run mode's rule for large images; asking it about an unbounded
        // request yields the cap itself, so the rule stays in one place.
        int cap = env.batchSize(Integer.MAX_VALUE);
        DataSource source =
                switch (env.mode()) {
                    case SMOKE -> DataSource.GENERATED_TWINS;
                    case LAPTOP -> DataSource.DOWNLOADED_ELSE_LAPTOP_TWINS;
                    case FULL -> DataSource.DOWNLOADED;
                };
        PerClassSubsets subsets =
                env.laptopPlan()
                        .<PerClassSubsets>map(plan -> plan::perClass)
                        .orElse(PerClassSubsets.all());
        return new DataSettings(
                source,
                env.isSmoke() ? env.synthDir() : env.dataDir(),
                env.seed(),
                cap == Integer.MAX_VALUE ? Optional.empty() : Optional.of(cap),
                subsets);
    }

    /** These settings with batches of 224×224 images capped at {@code images}. */
    public DataSettings withLargeImageBatchCap(int images) {
        return new DataSettings(source, folder, seed, Optional.of(images), subsets);
    }

    /** These settings keeping {@code perClass} of each class of each split. */
    public DataSettings withSubsets(PerClassSubsets perClass) {
        return new DataSettings(source, folder, seed, largeImageBatchCap, perClass);
    }

    /** {@code requested}, capped for large images ({@link #largeImageBatchCap()}). */
    public int largeImageBatch(int requested) {
        return largeImageBatchCap.map(c -> Math.min(c, requested)).orElse(requested);
    }
}
