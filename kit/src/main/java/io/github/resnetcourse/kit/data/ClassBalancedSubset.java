package io.github.resnetcourse.kit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed, seeded, class-balanced subset of a dataset: at most {@code perClass} samples of each
 * label, drawn without replacement by a generator seeded per class, returned in index order. The
 * same labels, count and seed give the same subset in every run and on every machine; a class with
 * fewer samples keeps all of them. Laptop mode reads its datasets through it.
 */
public final class ClassBalancedSubset {
    private ClassBalancedSubset() {}

    /**
     * The indices (ascending) of the subset of samples whose labels are {@code labels}.
     *
     * @param labels the label of every sample, {@code >= 0}
     * @param perClass samples kept per label, {@code >= 1}
     * @param seed the seed the choice derives from
     */
    public static int[] select(int[] labels, int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        }
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        List<List<Integer>> byClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i);
            }
            byClass.get(labels[i]).add(i);
        }
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            // A partial Fisher–Yates shuffle per class: each class's draw depends only on the
            // seed and that class, so adding a class elsewhere does not change this one's subset.
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + c);
            int take = Math.min(perClass, members.size());
            for (int i = 0; i < take; i++) {
                int j = i + rng.nextInt(members.size() - i);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
                kept.add(members.get(i));
            }
        }
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
