package io.github.resnetcourse.kit.engine;

/**
 * The engine settings in effect for this process, as applied by {@link Engines#init()}.
 *
 * @param threads intra-op threads PyTorch uses ({@code ai.djl.pytorch.num_threads})
 * @param interopThreads inter-op threads ({@code ai.djl.pytorch.num_interop_threads})
 * @param allocator how malloc serves tensor buffers
 * @param channelsLast whether the kit lays convolution weights out channels-last ({@link
 *     ChannelsLast})
 */
public record EngineTuning(
        int threads, int interopThreads, Allocator allocator, boolean channelsLast) {

    /**
     * Returns a one-line summary for logs and benchmark reports.
     *
     * @return for example {@code "2 threads, large_mapped allocator, channels-last"}
     */
    public String describe() {
        return threads
                + " threads, "
                + allocator.label()
                + " allocator, "
                + (channelsLast ? "channels-last" : "NCHW");
    }
}
