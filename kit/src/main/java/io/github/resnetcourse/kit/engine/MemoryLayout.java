package io.github.resnetcourse.kit.engine;

/**
 * How the kit lays out convolution weights, and with them every activation (see {@link
 * ChannelsLast}).
 */
public enum MemoryLayout {
    /** NHWC: oneDNN's native layout, the faster one on a healthy CPU. */
    CHANNELS_LAST,
    /** NCHW: PyTorch's default layout. */
    NCHW
}
