package io.github.resnetcourse.kit.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the convolution kernels libtorch picks depend on: the CPU (vendor, family, model, stepping,
 * feature flags), its cache geometry as glibc reports it (the fault that motivated the self-check
 * comes from a cache reported with associativity 0), the number of processors, and the libtorch
 * build. Two machines with the same signature get the same kernels, so a self-check result is
 * cached under its {@link #key()}.
 *
 * @param description the readable form, stored next to the result
 */
record CpuSignature(String description) {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** Reads this machine's signature; {@code libtorch} is the native build's version. */
    static CpuSignature ofThisMachine(String libtorch) {
        List<String> parts = new ArrayList<>();
        parts.add("libtorch " + libtorch);
        parts.add("processors " + Runtime.getRuntime().availableProcessors());
        parts.add("arch " + System.getProperty("os.arch"));
        parts.addAll(cpuinfo());
        parts.addAll(caches());
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (cap != null) {
            parts.add("ONEDNN_MAX_CPU_ISA " + cap);
        }
        return new CpuSignature(String.join("; ", parts));
    }

    /** A short stable key for file names: the first 16 hex digits of the description's SHA-256. */
    String key() {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(description.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The model name, for messages. */
    String model() {
        for (String part : description.split("; ")) {
            if (part.startsWith("model name ")) {
                return part.substring("model name ".length());
            }
        }
        return System.getProperty("os.arch");
    }

    /** The first processor's identity and flags from /proc/cpuinfo (empty elsewhere). */
    private static List<String> cpuinfo() {
        Map<String, String> first = firstProcessor();
        if (first.isEmpty()) {
            return List.of("cpuinfo unreadable");
        }
        List<String> out = new ArrayList<>();
        for (String key :
                List.of("vendor_id", "cpu family", "model", "model name", "stepping", "flags")) {
            // Frequencies, ids and bug lists change nothing about kernel choice.
            if (first.containsKey(key)) {
                out.add(key + " " + first.get(key));
            }
        }
        return out;
    }

    /**
     * The first processor's fields in /proc/cpuinfo, in file order (the others are alike); empty
     * where there is no such file.
     */
    static Map<String, String> firstProcessor() {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(CPUINFO)) {
                if (line.isBlank()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon >= 0) {
                    fields.putIfAbsent(
                            line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return fields;
    }

    /**
     * Each cache level's size, associativity and line size as glibc reports them ({@code getconf
     * LEVEL3_CACHE_SIZE} and friends, read from cpuid): the figures oneDNN's blocking is computed
     * from, available even where /sys hides the cache topology.
     */
    private static List<String> caches() {
        List<String> out = new ArrayList<>();
        try {
            SysConf libc = Native.load("c", SysConf.class);
            String[] names = {"L1d", "L2", "L3"};
            for (int level = 0; level < names.length; level++) {
                int base = SC_LEVEL1_DCACHE_SIZE + 3 * level;
                out.add(
                        "cache "
                                + names[level]
                                + " size "
                                + libc.sysconf(base)
                                + " ways "
                                + libc.sysconf(base + 1)
                                + " line "
                                + libc.sysconf(base + 2));
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            out.add("caches unknown");
        }
        return out;
    }

    /** The cache figures of {@link #description()}, e.g. "L3 size 532676608 ways 0 line 64". */
    String cacheSummary() {
        List<String> caches = new ArrayList<>();
        for (String part : description.split("; ")) {
            if (part.startsWith("cache ")) {
                caches.add(part.substring("cache ".length()));
            }
        }
        return String.join(", ", caches);
    }

    /** glibc's {@code _SC_LEVEL1_DCACHE_SIZE}; ASSOC and LINESIZE follow, then level 2 and 3. */
    static final int SC_LEVEL1_DCACHE_SIZE = 188;

    interface SysConf extends Library {
        long sysconf(int name);
    }
}
