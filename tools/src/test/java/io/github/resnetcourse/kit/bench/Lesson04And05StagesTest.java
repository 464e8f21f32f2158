package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Lesson04And05StagesTest {

    @Test
    void lesson04IsOneResNet50V2StageAtTheNotebooksBatchAndSize() {
        assertEquals(List.of(LessonStage.RESNET50V2), LessonStage.parseList("04"));
        LessonStage s = LessonStage.RESNET50V2;
        assertEquals("04-resnet50v2", s.label());
        assertEquals("seed000_resnet50v2.py", s.seedScript());
        assertEquals("resnet50v2", s.seedStage());
        assertEquals(16, s.batchSize());
        assertEquals(224, s.imageSize());
        assertTrue(s.bigMemory());
    }

    @Test
    void lesson05IsTheDegradationExperimentsFourNetworksInTheNotebooksOrder() {
        assertEquals(
                List.of(
                        LessonStage.PLAIN20,
                        LessonStage.PLAIN56,
                        LessonStage.RESNET20,
                        LessonStage.RESNET56),
                LessonStage.parseList("05"));
        for (LessonStage s : LessonStage.parseList("05")) {
            assertEquals("seed004_residual.py", s.seedScript());
            assertEquals(128, s.batchSize());
            assertEquals(32, s.imageSize());
            assertFalse(s.bigMemory());
        }
        assertEquals("05-plain56", LessonStage.PLAIN56.label());
    }

    @Test
    void lessons04And05TrainEveryLayerFromTheStart() {
        for (LessonStage s : LessonStage.parseList("04,05")) {
            assertFalse(s.frozen(), s.label());
            assertFalse(s.unfreezes(), s.label());
        }
        assertTrue(LessonStage.RESNET18_UNFROZEN.unfreezes());
        assertFalse(LessonStage.RESNET152_FROZEN.unfreezes());
    }

    @Test
    void anUnknownEntryListsEveryLessonNumber() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LessonStage.parseList("09"));
        assertTrue(e.getMessage().contains("02, 03, 04, 05"), e.getMessage());
        assertTrue(e.getMessage().contains("05-resnet56"), e.getMessage());
    }
}
