package io.github.resnetcourse.kit.engine;

/** Which library computes libtorch's CPU convolutions. */
public enum ConvolutionBackend {
    /** oneDNN (libtorch's default for float32 on x86-64): the fast path. */
    ONEDNN,
    /**
     * libtorch's own convolution (im2col and a matrix product), with oneDNN switched off through
     * {@code at::globalContext().setUserEnabledMkldnn(false)}: slower, but shares no code with
     * oneDNN's convolution kernels.
     */
    NATIVE
}
