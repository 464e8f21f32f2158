package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Lessons06And07StagesTest {

    @Test
    void lessons06And07StandForTheirStagesInOrder() {
        assertEquals(List.of(LessonStage.RESNET50_SCRATCH), LessonStage.parseList("06"));
        assertEquals(
                List.of(LessonStage.RESNET18_MLP_FROZEN, LessonStage.RESNET18_MLP_CACHED_FROZEN),
                LessonStage.parseList("07"));
        assertEquals(
                List.of(LessonStage.RESNET18_MLP_CACHED_FROZEN, LessonStage.RESNET50_SCRATCH),
                LessonStage.parseList("07-resnet18-mlp-cached-frozen,06"));
    }

    @Test
    void eachStageNamesItsSeedScriptBatchAndMemoryClass() {
        assertEquals("seed003_resnet50_cifar10.py", LessonStage.RESNET50_SCRATCH.seedScript());
        assertEquals("resnet50-scratch", LessonStage.RESNET50_SCRATCH.seedStage());
        assertFalse(LessonStage.RESNET50_SCRATCH.frozen());
        assertFalse(LessonStage.RESNET50_SCRATCH.bigMemory());
        assertEquals(256, LessonStage.RESNET50_SCRATCH.batchSize());
        assertEquals(32, LessonStage.RESNET50_SCRATCH.imageSize());
        for (LessonStage stage :
                List.of(LessonStage.RESNET18_MLP_FROZEN, LessonStage.RESNET18_MLP_CACHED_FROZEN)) {
            assertEquals("seed002_toolbox.py", stage.seedScript());
            assertTrue(stage.frozen(), stage.label());
            assertTrue(stage.bigMemory(), stage.label());
            assertEquals(64, stage.batchSize());
            assertEquals(224, stage.imageSize());
        }
        assertEquals(
                "resnet18-mlp-cached-frozen", LessonStage.RESNET18_MLP_CACHED_FROZEN.seedStage());
    }

    @Test
    void theSeedScriptsAreInTheCheckout() {
        Path lessons = Env.current().home().resolve("bench/lessons");
        for (LessonStage stage : LessonStage.parseList("06,07")) {
            assertTrue(
                    Files.isRegularFile(lessons.resolve(stage.seedScript())), stage.seedScript());
        }
    }
}
