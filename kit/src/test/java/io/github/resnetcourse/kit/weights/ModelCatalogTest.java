package io.github.resnetcourse.kit.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ModelCatalogTest {
    @TempDir Path dir;

    @Test
    void tableShowsEveryModelAndWhetherItsWeightsArePresent() throws Exception {
        Env env = Env.of(Map.of("COURSE_DATA", dir.toString()), dir);
        Files.createDirectories(env.weightsDir());
        Files.write(Weights.RESNET18_IMAGENET1K_V1.file(env), new byte[] {1});
        Table t = ModelCatalog.table(env);
        assertEquals(Architecture.values().length, t.rowCount());
        int r18 = t.stringColumn("model").indexOf("resnet18");
        assertEquals(11_689_512L, t.longColumn("parameters").get(r18));
        assertEquals("present", t.stringColumn("weights file").get(r18));
        int r152 = t.stringColumn("model").indexOf("resnet152");
        assertEquals(
                "missing: ./course weights fetch resnet152",
                t.stringColumn("weights file").get(r152));
        int v2 = t.stringColumn("model").indexOf("resnet50v2");
        assertEquals(25_613_800L, t.longColumn("parameters").get(v2));
        assertTrue(t.stringColumn("pretrained weights").get(v2).contains(".h5"));
    }
}
