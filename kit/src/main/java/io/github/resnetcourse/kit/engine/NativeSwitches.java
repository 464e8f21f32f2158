package io.github.resnetcourse.kit.engine;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;

/**
 * Two of libtorch's global switches that DJL does not expose: whether convolutions may use oneDNN
 * ({@code torch.backends.mkldnn.enabled}) and NNPACK ({@code torch.backends.nnpack.enabled}).
 *
 * <p>They are members of libtorch's {@code at::Context}, reached here through their exported C++
 * symbols ({@code at::globalContext()}, {@code at::Context::setUserEnabledMkldnn(bool)}) in the
 * {@code libtorch_cpu.so} this process has loaded. The symbols are part of libtorch's public C++
 * API, so they are stable across the 2.x releases DJL ships; if one is missing the switch reports
 * that it could not act instead of failing.
 */
final class NativeSwitches {

    private NativeSwitches() {}

    /**
     * Turns oneDNN convolutions off (libtorch then uses its own im2col convolution).
     *
     * @return whether libtorch now reports oneDNN disabled
     */
    static boolean disableOneDnnConvolutions() {
        return set("Mkldnn", false);
    }

    /**
     * Turns NNPACK off. On CPUs it does not support, libtorch otherwise tries it in every
     * convolution and prints "Could not initialize NNPACK! Reason: Unsupported hardware." once per
     * process; on x86-64 oneDNN is faster anyway.
     *
     * @return whether libtorch now reports NNPACK disabled
     */
    static boolean disableNnpack() {
        return set("NNPACK", false);
    }

    /**
     * Whether libtorch reports {@code feature} ("Mkldnn" or "NNPACK") enabled; {@code null} when
     * libtorch is not loaded or the symbol is missing.
     */
    static Boolean enabled(String feature) {
        Optional<NativeLibrary> torch = loadedLibtorch();
        if (torch.isEmpty()) {
            return null;
        }
        try {
            NativeLibrary lib = torch.get();
            int value =
                    (Integer)
                            lib.getFunction("_ZNK2at7Context17userEnabled" + feature + "Ev")
                                    .invoke(Integer.class, new Object[] {context(lib)});
            // A C++ bool comes back in the low byte of the return register.
            return (value & 0xff) != 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    private static boolean set(String feature, boolean enabled) {
        Optional<NativeLibrary> torch = loadedLibtorch();
        if (torch.isEmpty()) {
            return false;
        }
        try {
            NativeLibrary lib = torch.get();
            String setter = "_ZN2at7Context20setUserEnabled" + feature + "Eb";
            lib.getFunction(setter).invoke(Void.class, new Object[] {context(lib), enabled});
            return Boolean.valueOf(enabled).equals(enabled(feature));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** {@code at::globalContext()}: the object both switches are members of. */
    private static Pointer context(NativeLibrary lib) {
        return (Pointer)
                lib.getFunction("_ZN2at13globalContextEv").invoke(Pointer.class, new Object[0]);
    }

    /** The libtorch this process loaded (DJL loads it by full path). */
    private static Optional<NativeLibrary> loadedLibtorch() {
        try {
            return LoadedLibtorch.inThisProcess()
                    .map(loaded -> NativeLibrary.getInstance(loaded.file().toString()));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }
}
