package io.github.resnetcourse.kit.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Measures how many images per second a dataset delivers as batches (decode, augment, tensor,
 * stack), over several passes, with the process's resident memory after each pass — flat memory
 * across passes shows that no NDArray outlives its batch.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    /** One pass's numbers. */
    public record Pass(
            int pass,
            long images,
            double seconds,
            double cpuSeconds,
            long rssBytes,
            long heapBytes) {
        /** Images per second of wall time. */
        public double imagesPerSecond() {
            return images / seconds;
        }

        /**
         * Images per second of this process's CPU time: on a machine shared with other work this
         * times the core count bounds what the pipeline delivers on idle cores.
         */
        public double imagesPerCpuSecond() {
            return images / cpuSeconds;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "pass %d: %,d images in %.2f s = %,.0f img/s (%,.0f img per CPU-second),"
                            + " RSS %d MB, heap %d MB",
                    pass,
                    images,
                    seconds,
                    imagesPerSecond(),
                    imagesPerCpuSecond(),
                    rssBytes >> 20,
                    heapBytes >> 20);
        }
    }

    /** Iterates {@code dataset} {@code passes} times, printing and returning each pass. */
    public static java.util.List<Pass> run(ImageDataset dataset, int passes)
            throws IOException, TranslateException {
        java.util.List<Pass> out = new java.util.ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int p = 1; p <= passes; p++) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                long images = 0;
                for (Batch batch : dataset.getData(manager)) {
                    images += batch.getSize();
                    batch.close();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                Runtime rt = Runtime.getRuntime();
                double cpu = (cpuNanos() - c0) / 1e9;
                Pass pass = new Pass(p, images, s, cpu, rss(), rt.totalMemory() - rt.freeMemory());
                System.out.println(pass);
                out.add(pass);
            }
        }
        return out;
    }

    /** Resident set size of this process (Linux), or -1. */
    public static long rss() {
        try {
            for (String line :
                    java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
