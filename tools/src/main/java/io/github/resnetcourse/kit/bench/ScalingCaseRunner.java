package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import com.google.gson.Gson;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.features.FrozenFeatures;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.optim.Adam;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.RunSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs one {@link ScalingCase} on one generated dataset in this process and prints one JSON {@link
 * ScalingMeasurement} line; {@code ./course bench scaling} starts it in a fresh JVM per case and
 * size, so the peak memory it reports belongs to that size alone.
 *
 * <p>The pipeline cases keep their first {@link #WARM_UP_BATCHES} batches off the clock (class
 * loading, the JIT, the first allocation of each tensor size) and training warms up on as many
 * batches with a separate learner first, so the timed part is the steady state whose cost should
 * grow linearly with the number of images.
 */
public final class ScalingCaseRunner {
    /** Batches run before the clock starts. */
    static final int WARM_UP_BATCHES = 2;

    private static final long SEED = 42;
    private static final int CIFAR_BATCH = 128;
    private static final int FLOWERS_BATCH = 32;

    private ScalingCaseRunner() {}

    /**
     * Entry point of the child process.
     *
     * @param args {@code CASE-LABEL DATA-ROOT [FEATURE-MEMORY-LIMIT-BYTES]}
     * @throws Exception if the case fails
     */
    public static void main(String[] args) throws Exception {
        Engines.init();
        ScalingCase scalingCase = ScalingCase.parse(args[0]);
        Path root = Path.of(args[1]);
        long memoryLimit = args.length > 2 ? Long.parseLong(args[2]) : 0;
        System.out.println(new Gson().toJson(run(scalingCase, root, memoryLimit)));
    }

    /**
     * Measures {@code scalingCase} on the data under {@code root}.
     *
     * @param scalingCase what to run
     * @param root the folder holding {@code cifar-10-batches-bin/} or {@code flower_data/}
     * @param memoryLimit for {@link ScalingCase#FEATURE_CACHE_CIFAR}: features of a split up to
     *     this many bytes stay on the heap, larger ones are memory-mapped
     * @return the measurement
     * @throws Exception if the data cannot be read or a batch fails
     */
    static ScalingMeasurement run(ScalingCase scalingCase, Path root, long memoryLimit)
            throws Exception {
        return switch (scalingCase) {
            case PIPELINE_CIFAR -> pipeline(cifar(root, Split.TRAIN, true));
            case PIPELINE_FLOWERS -> pipeline(flowers(root));
            case TRAIN_CIFAR -> train(root);
            case FEATURE_CACHE_CIFAR -> featureCache(root, memoryLimit);
        };
    }

    private static Cifar10 cifar(Path root, Split split, boolean augment) throws IOException {
        return Cifar10.builder()
                .setRoot(root)
                .setSplit(split)
                .optTransform(augment ? Pipelines.cifarTrain() : Pipelines.cifarTest())
                .optSeed(SEED)
                .setSampling(CIFAR_BATCH, split == Split.TRAIN)
                .build();
    }

    private static ImageDataset flowers(Path root) throws IOException {
        return Flowers102.builder(root, Split.TRAIN)
                .optTransform(Pipelines.flowersTrain())
                .optSeed(SEED)
                .setSampling(FLOWERS_BATCH, true)
                .build();
    }

