package io.github.resnetcourse.kit.engine;

import java.util.List;
import java.util.Locale;

/**
 * How libtorch runs convolutions in this process: the oneDNN instruction-set cap, the memory layout
 * and the convolution library. {@link EngineGuard} picks one that it has seen compute correctly on
 * this CPU.
 *
 * @param isa the highest instruction set oneDNN may use
 * @param layout the layout of convolution weights and activations
 * @param backend the library that computes convolutions
 */
public record EngineConfiguration(OneDnnIsa isa, MemoryLayout layout, ConvolutionBackend backend) {

    /** What the kit is tuned for, and what every healthy CPU gets. */
    public static final EngineConfiguration DEFAULT =
            new EngineConfiguration(
                    OneDnnIsa.ALL, MemoryLayout.CHANNELS_LAST, ConvolutionBackend.ONEDNN);

    /**
     * The configurations the guard may choose, the default first. Every one of them changes only
     * how convolutions are computed, never what they compute.
     */
    public static List<EngineConfiguration> candidates() {
        return List.of(
                DEFAULT,
                new EngineConfiguration(
                        OneDnnIsa.ALL, MemoryLayout.NCHW, ConvolutionBackend.ONEDNN),
                new EngineConfiguration(
                        OneDnnIsa.AVX512_CORE,
                        MemoryLayout.CHANNELS_LAST,
                        ConvolutionBackend.ONEDNN),
                new EngineConfiguration(
                        OneDnnIsa.AVX2, MemoryLayout.CHANNELS_LAST, ConvolutionBackend.ONEDNN),
                new EngineConfiguration(
                        OneDnnIsa.AVX2, MemoryLayout.NCHW, ConvolutionBackend.ONEDNN),
                new EngineConfiguration(
                        OneDnnIsa.AVX, MemoryLayout.CHANNELS_LAST, ConvolutionBackend.ONEDNN),
                new EngineConfiguration(
                        OneDnnIsa.AVX, MemoryLayout.NCHW, ConvolutionBackend.ONEDNN),
                new EngineConfiguration(
                        OneDnnIsa.ALL, MemoryLayout.CHANNELS_LAST, ConvolutionBackend.NATIVE),
                new EngineConfiguration(
                        OneDnnIsa.ALL, MemoryLayout.NCHW, ConvolutionBackend.NATIVE));
    }

    /**
     * A short name for reports and the cache file, e.g. {@code onednn/all/channels-last} or {@code
     * onednn/avx/nchw}; {@link #parse} reads it back.
     */
    public String label() {
        return backend.name().toLowerCase(Locale.ROOT)
                + "/"
                + isa.name().toLowerCase(Locale.ROOT)
                + "/"
                + layout.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a {@link #label()}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static EngineConfiguration parse(String label) {
        String[] parts = label.trim().toUpperCase(Locale.ROOT).replace('-', '_').split("/");
        try {
            if (parts.length == 3) {
                return new EngineConfiguration(
                        OneDnnIsa.valueOf(parts[1]),
                        MemoryLayout.valueOf(parts[2]),
                        ConvolutionBackend.valueOf(parts[0]));
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the accepted form.
        }
        throw new IllegalArgumentException(
                "'"
                        + label
                        + "' is not an engine configuration; write backend/isa/layout, e.g."
                        + " onednn/all/channels-last or onednn/avx/nchw (backends: onednn, native;"
                        + " isa: all, avx512_core, avx2, avx, sse41; layouts: channels-last, nchw).");
    }
}
