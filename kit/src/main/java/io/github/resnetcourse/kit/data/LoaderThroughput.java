package io.github.resnetcourse.kit.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * How fast a dataset delivers training batches — decoding, augmenting, stacking — with no model in
 * the way: lesson 07's data-loading measurement (batch size × loader threads).
 *
 * @param batchSize the dataset's batch size
 * @param workers its loader threads
 * @param batches batches timed (after one warm-up batch)
 * @param images images in them
 * @param seconds wall time for them
 */
public record LoaderThroughput(
        int batchSize, int workers, int batches, long images, double seconds) {

    /** Images per second. */
    public double imagesPerSecond() {
        return images / seconds;
    }

    /**
     * Reads one warm-up batch, then times up to {@code maxBatches} more of {@code data} (fewer if
     * the epoch ends first).
     */
    public static LoaderThroughput measure(ImageDataset data, int maxBatches)
            throws IOException, TranslateException {
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches=" + maxBatches + " must be >= 1.");
        }
        // Not closed: DJL's prefetching iterator keeps decoding batches on worker threads after we
        // stop reading, and closing their manager under them crashes libtorch (see Learner). The
        // batches themselves are closed one by one.
        NDManager manager = NDManager.newBaseManager();
        {
            Iterator<Batch> it = data.getData(manager).iterator();
            if (!it.hasNext()) {
                throw new IllegalArgumentException("The dataset has no batch to time.");
            }
            int batchSize;
            try (Batch warm = it.next()) {
                batchSize = warm.getSize();
            }
            long start = System.nanoTime();
            int batches = 0;
            long images = 0;
            while (batches < maxBatches && it.hasNext()) {
                try (Batch b = it.next()) {
                    images += b.getSize();
                }
                batches++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new LoaderThroughput(batchSize, data.workers(), batches, images, seconds);
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "batch %d, %d loader thread(s): %d batches, %,d images in %.2f s = %.1f images/s",
                batchSize,
                workers,
                batches,
                images,
                seconds,
                imagesPerSecond());
    }
}
