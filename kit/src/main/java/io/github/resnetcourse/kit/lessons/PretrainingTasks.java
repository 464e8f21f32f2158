package io.github.resnetcourse.kit.lessons;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates lesson 01's pair of related tasks, so that pretraining can be shown offline in minutes.
 *
 * <ul>
 *   <li><b>upstream</b>: many images of stripes at one of 8 orientations (0°, 22.5°, ... 157.5°);
 *       the class is the orientation. Solving it teaches orientation (edge) detectors.
 *   <li><b>downstream</b>: few images of plaids — two stripe patterns overlaid — where the class is
 *       the pair of orientations. New classes, a new question, but the same kind of features help,
 *       as ImageNet features help on CIFAR-10.
 * </ul>
 *
 * <p>Everything is drawn from one seed, so a run is repeatable.
 */
public final class PretrainingTasks {
    /** The 8 stripe orientations of the upstream task. */
    private static final int ORIENTATIONS = 8;

    /**
     * Downstream classes as pairs of upstream orientation indices: perpendicular pairs and 45°
     * pairs, so that no single orientation identifies a class.
     */
    private static final int[][] PLAID_PAIRS = {{0, 4}, {2, 6}, {1, 5}, {3, 7}, {0, 2}, {4, 6}};

    private final long seed;
    private final int imageSize;
    private final double noise;
    private final int upstreamTrain;
    private final int upstreamTest;
    private final int downstreamTrain;
    private final int downstreamTest;

    private PretrainingTasks(Builder b) {
        this.seed = b.seed;
        this.imageSize = b.imageSize;
        this.noise = b.noise;
        this.upstreamTrain = b.upstreamTrain;
        this.upstreamTest = b.upstreamTest;
        this.downstreamTrain = b.downstreamTrain;
        this.downstreamTest = b.downstreamTest;
    }

    /** A builder; only the seed is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The upstream (pretraining) task: stripe orientation, 8 classes. */
    public GeneratedTask upstream() {
        List<List<Double>> classes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < ORIENTATIONS; k++) {
            classes.add(List.of(angle(k)));
            names.add(degrees(k) + "°");
        }
        return generate(
                "upstream: stripe orientation", classes, names, upstreamTrain, upstreamTest, 1);
    }

    /** The downstream (fine-tuning) task: which two orientations a plaid combines, 6 classes. */
    public GeneratedTask downstream() {
        List<List<Double>> classes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int[] pair : PLAID_PAIRS) {
            classes.add(List.of(angle(pair[0]), angle(pair[1])));
            names.add(degrees(pair[0]) + "°+" + degrees(pair[1]) + "°");
        }
        return generate(
                "downstream: plaid orientation pair",
                classes,
                names,
                downstreamTrain,
                downstreamTest,
                2);
    }

    private GeneratedTask generate(
            String name,
            List<List<Double>> classes,
            List<String> names,
            int trainCount,
            int testCount,
            int stream) {
        StripeImages painter = new StripeImages(imageSize, noise);
        // Each task and split draws from its own stream, so changing one size leaves the others.
        SplittableRandom root = new SplittableRandom(seed * 31 + stream);
        SplittableRandom trainRandom = root.split();
        SplittableRandom testRandom = root.split();
        int[] trainLabels = new int[trainCount];
        float[] train = draw(painter, classes, trainRandom, trainLabels);
        int[] testLabels = new int[testCount];
        float[] test = draw(painter, classes, testRandom, testLabels);
        return new GeneratedTask(name, names, imageSize, train, trainLabels, test, testLabels);
    }

    private static float[] draw(
            StripeImages painter,
            List<List<Double>> classes,
            SplittableRandom random,
            int[] labels) {
        float[] images = new float[labels.length * painter.length()];
        for (int i = 0; i < labels.length; i++) {
            // Balanced classes in a shuffled order: class i mod k, then a random swap.
            labels[i] = i % classes.size();
        }
        for (int i = labels.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        for (int i = 0; i < labels.length; i++) {
            painter.draw(classes.get(labels[i]), random, images, i * painter.length());
        }
        return images;
    }

    private static double angle(int k) {
        return k * Math.PI / ORIENTATIONS;
    }

    private static String degrees(int k) {
        double d = k * 180.0 / ORIENTATIONS;
        return d == Math.rint(d) ? Integer.toString((int) d) : Double.toString(d);
    }

    /**
     * Builds {@link PretrainingTasks}: sizes default to what shows the effect in about a minute.
     */
    public static final class Builder {
        private Long seedOrNull;
        private long seed;
        private int imageSize = 16;
        private double noise = 0.1;
        private int upstreamTrain = 3000;
        private int upstreamTest = 500;
        private int downstreamTrain = 300;
        private int downstreamTest = 600;

        private Builder() {}

        /** The seed every image, label order and nuisance value is drawn from (required). */
        public Builder setSeed(long seed) {
            this.seedOrNull = seed;
            return this;
        }

        /** Image side in pixels (default 16, at least 8). */
        public Builder optImageSize(int size) {
            this.imageSize = size;
            return this;
        }

        /** Standard deviation of the pixel noise (default 0.1). */
        public Builder optNoise(double noise) {
            this.noise = noise;
            return this;
        }

        /** Upstream training and test images (defaults 3000 and 500). */
        public Builder optUpstreamSizes(int train, int test) {
            this.upstreamTrain = positive("upstream train size", train);
            this.upstreamTest = positive("upstream test size", test);
            return this;
        }

        /** Downstream training and test images (defaults 300 and 600: little training data). */
        public Builder optDownstreamSizes(int train, int test) {
            this.downstreamTrain = positive("downstream train size", train);
            this.downstreamTest = positive("downstream test size", test);
            return this;
        }

        /** The tasks; fails if the seed was not set or a size is invalid. */
        public PretrainingTasks build() {
            if (seedOrNull == null) {
                throw new IllegalStateException(
                        "PretrainingTasks needs a seed: call setSeed(env.seed()) on the builder");
            }
            seed = seedOrNull;
            new StripeImages(imageSize, noise); // validates size and noise with a clear message
            return new PretrainingTasks(this);
        }

        private static int positive(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " " + n + " must be at least 1");
            }
            return n;
        }
    }
}