    /** One pass as a trainer reads it: batches stacked into arrays and closed after use. */
    private static ScalingMeasurement pipeline(ImageDataset data) throws Exception {
        Clock clock = new Clock();
        long images = 0;
        int batches = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            Iterator<Batch> it = data.getData(manager).iterator();
            while (it.hasNext()) {
                try (Batch batch = it.next()) {
                    batches++;
                    if (batches == WARM_UP_BATCHES) {
                        clock.start();
                    } else if (batches > WARM_UP_BATCHES) {
                        images += batch.getSize();
                    }
                }
            }
        }
        requireTimedBatches(batches, data.size());
        return clock.stop(images, data.size() + " images in the dataset");
    }

    /** Lesson 02's stage 2 (everything trains), one epoch, no validation. */
    private static ScalingMeasurement train(Path root) throws Exception {
        Cifar10 data = cifar(root, Split.TRAIN, true);
        try (ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(Head.linear(10))) {
            try (Learner warmUp = learner(model, data).optMaxBatches(WARM_UP_BATCHES).build()) {
                warmUp.fit(1);
            }
            try (Learner learner = learner(model, data).build()) {
                Clock clock = new Clock().start();
                History history = learner.fit(1);
                EpochRecord epoch = history.epochs().get(0);
                requireTimedBatches(epoch.batches(), data.size());
                return clock.stop(
                        data.size(), String.format(Locale.ROOT, "%d batches", epoch.batches()));
            }
        }
    }

    private static Learner.Builder learner(ImageClassifier model, ImageDataset data) {
        return Learner.builder()
                .setModel(model)
                .setData(data, null)
                .optOptimizer(Adam.builder().optWeightDecay(1e-4).build())
                .optLearningRate(1e-3)
                .optRunSettings(RunSettings.full(SEED))
                .optNoProgress();
    }

    /**
     * The frozen body over every training and test image once, then {@link
     * ScalingCase#CACHED_EPOCHS} epochs of the head on the cache.
     */
    private static ScalingMeasurement featureCache(Path root, long memoryLimit) throws Exception {
        Cifar10 train = cifar(root, Split.TRAIN, false);
        Cifar10 test = cifar(root, Split.TEST, false);
        Path cacheDir = root.resolve("feature-cache");
        deleteTree(cacheDir); // extraction is what is measured, not a lookup
        try (ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(Head.linear(10))) {
            Clock clock = new Clock().start();
            FrozenFeatures features =
                    FrozenFeatures.builder()
                            .setModel(model)
                            .setData(train, test)
                            .optCacheDir(cacheDir)
                            .optMemoryLimit(memoryLimit)
                            .optMaxImages(Long.MAX_VALUE)
                            .build();
            double extraction = clock.elapsed();
            History history;
            try (Learner head =
                    Learner.builder()
                            .setModel(features.trainablePart())
                            .setData(features.train(), features.valid())
                            .optLearningRate(1e-3)
                            .optRunSettings(RunSettings.full(SEED))
                            .optNoProgress()
                            .build()) {
                history = head.fit(ScalingCase.CACHED_EPOCHS);
            }
            double cached =
                    history.epochs().stream().mapToDouble(EpochRecord::seconds).sum()
                            / ScalingCase.CACHED_EPOCHS;
            long images = features.extractedImages();
            long trainBytes = (long) train.size() * features.train().featureShape().size() * 4;
            return clock.stop(
                    images,
                    String.format(
                            Locale.ROOT,
                            "extraction %.1f s (%.0f img/s); cached epoch %.3f s (%.0f img/s);"
                                    + " cache %.1f MiB on disk, training split %s",
                            extraction,
                            images / extraction,
                            cached,
                            train.size() / cached,
                            treeBytes(cacheDir) / 1048576.0,
                            trainBytes > memoryLimit ? "memory-mapped" : "held on the heap"));
        }
    }

    private static long treeBytes(Path dir) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                bytes += Files.size(p);
            }
        }
        return bytes;
    }

    private static void requireTimedBatches(int batches, long images) {
        if (batches <= WARM_UP_BATCHES) {
            throw new IllegalArgumentException(
                    "Only "
                            + batches
                            + " batches from "
                            + images
                            + " images: the first "
                            + WARM_UP_BATCHES
                            + " warm up, so nothing was timed. Use a larger --cifar-base or"
                            + " --flowers-base.");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Wall and process CPU time from {@link #start()}, and the memory readings at the end. */
    private static final class Clock {
        private long wall0;
        private long cpu0;

        Clock start() {
            wall0 = System.nanoTime();
            cpu0 = cpuNanos();
            return this;
        }

        double elapsed() {
            return (System.nanoTime() - wall0) / 1e9;
        }

        ScalingMeasurement stop(long images, String detail) {
            double seconds = elapsed();
            double cpu = (cpuNanos() - cpu0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            return new ScalingMeasurement(
                    images,
                    seconds,
                    cpu,
                    ProcessMemory.peakMb(),
                    ProcessMemory.statusMb("RssAnon:"),
                    ProcessMemory.statusMb("RssFile:"),
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                    detail);
        }

        private static long cpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean()
                            instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime()
                    : 0;
        }
    }
}
