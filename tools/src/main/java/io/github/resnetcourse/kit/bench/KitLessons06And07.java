package io.github.resnetcourse.kit.bench;

import ai.djl.engine.Engine;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.features.FrozenFeatures;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.train.BatchRecord;
import io.github.resnetcourse.kit.train.Callback;
import io.github.resnetcourse.kit.train.CosineAnnealingLr;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.OptimizerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The kit's side of lessons 06 and 07 in {@code ./course bench lessons}, as their notebooks' cells
 * set them up (run by {@link KitLessonRunner} in its child process).
 *
 * <ul>
 *   <li>06: {@code ResNets.resnet50().withHead(10)} on CIFAR-10 with {@code
 *       Pipelines.cifarCropFlip()}, batch 256, every layer training with {@code
 *       OptimizerFactory.sgd(0.9)} at 1e-3 and {@code CosineAnnealingLr.of(5, 1e-5)}.
 *   <li>07 live: ResNet18 with {@code Head.mlp(256, 0.5f, classes)} on Flowers-102 with {@code
 *       Pipelines.toolboxTrain()}, batch 64, {@code learner.freeze()}, {@code
 *       OptimizerFactory.adam(1e-4)} at 1e-3.
 *   <li>07 cached: the notebook's cached frozen stage ({@code setFrozenBackbone(CACHED_FEATURES)},
 *       here through {@code FrozenFeatures} directly) — the backbone runs once per image
 *       (deterministic views through {@code Pipelines.toolboxValid()}), then the head trains on the
 *       features. A different algorithm from the live stage: its time counts building the cache.
 * </ul>
 *
 * <p>Left out on both sides: validation, and so the notebook's {@code ReduceLrOnPlateau} (it needs
 * validation accuracy and only acts at an epoch's end), {@code SaveBestModel} and the training
 * monitor's charts; the seed's scheduler is not stepped either.
 */
final class KitLessons06And07 {
    /** The cosine schedule's length in epochs, as the tutorial's {@code num_epochs}. */
    private static final int COSINE_EPOCHS = 5;

    private KitLessons06And07() {}

    /** Whether {@code stage} is one of lesson 06's or 07's. */
    static boolean runs(LessonStage stage) {
        return stage.lesson().equals("06") || stage.lesson().equals("07");
    }

    /**
     * Trains {@code stage} for {@code warmup} untimed and {@code batches} timed batches.
     *
     * @throws IOException if the generated data cannot be read
     */
    static StageMeasurement run(
            LessonStage stage, Path root, int warmup, int batches, String tuning)
            throws IOException {
        Engine.getInstance().setRandomSeed(0);
        if (stage == LessonStage.RESNET18_MLP_CACHED_FROZEN) {
            return cached(stage, root, warmup, batches, tuning);
        }
        KitLessonRunner.BatchClock clock = new KitLessonRunner.BatchClock(warmup, batches);
        ImageDataset train = trainSet(stage, root);
        try (ImageClassifier model = model(stage, train.classNames().size());
                Learner learner = learner(stage, model, train, clock)) {
            if (stage.frozen()) {
                learner.freeze(); // as the notebook: requires_grad = False on the backbone
            }
            long trainable = learner.trainableParameterCount();
            learner.fit(1);
            return new StageMeasurement(
                    clock.seconds(),
                    clock.cpuSeconds(),
                    batches * stage.batchSize() / clock.seconds(),
                    ProcessMemory.peakMb(),
                    model.parameterCount(),
                    trainable,
                    clock.firstLoss(),
                    runtime(tuning));
        }
    }

    /**
     * The cached stage: a warm-up round (features of the first {@code warmup} batches' images, the
     * head trained on them), then the timed round from scratch: a new model, the features of the
     * first {@code batches} batches' images extracted into a new cache folder, the head trained for
     * those batches. Time and CPU cover the whole timed round, cache building included.
     */
    private static StageMeasurement cached(
            LessonStage stage, Path root, int warmup, int batches, String tuning)
            throws IOException {
        ImageDataset train = trainSet(stage, root);
        long wanted = (long) Math.max(warmup, batches) * stage.batchSize();
        if (train.size() < wanted) {
            // Said before any work: FrozenFeatures would cache what there is, a shorter epoch.
            throw new IllegalStateException(
                    "The cached stage needs "
                            + wanted
                            + " training images for "
                            + Math.max(warmup, batches)
                            + " batches of "
                            + stage.batchSize()
                            + ", "
                            + root
                            + " has "
                            + train.size()
                            + ": generate more, or ask for fewer --batches / --warmup.");
        }
        int classes = train.classNames().size();
        Path caches = Files.createTempDirectory("bench-lesson07-features");
        try {
            CachedRound warm = new CachedRound(stage, train, classes, warmup);
            warm.run(caches.resolve("warm-up"));
            CachedRound timed = new CachedRound(stage, train, classes, batches);
            long start = System.nanoTime();
            long cpuStart = KitLessonRunner.BatchClock.processCpuNanos();
            timed.run(caches.resolve("timed"));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (KitLessonRunner.BatchClock.processCpuNanos() - cpuStart) / 1e9;
            // To the child's log (its stderr): stdout carries only the result line's JSON.
            System.err.printf(
                    Locale.ROOT,
                    "cached stage: %d images extracted in %.2f s, the head trained %d batches in"
                            + " %.2f s (what each further epoch costs), %.2f s in all%n",
                    timed.extracted,
                    timed.extractionSeconds,
                    batches,
                    timed.headSeconds,
                    seconds);
            return new StageMeasurement(
                    seconds,
                    cpuSeconds,
                    batches * stage.batchSize() / seconds,
                    ProcessMemory.peakMb(),
                    timed.parameters,
                    timed.trainable,
                    warm.firstLoss,
                    runtime(tuning) + ", cached features");
        } finally {
            deleteTree(caches);
        }
    }

