package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * One-line datasets for notebook cells. The run mode decides the source: in smoke mode the
 * generated twins under {@link Env#synthDir()} (generated on first use, in seconds), in full mode
 * the real data under {@link Env#dataDir()} — a missing one fails with the fetch command. In laptop
 * mode the real data too, narrowed to the lesson's fixed, seeded, class-balanced subset ({@link
 * io.github.resnetcourse.kit.notebook.LaptopPlan}); a dataset not downloaded is replaced, loudly,
 * by a generated twin of the subset's size and format ({@link LaptopTwins}), so that the lesson
 * still runs and can be timed, but its accuracies say nothing about the real data.
 *
 * <pre>{@code
 * var train = Datasets.cifar10(Split.TRAIN, 64);   // Pipelines.cifarTrain(), shuffled
 * var test  = Datasets.cifar10(Split.TEST, 64);    // Pipelines.cifarTest(), in order
 * }</pre>
 *
 * <p>This class is the edge where the data side meets the run mode: the forms without a {@link
 * DataSettings} read the notebook's environment ({@link Env#current()}) and do nothing else; the
 * forms taking one (tools, tests) read no environment at all.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Where {@code env} reads datasets from: the synth folder in smoke mode (every twin generated
     * there first), else the data folder.
     */
    public static Path root(Env env) throws IOException {
        return root(DataSettings.of(env));
    }

    /** Where {@code settings} reads datasets from, every twin generated there first if twins. */
    public static Path root(DataSettings settings) throws IOException {
        if (settings.source() == DataSettings.DataSource.GENERATED_TWINS) {
            SyntheticData.ensure(settings.folder());
        }
        if (settings.source() == DataSettings.DataSource.DOWNLOADED_ELSE_LAPTOP_TWINS) {
            List<DatasetCatalog> missing =
                    List.of(DatasetCatalog.values()).stream()
                            .filter(d -> !d.isPresent(settings.folder()))
                            .toList();
            if (!missing.isEmpty()) {
                return LaptopTwins.ensure(settings.folder(), missing);
            }
        }
        return settings.folder();
    }

    /**
     * Where {@code env} reads {@code dataset} from; in smoke mode only that dataset's twin is
     * generated (a lesson on CIFAR-10 neither waits for nor reports the other twins).
     */
    public static Path root(Env env, DatasetCatalog dataset) throws IOException {
        return root(DataSettings.of(env), dataset);
    }

    /** Where {@code settings} reads {@code dataset} from, its twin generated first if twins. */
    public static Path root(DataSettings settings, DatasetCatalog dataset) throws IOException {
        if (settings.source() == DataSettings.DataSource.GENERATED_TWINS) {
            SyntheticData.ensure(settings.folder(), dataset);
        }
        if (settings.source() == DataSettings.DataSource.DOWNLOADED_ELSE_LAPTOP_TWINS
                && !dataset.isPresent(settings.folder())) {
            return LaptopTwins.ensure(settings.folder(), List.of(dataset));
        }
        return settings.folder();
    }

    /**
     * Narrows {@code builder} to {@code settings}' subset of {@code dataset}'s {@code split}
     * (laptop mode's; nothing where the settings keep the whole split).
     */
    private static OptionalInt subset(
            DataSettings settings,
            DatasetCatalog dataset,
            Split split,
            ImageDataset.BaseBuilder<?> builder) {
        OptionalInt perClass = settings.subsets().perClass(dataset, split);
        perClass.ifPresent(builder::optPerClass);
        return perClass;
    }

    /** The line a narrowed dataset prints under itself. */
    private static <D extends ImageDataset> D announced(
            D data,
            DataSettings settings,
            DatasetCatalog dataset,
            Split split,
            OptionalInt perClass) {
        perClass.ifPresent(
                n ->
                        System.out.println(
                                String.format(
                                        Locale.ROOT,
                                        "laptop mode: %s %s, %,d images (%d per class, chosen by"
                                                + " seed %d)",
                                        dataset.id(),
                                        split.name().toLowerCase(Locale.ROOT),
                                        data.size(),
                                        n,
                                        settings.seed())));
        return data;
    }

    /** CIFAR-10 with lesson 02's pipeline for {@code split}; TRAIN is shuffled by the seed. */
    public static Cifar10 cifar10(Split split, int batchSize) throws IOException {
        return cifar10(
                split,
                batchSize,
                split == Split.TRAIN ? Pipelines.cifarTrain() : Pipelines.cifarTest());
    }

    /** CIFAR-10 with any pipeline, as the notebook's run mode decides ({@link Env#current()}). */
    public static Cifar10 cifar10(Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        return cifar10(DataSettings.of(Env.current()), split, batchSize, transform);
    }

    /** CIFAR-10 with any pipeline, from where {@code settings} says. */
    public static Cifar10 cifar10(
            DataSettings settings, Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        Cifar10.Builder b =
                Cifar10.builder()
                        .setRoot(root(settings, DatasetCatalog.CIFAR10))
                        .setSplit(split)
                        .optTransform(transform)
                        .optSeed(settings.seed())
                        .setSampling(batchSize, split == Split.TRAIN);
        OptionalInt perClass = subset(settings, DatasetCatalog.CIFAR10, split, b);
        return announced(b.build(), settings, DatasetCatalog.CIFAR10, split, perClass);
    }

    /** Flowers-102 with lesson 03's pipeline for {@code split} (TRAIN shuffled, VALID in order). */
    public static ImageFolder flowers102(Split split, int batchSize) throws IOException {
        return flowers102(
                split,
                batchSize,
                split == Split.TRAIN ? Pipelines.flowersTrain() : Pipelines.flowersValid());
    }

    /**
     * Flowers-102 with any pipeline (TRAIN shuffled, VALID in order). In smoke mode the batch size
     * is capped at {@link Env#batchSize(int)}: the generated twin's 224×224 images through
     * ResNet152 would otherwise dominate CI's time. Reads the notebook's run mode ({@link
     * Env#current()}).
     */
    public static ImageFolder flowers102(Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        return flowers102(DataSettings.of(Env.current()), split, batchSize, transform);
    }

    /**
     * Flowers-102 with any pipeline, from where {@code settings} says, the batch size capped at
     * {@link DataSettings#largeImageBatchCap()}.
     */
    public static ImageFolder flowers102(
            DataSettings settings, Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        ImageFolder.Builder b =
                Flowers102.builder(root(settings, DatasetCatalog.FLOWERS102), split)
                        .optTransform(transform)
                        .optSeed(settings.seed())
                        .setSampling(settings.largeImageBatch(batchSize), split == Split.TRAIN);
        OptionalInt perClass = subset(settings, DatasetCatalog.FLOWERS102, split, b);
        return announced(b.build(), settings, DatasetCatalog.FLOWERS102, split, perClass);
    }

    /**
     * Lesson 04's four bird species, split 80/20 by the seed, resized to 224 and scaled to [−1, 1]
     * as Keras' ResNet50V2 weights expect ({@link Pipelines#resnet50v2()}).
     */
    public static ImageFolder birds4(Split split, int batchSize) throws IOException {
        return birds4(split, batchSize, Pipelines.resnet50v2());
    }

    /**
     * Lesson 04's birds with any pipeline (e.g. the seed's ImageNet normalisation, to compare), as
     * the notebook's run mode decides ({@link Env#current()}).
     */
    public static ImageFolder birds4(Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        return birds4(DataSettings.of(Env.current()), split, batchSize, transform);
    }

    /** Lesson 04's birds with any pipeline, from where {@code settings} says. */
    public static ImageFolder birds4(
            DataSettings settings, Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        Path root = root(settings, DatasetCatalog.BIRDS4);
        DatasetCatalog.requirePresent(DatasetCatalog.BIRDS4, root);
        ImageFolder.Builder b =
                ImageFolder.builder()
                        .setRoot(root.resolve(DatasetCatalog.BIRDS4.folder()))
                        .optSplit(split, 0.2, settings.seed())
                        .optTransform(transform)
                        .optSeed(settings.seed())
                        .setSampling(batchSize, split == Split.TRAIN);
        OptionalInt perClass = subset(settings, DatasetCatalog.BIRDS4, split, b);
        return announced(b.build(), settings, DatasetCatalog.BIRDS4, split, perClass);
    }
}
