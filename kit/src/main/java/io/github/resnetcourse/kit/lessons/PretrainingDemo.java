package io.github.resnetcourse.kit.lessons;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.train.History;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.OptimizerFactory;
import io.github.resnetcourse.kit.train.RunModeCaps;
import java.util.Objects;

/**
 * Lesson 01's offline experiment: pretrain {@link SmallConvNet} on the generated upstream task,
 * then learn the downstream task twice with the same recipe — once from random weights, once from
 * the upstream backbone with a new head — and compare the learning curves.
 *
 * <pre>{@code
 * var demo = PretrainingDemo.forEnv(Env.current());
 * TransferComparison c = demo.compareOnDownstream();
 * c.showSummary();
 * }</pre>
 *
 * <p>Both downstream runs use the same seed, so their heads start from the same random values and
 * see the batches in the same order: the backbone's starting point is the only difference.
 */
public final class PretrainingDemo {
    private final PretrainingTasks tasks;
    private final int upstreamEpochs;
    private final int downstreamEpochs;
    private final int upstreamBatchSize;
    private final int downstreamBatchSize;
    private final double learningRate;
    private final Integer maxBatches;
    private final long seed;
    private final boolean progress;

    private GeneratedTask upstream;
    private GeneratedTask downstream;
    private History upstreamHistory;
    private byte[] pretrainedBackbone;

    private PretrainingDemo(Builder b) {
        this.tasks = b.tasks;
        this.upstreamEpochs = b.upstreamEpochs;
        this.downstreamEpochs = b.downstreamEpochs;
        this.upstreamBatchSize = b.upstreamBatchSize;
        this.downstreamBatchSize = b.downstreamBatchSize;
        this.learningRate = b.learningRate;
        this.maxBatches = b.maxBatches;
        this.seed = b.seed;
        this.progress = b.progress;
    }

    /**
     * The demo as the lesson runs it: 5 upstream and 10 downstream epochs in full mode (about a
     * minute on two CPU cores). Smoke mode runs a smaller version sized to finish in seconds —
     * 1,000 upstream and 200 downstream training images, 3 upstream and 6 downstream epochs, every
     * batch — instead of the run mode's one-epoch cap, which would cut each learning curve to a
     * single point and hide the effect the lesson is about.
     */
    public static PretrainingDemo forEnv(Env env) {
        PretrainingTasks.Builder tasks = PretrainingTasks.builder().setSeed(env.seed());
        Builder b = builder().optSeed(env.seed());
        if (env.isSmoke()) {
            tasks.optUpstreamSizes(1000, 200).optDownstreamSizes(200, 300);
            b.optEpochs(3, 6);
        }
        return b.setTasks(tasks.build()).build();
    }

    /** A builder; the tasks are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The upstream (pretraining) task. */
    public synchronized GeneratedTask upstream() {
        if (upstream == null) {
            upstream = tasks.upstream();
        }
        return upstream;
    }

    /** The downstream (fine-tuning) task. */
    public synchronized GeneratedTask downstream() {
        if (downstream == null) {
            downstream = tasks.downstream();
        }
        return downstream;
    }

    /** Prints both tasks and shows one training image of every class of each. */
    public void showSamples() {
        System.out.println(upstream());
        upstream().sampleGrid(1).show();
        System.out.println(downstream());
        downstream().sampleGrid(1).show();
    }

    /**
     * Trains a fresh network on the upstream task and keeps its backbone weights for {@link
     * #compareOnDownstream()}. Runs once; later calls return the same history.
     */
    public synchronized History pretrainUpstream() {
        if (upstreamHistory == null) {
            GeneratedTask task = upstream();
            SmallConvNet net = SmallConvNet.create(task.classCount());
            Run run = train(task, net, null, upstreamEpochs, upstreamBatchSize, "upstream");
            upstreamHistory = run.history();
            pretrainedBackbone = run.backbone();
        }
        return upstreamHistory;
    }

