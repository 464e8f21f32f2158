package io.github.resnetcourse.kit.data;

import java.util.OptionalInt;

/**
 * How many images of each class a run keeps of a dataset's split: every image (full and smoke mode)
 * or laptop mode's fixed, seeded, class-balanced subset ({@code LaptopPlan}). {@link Datasets}
 * applies it with {@link ImageDataset.BaseBuilder#optPerClass(int)}.
 */
@FunctionalInterface
public interface PerClassSubsets {
    /**
     * The images per class to keep of {@code dataset}'s {@code split}, or empty for all of them.
     *
     * @param dataset the dataset
     * @param split its split
     * @return the cap per class, if any
     */
    OptionalInt perClass(DatasetCatalog dataset, Split split);

    /** Every image of every split. */
    static PerClassSubsets all() {
        return (dataset, split) -> OptionalInt.empty();
    }
}
