package io.github.resnetcourse.kit.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One training stage of a lesson as {@code ./course bench lessons} measures it: the model, whether
 * its backbone is frozen, the batch the notebook and the seed use, and the seed's script that runs
 * the same stage in PyTorch. The 224 px stages (ResNet152, ResNet50V2, lesson 07's ResNet18) are
 * the big-memory ones.
 */
public enum LessonStage {
    /** Lesson 02, ResNet18 on CIFAR-10 with everything but {@code fc} frozen. */
    RESNET18_FROZEN("02", "resnet18-frozen", 32, 64, 5, 20),
    /** Lesson 02, ResNet18 on CIFAR-10 unfrozen (learning rate 1e-4). */
    RESNET18_UNFROZEN("02", "resnet18-unfrozen", 32, 64, 5, 20),
    /** Lesson 02, AlexNet adapted to 32×32 with the features frozen (the classifier trains). */
    ALEXNET_FROZEN("02", "alexnet-frozen", 32, 64, 3, 10),
    /** Lesson 02, the adapted AlexNet unfrozen (learning rate 1e-4). */
    ALEXNET_UNFROZEN("02", "alexnet-unfrozen", 32, 64, 3, 10),
    /** Lesson 03, ResNet152 on Flowers-102 at 224 px with everything but the head frozen. */
    RESNET152_FROZEN("03", "resnet152-frozen", 224, 32, 1, 2),
    /** Lesson 03, ResNet152 unfrozen, a new Adam at 1e-4. */
    RESNET152_UNFROZEN("03", "resnet152-unfrozen", 224, 32, 1, 2),
    /**
     * Lesson 04, Keras' ResNet50V2 with a 4-class head on the birds at 224 px; all layers train.
     */
    RESNET50V2("04", "resnet50v2", 224, 16, 1, 3),
    /** Lesson 05's degradation experiment: plain-20 (no shortcuts), SGD at 0.1, batch 128. */
    PLAIN20("05", "plain20", 32, 128, 2, 10),
    /** Lesson 05: plain-56. */
    PLAIN56("05", "plain56", 32, 128, 2, 5),
    /** Lesson 05: ResNet-20 (option-A shortcuts). */
    RESNET20("05", "resnet20", 32, 128, 2, 10),
    /** Lesson 05: ResNet-56. */
    RESNET56("05", "resnet56", 32, 128, 2, 5),
    /**
     * Lesson 06, ResNet50 on CIFAR-10 at 32 px, every layer training (momentum SGD, cosine rate);
     * the seed's side is the course's PyTorch translation of the MindSpore tutorial it follows.
     */
    RESNET50_SCRATCH("06", "resnet50-scratch", 32, 256, 1, 3),
    /** Lesson 07, ResNet18 with the seed's MLP head at 224 px, everything but the head frozen. */
    RESNET18_MLP_FROZEN("07", "resnet18-mlp-frozen", 224, 64, 2, 5),
    /**
     * Lesson 07's frozen stage on cached features ({@code FrozenFeatures}): a different algorithm,
     * the backbone runs once per image; its time includes building the cache. The seed's side is
     * its live frozen stage, which has no cache.
     */
    RESNET18_MLP_CACHED_FROZEN("07", "resnet18-mlp-cached-frozen", 224, 64, 2, 5);

    private final String lesson;
    private final String model;
    private final int imageSize;
    private final int batchSize;
    private final int warmupBatches;
    private final int timedBatches;

    LessonStage(
            String lesson,
            String model,
            int imageSize,
            int batchSize,
            int warmupBatches,
            int timedBatches) {
        this.lesson = lesson;
        this.model = model;
        this.imageSize = imageSize;
        this.batchSize = batchSize;
        this.warmupBatches = warmupBatches;
        this.timedBatches = timedBatches;
    }

    /**
     * Returns the name used on the command line and in reports, e.g. {@code 02-alexnet-frozen}.
     *
     * @return the lesson number and the seed script's stage name
     */
    public String label() {
        return lesson + "-" + model;
    }

    /** The lesson's number, e.g. {@code 02}. */
    public String lesson() {
        return lesson;
    }

    /** The stage as the seed's script names it, e.g. {@code alexnet-frozen}. */
    public String seedStage() {
        return model;
    }

    /** Whether the backbone is frozen in this stage. */
    public boolean frozen() {
        return model.endsWith("-frozen");
    }

    /**
     * Whether this is a second stage that unfreezes a backbone frozen in the first (lessons 02 and
     * 03); lessons 04 and 05 train every layer from the start and neither freeze nor unfreeze.
     */
    public boolean unfreezes() {
        return model.endsWith("-unfrozen");
    }

    /** Height and width of the images the model sees. */
    public int imageSize() {
        return imageSize;
    }

    /** Images per batch, as in the notebook (lesson 03: the seed's 512 does not fit; 32). */
    public int batchSize() {
        return batchSize;
    }

    /** Untimed batches first, by default. */
    public int defaultWarmupBatches() {
        return warmupBatches;
    }

    /** Timed batches, by default. */
    public int defaultTimedBatches() {
        return timedBatches;
    }

    /** The seed's script under {@code bench/lessons/} that runs this stage in PyTorch. */
    public String seedScript() {
        return switch (lesson) {
            case "02" -> "seed004_cifar10.py";
            case "03" -> "seed001_flowers102.py";
            case "04" -> "seed000_resnet50v2.py";
            case "05" -> "seed004_residual.py";
            case "06" -> "seed003_resnet50_cifar10.py";
            case "07" -> "seed002_toolbox.py";
            default -> throw new IllegalStateException("no seed script for lesson " + lesson);
        };
    }

    /**
     * Whether a run is a 224 px one (ResNet152 above 4 GiB, ResNet50V2 near 2.5 GiB, lesson 07's
     * ResNet18 at batch 64 near 1.5 GiB): such runs go under {@code flock /tmp/course-bigmem.lock}
     * on a shared machine.
     */
    public boolean bigMemory() {
        return imageSize >= 224;
    }

    /**
     * Parses a comma-separated list of lesson numbers ({@code 02}, {@code 03}: all of a lesson's
     * stages) and stage labels ({@code 02-alexnet-frozen}), keeping the order given and dropping
     * repeats.
     *
     * @param list e.g. {@code 02,03-resnet152-frozen}
     * @return the stages, in order
     * @throws IllegalArgumentException naming the unknown entry and the known ones
     */
    public static List<LessonStage> parseList(String list) {
        Set<LessonStage> stages = new LinkedHashSet<>();
        for (String raw : list.split(",")) {
            String token = raw.trim().toLowerCase(Locale.ROOT);
            List<LessonStage> matched = new ArrayList<>();
            for (LessonStage stage : values()) {
                if (stage.lesson.equals(token) || stage.label().equals(token)) {
                    matched.add(stage);
                }
            }
            if (matched.isEmpty()) {
                throw new IllegalArgumentException(
                        "Unknown lesson or stage '"
                                + raw.trim()
                                + "': use a lesson number ("
                                + Arrays.stream(values())
                                        .map(LessonStage::lesson)
                                        .distinct()
                                        .collect(Collectors.joining(", "))
                                + ") or one of "
                                + Arrays.stream(values())
                                        .map(LessonStage::label)
                                        .collect(Collectors.joining(", "))
                                + ".");
            }
            stages.addAll(matched);
        }
        return List.copyOf(stages);
    }
}
