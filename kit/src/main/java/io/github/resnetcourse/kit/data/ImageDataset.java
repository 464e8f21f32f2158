package io.github.resnetcourse.kit.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import io.github.resnetcourse.kit.data.transform.ImagePipeline;
import io.github.resnetcourse.kit.engine.HostArrays;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DJL dataset of labelled RGB images: each record is a {@code (3, H, W)} float tensor after the
 * pipeline, and a scalar float label (as DJL's own image datasets give).
 *
 * <p>Loading is parallel by default: iterating ({@code getData}, or a DJL trainer's {@code
 * iterateDataset}) decodes and augments whole batches on a pool of {@code workers} daemon threads,
 * a few batches ahead of training. Augmentation and shuffling are reproducible regardless of
 * threads and of how often the data was read: sample {@code i} in epoch {@code e} uses a generator
 * seeded from {@code (seed, e, i)}, and the shuffled order is that of {@code (seed, e)}. The
 * learner tells the data its epoch ({@link #setEpoch}) before each pass.
 */
public abstract class ImageDataset extends RandomAccessDataset implements EpochAware {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final ImagePipeline transform;
    private final long seed;
    private final int workers;
    private final SeededShuffle shuffle;
    private volatile int epoch = 1;
    private volatile ExecutorService pool;

    /** Reads the common options from {@code builder}. */
    protected ImageDataset(BaseBuilder<?> builder) {
        super(builder.prepareSampler());
        this.shuffle = builder.shuffleOrder;
        this.transform = builder.transform;
        this.seed = builder.seed;
        this.workers = builder.workers;
    }

    /** The class names, indexed by label. */
    public abstract List<String> classNames();

    /** The label of sample {@code index} (before the limit is applied, {@code index < size()}). */
    public abstract int label(long index);

    /** The decoded image of sample {@code index}, values in [0, 1], before augmentation. */
    public abstract RgbImage image(long index) throws IOException;

    /** Loader threads that decode and augment batches (0: the caller's thread). */
    public int workers() {
        return workers;
    }

    /** The pipeline applied to every image. */
    public ImagePipeline transform() {
        return transform;
    }

    /** The seed from which shuffling and every sample's augmentation derive. */
    public long seed() {
        return seed;
    }

    /** Whether batches come in a shuffled order (else in index order). */
    public boolean isShuffled() {
        return shuffle != null;
    }

    /**
     * The sampler that orders and batches this dataset; its shuffle follows {@link #setEpoch}. A
     * dataset derived from this one (cached features of its images) reads in the same order by
     * sharing it.
     */
    public Sampler sampler() {
        return sampler;
    }

    /** The image of sample {@code index} after the pipeline, as epoch {@code epoch} sees it. */
    public RgbImage transformed(long index, int epoch) throws IOException {
        return transform.apply(image(index), generator(index, EpochAware.checkEpoch(epoch)));
    }

    /**
     * Sets the epoch the next pass belongs to: its shuffled order and every sample's augmentation
     * follow from {@code (seed, epoch)}.
     */
    @Override
    public void setEpoch(int value) {
        this.epoch = EpochAware.checkEpoch(value);
        if (shuffle != null) {
            shuffle.setEpoch(value);
        }
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        RgbImage img = transformed(index, epoch);
        // Copied into libtorch-owned memory: freed when the batch closes, not at the next GC.
        NDList data =
                new NDList(
                        HostArrays.floats(
                                manager, img.data(), new Shape(3, img.height(), img.width())));
        NDList label = new NDList(manager.create((float) label(index)));
        return new Record(data, label);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executor)
            throws IOException, TranslateException {
        ExecutorService exec = executor != null ? executor : (workers > 0 ? pool() : null);
        return super.getData(manager, sampler, exec);
    }

    @Override
    public void prepare(Progress progress) {
        // Everything is indexed when the dataset is built; nothing to download here.
    }

    private SplittableRandom generator(long index, int epoch) {
        long mixed = seed * 0x9E3779B97F4A7C15L ^ epoch * 0xBF58476D1CE4E5B9L ^ index;
        return new SplittableRandom(mixed);
    }

    private ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    int id = POOL_IDS.incrementAndGet();
                    AtomicInteger n = new AtomicInteger();
                    ThreadFactory daemons =
                            r -> {
                                Thread t = new Thread(r, "data-" + id + "-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            };
                    pool = Executors.newFixedThreadPool(workers, daemons);
                }
                p = pool;
            }
        }
        return p;
    }

    /**
     * Options every image dataset has.
     *
     * @param <T> the concrete builder
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>>
            extends RandomAccessDataset.BaseBuilder<T> {
        private ImagePipeline transform = ImagePipeline.identity();
        private long seed = 42;
        private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int batchSize;
        private boolean shuffle;
        private boolean dropLast;
        private SeededShuffle shuffleOrder;
        private int perClass;

        /** The augmentation pipeline (default: none, i.e. {@code ToTensor} only). */
        public T optTransform(ImagePipeline transform) {
            this.transform = transform;
            return self();
        }

        /**
         * Seed for shuffling and augmentation (default 42; {@link Datasets} passes its settings'
         * seed).
         */
        public T optSeed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * Keeps a fixed, seeded, class-balanced subset: at most {@code perClass} images of each
         * class, chosen by the seed ({@link ClassBalancedSubset}); laptop mode reads its datasets
         * this way. Default: every image.
         */
        public T optPerClass(int perClass) {
            if (perClass < 1) {
                throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
            }
            this.perClass = perClass;
            return self();
        }

        /** Images per class to keep, or 0 for all ({@link #optPerClass}). */
        protected int perClass() {
            return perClass;
        }

        /** The seed ({@link #optSeed}). */
        protected long seed() {
            return seed;
        }

        /** Loader threads (default: the number of cores; 0 loads on the caller's thread). */
        public T optWorkers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0, got " + workers);
            }
            this.workers = workers;
            return self();
        }

        /** Batches of {@code batchSize}, shuffled by the seed when {@code shuffle}. */
        @Override
        public T setSampling(int batchSize, boolean shuffle) {
            return setSampling(batchSize, shuffle, false);
        }

        /** Batches of {@code batchSize}, shuffled by the seed, optionally dropping the last one. */
        @Override
        public T setSampling(int batchSize, boolean shuffle, boolean dropLast) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            this.dropLast = dropLast;
            return self();
        }

        private T prepareSampler() {
            if (batchSize > 0) {
                shuffleOrder = shuffle ? new SeededShuffle(seed) : null;
                Sampler.SubSampler order = shuffle ? shuffleOrder : new SequenceSampler();
                super.setSampling(new BatchSampler(order, batchSize, dropLast));
            } else if (sampler == null) {
                throw new IllegalStateException(
                        "Call setSampling(batchSize, shuffle) on the dataset builder.");
            }
            if (prefetchNumber <= 2) {
                // DJL defaults to 2 batches ahead; keep every worker busy instead.
                optPrefetchNumber(Math.max(2, 2 * workers));
            }
            return self();
        }
    }
}
