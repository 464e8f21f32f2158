package io.github.resnetcourse.kit.engine;

import com.sun.jna.Native;

/**
 * While open, glibc serves buffers up to 32 MiB from its heap (growing it when no free heap memory
 * fits) instead of mapping them; on close, {@link Allocator#LARGE_MAPPED}'s threshold is back. The
 * kit opens one around evaluation.
 *
 * <pre>{@code
 * try (InferenceAllocation heap = InferenceAllocation.open()) {
 *     ... forward passes without gradients ...
 * }
 * }</pre>
 *
 * <p>Why: training keeps each step's activations alive until backward, and buffers of tens of
 * megabytes fragment the heap, so the kit maps them ({@link Allocator#LARGE_MAPPED}). Evaluation
 * frees each activation as soon as the next layer has read it: a handful of buffers are reused
 * batch after batch, so the heap does not grow, while mapping would pay page faults and zeroing for
 * every one of them (measured: evaluation at 224×224 after full training ran at 0.73× PyTorch 1.13
 * with every buffer from 12 MiB mapped, docs/performance.md). Buffers above 32 MiB (glibc's largest
 * threshold) are mapped in any case, as PyTorch's are. The heap memory evaluation frees stays
 * available to training's next requests (up to glibc's 64 MiB trim threshold per arena); measured,
 * alternating {@code fit} and {@code evaluate} three times did not raise the training peak. Does
 * nothing under other allocators or off glibc. Opens nest; the threshold returns when the outermost
 * closes.
 */
public final class InferenceAllocation implements AutoCloseable {
    /** glibc's largest mmap threshold on 64-bit ({@code HEAP_MAX_SIZE / 2}). */
    static final int HEAP_LIMIT_BYTES = 32 * 1024 * 1024;

    private static int depth;
    private boolean closed;

    private InferenceAllocation() {}

    /**
     * Raises the mmap threshold to 32 MiB until {@link #close()}.
     *
     * @return the scope to close when the forward passes are done
     */
    public static InferenceAllocation open() {
        synchronized (InferenceAllocation.class) {
            if (depth++ == 0) {
                setThreshold(HEAP_LIMIT_BYTES);
            }
        }
        return new InferenceAllocation();
    }

    @Override
    public void close() {
        synchronized (InferenceAllocation.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--depth == 0) {
                setThreshold(Engines.init().mmapThresholdMib() * 1024 * 1024);
            }
        }
    }

    private static void setThreshold(int bytes) {
        EngineTuning tuning = Engines.init();
        if (tuning.allocator() != Allocator.LARGE_MAPPED) {
            return;
        }
        try {
            Native.load("c", Engines.LibC.class).mallopt(Engines.M_MMAP_THRESHOLD, bytes);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // LARGE_MAPPED is only in effect on glibc, where this cannot fail.
        }
    }
}