    /**
     * Learns the downstream task from random weights and from the pretrained backbone (pretraining
     * first if needed), same seed, data order and recipe.
     */
    public synchronized TransferComparison compareOnDownstream() {
        History up = pretrainUpstream();
        GeneratedTask task = downstream();
        int classes = task.classCount();
        History scratch =
                train(
                                task,
                                SmallConvNet.create(classes),
                                null,
                                downstreamEpochs,
                                downstreamBatchSize,
                                "random init")
                        .history();
        History pre =
                train(
                                task,
                                SmallConvNet.create(classes),
                                pretrainedBackbone,
                                downstreamEpochs,
                                downstreamBatchSize,
                                "pretrained")
                        .history();
        return new TransferComparison(task, up, scratch, pre);
    }

    /** One finished training run: its history and the trained backbone's weights. */
    private record Run(History history, byte[] backbone) {}

    private Run train(
            GeneratedTask task,
            SmallConvNet net,
            byte[] backbone,
            int epochs,
            int batchSize,
            String stage) {
        try (NDManager data = NDManager.newBaseManager()) {
            Dataset train = task.trainDataset(data, batchSize);
            Dataset test = task.testDataset(data, batchSize);
            Learner.Builder b =
                    Learner.builder()
                            .setModel(net)
                            .setData(train, test)
                            .optOptimizer(OptimizerFactory.adam())
                            .optLearningRate(learningRate)
                            .optRunModeCaps(RunModeCaps.IGNORE) // sized by this demo, not the mode
                            .optSeed(seed);
            if (maxBatches != null) {
                b.optMaxBatches(maxBatches);
            }
            if (!progress) {
                b.optNoProgress();
            }
            Learner learner = b.build();
            try {
                if (backbone != null) {
                    // After build(): the learner initialised (and seeded) every parameter, so
                    // both runs start with identical heads; only the backbone is replaced.
                    net.loadBackboneWeights(backbone, learner.model().getNDManager());
                }
                learner.setStage(stage);
                History h = learner.fit(epochs);
                return new Run(h, net.backboneWeights());
            } finally {
                learner.close();
            }
        }
    }

    /** Builds a {@link PretrainingDemo}. */
    public static final class Builder {
        private PretrainingTasks tasks;
        private int upstreamEpochs = 5;
        private int downstreamEpochs = 10;
        private int upstreamBatchSize = 32;
        private int downstreamBatchSize = 16;
        private double learningRate = 2e-3;
        private Integer maxBatches;
        private long seed = 42;
        private boolean progress = true;

        private Builder() {}

        /** The generated task pair (required). */
        public Builder setTasks(PretrainingTasks value) {
            this.tasks = Objects.requireNonNull(value, "tasks");
            return this;
        }

        /** Upstream and downstream epochs (defaults 5 and 10). */
        public Builder optEpochs(int upstream, int downstream) {
            if (upstream < 1 || downstream < 1) {
                throw new IllegalArgumentException(
                        "epochs must be at least 1, got upstream="
                                + upstream
                                + ", downstream="
                                + downstream);
            }
            this.upstreamEpochs = upstream;
            this.downstreamEpochs = downstream;
            return this;
        }

        /**
         * Batch sizes (defaults 32 upstream, 16 downstream: the small downstream set still gets
         * enough optimizer steps per epoch).
         */
        public Builder optBatchSizes(int upstream, int downstream) {
            if (upstream < 1 || downstream < 1) {
                throw new IllegalArgumentException(
                        "batch sizes must be at least 1, got upstream="
                                + upstream
                                + ", downstream="
                                + downstream);
            }
            this.upstreamBatchSize = upstream;
            this.downstreamBatchSize = downstream;
            return this;
        }

        /** Adam's learning rate for every run (default 2e-3). */
        public Builder optLearningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** Caps the batches per epoch (default: none). */
        public Builder optMaxBatches(int value) {
            this.maxBatches = value;
            return this;
        }

        /** The seed of initialisation and shuffling for every run (default 42). */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** No progress lines (tests). */
        public Builder optNoProgress() {
            this.progress = false;
            return this;
        }

        /** The demo; fails if the tasks were not set. */
        public PretrainingDemo build() {
            if (tasks == null) {
                throw new IllegalStateException(
                        "PretrainingDemo needs its tasks: setTasks(PretrainingTasks.builder()"
                                + ".setSeed(...).build())");
            }
            return new PretrainingDemo(this);
        }
    }
}
