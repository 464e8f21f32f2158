package io.github.resnetcourse.kit.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * A shuffle that depends on the seed and the epoch only: epoch {@code e} uses the permutation of
 * {@code (seed, e)}, however often the data has been read before (PyTorch's {@code
 * DistributedSampler.set_epoch}). DJL's own random sampler draws from a global generator instead.
 */
public final class SeededShuffle implements Sampler.SubSampler, EpochAware {
    private final long seed;
    private volatile int epoch = 1;

    /** Shuffles with {@code seed}. */
    public SeededShuffle(long seed) {
        this.seed = seed;
    }

    @Override
    public void setEpoch(int value) {
        this.epoch = EpochAware.checkEpoch(value);
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long n = dataset.size();
        long[] order = LongStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return LongStream.of(order).boxed().iterator();
    }
}
