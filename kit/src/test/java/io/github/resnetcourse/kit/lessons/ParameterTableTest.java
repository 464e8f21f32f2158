package io.github.resnetcourse.kit.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ParameterTableTest {
    private static ParameterTable.Builder resnet50() {
        return ParameterTable.builder()
                .setTitle("ResNet50 parameters, 10 classes")
                .setSources("from blocks", "kit", "torchvision");
    }

    @Test
    void oneColumnPerSourceAndOneRowPerPartWithThousandsSeparatorsInText() {
        ParameterTable t =
                resnet50()
                        .addRow("layer1", 215_808, 215_808, 215_808)
                        .addRow("fc", 20_490, 20_490, 20_490)
                        .build();
        Table table = t.table();
        assertEquals(4, table.columnCount());
        assertEquals(2, table.rowCount());
        assertEquals("torchvision", table.column(3).name());
        assertTrue(t.toString().contains("215,808"), t.toString());
        t.requireAgreement();
    }

    @Test
    void aRowThatDiffersStopsTheLessonNamingThePartAndEachSourcesCount() {
        ParameterTable t =
                resnet50()
                        .addRow("layer1", 215_808, 215_808, 215_808)
                        .addRow("layer2", 1_219_585, 1_219_584, 1_219_584)
                        .build();
        AssertionError e = assertThrows(AssertionError.class, t::requireAgreement);
        assertTrue(e.getMessage().contains("layer2"), e.getMessage());
        assertTrue(e.getMessage().contains("from blocks 1,219,585"), e.getMessage());
    }

    @Test
    void aRowWithTheWrongNumberOfCountsIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> resnet50().addRow("fc", 1, 2));
        assertTrue(e.getMessage().contains("3 sources"), e.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> ParameterTable.builder().setTitle("t").addRow("fc", 1));
    }
}
