package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.data.synth.SyntheticData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Generated twins of the datasets at laptop-subset size, for a laptop-mode run on a machine where
 * the real data is not downloaded. Sized to the largest laptop subset of any lesson (CIFAR-10:
 * about 550 train and 110 test images per class, so that a 500/100 per-class subset is full;
 * Flowers-102: 5 train and 1 valid image per class at about the real photos' 500 px; birds4: 60
 * photos per class at 400 px, as the real 239), so that the lesson's loaders decode, augment and
 * train on as many images of about the real size as they would on the real subset. Kept apart from
 * smoke mode's smaller twins, under {@code <synth>/laptop/}.
 */
final class LaptopTwins {
    private static final Set<Path> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private LaptopTwins() {}

    /**
     * The folder the laptop twins live in: {@code <data>/synth/laptop}, beside smoke mode's twins
     * in {@code <data>/synth} ({@code Env.synthDir()}).
     */
    static Path root(Path dataDir) {
        return dataDir.resolve("synth").resolve("laptop");
    }

    /**
     * Says loudly that {@code missing} are not downloaded, generates their laptop twins unless
     * present, and returns the folder they are in.
     */
    static Path ensure(Path dataDir, List<DatasetCatalog> missing) throws IOException {
        Path root = root(dataDir);
        // Once per dataset and folder in a kernel: a lesson builds its datasets many times.
        if (missing.stream().allMatch(d -> ANNOUNCED.contains(root.resolve(d.folder())))) {
            return generate(root, missing);
        }
        missing.forEach(d -> ANNOUNCED.add(root.resolve(d.folder())));
        System.out.println(
                "LAPTOP MODE ON GENERATED DATA: "
                        + missing.stream().map(DatasetCatalog::id).collect(Collectors.joining(", "))
                        + " not in "
                        + dataDir
                        + ". This run uses generated twins of the laptop subset's size and format"
                        + " under "
                        + root
                        + ": the lesson runs and its time is real, its accuracies mean nothing."
                        + " Fetch the real data with: "
                        + missing.stream()
                                .map(DatasetCatalog::fetchCommand)
                                .collect(Collectors.joining("; ")));
        return generate(root, missing);
    }

    private static Path generate(Path root, List<DatasetCatalog> missing) throws IOException {
        SyntheticData twins =
                SyntheticData.builder()
                        .setRoot(root)
                        .optCifarPerBatch(1_100)
                        .optCifarTest(1_100)
                        .optFlowersPerClass(5, 1)
                        .optFlowerSize(500)
                        .optBirds(60, 400)
                        .build();
        for (DatasetCatalog d : missing) {
            if (!d.isPresent(root)) {
                switch (d) {
                    case CIFAR10 -> twins.writeCifar10();
                    case FLOWERS102 -> twins.writeFlowers102();
                    case BIRDS4 -> twins.writeBirds4();
                }
            }
        }
        return root;
    }
}
