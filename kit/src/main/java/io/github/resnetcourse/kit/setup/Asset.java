package io.github.resnetcourse.kit.setup;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file or folder a lesson needs on disk: a dataset or a pretrained weight file, as an {@link
 * AssetCatalog} describes it to the doctor.
 *
 * @param kind what it is, for grouping ({@link Kind#DATASET} or {@link Kind#WEIGHTS})
 * @param name its name in the lessons ("CIFAR-10", "ResNet18 IMAGENET1K_V1")
 * @param path where the kit looks for it
 * @param present whether it is there and usable
 * @param downloadSize what a fetch downloads, as its publisher states it ("44.7 MB"), or empty
 * @param fetchCommand the exact command that fetches it ("./course data fetch cifar10")
 */
public record Asset(
        Kind kind,
        String name,
        Path path,
        boolean present,
        String downloadSize,
        String fetchCommand) {

    /** The two kinds of things lessons read from disk. */
    public enum Kind {
        /** Images and labels. */
        DATASET,
        /** Pretrained parameters. */
        WEIGHTS
    }

    /** Validates the parts. */
    public Asset {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(downloadSize, "downloadSize");
        Objects.requireNonNull(fetchCommand, "fetchCommand");
    }
}
