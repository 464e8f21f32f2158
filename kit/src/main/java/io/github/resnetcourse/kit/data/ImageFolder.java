package io.github.resnetcourse.kit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A {@code <class>/<image>} folder tree as torchvision's {@code ImageFolder} reads it: classes are
 * the sub-folders in sorted order (so labels match PyTorch's), images are {@code .jpg .jpeg .png
 * .bmp .gif} files. Optionally split into train/validation by a fixed seed, and with display names
 * per folder (Flowers-102's {@code cat_to_name.json}).
 *
 * <p>Files that are not images or are truncated are found when the dataset is built (a cheap
 * header/end-marker check) and skipped with a counted warning, or fail the build under {@link
 * BadImagePolicy#FAIL}. One that still fails to decode while training stops the epoch with an error
 * naming the file — never another sample's pixels under its label.
 */
public final class ImageFolder extends ImageDataset {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    private final Path root;
    private final List<String> folders;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final int skipped;
    private final BadImagePolicy policy;

    private ImageFolder(Builder b) throws IOException {
        super(b);
        this.root = b.root;
        this.policy = b.policy;
        if (!Files.isDirectory(root)) {
            throw new DatasetMissingException(
                    "No image folder at "
                            + root
                            + (b.missingHint != null ? ". " + b.missingHint : "."));
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .forEach(found::add);
        }
        Collections.sort(found);
        if (found.isEmpty()) {
            throw new IOException(
                    root + " has no class folders; expected " + root + "/<class>/<image>.jpg");
        }
        this.folders = List.copyOf(found);
        this.classNames = names(folders, b.displayNames, root);
        List<Path> all = new ArrayList<>();
        List<Integer> allLabels = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        int bad = 0;
        for (int c = 0; c < folders.size(); c++) {
            List<Path> images = new ArrayList<>();
            try (Stream<Path> s = Files.list(root.resolve(folders.get(c)))) {
                s.filter(Files::isRegularFile)
                        .filter(ImageFolder::hasImageExtension)
                        .sorted()
                        .forEach(images::add);
            }
            int good = 0;
            for (Path p : images) {
                String problem = check(p);
                if (problem != null) {
                    if (policy == BadImagePolicy.FAIL) {
                        throw new IOException(problem + " (strict mode: fix or delete the file)");
                    }
                    System.out.println("Skipping " + problem);
                    bad++;
                    continue;
                }
                all.add(p);
                allLabels.add(c);
                good++;
            }
            if (good == 0) {
                empty.add(folders.get(c));
            }
        }
        if (!empty.isEmpty()) {
            String msg =
                    root
                            + ": "
                            + empty.size()
                            + " class folder(s) without images: "
                            + empty
                            + ". Their labels exist but no sample has them.";
            if (policy == BadImagePolicy.FAIL || empty.size() == folders.size()) {
                throw new IOException(msg);
            }
            System.out.println("Warning: " + msg);
        }
        if (bad > 0) {
            System.out.println("Warning: skipped " + bad + " unreadable file(s) under " + root);
        }
        this.skipped = bad;
        int[] order = selection(all.size(), b);
        if (b.perClass() > 0) {
            int[] sideLabels = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                sideLabels[i] = allLabels.get(order[i]);
            }
            int[] kept = ClassBalancedSubset.select(sideLabels, b.perClass(), b.seed());
            int[] narrowed = new int[kept.length];
            for (int i = 0; i < kept.length; i++) {
                narrowed[i] = order[kept[i]];
            }
            order = narrowed;
        }
        this.files = new ArrayList<>(order.length);
        this.labels = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            files.add(all.get(order[i]));
            labels[i] = allLabels.get(order[i]);
        }
    }

    /** A builder; {@link Builder#setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The class folder names in label order ({@code "1", "10", "100", ...} for Flowers-102). */
    public List<String> folders() {
        return folders;
    }

    /** The image files in sample order. */
    public List<Path> files() {
        return Collections.unmodifiableList(files);
    }

    /** Files left out when the dataset was built. */
    public int skipped() {
        return skipped;
    }

    @Override
    public int label(long index) {
        return labels[(int) index];
    }

    /**
     * Decodes sample {@code index}'s file. A file that passed the build-time check but no longer
     * decodes (replaced or damaged since) fails here, naming the file, under either {@link
     * BadImagePolicy}: serving another file's pixels would train them under this sample's label.
     */
    @Override
    public RgbImage image(long index) throws IOException {
        Path file = files.get((int) index);
        try {
            return ImageDecoder.decode(file);
        } catch (IOException e) {
            throw new IOException(
                    e.getMessage()
                            + " It passed the check when the dataset was built and has changed"
                            + " since: restore or delete "
                            + file
                            + ", then build the dataset again (a deleted file is left out).",
                    e);
        }
    }

    @Override
    protected long availableSize() {
        return files.size();
    }

    private static String check(Path p) {
        try {
            if (Files.size(p) == 0) {
                return p + ": empty file";
            }
            if (!ImageDecoder.looksComplete(p)) {
                return p + ": truncated (no end marker)";
            }
            try (var in = javax.imageio.ImageIO.createImageInputStream(p.toFile())) {
                if (in == null || !javax.imageio.ImageIO.getImageReaders(in).hasNext()) {
                    return p + ": not an image";
                }
            }
            return null;
        } catch (IOException e) {
            return p + ": unreadable (" + e.getMessage() + ")";
        }
    }

    private static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static List<String> names(List<String> folders, Map<String, String> display, Path root)
            throws IOException {
        if (display == null) {
            return folders;
        }
        List<String> missing = folders.stream().filter(f -> !display.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new IOException(
                    "Class folder(s) "
                            + missing
                            + " under "
                            + root
                            + " have no entry in the class-name file; it names "
                            + display.size()
                            + " classes. Check that the folder and the JSON belong together.");
        }
        List<String> unused =
                display.keySet().stream().filter(k -> !folders.contains(k)).sorted().toList();
        if (!unused.isEmpty()) {
            System.out.println(
                    "Warning: the class-name file names "
                            + unused.size()
                            + " class(es) with no folder under "
                            + root
                            + ": "
                            + unused);
        }
        return folders.stream().map(display::get).toList();
    }

    private static int[] selection(int n, Builder b) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        if (b.validFraction <= 0) {
            return idx;
        }
        // torch.utils.data.random_split-like: one seeded permutation, the first share trains.
        SplittableRandom rng = new SplittableRandom(b.splitSeed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int valid = (int) Math.round(n * b.validFraction);
        int[] part =
                b.part == Split.TRAIN
                        ? Arrays.copyOfRange(idx, 0, n - valid)
                        : Arrays.copyOfRange(idx, n - valid, n);
        Arrays.sort(part);
        return part;
    }

    /** Builds an {@link ImageFolder}. */
    public static final class Builder extends ImageDataset.BaseBuilder<Builder> {
        private Path root;
        private Map<String, String> displayNames;
        private BadImagePolicy policy = BadImagePolicy.SKIP_WITH_WARNING;
        private double validFraction;
        private Split part = Split.TRAIN;
        private long splitSeed = 42;
        private String missingHint;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The folder holding one sub-folder per class (required). */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /** Display names per folder name (e.g. from {@code cat_to_name.json}). */
        public Builder optClassNames(Map<String, String> folderToName) {
            this.displayNames = Map.copyOf(folderToName);
            return this;
        }

        /** What to do with files that are not decodable images (default: skip and count). */
        public Builder optBadImages(BadImagePolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Keeps only one side of a fixed-seed random split: {@code validFraction} of the images
         * (e.g. 0.2) go to {@link Split#VALID}, the rest to {@link Split#TRAIN}. The same seed
         * gives the same split in every run and for both sides.
         */
        public Builder optSplit(Split part, double validFraction, long seed) {
            if (part == Split.TEST || validFraction <= 0 || validFraction >= 1) {
                throw new IllegalArgumentException(
                        "optSplit takes TRAIN or VALID and a fraction in (0, 1), got "
                                + part
                                + ", "
                                + validFraction);
            }
            this.part = part;
            this.validFraction = validFraction;
            this.splitSeed = seed;
            return this;
        }

        /** The sentence appended when the folder is missing (the fetch command). */
        Builder optMissingHint(String hint) {
            this.missingHint = hint;
            return this;
        }

        /**
         * Indexes the folder.
         *
         * @throws IOException when the folder is missing or empty, names mismatch, or (strict) a
         *     file is not an image
         */
        public ImageFolder build() throws IOException {
            if (root == null) {
                throw new IllegalStateException("ImageFolder needs setRoot(...)");
            }
            return new ImageFolder(this);
        }
    }
}
