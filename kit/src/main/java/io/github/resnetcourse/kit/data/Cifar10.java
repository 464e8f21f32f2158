package io.github.resnetcourse.kit.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 from the official binary version ({@code cifar-10-batches-bin/}): {@code
 * data_batch_1..5.bin} (train, 50,000) or {@code test_batch.bin} (test, 10,000), each record one
 * label byte and 3,072 pixel bytes (the red, green and blue 32×32 planes), class names from {@code
 * batches.meta.txt}.
 *
 * <pre>{@code
 * Cifar10 train = Cifar10.builder()
 *         .setRoot(env.dataDir())                 // holds cifar-10-batches-bin/
 *         .setSplit(Split.TRAIN)
 *         .optTransform(Pipelines.cifarTrain())
 *         .setSampling(64, true)
 *         .build();
 * }</pre>
 *
 * <p>The records are held in memory as bytes (150 MB for the full training set, or only the first
 * {@code limit} records); decoding to floats happens per sample on the loader threads.
 */
public final class Cifar10 extends ImageDataset {
    /** The folder inside the root. */
    public static final String FOLDER = "cifar-10-batches-bin";

    /** Bytes per record: a label, then 3×32×32 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;

    private static final int PIXELS = 32 * 32;

    // Assigned in the constructor only: read in full, then narrowed to the subset if one is asked.
    private byte[] records;
    private int count;
    private final List<String> classNames;

    private Cifar10(Builder b) throws IOException {
        super(b);
        Path dir = b.root.resolve(FOLDER);
        DatasetCatalog.requirePresent(DatasetCatalog.CIFAR10, b.root);
        this.classNames = readClassNames(dir.resolve("batches.meta.txt"));
        List<Path> files = new ArrayList<>();
        if (b.split == Split.TRAIN) {
            for (int i = 1; i <= 5; i++) {
                files.add(dir.resolve("data_batch_" + i + ".bin"));
            }
        } else if (b.split == Split.TEST) {
            files.add(dir.resolve("test_batch.bin"));
        } else {
            throw new IllegalArgumentException(
                    "CIFAR-10 has TRAIN and TEST splits; lesson 02 validates on TEST.");
        }
        long wanted = b.wantedRecords();
        long total = 0;
        for (Path f : files) {
            total += checkedRecords(f);
        }
        this.count = (int) Math.min(total, wanted);
        this.records = new byte[count * RECORD];
        int filled = 0;
        for (Path f : files) {
            if (filled == count) {
                break;
            }
            filled = readRecords(f, filled);
        }
        if (b.perClass() > 0) {
            keepOnly(ClassBalancedSubset.select(labels(), b.perClass(), b.seed()));
        }
    }

    private int[] labels() {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = records[i * RECORD] & 0xff;
        }
        return labels;
    }

    private void keepOnly(int[] indices) {
        byte[] kept = new byte[indices.length * RECORD];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(records, indices[i] * RECORD, kept, i * RECORD, RECORD);
        }
        records = kept;
        count = indices.length;
    }

    /** A builder; {@link Builder#setRoot} and {@link Builder#setSplit} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(long index) {
        return records[(int) index * RECORD];
    }

    @Override
    public RgbImage image(long index) {
        int base = (int) index * RECORD + 1;
        float[] chw = new float[3 * PIXELS];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (records[base + i] & 0xff) / 255f;
        }
        return new RgbImage(chw, 32, 32);
    }

    @Override
    protected long availableSize() {
        return count;
    }

    private static long checkedRecords(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "Missing "
                            + file
                            + ". Fetch CIFAR-10 again: "
                            + DatasetCatalog.CIFAR10.fetchCommand());
        }
        long size = Files.size(file);
        if (size % RECORD != 0) {
            long complete = size / RECORD;
            throw new IOException(
                    file
                            + " is truncated or corrupt: "
                            + size
                            + " bytes is not a whole number of "
                            + RECORD
                            + "-byte records; record "
                            + complete
                            + " at byte offset "
                            + complete * RECORD
                            + " is incomplete. Delete the folder and run "
                            + DatasetCatalog.CIFAR10.fetchCommand());
        }
        return size / RECORD;
    }

    private int readRecords(Path file, int filled) throws IOException {
        int n = filled;
        try (InputStream in = Files.newInputStream(file)) {
            long recordInFile = 0;
            while (n < count) {
                int got = in.readNBytes(records, n * RECORD, RECORD);
                if (got == 0) {
                    break;
                }
                if (got != RECORD) {
                    throw new IOException(
                            file
                                    + " ends inside record "
                                    + recordInFile
                                    + " at byte offset "
                                    + recordInFile * RECORD
                                    + ".");
                }
                int label = records[n * RECORD] & 0xff;
                if (label >= classNames.size()) {
                    throw new IOException(
                            file
                                    + " is corrupt: record "
                                    + recordInFile
                                    + " at byte offset "
                                    + recordInFile * RECORD
                                    + " has label "
                                    + label
                                    + " but there are "
                                    + classNames.size()
                                    + " classes. Delete the folder and run "
                                    + DatasetCatalog.CIFAR10.fetchCommand());
                }
                n++;
                recordInFile++;
            }
        }
        return n;
    }

    private static List<String> readClassNames(Path meta) throws IOException {
        if (!Files.isRegularFile(meta)) {
            throw new IOException(
                    "Missing "
                            + meta
                            + " (the class names). Run "
                            + DatasetCatalog.CIFAR10.fetchCommand());
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        if (names.isEmpty() || names.size() > 256) {
            throw new IOException(
                    meta + " should list one class name per line; found " + names.size());
        }
        return List.copyOf(names);
    }

    /** Builds a {@link Cifar10}. */
    public static final class Builder extends ImageDataset.BaseBuilder<Builder> {
        private Path root;
        private Split split;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The folder that holds {@code cifar-10-batches-bin/} (required). */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /** {@link Split#TRAIN} (50,000) or {@link Split#TEST} (10,000) (required). */
        public Builder setSplit(Split split) {
            this.split = split;
            return this;
        }

        long wantedRecords() {
            return limit;
        }

        /**
         * Reads and checks the files.
         *
         * @throws IOException naming the missing or corrupt file, the record offset and the fetch
         *     command
         */
        public Cifar10 build() throws IOException {
            if (root == null || split == null) {
                throw new IllegalStateException("Cifar10 needs setRoot(...) and setSplit(...)");
            }
            return new Cifar10(this);
        }
    }
}
