package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceAllocationTest {
    private static final long BUFFER = 20L * 1024 * 1024; // between 12 and 32 MiB

    /** glibc's {@code struct mallinfo2}; {@code hblkhd} counts the bytes held in mapped chunks. */
    @Structure.FieldOrder({
        "arena",
        "ordblks",
        "smblks",
        "hblks",
        "hblkhd",
        "usmblks",
        "fsmblks",
        "uordblks",
        "fordblks",
        "keepcost"
    })
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks;
        public long keepcost;
    }

    interface Malloc extends Library {
        Pointer malloc(long size);

        void free(Pointer p);

        MallInfo2 mallinfo2();
    }

    private static Malloc libc;

    @BeforeAll
    static void glibcWithTheDefaultAllocator() {
        assumeTrue(Engines.init().allocator() == Allocator.LARGE_MAPPED, "glibc only");
        libc = Native.load("c", Malloc.class);
    }

    @Test
    void duringInferenceBuffersUpTo32MiBComeFromTheHeapAndAfterwardsAreMappedAgain() {
        assertTrue(mappedBytesFor(BUFFER) >= BUFFER, "training: a 20 MiB buffer is mapped");
        try (InferenceAllocation heap = InferenceAllocation.open()) {
            assertEquals(0, mappedBytesFor(BUFFER), "inference: served from the heap");
            assertTrue(mappedBytesFor(40L * 1024 * 1024) > 0, "above 32 MiB glibc always maps");
        }
        assertTrue(mappedBytesFor(BUFFER) >= BUFFER, "the training threshold is back");
    }

    @Test
    void nestedScopesRestoreTheThresholdOnlyWhenTheOutermostCloses() {
        try (InferenceAllocation outer = InferenceAllocation.open()) {
            InferenceAllocation inner = InferenceAllocation.open();
            inner.close();
            inner.close(); // a second close is ignored
            assertEquals(0, mappedBytesFor(BUFFER), "still inside the outer scope");
        }
        assertTrue(mappedBytesFor(BUFFER) >= BUFFER);
    }

    /** How many more bytes are held in mapped chunks while a buffer of {@code size} is live. */
    private static long mappedBytesFor(long size) {
        long before = libc.mallinfo2().hblkhd;
        Pointer p = libc.malloc(size);
        try {
            return Math.max(0, libc.mallinfo2().hblkhd - before);
        } finally {
            libc.free(p);
        }
    }
}
