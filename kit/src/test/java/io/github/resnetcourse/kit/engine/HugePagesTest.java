package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HugePagesTest {
    private static final String MADVISE = "always [madvise] never\n";

    @Test
    void theTunableWithMadviseAndARecentGlibcGivesMappedBuffersHugePages() {
        assertEquals(
                HugePages.MAPPED_BUFFERS, HugePages.of("glibc.malloc.hugetlb=1", MADVISE, "2.36"));
        assertEquals(
                HugePages.MAPPED_BUFFERS,
                HugePages.of("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", MADVISE, "2.39"));
    }

    @Test
    void withoutTheTunableOrWithAnOldGlibcPagesStaySmall() {
        assertEquals(HugePages.OFF, HugePages.of(null, MADVISE, "2.36"));
        assertEquals(HugePages.OFF, HugePages.of("glibc.malloc.hugetlb=0", MADVISE, "2.36"));
        assertEquals(HugePages.OFF, HugePages.of("glibc.malloc.hugetlb=1", MADVISE, "2.31"));
        assertEquals(HugePages.OFF, HugePages.of("glibc.malloc.hugetlb=1", MADVISE, null));
    }

    @Test
    void theKernelSettingDecidesFirst() {
        assertEquals(
                HugePages.OFF,
                HugePages.of("glibc.malloc.hugetlb=1", "always madvise [never]\n", "2.36"));
        assertEquals(HugePages.SYSTEM_WIDE, HugePages.of(null, "[always] madvise never\n", "2.28"));
    }

    @Test
    void detectReadsThisProcesssSettings() {
        // The tests run without the tunable (they measure memory, not speed); the kernel's own test
        // (kernel/src/test/python) checks that kernel.json turns it on.
        HugePages expected =
                HugePages.of(
                        System.getenv("GLIBC_TUNABLES"),
                        readOr("/sys/kernel/mm/transparent_hugepage/enabled", "[never]"),
                        com.sun.jna.Native.load("c", HugePages.LibC.class).gnu_get_libc_version());
        assertEquals(expected, HugePages.detect());
        assertEquals(expected, Engines.init().hugePages());
    }

    private static String readOr(String path, String fallback) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            return fallback;
        }
    }
}
