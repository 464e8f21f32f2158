package io.github.resnetcourse.kit.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import io.github.resnetcourse.kit.engine.HostArrays;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The benchmark's data: one fixed batch of random-normal images and random labels, handed out as a
 * fresh tensor per step, copied from Java memory as a data loader's batch would be.
 *
 * <p>Each pass over the data (each {@code getData} call, i.e. each epoch or evaluation) follows the
 * next {@link Pass} given, the last one repeating: a warm-up pass ends once both a minimum number
 * of batches and a minimum time have passed — oneDNN picks its kernels during the first steps, the
 * allocator grows to its working set, and the JVM compiles the hot Java paths in background threads
 * that compete with PyTorch's for the same two cores for the first seconds — and a timed pass
 * serves an exact number of batches.
 */
final class RandomBatches implements Dataset {
    private final float[] images;
    private final float[] labels;
    private final Shape shape;
    private final Deque<Pass> passes;
    private Pass last;

    /**
     * How long one pass over the data lasts.
     *
     * @param minBatches batches served at least
     * @param minSeconds seconds the pass lasts at least (0: exactly {@code minBatches})
     */
    record Pass(int minBatches, double minSeconds) {
        /** Exactly {@code count} batches. */
        static Pass exactly(int count) {
            return new Pass(count, 0);
        }

        /**
         * The benchmark's warm-up: {@link BenchCase#WARMUP_STEPS}, {@link
         * BenchCase#WARMUP_SECONDS}.
         */
        static Pass warmUp() {
            return new Pass(BenchCase.WARMUP_STEPS, BenchCase.WARMUP_SECONDS);
        }
    }

    /** Data for {@code benchCase} whose successive passes last as {@code passes} say. */
    RandomBatches(BenchCase benchCase, Pass... passes) {
        int size = benchCase.imageSize();
        int batch = benchCase.batchSize();
        this.shape = new Shape(batch, 3, size, size);
        Random random = new Random(0);
        this.images = new float[(int) shape.size()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        this.labels = new float[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(BenchCase.CLASSES);
        }
        this.passes = new ArrayDeque<>(List.of(passes));
    }

    @Override
    public synchronized Iterable<Batch> getData(NDManager manager) {
        if (!passes.isEmpty()) {
            last = passes.poll();
        }
        Pass pass = last;
        return () -> new Batches(manager, pass);
    }

    @Override
    public void prepare(Progress progress) {
        // Generated in the constructor.
    }

    private final class Batches implements Iterator<Batch> {
        private final NDManager manager;
        private final int minBatches;
        private final long minNanos;
        private final long start = System.nanoTime();
        private int served;

        Batches(NDManager manager, Pass pass) {
            this.manager = manager;
            this.minBatches = pass.minBatches();
            this.minNanos = (long) (pass.minSeconds() * 1e9);
        }

        @Override
        public boolean hasNext() {
            return served < minBatches || System.nanoTime() - start < minNanos;
        }

        @Override
        public Batch next() {
            // Only the count can be checked again here: a timed pass that hasNext() let through
            // may have reached its time since, and that batch is still owed.
            if (served >= minBatches && minNanos == 0) {
                throw new NoSuchElementException();
            }
            served++;
            NDManager batchManager = manager.newSubManager();
            NDList data = new NDList(HostArrays.floats(batchManager, images, shape));
            NDList label =
                    new NDList(HostArrays.floats(batchManager, labels, new Shape(labels.length)));
            return new Batch(
                    batchManager, data, label, labels.length, null, null, served, minBatches);
        }
    }
}
