package io.github.resnetcourse.kit.notebook;

import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one lesson leaves out in laptop mode ({@link RunMode#LAPTOP}), so that it finishes on a
 * 2-core CPU within {@link #budgetMinutes()} and still shows what it teaches: a fixed, seeded,
 * class-balanced subset of each real dataset it reads, a cap on the epochs of every {@code fit},
 * and where needed a cap on batches per epoch or on the batch size. Every lesson's plan is in
 * {@link LaptopPlans}, in one place; the kit applies it ({@link Env#maxEpochs()}, {@link
 * Env#maxBatches()}, {@link Env#batchSize(int)}, the datasets' subsets) and {@link #summary()} is
 * the line the notebook prints, so no cell branches on the mode.
 */
public final class LaptopPlan {
    /**
     * A class-balanced subset of one split.
     *
     * @param dataset the dataset
     * @param split its split
     * @param perClass at most this many images of each class (fewer where a class has fewer)
     * @param realImages the size of the real split, for the "2,000 of 50,000" line
     */
    public record Subset(DatasetCatalog dataset, Split split, int perClass, int realImages) {
        /** Checks the counts. */
        public Subset {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(split, "split");
            if (perClass < 1 || realImages < 1) {
                throw new IllegalArgumentException(
                        "perClass and realImages must be >= 1, got "
                                + perClass
                                + ", "
                                + realImages);
            }
        }

        /** How many images the subset holds on the real dataset. */
        public int images() {
            return Math.min(realImages, perClass * classes(dataset));
        }
    }

    /**
     * A cap with the seed's value it replaces, for the summary.
     *
     * @param value the cap
     * @param seed what the seed does instead ("5 frozen + 35 unfrozen")
     */
    public record Cap(int value, String seed) {
        /** Checks the cap. */
        public Cap {
            if (value < 1) {
                throw new IllegalArgumentException("a cap must be >= 1, got " + value);
            }
            Objects.requireNonNull(seed, "seed");
        }
    }

    private final String lesson;
    private final int budgetMinutes;
    private final List<Subset> subsets;
    private final Cap maxEpochs;
    private final Cap maxBatches;
    private final Cap maxBatchSize;
    private final String cachedFrozenStages;
    private final List<String> notes;

    private LaptopPlan(Builder b) {
        this.lesson = b.lesson;
        this.budgetMinutes = b.budgetMinutes;
        this.subsets = List.copyOf(b.subsets);
        this.maxEpochs = b.maxEpochs;
        this.maxBatches = b.maxBatches;
        this.maxBatchSize = b.maxBatchSize;
        this.cachedFrozenStages = b.cachedFrozenStages;
        this.notes = List.copyOf(b.notes);
    }

    /** A builder; {@link Builder#setLesson} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The lesson, as its notebook's number ({@code "02"}). */
    public String lesson() {
        return lesson;
    }

    /** The wall-clock budget on a 2-core CPU, in minutes. */
    public int budgetMinutes() {
        return budgetMinutes;
    }

    /** The subsets, one per dataset split the lesson reads. */
    public List<Subset> subsets() {
        return subsets;
    }

    /** Images per class to keep of {@code dataset}'s {@code split}, or empty for all of them. */
    public OptionalInt perClass(DatasetCatalog dataset, Split split) {
        return subsets.stream()
                .filter(s -> s.dataset() == dataset && s.split() == split)
                .mapToInt(Subset::perClass)
                .findFirst();
    }

    /** The cap on epochs per {@code fit}, if any. */
    public Optional<Cap> maxEpochs() {
        return Optional.ofNullable(maxEpochs);
    }

    /** The cap on batches per epoch, if any. */
    public Optional<Cap> maxBatches() {
        return Optional.ofNullable(maxBatches);
    }

    /** The cap on the batch size the datasets use, if any. */
    public Optional<Cap> maxBatchSize() {
        return Optional.ofNullable(maxBatchSize);
    }

    /**
     * Present when the lesson's frozen stages train on cached backbone features in laptop mode
     * (where a cell asks for the seed's live stage): what the seed does instead.
     */
    public Optional<String> cachedFrozenStages() {
        return Optional.ofNullable(cachedFrozenStages);
    }

    /** Whether the plan reduces anything (lessons 00 and 01 run as in full mode). */
    public boolean reducesAnything() {
        return !subsets.isEmpty()
                || maxEpochs != null
                || maxBatches != null
                || maxBatchSize != null
                || cachedFrozenStages != null;
    }

    /**
     * The line a notebook prints: what laptop mode reduced, and the budget. For example {@code
     * laptop mode, lesson 02 (budget 30 min on 2 cores): CIFAR-10 train 2,000 of 50,000 images (200
     * per class), ...}.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (Subset s : subsets) {
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "%s %s: %,d of %,d images (%d per class, chosen by the seed)",
                            displayName(s.dataset()),
                            s.split().name().toLowerCase(Locale.ROOT),
                            s.images(),
                            s.realImages(),
                            s.perClass()));
        }
        if (maxEpochs != null) {
            parts.add(
                    "at most "
                            + maxEpochs.value()
                            + (cachedFrozenStages != null
                                    ? " epoch(s) per live training call (the seed: "
                                    : " epoch(s) per training call (the seed: ")
                            + maxEpochs.seed()
                            + ")");
        }
        if (maxBatches != null) {
            parts.add(
                    maxBatches.value()
                            + " batches per epoch (the seed: "
                            + maxBatches.seed()
                            + ")");
        }
        if (maxBatchSize != null) {
            parts.add(
                    "batch size "
                            + maxBatchSize.value()
                            + " (the seed: "
                            + maxBatchSize.seed()
                            + ")");
        }
        if (cachedFrozenStages != null) {
            parts.add(
                    "the frozen stages train on cached backbone features, without augmentation,"
                            + " for all their epochs (the seed: "
                            + cachedFrozenStages
                            + ")");
        }
        parts.addAll(notes);
        String what =
                parts.isEmpty()
                        ? "nothing reduced, the lesson runs as in full mode"
                        : String.join("; ", parts);
        return String.format(
                Locale.ROOT,
                "laptop mode, lesson %s (budget %d min on 2 CPU cores): %s. COURSE_MODE=full runs the seed's recipe.",
                lesson,
                budgetMinutes,
                what);
    }

    @Override
    public String toString() {
        return summary();
    }

    /** The classes of {@code dataset} (the real sets': its generated twins have as many). */
    static int classes(DatasetCatalog dataset) {
        return switch (dataset) {
            case CIFAR10 -> 10;
            case FLOWERS102 -> 102;
            case BIRDS4 -> 4;
        };
    }

    private static String displayName(DatasetCatalog dataset) {
        return switch (dataset) {
            case CIFAR10 -> "CIFAR-10";
            case FLOWERS102 -> "Flowers-102";
            case BIRDS4 -> "birds4";
        };
    }

    /** Builds a {@link LaptopPlan}. */
    public static final class Builder {
        private String lesson;
        private int budgetMinutes = 30;
        private final List<Subset> subsets = new ArrayList<>();
        private Cap maxEpochs;
        private Cap maxBatches;
        private Cap maxBatchSize;
        private String cachedFrozenStages;
        private final List<String> notes = new ArrayList<>();

        private Builder() {}

        /** The lesson's number, as in its notebook's name ({@code "02"}); required. */
        public Builder setLesson(String lesson) {
            this.lesson = Objects.requireNonNull(lesson, "lesson");
            return this;
        }

        /** The budget in minutes on 2 CPU cores (default 30). */
        public Builder optBudgetMinutes(int minutes) {
            if (minutes < 1) {
                throw new IllegalArgumentException("budget must be >= 1 minute, got " + minutes);
            }
            this.budgetMinutes = minutes;
            return this;
        }

        /** Keeps at most {@code perClass} images per class of {@code dataset}'s {@code split}. */
        public Builder addSubset(
                DatasetCatalog dataset, Split split, int perClass, int realImages) {
            Subset s = new Subset(dataset, split, perClass, realImages);
            if (subsets.stream().anyMatch(o -> o.dataset() == dataset && o.split() == split)) {
                throw new IllegalArgumentException("two subsets of " + dataset + " " + split);
            }
            subsets.add(s);
            return this;
        }

        /** Caps the epochs of every {@code fit}; {@code seed} says what the seed runs instead. */
        public Builder optMaxEpochs(int cap, String seed) {
            this.maxEpochs = new Cap(cap, seed);
            return this;
        }

        /** Caps the batches per epoch; {@code seed} says what the seed runs instead. */
        public Builder optMaxBatches(int cap, String seed) {
            this.maxBatches = new Cap(cap, seed);
            return this;
        }

        /** Caps the batch size the datasets use; {@code seed} says the seed's and why. */
        public Builder optMaxBatchSize(int cap, String seed) {
            this.maxBatchSize = new Cap(cap, seed);
            return this;
        }

        /**
         * Frozen stages the cells run live train on cached backbone features instead, for all the
         * epochs the cell asks (the epoch cap applies to the live stages); {@code seed} says what
         * the seed runs (e.g. "the backbone over every augmented image, every epoch").
         */
        public Builder optCachedFrozenStages(String seed) {
            this.cachedFrozenStages = Objects.requireNonNull(seed, "seed");
            return this;
        }

        /** A further reduction the summary names (e.g. "the frozen stage on cached features"). */
        public Builder optNote(String note) {
            this.notes.add(Objects.requireNonNull(note, "note"));
            return this;
        }

        /** The plan. */
        public LaptopPlan build() {
            if (lesson == null) {
                throw new IllegalStateException("LaptopPlan needs setLesson(...)");
            }
            return new LaptopPlan(this);
        }
    }
}
