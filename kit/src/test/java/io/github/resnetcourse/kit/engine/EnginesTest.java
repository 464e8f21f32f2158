package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

class EnginesTest {

    /** Reads the C environment libtorch sees, which Java's System.getenv does not. */
    interface CEnv extends Library {
        String getenv(String name);
    }

    @Test
    void initIsIdempotentAndTunesTheAllocatorBeforeTheEngine() {
        EngineTuning first = Engines.init();
        assertSame(first, Engines.init());
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        assertEquals(2, first.threads(), "surefire sets 2 threads, as the course machine has");
        assertTrue(first.allocatorTuned(), "mallopt failed on glibc: " + first.describe());
        assertTrue(first.hugePages(), first.describe());
        assertEquals("1", Native.load("c", CEnv.class).getenv("THP_MEM_ALLOC_ENABLE"));
        assertEquals("2 threads, allocator tuned, huge pages", first.describe());
    }
}
