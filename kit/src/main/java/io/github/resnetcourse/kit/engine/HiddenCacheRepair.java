package io.github.resnetcourse.kit.engine;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Gives oneDNN the cache sizes a hypervisor hid from it, before libtorch's first convolution.
 *
 * <p>oneDNN keeps what it learnt from cpuid in one object, returned by its internal function {@code
 * dnnl::impl::cpu::x64::cpu()} (an xbyak {@code Cpu}); its brgemm convolutions size their blocks
 * from the data cache sizes stored there, when each primitive is created. On a CPU whose cache
 * topology leaf is empty those sizes are 1 byte, and 1×1 convolutions crash or return wrong values
 * (docs/engine-check.md). This class finds the function in libtorch's symbol table ({@link
 * ElfSymbols}), calls it, checks that the object is the one it expects — the CPU family, model and
 * stepping at their places match /proc/cpuinfo, and every cache reads as under 1 KiB — and only
 * then writes the sizes glibc reports ({@link CacheRepairPlan}). Anything unexpected leaves oneDNN
 * untouched; the convolution self-check ({@link EngineGuard}) runs afterwards either way and is
 * what decides whether oneDNN's convolutions are used.
 *
 * <p>The field offsets are those of the xbyak inside oneDNN 3.7 as built into libtorch 2.7.1 (DJL
 * 0.35), read from the object on the affected machine: family, model and stepping sit right after
 * the cache arrays, which is what makes the identity check meaningful.
 */
final class HiddenCacheRepair {

    /** {@code dnnl::impl::cpu::x64::cpu()}: returns oneDNN's xbyak {@code Cpu} object. */
    static final String CPU_FUNCTION = "_ZN4dnnl4impl3cpu3x643cpuEv";

    // xbyak Cpu: Type type_ (16 B), bool x2APIC_supported_, uint32_t numCores_[2],
    // uint32_t dataCacheSize_[10], coresSharignDataCache_[10], dataCacheLevels_, avx10version_,
    // then int model, family, stepping, extModel, extFamily, displayFamily, displayModel.
    static final int DATA_CACHE_SIZE = 28;
    static final int CORES_SHARING = 68;
    static final int CACHE_LEVELS = 108;
    static final int STEPPING = 124;
    static final int DISPLAY_FAMILY = 136;
    static final int DISPLAY_MODEL = 140;

    /** Where Linux lists the caches it could read; absent when cpuid hides them. */
    static final Path LINUX_CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache/index0");

    private HiddenCacheRepair() {}

    /**
     * Repairs oneDNN's cache sizes if the CPU hid them. Call after libtorch is loaded and before
     * its first convolution.
     *
     * @return what was found and done
     */
    static OneDnnCaches repairIfHidden() {
        if (!System.getProperty("os.name", "").startsWith("Linux")
                || !System.getProperty("os.arch", "").equals("amd64")) {
            return OneDnnCaches.notChecked("oneDNN reads x86-64 caches only; not Linux x86-64");
        }
        if (Files.isDirectory(LINUX_CACHES)) {
            // Linux reads the same cpuid leaves as oneDNN: if it sees the caches, so does oneDNN.
            // Every healthy machine is spared the symbol-table scan (about 150 ms).
            return new OneDnnCaches(
                    OneDnnCaches.State.VISIBLE, new long[0], "Linux lists the caches");
        }
        try {
            Optional<Pointer> cpu = cpuObject();
            if (cpu.isEmpty()) {
                return OneDnnCaches.notChecked(
                        "libtorch not loaded, or its symbol table has no oneDNN cpu()");
            }
            OneDnnCaches outcome = CacheRepairPlan.decide(read(cpu.get()), reported());
            if (outcome.repaired()) {
                long[] sizes = outcome.sizes();
                for (int level = 0; level < sizes.length; level++) {
                    cpu.get().setInt(DATA_CACHE_SIZE + 4L * level, Math.toIntExact(sizes[level]));
                }
            }
            return outcome;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            return OneDnnCaches.notChecked("could not read libtorch: " + e.getMessage());
        }
    }

    /**
     * oneDNN's record as it stands in this process, whatever the machine: what the tests check
     * after {@link Engines#init()}.
     *
     * @return the record, or empty when libtorch is not loaded or has no such symbol
     * @throws IOException if libtorch's file cannot be read
     */
    static Optional<CacheRepairPlan.Recorded> recordInThisProcess() throws IOException {
        return cpuObject().map(HiddenCacheRepair::read);
    }

    /** Calls {@code cpu()} (which builds the object on first use) and returns its address. */
    private static Optional<Pointer> cpuObject() throws IOException {
        Optional<LoadedLibtorch> libtorch = LoadedLibtorch.inThisProcess();
        if (libtorch.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong offset = ElfSymbols.offsetOf(libtorch.get().file(), CPU_FUNCTION);
        if (offset.isEmpty()) {
            return Optional.empty();
        }
        Pointer function = new Pointer(libtorch.get().base() + offset.getAsLong());
        return Optional.of(
                (Pointer) Function.getFunction(function).invoke(Pointer.class, new Object[0]));
    }

    /** oneDNN's record, read at the offsets above; the level count bounds the arrays read. */
    private static CacheRepairPlan.Recorded read(Pointer cpu) {
        int levels = cpu.getInt(CACHE_LEVELS);
        int count = levels >= 0 && levels <= 10 ? levels : 0;
        long[] sizes = new long[count];
        long[] sharing = new long[count];
        for (int level = 0; level < count; level++) {
            sizes[level] = Integer.toUnsignedLong(cpu.getInt(DATA_CACHE_SIZE + 4L * level));
            sharing[level] = Integer.toUnsignedLong(cpu.getInt(CORES_SHARING + 4L * level));
        }
        return new CacheRepairPlan.Recorded(
                sizes,
                sharing,
                cpu.getInt(DISPLAY_FAMILY),
                cpu.getInt(DISPLAY_MODEL),
                cpu.getInt(STEPPING));
    }

    /** /proc/cpuinfo's identity and glibc's cache figures (from the legacy cpuid leaves). */
    private static CacheRepairPlan.Reported reported() {
        Map<String, String> cpuinfo = CpuSignature.firstProcessor();
        CpuSignature.SysConf libc = Native.load("c", CpuSignature.SysConf.class);
        int l1 = CpuSignature.SC_LEVEL1_DCACHE_SIZE;
        return new CacheRepairPlan.Reported(
                number(cpuinfo, "cpu family"),
                number(cpuinfo, "model"),
                number(cpuinfo, "stepping"),
                libc.sysconf(l1),
                libc.sysconf(l1 + 3),
                libc.sysconf(l1 + 6),
                libc.sysconf(l1 + 7));
    }

    private static int number(Map<String, String> cpuinfo, String key) {
        try {
            return Integer.parseInt(cpuinfo.getOrDefault(key, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
