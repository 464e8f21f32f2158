package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunModeTest {
    @Test
    void parsesEveryModeInAnyCase() {
        assertEquals(RunMode.SMOKE, RunMode.parse("smoke"));
        assertEquals(RunMode.LAPTOP, RunMode.parse(" LAPTOP "));
        assertEquals(RunMode.LAPTOP, RunMode.parse("Laptop"));
        assertEquals(RunMode.FULL, RunMode.parse("full"));
    }

    @Test
    void anUnknownModeNamesTheValueAndAllThreeModes() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunMode.parse("quick"));
        assertEquals(
                "COURSE_MODE='quick' is not a run mode; use 'smoke', 'laptop', 'full'.",
                e.getMessage());
    }

    @Test
    void onlyFullModeRefusesGeneratedStandInsForMissingData() {
        assertTrue(RunMode.SMOKE.generatesMissingData());
        assertTrue(RunMode.LAPTOP.generatesMissingData());
        assertFalse(RunMode.FULL.generatesMissingData());
    }
}
