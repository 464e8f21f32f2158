package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * Stand-in for IJava's entry class, which is not on Maven Central: IJava publishes its running
 * kernel (a {@link BaseKernel}) through this static method, and the kit's {@code ForeignKernelSink}
 * looks for exactly this signature. Tests set {@link #instance}.
 */
public final class IJava {
    /** The kernel a test pretends IJava is running. */
    public static volatile BaseKernel instance;

    private IJava() {}

    /** IJava's accessor for its running kernel. */
    public static BaseKernel getKernelInstance() {
        return instance;
    }
}
