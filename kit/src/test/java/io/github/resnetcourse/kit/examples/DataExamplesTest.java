package io.github.resnetcourse.kit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the notebook-style example on generated data. */
class DataExamplesTest {
    @TempDir Path data;

    @Test
    void loadsOneBatchOfEachDataset() throws Exception {
        List<String> lines = DataExamples.oneBatchOfEach(data);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("(64, 3, 32, 32)"), lines.get(0));
        assertTrue(lines.get(1).contains("(8, 3, 224, 224)"), lines.get(1));
        assertTrue(lines.get(1).contains("synthetic"), lines.get(1));
        assertTrue(lines.get(2).contains("(12, 3, 224, 224)"), lines.get(2));
    }
}
