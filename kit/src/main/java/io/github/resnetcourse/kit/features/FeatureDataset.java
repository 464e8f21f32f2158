package io.github.resnetcourse.kit.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;
import io.github.resnetcourse.kit.data.EpochAware;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.SeededShuffle;
import io.github.resnetcourse.kit.engine.HostArrays;
import java.util.List;

/**
 * The cached features of one split as a DJL dataset: record {@code i} is image {@code i}'s feature
 * vector (the backbone's output, e.g. {@code (2048)} for a ResNet152) and its label, as the image
 * dataset gives it. Batches come in the image dataset's own order — its sampler, shuffled by {@code
 * (seed, epoch)} — so the head sees the same batches a live run would. The learner's {@link
 * #setEpoch} picks the cached view: epoch {@code e} reads view {@code (e - 1) mod K}.
 */
public final class FeatureDataset extends RandomAccessDataset implements EpochAware {
    private final ImageDataset images;
    private final FeatureStore store;
    private final Shape featureShape;
    private final SeededShuffle ownShuffle;
    private volatile int epoch = 1;

    FeatureDataset(ImageDataset images, FeatureStore store, Shape featureShape, int batchSize) {
        this(images, store, featureShape, ownShuffle(images, store), batchSize);
    }

    private FeatureDataset(
            ImageDataset images,
            FeatureStore store,
            Shape featureShape,
            SeededShuffle ownShuffle,
            int batchSize) {
        super(new Builder().setSampling(sampler(images, store, ownShuffle, batchSize)));
        this.images = images;
        this.store = store;
        this.featureShape = featureShape;
        this.ownShuffle = ownShuffle;
    }

    /**
     * A shuffle of its own when only the first images are cached (the image dataset's sampler would
     * draw indices beyond them), else none: the image dataset's sampler is shared.
     */
    private static SeededShuffle ownShuffle(ImageDataset images, FeatureStore store) {
        boolean all = store.layout().rows() == images.size();
        return all || !images.isShuffled() ? null : new SeededShuffle(images.seed());
    }

    private static Sampler sampler(
            ImageDataset images, FeatureStore store, SeededShuffle own, int batchSize) {
        if (store.layout().rows() == images.size()) {
            return images.sampler();
        }
        return new BatchSampler(own != null ? own : new SequenceSampler(), batchSize);
    }

    /** The image dataset these are the features of. */
    public ImageDataset images() {
        return images;
    }

    /** The class names, indexed by label. */
    public List<String> classNames() {
        return images.classNames();
    }

    /** The shape of one feature record, e.g. {@code (2048)}. */
    public Shape featureShape() {
        return featureShape;
    }

    /** Cached views per image (1 unless {@link TrainingViews#AUGMENTED}). */
    public int views() {
        return store.layout().views();
    }

    /** The view epoch {@code epoch} reads: {@code (epoch - 1) mod views()}. */
    public int viewOf(int epoch) {
        return (EpochAware.checkEpoch(epoch) - 1) % views();
    }

    /** Where the features are held: in memory or memory-mapped, with the file. */
    public String storage() {
        return store.where();
    }

    /**
     * Sets the epoch of the next pass: it picks the cached view and, through the shared sampler,
     * the image dataset's shuffled order of that epoch.
     */
    @Override
    public void setEpoch(int value) {
        this.epoch = EpochAware.checkEpoch(value);
        images.setEpoch(value);
        if (ownShuffle != null) {
            ownShuffle.setEpoch(value);
        }
    }

    @Override
    public int epoch() {
        return epoch;
    }

    /** Features of image {@code index} in view {@code view}, copied into {@code dst}. */
    public void features(long index, int view, float[] dst) {
        if (view < 0 || view >= views()) {
            throw new IllegalArgumentException("view " + view + " outside 0.." + (views() - 1));
        }
        store.read(view * store.layout().rows() + index, dst);
    }

    @Override
    public Record get(NDManager manager, long index) {
        float[] row = new float[store.layout().dim()];
        features(index, viewOf(epoch), row);
        NDList data = new NDList(HostArrays.floats(manager, row, featureShape));
        NDList label = new NDList(manager.create((float) images.label(index)));
        return new Record(data, label);
    }

    @Override
    protected long availableSize() {
        return store.layout().rows();
    }

    @Override
    public void prepare(Progress progress) {
        // Extracted when the cache was built.
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%,d images × %d view(s) of %s features, %s",
                size(),
                views(),
                featureShape,
                storage());
    }

    private static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
