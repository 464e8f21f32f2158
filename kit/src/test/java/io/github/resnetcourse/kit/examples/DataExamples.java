package io.github.resnetcourse.kit.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.Datasets;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageDataset;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Notebook-style: one batch of each lesson dataset, as cells would load it. Compiled and run with
 * the tests (DataExamplesTest), so it cannot rot. In a notebook, lessons write the one-liners of
 * {@link Datasets} ({@code Datasets.cifar10(Split.TRAIN, 64)}); here the environment is given
 * explicitly so the example runs on a temporary folder.
 */
public final class DataExamples {
    private DataExamples() {}

    /** Loads one batch of CIFAR-10, Flowers-102 and the 4-class folder; returns one line each. */
    public static List<String> oneBatchOfEach(Path dataDir) throws Exception {
        Env env =
                Env.of(Map.of("COURSE_MODE", "smoke", "COURSE_DATA", dataDir.toString()), dataDir);
        Path root = Datasets.root(env); // smoke: generated twins, created on first use

        // Cell: CIFAR-10 as lesson 02 trains on it.
        Cifar10 cifar =
                Cifar10.builder()
                        .setRoot(root)
                        .setSplit(Split.TRAIN)
                        .optTransform(Pipelines.cifarTrain())
                        .optSeed(env.seed())
                        .setSampling(64, true)
                        .build();

        // Cell: Flowers-102 as lesson 03 trains on it (names from cat_to_name.json).
        ImageFolder flowers =
                Flowers102.builder(root, Split.TRAIN)
                        .optTransform(Pipelines.flowersTrain())
                        .setSampling(8, true)
                        .build();

        // Cell: lesson 04's four classes, 80/20 split by the seed.
        ImageFolder birds =
                ImageFolder.builder()
                        .setRoot(root.resolve("birds4"))
                        .optSplit(Split.TRAIN, 0.2, env.seed())
                        .optTransform(Pipelines.resnet50v2())
                        .setSampling(12, true)
                        .build();

        List<String> lines = new ArrayList<>();
        lines.add(describe("CIFAR-10", cifar));
        lines.add(describe("Flowers-102", flowers));
        lines.add(describe("4 classes", birds));
        lines.forEach(System.out::println);
        return lines;
    }

    private static String describe(String title, ImageDataset dataset) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = dataset.getData(manager).iterator().next();
            try (batch) {
                NDArray images = batch.getData().head();
                float[] labels = batch.getLabels().head().toFloatArray();
                Normalize norm = dataset.transform().normalization().orElseThrow();
                // For display: undo the normalisation (values back in [0, 1]).
                NDArray display = norm.denormalize(images);
                // The image grid goes here, e.g. ImageGrid.show(display, names, 3, 4), once the
                // charts helper lands; the example prints shapes and names meanwhile.
                StringBuilder names = new StringBuilder();
                for (int i = 0; i < Math.min(4, labels.length); i++) {
                    names.append(i > 0 ? ", " : "")
                            .append(dataset.classNames().get((int) labels[i]));
                }
                return title
                        + ": images "
                        + display.getShape()
                        + " in ["
                        + display.min().getFloat()
                        + ", "
                        + display.max().getFloat()
                        + "], labels "
                        + names
                        + ", ...";
            }
        }
    }
}
