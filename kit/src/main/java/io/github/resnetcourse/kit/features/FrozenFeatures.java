package io.github.resnetcourse.kit.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.BatchSampler;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.RgbImage;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.engine.HostArrays;
import io.github.resnetcourse.kit.engine.InferenceAllocation;
import io.github.resnetcourse.kit.fetch.Sizes;
import io.github.resnetcourse.kit.models.FreezableBatchNorm;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.NamedSequential;
import io.github.resnetcourse.kit.notebook.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Trains a classifier's head on its backbone's features computed once, instead of running the
 * frozen backbone over every image in every epoch (Keras' "fast feature extraction", DJL's {@code
 * FeaturizedPreSave} then {@code FitFromFeaturized}). The part that trains is the classifier's own
 * {@link ImageClassifier#head()} block (with the body's layers after the cut, {@link
 * #trainablePart()}), so an unfrozen stage afterwards continues from it.
 *
 * <p>Notebooks do not call this class: a learner's frozen stage uses it when asked to, in one line,
 * and keeps its optimizer, schedule, callbacks, checkpoints and history for the whole model:
 *
 * <pre>{@code
 * learner.freeze();
 * learner.setFrozenBackbone(FrozenBackbone.CACHED_FEATURES);   // the backbone runs once per image
 * learner.fit(20);                                              // seconds per epoch, not minutes
 * }</pre>
 *
 * <p><b>What is cached.</b> The output of {@link ImageClassifier#body()} (for a ResNet the pooled
 * feature vector, 2048 values for ResNet152), or of its first {@link Builder#optBodyLayers n}
 * layers, for every training and validation image, computed in inference mode. Validation images go
 * through the validation data's own pipeline. Training images go through what {@link TrainingViews}
 * says: by default ({@link TrainingViews#DETERMINISTIC}) the validation pipeline — resize, centre
 * crop, normalise, no augmentation — or, with {@link TrainingViews#AUGMENTED} and {@code K} views,
 * the training pipeline's draws of epochs {@code 1..K}, epoch {@code e} reading view {@code (e - 1)
 * mod K}.
 *
 * <p><b>What changes for batch norm.</b> The backbone's batch-norm layers normalise with their
 * running statistics and the statistics do not move while the head trains: exactly {@code
 * BatchNormWhenFrozen.FROZEN_STATISTICS} (Keras' behaviour). The seeds' PyTorch, and the kit's
 * default {@code learner.freeze()} ({@code TRAINING_STATISTICS}), instead normalise each batch by
 * its own statistics and let the running statistics drift during the frozen stage; training on
 * cached features cannot do that, and says so when the body was frozen that way. Layers that act
 * differently in training, such as dropout inside the body (AlexNet's classifier before its last
 * layer), run in inference mode too.
 *
 * <p><b>Storage.</b> Each split's features are written once to a checksummed float32 file under the
 * cache folder (default {@code out/feature-cache/} of the course home), named by a SHA-256 of the
 * backbone's weights and statistics, the pipeline and the data's bytes and labels — any change
 * gives a new file, and the older one of that model, dataset kind and split is deleted. A later run
 * with the same key reads the file instead of extracting again. Features up to the memory limit
 * (default 1 GiB or a quarter of the heap, whichever is smaller) are loaded onto the heap, larger
 * ones are memory-mapped, so the data need not fit in memory: disk use is {@code images × views ×
 * features × 4} bytes (53.7 MB for Flowers-102's 6,552 training images at 2048 features). A
 * truncated or damaged file is reported by name and rebuilt. In a run with a batch cap (smoke mode)
 * only the images the capped epochs read are extracted ({@link Builder#optMaxImages}).
 *
 * <p><b>Training on them.</b> {@link #trainablePart()} on {@link #train()} and {@link #valid()} is
 * a block and two datasets like any other: {@code train.Learner} runs them in a frozen stage set to
 * {@code FrozenBackbone.CACHED_FEATURES}.
 */
public final class FrozenFeatures {
    static {
        Engines.init();
    }

    private final ImageClassifier model;
    private final BodySplit split;
    private final FeatureDataset train;
    private final FeatureDataset valid;
    private final double extractionSeconds;
    private final double hashSecondsTotal;
    private final int extractedImages;

    private FrozenFeatures(Builder b, Path cacheDir, Optional<Integer> batchCap)
            throws IOException {
        this.model = b.model;
        this.split = b.split();
        noteBodyBehaviour(split.frozen());
        long h0 = System.nanoTime();
        byte[] weights = CacheKey.weights(split.frozen());
        double weightsHashSeconds = (System.nanoTime() - h0) / 1e9;
        Extraction run = new Extraction(b, cacheDir, batchCap);
        ImagePipeline trainPipeline =
                b.views == TrainingViews.AUGMENTED ? b.train.transform() : b.pipeline;
        this.train =
                run.split(
                        "train",
                        b.train,
                        CacheKey.of(
                                weights,
                                run.dataHash(b.train, run.rows(b.train)),
                                b.views,
                                b.count,
                                trainPipeline,
                                b.train.seed()),
                        b.views,
                        b.count,
                        b.pipeline);
        this.valid =
                b.valid == null
                        ? null
                        : run.split(
                                "valid",
                                b.valid,
                                CacheKey.of(
                                        weights,
                                        run.dataHash(b.valid, run.rows(b.valid)),
                                        TrainingViews.DETERMINISTIC,
                                        1,
                                        b.valid.transform(),
                                        b.valid.seed()),
                                TrainingViews.DETERMINISTIC,
                                1,
                                b.valid.transform());
        this.extractionSeconds = run.extractSeconds;
        this.extractedImages = run.extractedImages;
        this.hashSecondsTotal = weightsHashSeconds + run.hashSeconds;
        System.out.println(this);
    }

    /**
     * The features of {@code train} and {@code valid} (may be null) through {@code model}'s body,
     * with the defaults: {@link TrainingViews#DETERMINISTIC} training features through {@code
     * valid}'s pipeline, the default cache folder and memory limit.
     */
    public static FrozenFeatures of(ImageClassifier model, ImageDataset train, ImageDataset valid) {
        return builder().setModel(model).setData(train, valid).build();
    }

    /** A builder: {@code setModel} and {@code setData} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The training features, in the training images' order, one view per epoch. */
    public FeatureDataset train() {
        return train;
    }

    /** The validation features, or null when no validation data was given. */
    public FeatureDataset valid() {
        return valid;
    }

    /** The classifier's own head block. */
    public Block head() {
        return model.head();
    }

    /**
     * What trains on these features: the classifier's head, preceded by the body's layers after the
     * cached ones when {@link Builder#optBodyLayers} cut the body short. It shares the classifier's
     * layer objects, so training it trains the classifier.
     */
    public Block trainablePart() {
        return split.trainable();
    }

    /** The classifier whose body made these features. */
    public ImageClassifier model() {
        return model;
    }

    /** Seconds spent running the backbone in this call (0 when every split came from the cache). */
    public double extractionSeconds() {
        return extractionSeconds;
    }

    /** Images (times views) run through the backbone in this call. */
    public int extractedImages() {
        return extractedImages;
    }

    /** Seconds spent hashing weights and data to find the cache. */
    public double hashSeconds() {
        return hashSecondsTotal;
    }

    @Override
    public String toString() {
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "Frozen features of %s's %s: train %s",
                                model.name(),
                                split.isWholeBody()
                                        ? "body"
                                        : "body up to '" + split.lastFrozenLayer() + "'",
                                train));
        if (valid != null) {
            s.append("; valid ").append(valid);
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        extractedImages > 0
                                ? ". Extracted %,d image(s) in %.1f s; keys hashed in %.1f s."
                                : ". All read from the cache (%,d extracted, %.1f s); keys hashed in"
                                        + " %.1f s.",
                        extractedImages,
                        extractionSeconds,
                        hashSecondsTotal));
        return s.toString();
    }

    /**
     * Says on stdout what caching changes for this body: batch-norm layers frozen with {@code
     * TRAINING_STATISTICS} would have moved their statistics in a live frozen stage, and dropout
     * would have been active.
     */
    private static void noteBodyBehaviour(Block body) {
        List<String> trainingStatistics = new ArrayList<>();
        List<String> dropout = new ArrayList<>();
        walk(body, "", trainingStatistics, dropout);
        if (!trainingStatistics.isEmpty()) {
            System.out.println(
                    "Note: "
                            + trainingStatistics.size()
                            + " frozen batch-norm layer(s) of the body (e.g. '"
                            + trainingStatistics.get(0)
                            + "') are set to TRAINING_STATISTICS, i.e. a live frozen stage would"
                            + " normalise by each batch and move their running statistics. Cached"
                            + " features use the running statistics and keep them fixed, as"
                            + " BatchNormWhenFrozen.FROZEN_STATISTICS does; freeze with"
                            + " FROZEN_STATISTICS to train the live model the same way.");
        }
        if (!dropout.isEmpty()) {
            System.out.println(
                    "Note: the body has dropout ("
                            + String.join(", ", dropout)
                            + "); cached features are computed with it off, as at inference.");
        }
    }

    private static void walk(
            Block b, String path, List<String> trainingStatistics, List<String> dropout) {
        if (b instanceof FreezableBatchNorm bn) {
            if (!bn.gamma().requiresGradient()
                    && bn.mode() == FreezableBatchNorm.Mode.BATCH_STATISTICS) {
                trainingStatistics.add(path);
            }
            return;
        }
        if (b instanceof BatchNorm djl
                && !djl.getDirectParameters().get("gamma").requiresGradient()) {
            trainingStatistics.add(path);
            return;
        }
        if (b instanceof Dropout) {
            dropout.add(path);
            return;
        }
        if (b instanceof NamedSequential named) {
            // Its own names (layer1.0.bn1), not DJL's numbered child keys (02layer1).
            for (String name : named.names()) {
                walk(
                        named.get(name),
                        path.isEmpty() ? name : path + "." + name,
                        trainingStatistics,
                        dropout);
            }
            return;
        }
        for (var child : b.getChildren()) {
            walk(
                    child.getValue(),
                    path.isEmpty() ? child.getKey() : path + "." + child.getKey(),
                    trainingStatistics,
                    dropout);
        }
    }

    /** Runs the body over the images of a split and writes, or finds, their cache file. */
    private static final class Extraction {
        private final Builder b;
        private final Path cacheDir;
        private final Optional<Integer> batchCap;
        private double extractSeconds;
        private double hashSeconds;
        private int extractedImages;

        Extraction(Builder b, Path cacheDir, Optional<Integer> batchCap) {
            this.b = b;
            this.cacheDir = cacheDir;
            this.batchCap = batchCap;
        }

        /**
         * How many of {@code data}'s images to cache: all, or the first {@code optMaxImages}, or in
         * a run with a batch cap (smoke mode) what the capped epochs read.
         */
        long rows(ImageDataset data) {
            long cap =
                    b.maxImages != null
                            ? b.maxImages
                            : batchCap.map(m -> (long) m * batchSizeOf(data))
                                    .orElse(Long.MAX_VALUE);
            return Math.min(data.size(), cap);
        }

        byte[] dataHash(ImageDataset data, long rows) throws IOException {
            long t0 = System.nanoTime();
            byte[] hash = CacheKey.data(data, rows);
            hashSeconds += (System.nanoTime() - t0) / 1e9;
            return hash;
        }

        FeatureDataset split(
                String split,
                ImageDataset data,
                byte[] key,
                TrainingViews views,
                int count,
                ImagePipeline pipeline)
                throws IOException {
            // The dataset's kind is part of the name so that lessons caching the same model on
            // different data (02 on CIFAR-10, 07 on Flowers-102, both ResNet18) keep one file each
            // instead of deleting each other's at every run.
            String prefix =
                    b.model.name()
                            + (b.split().isWholeBody() ? "" : "-" + b.split().layers() + "layers")
                            + "-"
                            + data.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                            + "-"
                            + split
                            + "-";
            Path file = cacheDir.resolve(prefix + CacheKey.shortHex(key) + ".features");
            Shape featureShape = featureShape(data, views, pipeline);
            FeatureFile.Layout layout =
                    new FeatureFile.Layout(count, rows(data), (int) featureShape.size());
            if (Files.exists(file)) {
                try {
                    return new FeatureDataset(
                            data,
                            FeatureFile.open(file, key, layout, b.memoryLimit),
                            featureShape,
                            batchSizeOf(data));
                } catch (FeatureFile.DamagedException e) {
                    System.out.println(e.getMessage() + ": rebuilding it.");
                }
            }
            if (views == TrainingViews.DETERMINISTIC) {
                requireDeterministic(pipeline, data);
            }
            extract(split, data, views, pipeline, key, layout, file);
            removeOlder(prefix, file);
            return new FeatureDataset(
                    data,
                    FeatureFile.open(file, key, layout, b.memoryLimit),
                    featureShape,
                    batchSizeOf(data));
        }

        /** The body's output shape for one picture of the first image, batch axis dropped. */
        private Shape featureShape(ImageDataset data, TrainingViews views, ImagePipeline pipeline)
                throws IOException {
            RgbImage first = picture(data, views, pipeline, 0, 0);
            Shape in = new Shape(1, 3, first.height(), first.width());
            return b.split().frozen().getOutputShapes(new Shape[] {in})[0].slice(1);
        }

        /** Image {@code index} as view {@code view} caches it. */
        private static RgbImage picture(
                ImageDataset data,
                TrainingViews views,
                ImagePipeline pipeline,
                int view,
                long index)
                throws IOException {
            return views == TrainingViews.AUGMENTED
                    ? data.transformed(index, view + 1)
                    : pipeline.apply(data.image(index), new SplittableRandom(index));
        }

        private void extract(
                String split,
                ImageDataset data,
                TrainingViews views,
                ImagePipeline pipeline,
                byte[] key,
                FeatureFile.Layout layout,
                Path file)
                throws IOException {
            long n = layout.rows();
            int batch = b.batchSize > 0 ? b.batchSize : batchSizeOf(data);
            long total = n * layout.views();
            System.out.println(
                    String.format(
                            Locale.ROOT,
                            "Extracting %s features: %,d image(s)%s × %d view(s) through %s's"
                                    + " body (batch %d), cached in %s",
                            split,
                            n,
                            n < data.size()
                                    ? String.format(
                                            Locale.ROOT,
                                            " (the first of %,d: the run's batch cap)",
                                            data.size())
                                    : "",
                            layout.views(),
                            b.model.name(),
                            batch,
                            file));
            long t0 = System.nanoTime();
            long done = 0;
            long nextReport = Math.max(1, total / 10);
            ExecutorService pool = decodePool();
            ParameterStore ps = new ParameterStore(b.model.manager(), false);
            try (FeatureFile.Writer writer = new FeatureFile.Writer(file, key, layout);
                    InferenceAllocation heap = InferenceAllocation.open()) {
                for (int view = 0; view < layout.views(); view++) {
                    for (long first = 0; first < n; first += batch) {
                        int size = (int) Math.min(batch, n - first);
                        float[] features =
                                forward(
                                        ps,
                                        pictures(pool, data, views, pipeline, view, first, size));
                        if (Thread.currentThread().isInterrupted()) {
                            throw new CancellationException(
                                    "Feature extraction interrupted after "
                                            + done
                                            + " of "
                                            + total
                                            + " images; nothing was cached. Run the cell again"
                                            + " to start over.");
                        }
                        writer.append(features, 0, features.length);
                        done += size;
                        if (done >= nextReport || done == total) {
                            double s = (System.nanoTime() - t0) / 1e9;
                            System.out.println(
                                    String.format(
                                            Locale.ROOT,
                                            "  %s: %,d/%,d images, %.1f s (%.1f images/s)",
                                            split,
                                            done,
                                            total,
                                            s,
                                            done / s));
                            nextReport = done + Math.max(1, total / 10);
                        }
                    }
                }
                writer.commit();
            } finally {
                pool.shutdownNow();
            }
            extractSeconds += (System.nanoTime() - t0) / 1e9;
            extractedImages += (int) total;
        }

        private float[] forward(ParameterStore ps, List<RgbImage> images) {
            RgbImage first = images.get(0);
            int plane = first.data().length;
            float[] stacked = new float[plane * images.size()];
            for (int i = 0; i < images.size(); i++) {
                RgbImage im = images.get(i);
                if (im.height() != first.height() || im.width() != first.width()) {
                    throw new IllegalArgumentException(
                            "The pipeline gives images of different sizes ("
                                    + first.height()
                                    + "x"
                                    + first.width()
                                    + " and "
                                    + im.height()
                                    + "x"
                                    + im.width()
                                    + "); features are cached for a fixed-size crop.");
                }
                System.arraycopy(im.data(), 0, stacked, i * plane, plane);
            }
            try (NDManager m = b.model.manager().newSubManager()) {
                NDArray x =
                        HostArrays.floats(
                                m,
                                stacked,
                                new Shape(images.size(), 3, first.height(), first.width()));
                NDList out = b.split().frozen().forward(ps, new NDList(x), false);
                return out.singletonOrThrow().toFloatArray();
            }
        }

        private List<RgbImage> pictures(
                ExecutorService pool,
                ImageDataset data,
                TrainingViews views,
                ImagePipeline pipeline,
                int view,
                long first,
                int size)
                throws IOException {
            List<Future<RgbImage>> futures = new ArrayList<>(size);
            for (long i = first; i < first + size; i++) {
                long index = i;
                futures.add(pool.submit(() -> picture(data, views, pipeline, view, index)));
            }
            List<RgbImage> out = new ArrayList<>(size);
            try {
                for (Future<RgbImage> f : futures) {
                    out.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Feature extraction interrupted.");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(
                        "Could not prepare an image for feature extraction: " + e.getCause(),
                        e.getCause());
            }
            return out;
        }

        private ExecutorService decodePool() {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            return Executors.newFixedThreadPool(
                    threads,
                    r -> {
                        Thread t = new Thread(r, "feature-decode");
                        t.setDaemon(true);
                        return t;
                    });
        }

        /** Deletes the other keys' files of this model and split: a cache holds one version. */
        private void removeOlder(String prefix, Path keep) throws IOException {
            try (Stream<Path> files = Files.list(cacheDir)) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(prefix)
                            && name.endsWith(".features")
                            && !p.getFileName().equals(keep.getFileName())) {
                        long size = Files.size(p);
                        Files.deleteIfExists(p);
                        System.out.println(
                                "Removed the outdated feature cache "
                                        + p
                                        + " ("
                                        + Sizes.human(size)
                                        + ").");
                    }
                }
            }
        }

        private static int batchSizeOf(ImageDataset data) {
            return data.sampler() instanceof BatchSampler s ? s.getBatchSize() : 32;
        }

        /**
         * Refuses a pipeline that draws at random for deterministic features: one random draw
         * frozen into the cache would be neither the evaluation pipeline nor augmentation.
         */
        private static void requireDeterministic(ImagePipeline pipeline, ImageDataset data)
                throws IOException {
            RgbImage image = data.image(0);
            float[] a = pipeline.apply(image, new SplittableRandom(1)).data();
            float[] c = pipeline.apply(image, new SplittableRandom(2)).data();
            if (!Arrays.equals(a, c)) {
                throw new IllegalArgumentException(
                        "TrainingViews.DETERMINISTIC needs a pipeline without random steps, but "
                                + pipeline.toString().replace('\n', ' ')
                                + " gives different pictures on different draws. Pass the"
                                + " evaluation pipeline (optPipeline(Pipelines.flowersValid()),"
                                + " or validation data), or cache augmented views with"
                                + " optViews(TrainingViews.AUGMENTED, k).");
            }
        }
    }

    /** Builds {@link FrozenFeatures}: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private ImageClassifier model;
        private ImageDataset train;
        private ImageDataset valid;
        private TrainingViews views = TrainingViews.DETERMINISTIC;
        private int count = 1;
        private ImagePipeline pipeline;
        private Path cacheDir;
        private long memoryLimit = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
        private int batchSize;
        private Long maxImages;
        private Integer maxBatches;
        private Integer bodyLayers;
        private BodySplit split;

        private Builder() {}

        /**
         * Caches only the first {@code n} images of each split (default: all of them, or in a run
         * with a batch cap — {@link #optMaxBatches}, or smoke mode's — as many as the capped epochs
         * read: the cap times the batch size).
         */
        public Builder optMaxImages(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxImages=" + n + " must be >= 1.");
            }
            this.maxImages = n;
            return this;
        }

        /** The classifier whose {@link ImageClassifier#body()} makes the features (required). */
        public Builder setModel(ImageClassifier classifier) {
            this.model = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * The training images, and the validation images (may be null); the cached datasets read in
         * their order and batch size.
         */
        public Builder setData(ImageDataset trainSet, ImageDataset validSet) {
            this.train = Objects.requireNonNull(trainSet, "trainSet");
            this.valid = validSet;
            return this;
        }

        /**
         * Which training pictures to cache (default {@link TrainingViews#DETERMINISTIC}, one):
         * {@code optViews(TrainingViews.AUGMENTED, 5)} caches five augmented views per image.
         */
        public Builder optViews(TrainingViews kind, int views) {
            this.views = Objects.requireNonNull(kind, "kind");
            if (views < 1 || (kind == TrainingViews.DETERMINISTIC && views != 1)) {
                throw new IllegalArgumentException(
                        kind
                                + " with "
                                + views
                                + " view(s): DETERMINISTIC has exactly 1 view, AUGMENTED at"
                                + " least 1.");
            }
            this.count = views;
            return this;
        }

        /**
         * The deterministic pipeline for {@link TrainingViews#DETERMINISTIC} training features
         * (default: the validation data's pipeline).
         */
        public Builder optPipeline(ImagePipeline deterministic) {
            this.pipeline = Objects.requireNonNull(deterministic, "deterministic");
            return this;
        }

        /**
         * The cap on batches per epoch of the run that trains on these features: only the images
         * those batches read are cached when {@link #optMaxImages} is not given (default: the
         * notebook's run mode's cap, {@code Env.maxBatches()}, read only when needed).
         */
        public Builder optMaxBatches(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBatches=" + n + " must be >= 1.");
            }
            this.maxBatches = n;
            return this;
        }

        /**
         * Caches the output of the body's first {@code n} layers (as {@code model.body().names()}
         * lists them) instead of the whole body's; the later layers train with the head (default:
         * all of them). A frozen AlexNet {@code features}, for instance, with its classifier
         * training: the layers up to {@code avgpool}.
         */
        public Builder optBodyLayers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("bodyLayers=" + n + " must be >= 1.");
            }
            this.bodyLayers = n;
            return this;
        }

        private BodySplit split() {
            return split;
        }

        /**
         * The folder of the cache files (default {@code out/feature-cache} of the course home,
         * {@link Env#home()} of the notebook's environment).
         */
        public Builder optCacheDir(Path folder) {
            this.cacheDir = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * Features of a split up to this many bytes are held on the heap, larger ones are read from
         * the memory-mapped file (default: 1 GiB or a quarter of the heap, the smaller).
         */
        public Builder optMemoryLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("memory limit " + bytes + " must be >= 0.");
            }
            this.memoryLimit = bytes;
            return this;
        }

        /** Images per backbone pass while extracting (default: the training data's batch size). */
        public Builder optBatchSize(int images) {
            if (images < 1) {
                throw new IllegalArgumentException("batch size " + images + " must be >= 1.");
            }
            this.batchSize = images;
            return this;
        }

        /**
         * Finds the cached features or extracts them (printing progress), and returns them.
         *
         * @throws UncheckedIOException when images or cache files cannot be read or written
         */
        public FrozenFeatures build() {
            if (model == null || train == null) {
                throw new IllegalStateException(
                        "setModel(...) and setData(train, valid) are required.");
            }
            if (pipeline == null && views == TrainingViews.DETERMINISTIC) {
                if (valid == null) {
                    throw new IllegalStateException(
                            "Deterministic training features use the validation pipeline, and"
                                    + " there is no validation data: pass optPipeline(...)"
                                    + " (e.g. Pipelines.flowersValid()).");
                }
                pipeline = valid.transform();
            }
            // The run mode is read here, once, and only for what the builder was not given.
            Path folder =
                    cacheDir != null
                            ? cacheDir
                            : Env.current().home().resolve("out").resolve("feature-cache");
            Optional<Integer> batchCap =
                    maxImages != null
                            ? Optional.empty()
                            : maxBatches != null
                                    ? Optional.of(maxBatches)
                                    : Env.current().maxBatches();
            split =
                    bodyLayers == null
                            ? BodySplit.wholeBody(model)
                            : BodySplit.of(model, bodyLayers);
            try {
                Files.createDirectories(folder);
                return new FrozenFeatures(this, folder, batchCap);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not build the feature cache: " + e, e);
            }
        }
    }
}
