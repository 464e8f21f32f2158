package io.github.resnetcourse.kit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassBalancedSubsetTest {
    private static int[] labels(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] l = new int[n];
        Arrays.setAll(l, i -> r.nextInt(classes));
        return l;
    }

    @Test
    void keepsAtMostPerClassOfEachLabelInIndexOrder() {
        int[] labels = labels(1000, 10, 1);
        int[] kept = ClassBalancedSubset.select(labels, 20, 42);
        assertEquals(200, kept.length);
        int[] counts = new int[10];
        for (int i : kept) {
            counts[labels[i]]++;
        }
        int[] twenty = new int[10];
        Arrays.fill(twenty, 20);
        assertArrayEquals(twenty, counts);
        int[] sorted = kept.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, kept);
        assertEquals(200, Arrays.stream(kept).distinct().count());
    }

    @Test
    void theSameSeedGivesTheSameSubsetAndAnotherSeedAnother() {
        int[] labels = labels(1000, 10, 2);
        assertArrayEquals(
                ClassBalancedSubset.select(labels, 5, 42),
                ClassBalancedSubset.select(labels, 5, 42));
        assertFalse(
                Arrays.equals(
                        ClassBalancedSubset.select(labels, 5, 42),
                        ClassBalancedSubset.select(labels, 5, 43)));
    }

    @Test
    void aClassWithFewerSamplesKeepsAllOfThem() {
        int[] labels = {0, 0, 0, 0, 1, 2, 2};
        int[] kept = ClassBalancedSubset.select(labels, 3, 7);
        assertEquals(3 + 1 + 2, kept.length);
        assertEquals(4, kept[kept.length - 3]);
    }

    @Test
    void rejectsANonPositiveCount() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassBalancedSubset.select(new int[] {0}, 0, 1));
    }
}
