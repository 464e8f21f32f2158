package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.train.EpochRecord;
import io.github.resnetcourse.kit.train.History;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {
    private static History history(double[] trainAcc, double[] testAcc, double seconds) {
        History h = new History();
        for (int i = 0; i < testAcc.length; i++) {
            String stage = i == 0 ? "frozen" : "unfrozen";
            h.afterEpoch(
                    null,
                    new EpochRecord(
                            i + 1, stage, 1.0, trainAcc[i], 0.9, testAcc[i], 1e-3, seconds, 4));
        }
        return h;
    }

    private static ModelComparison twoRuns() {
        return ModelComparison.builder()
                .add(
                        "ResNet18",
                        11_181_642L,
                        history(new double[] {0.5, 0.8, 0.9}, new double[] {0.6, 0.85, 0.83}, 10))
                .add(
                        "AlexNet",
                        57_023_306L,
                        history(new double[] {0.4, 0.7, 0.75}, new double[] {0.35, 0.6, 0.72}, 20))
                .build();
    }

    @Test
    void tableHasOneRowPerModelWithBestEpochAndFinalAccuracy() {
        String md = twoRuns().tableMarkdown();
        assertTrue(md.contains("| ResNet18 | 11,181,642 | 3 | 10.0 | 85.0 % | 2 | 83.0 % |"), md);
        assertTrue(md.contains("| AlexNet | 57,023,306 | 3 | 20.0 | 72.0 % | 3 | 72.0 % |"), md);
    }

    @Test
    void summaryQuotesTheRunsAndWarnsInSmokeMode() {
        Env smoke = Env.of(Map.of("COURSE_MODE", "smoke"), Path.of("/tmp"));
        Env full = Env.of(Map.of(), Path.of("/tmp"));
        String s = twoRuns().summaryMarkdown(smoke);
        assertTrue(s.contains("Smoke run"), s);
        assertTrue(s.contains("Best test accuracy: **ResNet18**, 85.0 %"), s);
        // ResNet18: train below test in epochs 1 (0.5 < 0.6) and 2 (0.8 < 0.85).
        assertTrue(s.contains("below test accuracy in 2 of 3 epochs"), s);
        assertFalse(twoRuns().summaryMarkdown(full).contains("Smoke run"));
    }

    @Test
    void emptyRunsAreRefusedWithTheFix() {
        assertThrows(IllegalStateException.class, () -> ModelComparison.builder().build());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ModelComparison.builder().add("x", 1L, new History()));
        assertTrue(e.getMessage().contains("train the model first"));
        assertEquals(
                1,
                ModelComparison.builder()
                        .add("x", 1L, history(new double[] {0.1}, new double[] {0.2}, 1))
                        .build()
                        .entries()
                        .size());
    }
}
