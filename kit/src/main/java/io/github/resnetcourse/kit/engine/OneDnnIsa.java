package io.github.resnetcourse.kit.engine;

/**
 * The highest instruction set oneDNN (libtorch's CPU convolution library) may use, set through its
 * {@code ONEDNN_MAX_CPU_ISA} variable before the first convolution runs.
 *
 * <p>Capping it is how the kit steps around a oneDNN kernel that is broken on one CPU: the
 * convolutions then run on older, simpler code paths. The constants are ordered from the fastest
 * (no cap) down.
 */
public enum OneDnnIsa {
    /** No cap: everything the CPU offers (AVX-512, AMX where present). */
    ALL(null),
    /** AVX-512 without the bfloat16 and AMX extensions. */
    AVX512_CORE("AVX512_CORE"),
    /** AVX2 with FMA. */
    AVX2("AVX2"),
    /** AVX without AVX2: no brgemm kernels. */
    AVX("AVX"),
    /** SSE 4.1: oneDNN's oldest x86-64 path. */
    SSE41("SSE41");

    private final String variableValue;

    OneDnnIsa(String variableValue) {
        this.variableValue = variableValue;
    }

    /**
     * The value for {@code ONEDNN_MAX_CPU_ISA}, or {@code null} for {@link #ALL} (leave it unset).
     */
    public String variableValue() {
        return variableValue;
    }
}
