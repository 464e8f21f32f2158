package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LessonStageTest {

    @Test
    void aLessonNumberStandsForAllItsStagesInOrder() {
        assertEquals(
                List.of(
                        LessonStage.RESNET18_FROZEN,
                        LessonStage.RESNET18_UNFROZEN,
                        LessonStage.ALEXNET_FROZEN,
                        LessonStage.ALEXNET_UNFROZEN),
                LessonStage.parseList("02"));
        assertEquals(
                List.of(LessonStage.RESNET152_FROZEN, LessonStage.RESNET152_UNFROZEN),
                LessonStage.parseList(" 03 "));
    }

    @Test
    void stageNamesKeepTheOrderGivenAndRepeatsAreDropped() {
        assertEquals(
                List.of(
                        LessonStage.RESNET152_UNFROZEN,
                        LessonStage.ALEXNET_FROZEN,
                        LessonStage.RESNET152_FROZEN),
                LessonStage.parseList("03-resnet152-unfrozen,02-ALEXNET-frozen,03"));
    }

    @Test
    void anUnknownEntryIsNamedWithTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> LessonStage.parseList("02,09-resnet1001"));
        assertTrue(e.getMessage().contains("'09-resnet1001'"), e.getMessage());
        assertTrue(e.getMessage().contains("02-alexnet-unfrozen"), e.getMessage());
    }

    @Test
    void eachStageNamesItsSeedScriptAndMemoryClass() {
        assertEquals("seed004_cifar10.py", LessonStage.ALEXNET_UNFROZEN.seedScript());
        assertEquals("alexnet-unfrozen", LessonStage.ALEXNET_UNFROZEN.seedStage());
        assertEquals("seed001_flowers102.py", LessonStage.RESNET152_FROZEN.seedScript());
        assertTrue(LessonStage.RESNET152_UNFROZEN.bigMemory());
        assertFalse(LessonStage.RESNET18_UNFROZEN.bigMemory());
        assertTrue(LessonStage.RESNET152_FROZEN.frozen());
        assertFalse(LessonStage.RESNET152_UNFROZEN.frozen());
        assertEquals(32, LessonStage.RESNET152_UNFROZEN.batchSize());
        assertEquals(64, LessonStage.RESNET18_FROZEN.batchSize());
    }
}
