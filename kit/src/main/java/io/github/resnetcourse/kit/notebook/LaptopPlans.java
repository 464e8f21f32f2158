package io.github.resnetcourse.kit.notebook;

import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Split;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every lesson's laptop plan, in one place. Each is sized from the costs measured on a 2-core CPU
 * (docs/run-modes.md: the estimate behind each plan, and the measured wall time per lesson) to take
 * 5–10 minutes on a quiet machine, so that it stays within its 30-minute budget on a machine loaded
 * to about three times its cores (the build machine's usual state).
 */
public final class LaptopPlans {
    private static final int CIFAR_TRAIN = 50_000;
    private static final int CIFAR_TEST = 10_000;
    private static final int FLOWERS_TRAIN = 6_552;
    private static final int FLOWERS_VALID = 818;
    private static final int BIRDS_TRAIN = 191;
    private static final String LIVE_FROZEN_STAGES =
            "the frozen backbone over every augmented image, every epoch";

    private static final Map<String, LaptopPlan> PLANS = new LinkedHashMap<>();

    static {
        add(LaptopPlan.builder().setLesson("00").build());
        // The demo's generated tasks already fit a laptop (a few minutes): nothing to cut.
        add(LaptopPlan.builder().setLesson("01").build());
        // ResNet18 and AlexNet on 32×32 images; AlexNet's 54.6 M-parameter classifier dominates.
        add(
                LaptopPlan.builder()
                        .setLesson("02")
                        .addSubset(DatasetCatalog.CIFAR10, Split.TRAIN, 200, CIFAR_TRAIN)
                        .addSubset(DatasetCatalog.CIFAR10, Split.TEST, 50, CIFAR_TEST)
                        .optMaxEpochs(2, "5 frozen + 35 unfrozen for ResNet18, 5 + 15 for AlexNet")
                        .optCachedFrozenStages(LIVE_FROZEN_STAGES)
                        .build());
        // ResNet152 at 224 px: about 3.9 images/s frozen, 1 image/s unfrozen, 4.5 evaluated.
        add(
                LaptopPlan.builder()
                        .setLesson("03")
                        .addSubset(DatasetCatalog.FLOWERS102, Split.TRAIN, 2, FLOWERS_TRAIN)
                        .addSubset(DatasetCatalog.FLOWERS102, Split.VALID, 1, FLOWERS_VALID)
                        .optMaxEpochs(1, "20 frozen + 10 unfrozen")
                        .optMaxBatchSize(16, "32, which needs about 11 GiB in the unfrozen stage")
                        .optCachedFrozenStages(LIVE_FROZEN_STAGES)
                        .build());
        // ResNet50V2 trained whole at 224 px: about 3 minutes per epoch of all 191 train photos.
        add(
                LaptopPlan.builder()
                        .setLesson("04")
                        .addSubset(DatasetCatalog.BIRDS4, Split.TRAIN, 24, BIRDS_TRAIN)
                        .optMaxEpochs(4, "up to 25, early stopping with patience 5")
                        .build());
        // The degradation run: 9.1 s per iteration for its four networks together (load 5.4).
        add(
                LaptopPlan.builder()
                        .setLesson("05")
                        .addSubset(DatasetCatalog.FLOWERS102, Split.VALID, 1, FLOWERS_VALID)
                        .addSubset(DatasetCatalog.CIFAR10, Split.TRAIN, 500, CIFAR_TRAIN)
                        .optMaxBatches(40, "80 iterations of 128 images per network")
                        .build());
        // ResNet50 twice (random and ImageNet start) on 32×32 images, the seed's 5 epochs.
        add(
                LaptopPlan.builder()
                        .setLesson("06")
                        .addSubset(DatasetCatalog.CIFAR10, Split.TRAIN, 100, CIFAR_TRAIN)
                        .addSubset(DatasetCatalog.CIFAR10, Split.TEST, 50, CIFAR_TEST)
                        .build());
        // ResNet18 frozen at 224 px: three live runs, one on cached features, a 100-batch LR sweep.
        add(
                LaptopPlan.builder()
                        .setLesson("07")
                        .addSubset(DatasetCatalog.FLOWERS102, Split.TRAIN, 5, FLOWERS_TRAIN)
                        .addSubset(DatasetCatalog.FLOWERS102, Split.VALID, 1, FLOWERS_VALID)
                        .optMaxEpochs(2, "10")
                        .optMaxBatchSize(16, "64; the LR finder's 100 batches shrink with it")
                        .build());
    }

    private LaptopPlans() {}

    private static void add(LaptopPlan plan) {
        PLANS.put(plan.lesson(), plan);
    }

    /** Every lesson's plan, by lesson number ({@code "02"}), in lesson order. */
    public static Map<String, LaptopPlan> all() {
        return Collections.unmodifiableMap(PLANS);
    }

    /** The plan of {@code lesson} ({@code "02"} or {@code "2"}), or empty for an unknown lesson. */
    public static Optional<LaptopPlan> forLesson(String lesson) {
        return Optional.ofNullable(PLANS.get(normalise(lesson)));
    }

    /**
     * The plan of {@code lesson}.
     *
     * @throws IllegalArgumentException naming the known lessons
     */
    public static LaptopPlan require(String lesson) {
        return forLesson(lesson)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "No laptop plan for lesson '"
                                                + lesson
                                                + "'; the lessons are "
                                                + PLANS.keySet()
                                                + "."));
    }

    private static String normalise(String lesson) {
        String s = lesson == null ? "" : lesson.trim();
        return s.length() == 1 && Character.isDigit(s.charAt(0)) ? "0" + s : s;
    }
}
