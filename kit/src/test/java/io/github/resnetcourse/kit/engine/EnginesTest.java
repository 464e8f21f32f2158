package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void initIsIdempotentAndSetsTheEngineUpBeforeItStarts() {
        EngineTuning first = Engines.init();
        assertSame(first, Engines.init());
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        assertEquals(2, first.threads(), "surefire sets 2 threads, as the course machine has");
        assertEquals(1, first.interopThreads());
        assertEquals(Allocator.LARGE_MAPPED, first.allocator(), "the default, applied on glibc");
        assertEquals(12, first.mmapThresholdMib());
        assertEquals(
                first.configuration().layout() == MemoryLayout.CHANNELS_LAST,
                first.channelsLast(),
                "the layout is the self-check's choice for this CPU");
        assertTrue(
                first.describe()
                        .startsWith(
                                "2 threads, large_mapped allocator (12 MiB), "
                                        + first.hugePages().label()
                                        + ", "
                                        + (first.channelsLast() ? "channels-last" : "NCHW")
                                        + ", convolutions "
                                        + first.configuration().label()),
                first.describe());
        assertTrue(
                first.convolutions().describe().startsWith("convolution "),
                first.convolutions().describe());
        assertEquals(false, NativeSwitches.enabled("NNPACK"), "NNPACK is off: it only warns here");
    }

    @Test
    void anUnknownAllocatorNamesTheChoices() {
        assertEquals(Allocator.RETAIN, Allocator.parse(" Retain "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Allocator.parse("jemalloc"));
        assertTrue(e.getMessage().contains("jemalloc") && e.getMessage().contains("retain"));
    }

    @Test
    void aThresholdOutsideGlibcsRangeSaysWhatToSet() {
        assertEquals(8, Engines.parseThresholdMib(" 8 "));
        for (String bad : new String[] {"0", "33", "12m", ""}) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class, () -> Engines.parseThresholdMib(bad));
            assertTrue(
                    e.getMessage().startsWith("COURSE_MMAP_THRESHOLD_MIB=" + bad + " ")
                            && e.getMessage().contains("1 to 32"),
                    e.getMessage());
        }
    }
}
