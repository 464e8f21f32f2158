package io.github.resnetcourse.kit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Split;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LaptopPlansTest {
    @Test
    void everyLessonHasAPlanWithinThirtyMinutes() {
        assertEquals(
                List.of("00", "01", "02", "03", "04", "05", "06", "07"),
                List.copyOf(LaptopPlans.all().keySet()));
        LaptopPlans.all().values().forEach(p -> assertTrue(p.budgetMinutes() <= 30, p.lesson()));
    }

    @Test
    void theSummarySaysWhatWasReducedAndWhatTheSeedDoes() {
        String s = LaptopPlans.require("02").summary();
        assertTrue(s.startsWith("laptop mode, lesson 02 (budget 30 min on 2 CPU cores): "), s);
        assertTrue(s.contains("CIFAR-10 train: 2,000 of 50,000 images (200 per class"), s);
        assertTrue(s.contains("CIFAR-10 test: 500 of 10,000 images (50 per class"), s);
        assertTrue(s.contains("at most 2 epoch(s) per live training call (the seed: 5 frozen"), s);
        assertTrue(s.contains("the frozen stages train on cached backbone features"), s);
        assertTrue(
                LaptopPlans.require("03").cachedFrozenStages().isPresent()
                        && LaptopPlans.require("07").cachedFrozenStages().isEmpty(),
                "02 and 03 cache their frozen stages; 07 compares live with cached itself");
        String l03 = LaptopPlans.require("03").summary();
        assertTrue(l03.contains("Flowers-102 train: 204 of 6,552 images (2 per class"), l03);
        assertTrue(l03.contains("batch size 16 (the seed: 32"), l03);
    }

    @Test
    void lessonsWithNothingToCutSaySo() {
        LaptopPlan p = LaptopPlans.require("1");
        assertFalse(p.reducesAnything());
        assertTrue(p.summary().contains("nothing reduced"), p.summary());
    }

    @Test
    void perClassIsLookedUpByDatasetAndSplit() {
        LaptopPlan p = LaptopPlans.require("05");
        assertEquals(OptionalInt.of(1), p.perClass(DatasetCatalog.FLOWERS102, Split.VALID));
        assertEquals(OptionalInt.of(500), p.perClass(DatasetCatalog.CIFAR10, Split.TRAIN));
        assertEquals(OptionalInt.empty(), p.perClass(DatasetCatalog.CIFAR10, Split.TEST));
    }
}
