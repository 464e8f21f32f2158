package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.fetch.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The datasets the lessons use: where each lives, how big it is and how to get it. */
public enum DatasetCatalog {
    /** CIFAR-10, binary version (lessons 02, 05, 06). */
    CIFAR10("cifar10", Cifar10.FOLDER, "data_batch_1.bin", 170_052_171L, 184_000_000L),
    /** Flowers-102 in the seed's {@code flower_data/{train,valid}} layout (lesson 03). */
    FLOWERS102("flowers102", "flower_data", "cat_to_name.json", 346_000_000L, 330_000_000L),
    /** Four bird species from CUB-200-2011 (lesson 04). */
    BIRDS4("birds4", "birds4", null, 1_150_585_339L, 16_000_000L);

    private final String id;
    private final String folder;
    private final String marker;
    private final long downloadBytes;
    private final long diskBytes;

    DatasetCatalog(String id, String folder, String marker, long downloadBytes, long diskBytes) {
        this.id = id;
        this.folder = folder;
        this.marker = marker;
        this.downloadBytes = downloadBytes;
        this.diskBytes = diskBytes;
    }

    /** The name used on the command line ({@code cifar10}). */
    public String id() {
        return id;
    }

    /** The folder inside the data (or synth) folder. */
    public String folder() {
        return folder;
    }

    /** Approximate download size in bytes. */
    public long downloadBytes() {
        return downloadBytes;
    }

    /** Approximate size on disk once extracted. */
    public long diskBytes() {
        return diskBytes;
    }

    /** The command that fetches it, with its download size. */
    public String fetchCommand() {
        return "./course data fetch " + id + "   (downloads " + Sizes.human(downloadBytes) + ")";
    }

    /** Whether the dataset looks present under {@code root}. */
    public boolean isPresent(Path root) {
        Path dir = root.resolve(folder);
        return marker == null ? Files.isDirectory(dir) : Files.isRegularFile(dir.resolve(marker));
    }

    /** Finds a dataset by its command-line name. */
    public static DatasetCatalog byId(String id) {
        for (DatasetCatalog d : values()) {
            if (d.id.equalsIgnoreCase(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "No dataset '"
                        + id
                        + "'; known: "
                        + List.of(values()).stream().map(d -> d.id).toList());
    }

    /**
     * Throws when the dataset is missing under {@code root}.
     *
     * @throws DatasetMissingException naming the path, the command and the size
     */
    static void requirePresent(DatasetCatalog d, Path root) throws DatasetMissingException {
        if (!d.isPresent(root)) {
            throw new DatasetMissingException(
                    d.id
                            + " is not in "
                            + root.resolve(d.folder)
                            + ". Fetch it with: "
                            + d.fetchCommand()
                            + ", or run in smoke mode (COURSE_MODE=smoke) on generated data"
                            + " (./course data synth).");
        }
    }
}
