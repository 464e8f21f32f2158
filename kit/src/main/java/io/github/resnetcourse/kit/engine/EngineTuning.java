package io.github.resnetcourse.kit.engine;

/**
 * The engine settings in effect for this process, as applied by {@link Engines#init()}.
 *
 * @param threads intra-op threads PyTorch uses ({@code ai.djl.pytorch.num_threads})
 * @param interopThreads inter-op threads ({@code ai.djl.pytorch.num_interop_threads})
 * @param allocator how malloc serves tensor buffers
 * @param mmapThresholdMib buffers from this size are mapped ({@link Allocator#LARGE_MAPPED}; 0
 *     otherwise)
 * @param hugePages whether glibc backs mapped buffers with transparent huge pages
 * @param channelsLast whether the kit lays convolution weights out channels-last ({@link
 *     ChannelsLast})
 * @param convolutions how libtorch computes convolutions on this CPU, and why ({@link EngineGuard})
 * @param ompWaitPolicy what libgomp's idle threads do ({@code OMP_WAIT_POLICY})
 * @param oneDnnCaches what oneDNN knows of the data caches, and whether the kit repaired it ({@link
 *     HiddenCacheRepair})
 */
public record EngineTuning(
        int threads,
        int interopThreads,
        Allocator allocator,
        int mmapThresholdMib,
        HugePages hugePages,
        boolean channelsLast,
        EngineDecision convolutions,
        String ompWaitPolicy,
        OneDnnCaches oneDnnCaches) {

    /** The convolution configuration in force. */
    public EngineConfiguration configuration() {
        return convolutions.configuration();
    }

    /**
     * Returns a one-line summary for logs and benchmark reports.
     *
     * @return for example {@code "2 threads, large_mapped allocator (12 MiB), huge pages,
     *     channels-last"}
     */
    public String describe() {
        return threads
                + " threads, "
                + allocator.label()
                + " allocator"
                + (mmapThresholdMib > 0 ? " (" + mmapThresholdMib + " MiB)" : "")
                + ", "
                + hugePages.label()
                + ", "
                + (channelsLast ? "channels-last" : "NCHW")
                + ", convolutions "
                + convolutions.configuration().label()
                + (convolutions.configuration().equals(EngineConfiguration.DEFAULT)
                        ? ""
                        : " (self-check)")
                + (oneDnnCaches.repaired() ? ", oneDNN cache sizes repaired" : "")
                + ", OMP_WAIT_POLICY "
                + ompWaitPolicy;
    }
}
