package io.github.resnetcourse.kit.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * A shuffle that is the same for the same seed: pass {@code k} over the data uses the permutation
 * of {@code (seed, k)}. DJL's own random sampler draws from a global generator instead.
 */
public final class SeededShuffle implements Sampler.SubSampler {
    private final long seed;
    private final AtomicLong pass = new AtomicLong();

    /** Shuffles with {@code seed}. */
    public SeededShuffle(long seed) {
        this.seed = seed;
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long n = dataset.size();
        long[] order = LongStream.range(0, n).toArray();
        SplittableRandom rng =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + pass.getAndIncrement());
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return LongStream.of(order).boxed().iterator();
    }
}
