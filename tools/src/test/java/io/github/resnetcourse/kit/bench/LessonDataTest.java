package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LessonDataTest {

    @Test
    void eachDatasetIsSizedOnceForTheStageThatReadsMostOfIt() {
        List<LessonStage> all = List.of(LessonStage.values());
        // CIFAR-10: lesson 06's batch 256 with its prefetched batches beats 02's 64 and 05's 128.
        assertEquals(
                (25 + LessonData.PREFETCHED_BATCHES) * 256,
                LessonData.imagesNeeded(all, 25, "02", "05", "06"));
        // Flowers-102: lesson 07's batch 64 (prefetching) beats lesson 03's 32.
        assertEquals(
                (25 + LessonData.PREFETCHED_BATCHES) * 64,
                LessonData.imagesNeeded(all, 25, "03", "07"));
        assertEquals(25 * 16, LessonData.imagesNeeded(all, 25, "04"));
    }

    @Test
    void aDatasetNoChosenStageReadsIsNotWritten() {
        List<LessonStage> lesson02 = LessonStage.parseList("02");
        assertEquals(25 * 64, LessonData.imagesNeeded(lesson02, 25, "02", "05", "06"));
        assertEquals(0, LessonData.imagesNeeded(lesson02, 25, "03", "07"));
        assertEquals(0, LessonData.imagesNeeded(lesson02, 25, "04"));
    }
}
