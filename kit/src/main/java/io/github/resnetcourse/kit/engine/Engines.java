package io.github.resnetcourse.kit.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prepares the process for PyTorch before DJL loads it; every kit entry point calls {@link
 * #init()}.
 *
 * <p>It makes DJL work offline ({@code ai.djl.offline}), unpack PyTorch into {@code
 * <course>/.course/djl} ({@code DJL_CACHE_DIR}) and use two intra-op threads and one inter-op
 * thread ({@code ai.djl.pytorch.num_threads}, {@code num_interop_threads}, or {@code
 * OMP_NUM_THREADS}); DJL reads thread counts only when the engine starts, which is why this runs
 * first. It also applies the {@link Allocator} chosen with {@code COURSE_ALLOCATOR} ({@link
 * Allocator#LARGE_MAPPED} by default), records whether glibc maps buffers with {@link HugePages}
 * (which only the process's launcher can turn on) and whether {@link ChannelsLast} is on ({@code
 * COURSE_CHANNELS_LAST=off} turns it off, for measuring its effect), and lets idle OpenMP threads
 * sleep instead of spinning ({@code OMP_WAIT_POLICY=PASSIVE}).
 *
 * <p>Each setting already chosen by the user (an environment variable or system property) is left
 * alone.
 */
public final class Engines {

    /** glibc's {@code M_TRIM_THRESHOLD} parameter number for {@code mallopt}. */
    static final int M_TRIM_THRESHOLD = -1;

    /** glibc's {@code M_MMAP_THRESHOLD} parameter number for {@code mallopt}. */
    static final int M_MMAP_THRESHOLD = -3;

    /**
     * {@link Allocator#RETAIN}'s mmap threshold: glibc's maximum (32 MiB on 64-bit), so tensor
     * buffers up to that size are reused from the heap instead of being mapped and unmapped.
     */
    static final int MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024;

    /** {@link Allocator#RETAIN}'s trim threshold: free heap beyond 1 GiB is returned to the OS. */
    static final int TRIM_THRESHOLD_BYTES = 1024 * 1024 * 1024;

    /**
     * {@link Allocator#LARGE_MAPPED}'s mmap threshold in MiB: buffers from 12 MiB are mapped. For
     * ResNet18 at 224×224 batch 32 that is the stem's and the first two stages' activations (98,
     * 24.5 and 12.25 MiB); at 32×32 batch 128 none (the largest is 8 MiB), so small images keep the
     * heap's speed. Measured against 2, 4, 8 and 16 MiB in docs/performance.md; {@code
     * COURSE_MMAP_THRESHOLD_MIB} overrides it.
     */
    static final int LARGE_MMAP_THRESHOLD_MIB = 12;

    /**
     * {@link Allocator#LARGE_MAPPED}'s trim threshold (glibc's own once its adaptive threshold has
     * settled): setting the mmap threshold fixes the trim threshold too, at 128 KiB unless given.
     */
    static final int LARGE_TRIM_THRESHOLD_BYTES = 64 * 1024 * 1024;

    /**
     * Threads for intra-op parallelism when the user set none: the course machine has two cores.
     */
    static final int DEFAULT_THREADS = 2;

    /** The OpenMP variable that says what idle threads do: spin (ACTIVE) or sleep (PASSIVE). */
    static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    private static volatile EngineTuning applied;

    private Engines() {}

    /**
     * Applies the settings once per process and returns them; later calls return the same record.
     * Call it before the first {@code NDManager}, {@code Model} or {@code Engine} use.
     *
     * @return the settings in effect
     */
    public static synchronized EngineTuning init() {
        if (applied == null) {
            applied = apply();
        }
        return applied;
    }

    private static EngineTuning apply() {
        // Everything the kit needs ships in its jars: never let DJL try the network.
        defaultProperty("ai.djl.offline", "true");
        // PyTorch's natives unpack into the course checkout, not the user's ~/.djl.ai.
        if (System.getenv("DJL_CACHE_DIR") == null) {
            defaultProperty(
                    "DJL_CACHE_DIR", Env.current().home().resolve(".course/djl").toString());
        }
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        defaultProperty(
                "ai.djl.pytorch.num_threads",
                firstNonBlank(System.getenv("OMP_NUM_THREADS"), String.valueOf(DEFAULT_THREADS)));
        String requested = setting("COURSE_ALLOCATOR");
        Allocator allocator =
                requested == null ? Allocator.LARGE_MAPPED : Allocator.parse(requested);
        int thresholdMib = mmapThresholdMib();
        if (allocator == Allocator.LARGE_MAPPED && !mapLargeBuffers(thresholdMib)) {
            allocator = Allocator.GLIBC;
        }
        if (allocator == Allocator.RETAIN && !retainFreedBuffers()) {
            allocator = Allocator.GLIBC;
        }
        int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads"));
        String waitPolicy = letIdleThreadsSleep();
        EngineDecision convolutions = decideConvolutions(threads);
        capOneDnn(convolutions.configuration().isa());
        boolean channelsLast =
                convolutions.configuration().layout() == MemoryLayout.CHANNELS_LAST
                        && !"off".equalsIgnoreCase(setting("COURSE_CHANNELS_LAST"));
        OneDnnCaches caches = startEngine(convolutions.configuration().backend());
        return new EngineTuning(
                threads,
                Integer.parseInt(System.getProperty("ai.djl.pytorch.num_interop_threads")),
                allocator,
                allocator == Allocator.LARGE_MAPPED ? thresholdMib : 0,
                HugePages.detect(),
                channelsLast,
                convolutions,
                waitPolicy,
                caches);
    }

    /**
     * Sets {@code OMP_WAIT_POLICY=PASSIVE} before libtorch's OpenMP runtime loads (it reads the
     * variable once, then), unless the user chose a policy. libgomp's default lets a thread that
     * finished its share of a parallel region spin for a while before it sleeps; on a CPU shared
     * with anything else — a student's browser, the other kernels of a JupyterHub class, a CI
     * machine's builds — the spinning threads take the cores from the threads that have work.
     * Measured on the course machine under load 9–11 (docs/performance.md, "Idle OpenMP threads"):
     * one epoch of ResNet18 on 1,000 CIFAR images took 84.5 s and 39.6 CPU-seconds with the default
     * and 12.6 s and 8.5 CPU-seconds with {@code PASSIVE}.
     *
     * @return the policy in force, for {@link EngineTuning#describe()}
     */
    private static String letIdleThreadsSleep() {
        String user = System.getenv(OMP_WAIT_POLICY);
        if (user != null) {
            return user.isBlank() ? "libgomp's default (set empty)" : user + " (user)";
        }
        try {
            Native.load("c", LibC.class).setenv(OMP_WAIT_POLICY, "PASSIVE", 0);
            return "PASSIVE";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // No C library to call (not expected on Linux or macOS): the runtime's default.
            return "the OpenMP runtime's default";
        }
    }

    /**
     * The convolution configuration: the one a self-check child was started with, the user's
     * ({@code COURSE_ENGINE_CONFIGURATION}), the default unchecked ({@code
     * COURSE_ENGINE_CHECK=off}), or {@link EngineGuard}'s decision for this machine.
     */
    private static EngineDecision decideConvolutions(int threads) {
        String forced =
                firstNonBlank(
                        System.getProperty(EngineGuard.CONFIGURATION_PROPERTY),
                        System.getenv("COURSE_ENGINE_CONFIGURATION"));
        if (forced != null && !forced.isBlank()) {
            return new EngineDecision(
                    EngineConfiguration.parse(forced),
                    EngineDecision.Source.USER_SET,
                    java.util.List.of(),
                    "",
                    0);
        }
        String check = setting("COURSE_ENGINE_CHECK");
        if (check != null && !check.equalsIgnoreCase("on")) {
            if (!check.equalsIgnoreCase("off")) {
                throw new IllegalArgumentException(
                        "COURSE_ENGINE_CHECK="
                                + check
                                + " is not understood; use 'on' (the default) or 'off' (skip the"
                                + " convolution self-check and trust libtorch on this CPU).");
            }
            return new EngineDecision(
                    EngineConfiguration.DEFAULT,
                    EngineDecision.Source.CHECK_OFF,
                    java.util.List.of(),
                    "",
                    0);
        }
        Path cache = Env.current().home().resolve(".course/engine-check");
        return EngineGuard.forProcess(cache, threads).decide();
    }

    /**
     * Caps oneDNN's instruction set through {@code ONEDNN_MAX_CPU_ISA}, which oneDNN reads at its
     * first convolution; a cap the user set in the environment is left alone.
     */
    private static void capOneDnn(OneDnnIsa isa) {
        if (isa.variableValue() == null
                || System.getenv("ONEDNN_MAX_CPU_ISA") != null
                || !isLinux()) {
            return;
        }
        Native.load("c", LibC.class).setenv("ONEDNN_MAX_CPU_ISA", isa.variableValue(), 0);
    }

    /**
     * Loads PyTorch now that every setting it reads at start is in place, gives oneDNN the cache
     * sizes a hypervisor may have hidden from it ({@link HiddenCacheRepair}: before the first
     * convolution, in the self-check's children too, so that the check judges the repaired
     * kernels), and sets the two switches that exist only inside libtorch: NNPACK off (it cannot
     * run on most x86-64 CPUs and says so in every process) and, for {@link
     * ConvolutionBackend#NATIVE}, oneDNN's convolutions off.
     *
     * @return what oneDNN knows of the caches
     */
    private static OneDnnCaches startEngine(ConvolutionBackend backend) {
        Engine.getEngine(PtEngine.ENGINE_NAME);
        if (!isLinux()) {
            return OneDnnCaches.notChecked("not Linux");
        }
        OneDnnCaches caches = HiddenCacheRepair.repairIfHidden();
        NativeSwitches.disableNnpack();
        if (backend == ConvolutionBackend.NATIVE && !NativeSwitches.disableOneDnnConvolutions()) {
            throw new IllegalStateException(
                    "The convolution self-check chose libtorch's own convolutions, but oneDNN could"
                            + " not be switched off in this libtorch; set"
                            + " COURSE_ENGINE_CONFIGURATION=onednn/sse41/nchw to run oneDNN's"
                            + " simplest code path instead.");
        }
        return caches;
    }

    /** The mmap threshold for {@link Allocator#LARGE_MAPPED}: the default or the user's. */
    static int mmapThresholdMib() {
        String value = setting("COURSE_MMAP_THRESHOLD_MIB");
        if (value == null) {
            return LARGE_MMAP_THRESHOLD_MIB;
        }
        return parseThresholdMib(value);
    }

    /** Parses a threshold in MiB, 1 to 32 (glibc's largest); the error says what to set. */
    static int parseThresholdMib(String value) {
        try {
            int mib = Integer.parseInt(value.trim());
            if (mib >= 1 && mib <= 32) {
                return mib;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        throw new IllegalArgumentException(
                "COURSE_MMAP_THRESHOLD_MIB="
                        + value
                        + " is not a whole number of MiB from 1 to 32; unset it for the default ("
                        + LARGE_MMAP_THRESHOLD_MIB
                        + ").");
    }

    /**
     * {@link Allocator#LARGE_MAPPED}: map buffers from {@code thresholdMib}, trim the heap beyond
     * 64 MiB.
     */
    private static boolean mapLargeBuffers(int thresholdMib) {
        if (!isLinux()) {
            return false;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            return libc.mallopt(M_MMAP_THRESHOLD, thresholdMib * 1024 * 1024) == 1
                    & libc.mallopt(M_TRIM_THRESHOLD, LARGE_TRIM_THRESHOLD_BYTES) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // Not glibc (musl, macOS): the platform's allocator, untouched.
            return false;
        }
    }

    /** {@link Allocator#RETAIN}: raise glibc's thresholds and ask libtorch for huge pages. */
    private static boolean retainFreedBuffers() {
        if (!isLinux()) {
            return false;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            boolean tuned =
                    libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                            & libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1;
            // libtorch reads this variable lazily, at its first large allocation, so setting it
            // in our own environment now is as good as the launcher setting it.
            if (System.getenv("THP_MEM_ALLOC_ENABLE") == null) {
                libc.setenv("THP_MEM_ALLOC_ENABLE", "1", 0);
            }
            return tuned;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // Not glibc (musl, macOS): the kit still runs, with the platform's allocator.
            System.out.println(
                    "COURSE_ALLOCATOR=retain needs glibc ("
                            + e.getMessage()
                            + "); using the default allocator.");
            return false;
        }
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String setting(String envName) {
        String property = System.getProperty(envName.toLowerCase(Locale.ROOT).replace('_', '.'));
        return firstNonBlank(property, System.getenv(envName));
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first.trim() : second;
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** The two glibc calls the tuning needs. */
    interface LibC extends Library {
        int mallopt(int param, int value);

        int setenv(String name, String value, int overwrite);
    }
}
