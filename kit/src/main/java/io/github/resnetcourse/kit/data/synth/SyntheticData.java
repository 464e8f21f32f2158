package io.github.resnetcourse.kit.data.synth;

import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.fetch.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes generated twins of the lessons' datasets in their exact real layouts, so the real loaders,
 * transforms and lessons run offline in tests and smoke mode. Every image shows the learnable
 * shape-and-colour task of {@link ShapePainter}; class names say "synthetic" so the data is never
 * mistaken for the real one. Each dataset folder is written through {@link
 * AtomicFiles#writeFolder}: an interrupted generation (a stopped cell) leaves the earlier twin, or
 * none, never a half one that would look present.
 *
 * <pre>{@code
 * SyntheticData.builder().setRoot(env.synthDir()).optCifarPerBatch(2000).build().writeAll();
 * }</pre>
 */
public final class SyntheticData {
    private final Path root;
    private final int cifarPerBatch;
    private final int cifarTest;
    private final int flowerClasses;
    private final int flowersTrainPerClass;
    private final int flowersValidPerClass;
    private final int flowerSize;
    private final int birdsPerClass;
    private final int birdSize;
    private final long seed;

    private SyntheticData(Builder b) {
        this.root = b.root;
        this.cifarPerBatch = b.cifarPerBatch;
        this.cifarTest = b.cifarTest;
        this.flowerClasses = b.flowerClasses;
        this.flowersTrainPerClass = b.flowersTrainPerClass;
        this.flowersValidPerClass = b.flowersValidPerClass;
        this.flowerSize = b.flowerSize;
        this.birdsPerClass = b.birdsPerClass;
        this.birdSize = b.birdSize;
        this.seed = b.seed;
    }

    /** A builder with small defaults (seconds to generate); {@link Builder#setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Generates the default twins under {@code root} unless they are there already. */
    public static void ensure(Path root) throws IOException {
        SyntheticData d = builder().setRoot(root).build();
        if (!DatasetCatalog.CIFAR10.isPresent(root)) {
            d.writeCifar10();
        }
        if (!DatasetCatalog.FLOWERS102.isPresent(root)) {
            d.writeFlowers102();
        }
        if (!DatasetCatalog.BIRDS4.isPresent(root)) {
            d.writeBirds4();
        }
    }

    /** Generates the default twin of {@code dataset} under {@code root} unless it is there. */
    public static void ensure(Path root, DatasetCatalog dataset) throws IOException {
        if (dataset.isPresent(root)) {
            return;
        }
        SyntheticData d = builder().setRoot(root).build();
        switch (dataset) {
            case CIFAR10 -> d.writeCifar10();
            case FLOWERS102 -> d.writeFlowers102();
            case BIRDS4 -> d.writeBirds4();
        }
    }

    /** Writes all three datasets (replacing earlier generated ones). */
    public void writeAll() throws IOException {
        writeCifar10();
        writeFlowers102();
        writeBirds4();
    }

    /**
     * {@code cifar-10-batches-bin/}: five train batches of {@code cifarPerBatch} records, a test
     * batch and {@code batches.meta.txt}, replacing an earlier twin only once all are written.
     */
    public Path writeCifar10() throws IOException {
        Path dir = root.resolve(Cifar10.FOLDER);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            names.add("synthetic_" + ShapePainter.describe(k, 10).replace(' ', '_'));
        }
        AtomicFiles.writeFolder(
                dir,
                folder -> {
                    for (int b = 1; b <= 5; b++) {
                        writeCifarBatch(
                                folder.resolve("data_batch_" + b + ".bin"),
                                cifarPerBatch,
                                seed + b);
                    }
                    writeCifarBatch(folder.resolve("test_batch.bin"), cifarTest, seed + 100);
                    Files.writeString(
                            folder.resolve("batches.meta.txt"),
                            String.join("\n", names) + "\n\n",
                            StandardCharsets.UTF_8);
                });
        System.out.println(
                "Generated CIFAR-10 twin: "
                        + 5 * cifarPerBatch
                        + " train / "
                        + cifarTest
                        + " test records in "
                        + dir);
        return dir;
    }

    /**
     * {@code flower_data/{train,valid}/<1..N>/*.jpg} and {@code cat_to_name.json}, replacing an
     * earlier twin only once all are written.
     */
    public Path writeFlowers102() throws IOException {
        Path dir = root.resolve(DatasetCatalog.FLOWERS102.folder());
        Map<String, String> names = new LinkedHashMap<>();
        for (int k = 0; k < flowerClasses; k++) {
            names.put(
                    Integer.toString(k + 1),
                    "synthetic " + ShapePainter.describe(k, flowerClasses));
        }
        AtomicFiles.writeFolder(
                dir,
                folder -> {
                    for (int k = 0; k < flowerClasses; k++) {
                        String id = Integer.toString(k + 1);
                        writeJpegs(
                                folder.resolve("train").resolve(id),
                                k,
                                flowerClasses,
                                flowersTrainPerClass,
                                flowerSize,
                                seed * 31 + k);
                        writeJpegs(
                                folder.resolve("valid").resolve(id),
                                k,
                                flowerClasses,
                                flowersValidPerClass,
                                flowerSize,
                                seed * 37 + k);
                    }
                    Files.writeString(
                            folder.resolve(Flowers102.NAMES),
                            namesJson(names),
                            StandardCharsets.UTF_8);
                });
        System.out.println(
                "Generated Flowers-102 twin: "
                        + flowerClasses
                        + " classes, "
                        + flowersTrainPerClass
                        + "/"
                        + flowersValidPerClass
                        + " train/valid images per class in "
                        + dir);
        return dir;
    }

    /** {@code birds4/<species>/*.jpg}: four classes for lesson 04, replacing an earlier twin. */
    public Path writeBirds4() throws IOException {
        Path dir = root.resolve(DatasetCatalog.BIRDS4.folder());
        AtomicFiles.writeFolder(
                dir,
                folder -> {
                    for (int k = 0; k < 4; k++) {
                        String name =
                                "synthetic_" + ShapePainter.describe(k * 7, 28).replace(' ', '_');
                        writeJpegs(
                                folder.resolve(name),
                                k * 7,
                                28,
                                birdsPerClass,
                                birdSize,
                                seed * 41 + k);
                    }
                });
        System.out.println(
                "Generated 4-class twin: " + birdsPerClass + " images per class in " + dir);
        return dir;
    }

    /** {@code cat_to_name.json}'s content: {@code {"1": "...", ...}}. */
    private static String namesJson(Map<String, String> names) {
        StringBuilder json = new StringBuilder("{");
        names.forEach(
                (id, name) ->
                        json.append(json.length() > 1 ? ", " : "")
                                .append('"')
                                .append(id)
                                .append("\": \"")
                                .append(name)
                                .append('"'));
        return json.append("}\n").toString();
    }

    private void writeCifarBatch(Path file, int count, long batchSeed) throws IOException {
        SplittableRandom rng = new SplittableRandom(batchSeed);
        byte[] all = new byte[count * Cifar10.RECORD];
        for (int i = 0; i < count; i++) {
            int label = rng.nextInt(10);
            BufferedImage img = ShapePainter.paint(label, 10, 32, 32, rng);
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            int base = i * Cifar10.RECORD;
            all[base] = (byte) label;
            for (int p = 0; p < 1024; p++) {
                all[base + 1 + p] = bgr[3 * p + 2];
                all[base + 1 + 1024 + p] = bgr[3 * p + 1];
                all[base + 1 + 2048 + p] = bgr[3 * p];
            }
        }
        Files.write(file, all);
        stopIfInterrupted(file);
    }

    private static void writeJpegs(Path dir, int k, int n, int count, int size, long s)
            throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(s);
        for (int i = 0; i < count; i++) {
            // Varying aspect ratios exercise Resize(shorter side) and CenterCrop.
            int h = size + rng.nextInt(size / 4 + 1);
            int w = size + rng.nextInt(size / 4 + 1);
            BufferedImage img = ShapePainter.paint(k, n, h, w, rng);
            Path file = dir.resolve(String.format("image_%05d.jpg", i));
            try (OutputStream out = Files.newOutputStream(file)) {
                ImageIO.write(img, "jpg", out);
            }
            stopIfInterrupted(file);
        }
    }

    /**
     * Ends a generation that the kernel has interrupted (a stopped cell), as the training loop does
     * at every batch: file writes do not notice the interrupt, and the kernel's fallback after its
     * grace period, {@code Thread.stop()}, is gone from JDK 20 on. The folder being written is then
     * deleted and any earlier twin kept.
     */
    private static void stopIfInterrupted(Path written) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(
                    "Generating synthetic data was interrupted after "
                            + written.getFileName()
                            + "; the earlier data, if any, is kept.");
        }
    }

    /** Builds a {@link SyntheticData}. */
    public static final class Builder {
        private Path root;
        private int cifarPerBatch = 1000;
        private int cifarTest = 1000;
        private int flowerClasses = 102;
        private int flowersTrainPerClass = 4;
        private int flowersValidPerClass = 1;
        private int flowerSize = 80;
        private int birdsPerClass = 40;
        private int birdSize = 96;
        private long seed = 7;

        private Builder() {}

        /** The synth folder (required); smoke runs use {@code Env.synthDir()}. */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /** Records per CIFAR train batch (default 1,000; the real set has 10,000). */
        public Builder optCifarPerBatch(int n) {
            this.cifarPerBatch = positive(n);
            return this;
        }

        /** Records in the CIFAR test batch (default 1,000). */
        public Builder optCifarTest(int n) {
            this.cifarTest = positive(n);
            return this;
        }

        /** Flower classes (default 102, as the real set). */
        public Builder optFlowerClasses(int n) {
            this.flowerClasses = positive(n);
            return this;
        }

        /** Flower images per class for train and valid (default 4 and 1). */
        public Builder optFlowersPerClass(int train, int valid) {
            this.flowersTrainPerClass = positive(train);
            this.flowersValidPerClass = positive(valid);
            return this;
        }

        /** Shorter side of generated flower photos (default 80 px; the real ones are ~500). */
        public Builder optFlowerSize(int px) {
            this.flowerSize = positive(px);
            return this;
        }

        /** Images per class of the 4-class folder (default 40) and their size (default 96 px). */
        public Builder optBirds(int perClass, int px) {
            this.birdsPerClass = positive(perClass);
            this.birdSize = positive(px);
            return this;
        }

        /** Seed of the generator (default 7). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        private static int positive(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("sizes must be positive, got " + n);
            }
            return n;
        }

        /** The generator. */
        public SyntheticData build() {
            if (root == null) {
                throw new IllegalStateException("SyntheticData needs setRoot(...)");
            }
            return new SyntheticData(this);
        }
    }
}
