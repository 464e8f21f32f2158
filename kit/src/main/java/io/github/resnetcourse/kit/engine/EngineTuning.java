package io.github.resnetcourse.kit.engine;

/**
 * The engine settings in effect for this process, as applied by {@link Engines#init()}.
 *
 * @param threads intra-op threads PyTorch uses ({@code ai.djl.pytorch.num_threads})
 * @param interopThreads inter-op threads ({@code ai.djl.pytorch.num_interop_threads})
 * @param allocatorTuned whether glibc's mmap and trim thresholds were raised
 * @param hugePages whether {@code THP_MEM_ALLOC_ENABLE=1} is in the environment libtorch reads
 */
public record EngineTuning(
        int threads, int interopThreads, boolean allocatorTuned, boolean hugePages) {

    /**
     * Returns a one-line summary for logs and benchmark reports.
     *
     * @return for example {@code "2 threads, allocator tuned, huge pages"}
     */
    public String describe() {
        return threads
                + " threads, "
                + (allocatorTuned ? "allocator tuned" : "default allocator")
                + ", "
                + (hugePages ? "huge pages" : "no huge pages");
    }
}