    /** One round of the cached stage: build the cache of {@code batches} batches, train on it. */
    private static final class CachedRound implements Callback {
        private final LessonStage stage;
        private final ImageDataset train;
        private final int classes;
        private final int batches;
        private double firstLoss = Double.NaN;
        private int extracted;
        private double extractionSeconds;
        private double headSeconds;
        private long parameters;
        private long trainable;

        CachedRound(LessonStage stage, ImageDataset train, int classes, int batches) {
            this.stage = stage;
            this.train = train;
            this.classes = classes;
            this.batches = batches;
        }

        void run(Path cacheDir) throws IOException {
            long images = (long) batches * stage.batchSize();
            try (ImageClassifier model = model(stage, classes)) {
                FrozenFeatures features =
                        FrozenFeatures.builder()
                                .setModel(model)
                                .setData(train, null)
                                .optPipeline(Pipelines.toolboxValid()) // the notebook's valid's
                                .optMaxImages(images)
                                .optCacheDir(cacheDir)
                                .build();
                if (features.extractedImages() != images) {
                    throw new IllegalStateException(
                            "The cached stage must build its cache: "
                                    + features.extractedImages()
                                    + " of "
                                    + images
                                    + " images were extracted into "
                                    + cacheDir
                                    + " (is the generated training set smaller than --batches"
                                    + " batches?)");
                }
                extracted = features.extractedImages();
                extractionSeconds = features.extractionSeconds();
                parameters = model.parameterCount();
                // The work of the notebook's setFrozenBackbone(CACHED_FEATURES) stage, made
                // explicit so that the cache folder is a fresh one and extraction is counted.
                try (Learner head =
                        Learner.builder()
                                .setModel(features.trainablePart())
                                .setData(features.train(), features.valid())
                                .optOptimizer(OptimizerFactory.adam(1e-4))
                                .optLearningRate(1e-3)
                                .optMaxBatches(batches)
                                .optCallbacks(this)
                                .build()) {
                    trainable = head.trainableParameterCount();
                    long start = System.nanoTime();
                    head.fit(1);
                    headSeconds = (System.nanoTime() - start) / 1e9;
                }
            }
        }

        @Override
        public void afterBatch(Learner learner, BatchRecord record) {
            if (Double.isNaN(firstLoss)) {
                firstLoss = record.loss();
            }
        }
    }

    /** The notebook's model, from the architecture's initial weights. */
    private static ImageClassifier model(LessonStage stage, int classes) {
        if (stage.lesson().equals("06")) {
            return ResNets.resnet50().withHead(classes); // network.fc = Dense(2048, 10)
        }
        return ResNets.resnet18().withHead(Head.mlp(256, 0.5f, classes));
    }

    /** The training split with the notebook's pipeline and batch size, shuffled. */
    private static ImageDataset trainSet(LessonStage stage, Path root) throws IOException {
        if (stage.lesson().equals("06")) {
            return Cifar10.builder()
                    .setRoot(root)
                    .setSplit(Split.TRAIN)
                    .optTransform(Pipelines.cifarCropFlip())
                    .optSeed(0)
                    .setSampling(stage.batchSize(), true)
                    .build();
        }
        return Flowers102.builder(root, Split.TRAIN)
                .optTransform(Pipelines.toolboxTrain())
                .optSeed(0)
                .setSampling(stage.batchSize(), true)
                .build();
    }

    /** The notebook's learner, capped at warm-up plus timed batches. */
    private static Learner learner(
            LessonStage stage,
            ImageClassifier model,
            ImageDataset train,
            KitLessonRunner.BatchClock clock) {
        Learner.Builder builder =
                Learner.builder()
                        .setModel(model)
                        .setData(train, null)
                        .optMaxBatches(clock.batchesWanted())
                        .optCallbacks(clock);
        if (stage.lesson().equals("06")) {
            return builder.optOptimizer(OptimizerFactory.sgd(0.9))
                    .optLearningRate(1e-3)
                    .optSchedule(CosineAnnealingLr.of(COSINE_EPOCHS, 1e-5))
                    .build();
        }
        return builder.optOptimizer(OptimizerFactory.adam(1e-4)).optLearningRate(1e-3).build();
    }

    private static String runtime(String tuning) {
        return "kit (libtorch " + Engine.getInstance().getVersion() + ", " + tuning + ")";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
