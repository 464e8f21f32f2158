package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.notebook.RunMode;
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
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Where {@code env} reads datasets from: the synth folder in smoke mode (every twin generated
     * there first), else the data folder.
     */
    public static Path root(Env env) throws IOException {
        if (env.isSmoke()) {
            SyntheticData.ensure(env.synthDir());
            return env.synthDir();
        }
        if (env.mode() == RunMode.LAPTOP) {
            List<DatasetCatalog> missing =
                    List.of(DatasetCatalog.values()).stream()
                            .filter(d -> !d.isPresent(env.dataDir()))
                            .toList();
            if (!missing.isEmpty()) {
                return LaptopTwins.ensure(env, missing);
            }
        }
        return env.dataDir();
    }

    /**
     * Where {@code env} reads {@code dataset} from; in smoke mode only that dataset's twin is
     * generated (a lesson on CIFAR-10 neither waits for nor reports the other twins).
     */
    public static Path root(Env env, DatasetCatalog dataset) throws IOException {
        if (env.isSmoke()) {
            SyntheticData.ensure(env.synthDir(), dataset);
            return env.synthDir();
        }
        if (env.mode() == RunMode.LAPTOP && !dataset.isPresent(env.dataDir())) {
            return LaptopTwins.ensure(env, List.of(dataset));
        }
        return env.dataDir();
    }

    /**
     * In laptop mode, narrows {@code builder} to the lesson's subset of {@code dataset}'s {@code
     * split} (nothing in other modes or where the plan keeps the whole split).
     */
    private static OptionalInt laptopSubset(
            Env env, DatasetCatalog dataset, Split split, ImageDataset.BaseBuilder<?> builder) {
        OptionalInt perClass =
                env.laptopPlan().map(p -> p.perClass(dataset, split)).orElse(OptionalInt.empty());
        perClass.ifPresent(builder::optPerClass);
        return perClass;
    }

    /** The line a laptop run prints under the dataset it narrowed. */
    private static <D extends ImageDataset> D announced(
            D data, Env env, DatasetCatalog dataset, Split split, OptionalInt perClass) {
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
                                        env.seed())));
        return data;
    }

    /** CIFAR-10 with lesson 02's pipeline for {@code split}; TRAIN is shuffled by the seed. */
    public static Cifar10 cifar10(Split split, int batchSize) throws IOException {
        return cifar10(
                split,
                batchSize,
                split == Split.TRAIN ? Pipelines.cifarTrain() : Pipelines.cifarTest());
    }

    /** CIFAR-10 with any pipeline. */
    public static Cifar10 cifar10(Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        Env env = Env.current();
        Cifar10.Builder b =
                Cifar10.builder()
                        .setRoot(root(env, DatasetCatalog.CIFAR10))
                        .setSplit(split)
                        .optTransform(transform)
                        .optSeed(env.seed())
                        .setSampling(batchSize, split == Split.TRAIN);
        OptionalInt perClass = laptopSubset(env, DatasetCatalog.CIFAR10, split, b);
        return announced(b.build(), env, DatasetCatalog.CIFAR10, split, perClass);
    }

    /** Flowers-102 with lesson 03's pipeline for {@code split} (TRAIN shuffled, VALID in order). */
    public static ImageFolder flowers102(Split split, int batchSize) throws IOException {
        return flowers102(
                split,
                batchSize,
                split == Split.TRAIN ? Pipelines.flowersTrain() : Pipelines.flowersValid());
    }

    /**
     * Flowers-102 with any pipeline (TRAIN shuffled, VALID in order). In smoke and laptop mode the
     * batch size is capped at {@link Env#batchSize(int)}: the generated twin's 224×224 images
     * through ResNet152 would otherwise dominate CI's time, and batch 32 needs about 11 GiB in
     * lesson 03's unfrozen stage, more than a laptop has.
     */
    public static ImageFolder flowers102(Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        Env env = Env.current();
        ImageFolder.Builder b =
                Flowers102.builder(root(env, DatasetCatalog.FLOWERS102), split)
                        .optTransform(transform)
                        .optSeed(env.seed())
                        .setSampling(env.batchSize(batchSize), split == Split.TRAIN);
        OptionalInt perClass = laptopSubset(env, DatasetCatalog.FLOWERS102, split, b);
        return announced(b.build(), env, DatasetCatalog.FLOWERS102, split, perClass);
    }

    /**
     * Lesson 04's four bird species, split 80/20 by the seed, resized to 224 and scaled to [−1, 1]
     * as Keras' ResNet50V2 weights expect ({@link Pipelines#resnet50v2()}).
     */
    public static ImageFolder birds4(Split split, int batchSize) throws IOException {
        return birds4(split, batchSize, Pipelines.resnet50v2());
    }

    /** Lesson 04's birds with any pipeline (e.g. the seed's ImageNet normalisation, to compare). */
    public static ImageFolder birds4(Split split, int batchSize, ImagePipeline transform)
            throws IOException {
        Env env = Env.current();
        Path root = root(env, DatasetCatalog.BIRDS4);
        DatasetCatalog.requirePresent(DatasetCatalog.BIRDS4, root);
        ImageFolder.Builder b =
                ImageFolder.builder()
                        .setRoot(root.resolve(DatasetCatalog.BIRDS4.folder()))
                        .optSplit(split, 0.2, env.seed())
                        .optTransform(transform)
                        .optSeed(env.seed())
                        .setSampling(batchSize, split == Split.TRAIN);
        OptionalInt perClass = laptopSubset(env, DatasetCatalog.BIRDS4, split, b);
        return announced(b.build(), env, DatasetCatalog.BIRDS4, split, perClass);
    }
}
