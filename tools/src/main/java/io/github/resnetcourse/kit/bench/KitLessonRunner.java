package io.github.resnetcourse.kit.bench;

import ai.djl.engine.Engine;
import ai.djl.training.dataset.Dataset;
import com.google.gson.Gson;
import io.github.resnetcourse.kit.data.Cifar10;
import io.github.resnetcourse.kit.data.DatasetCatalog;
import io.github.resnetcourse.kit.data.Flowers102;
import io.github.resnetcourse.kit.data.ImageFolder;
import io.github.resnetcourse.kit.data.Split;
import io.github.resnetcourse.kit.data.transform.Pipelines;
import io.github.resnetcourse.kit.engine.EngineTuning;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.models.AlexNets;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.models.Shortcuts;
import io.github.resnetcourse.kit.optim.Adam;
import io.github.resnetcourse.kit.optim.Sgd;
import io.github.resnetcourse.kit.train.BatchRecord;
import io.github.resnetcourse.kit.train.Callback;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.Losses;
import io.github.resnetcourse.kit.train.OptimizerFactory;
import io.github.resnetcourse.kit.train.Progress;
import io.github.resnetcourse.kit.train.StepLr;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The kit's side of one {@link LessonStage}, in a child process of {@code ./course bench lessons}:
 * the dataset, pipeline, model, learner, freeze and learning rate that the lesson's notebook cells
 * set up, trained by {@link Learner#fit(int)} for warm-up plus timed batches; prints one JSON
 * {@link StageMeasurement} line.
 *
 * <p>What differs from the notebook, on both sides alike: the weights are the architectures'
 * initial ones rather than ImageNet's (a batch takes the same time), the data is the generated
 * twin, and no validation pass or learning-rate schedule step runs (one partial epoch is timed).
 */
public final class KitLessonRunner {

    private KitLessonRunner() {}

    /**
     * Entry point of the child process.
     *
     * @param args {@code STAGE_LABEL DATA_ROOT WARMUP BATCHES}
     * @throws IOException if the generated data cannot be read
     */
    public static void main(String[] args) throws IOException {
        EngineTuning tuning = Engines.init();
        LessonStage stage = LessonStage.parseList(args[0]).get(0);
        Path root = Path.of(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int batches = Integer.parseInt(args[3]);
        StageMeasurement m = run(stage, root, warmup, batches, tuning.describe());
        System.out.println(new Gson().toJson(m));
    }

    static StageMeasurement run(
            LessonStage stage, Path root, int warmup, int batches, String tuning)
            throws IOException {
        if (KitLessons06And07.runs(stage)) {
            return KitLessons06And07.run(stage, root, warmup, batches, tuning);
        }
        Engine.getInstance().setRandomSeed(0);
        BatchClock clock = new BatchClock(warmup, batches);
        int batch = stage.batchSize();
        try (ImageClassifier model = model(stage);
                Learner learner = learner(stage, model, trainSet(stage, root), clock)) {
            // As the notebooks' stage cells: freeze, and for the second stage unfreeze with the
            // lower learning rate (lesson 03 also starts a new Adam).
            switch (stage) {
                case ALEXNET_FROZEN, ALEXNET_UNFROZEN -> learner.freezeThrough("features");
                // Lesson 04 trains every layer from the start, as do lesson 05's networks.
                case RESNET50V2, PLAIN20, PLAIN56, RESNET20, RESNET56 -> {}
                default -> learner.freeze();
            }
            if (stage.unfreezes()) {
                learner.unfreeze();
                if (stage.lesson().equals("03")) {
                    learner.setOptimizer(OptimizerFactory.adam());
                }
                learner.setLearningRate(1e-4);
            }
            learner.setStage(stage.frozen() ? "frozen" : "unfrozen");
            long trainable = learner.trainableParameterCount();
            learner.fit(1);
            return new StageMeasurement(
                    clock.seconds(),
                    clock.cpuSeconds(),
                    batches * batch / clock.seconds(),
                    ProcessMemory.peakMb(),
                    model.parameterCount(),
                    trainable,
                    clock.firstLoss(),
                    "kit (libtorch " + Engine.getInstance().getVersion() + ", " + tuning + ")");
        }
    }

    /**
     * The model as the notebook builds it, from the architecture's initial weights. The base stays
     * open, as the notebook's {@code imagenet} variable does: the new model shares its layers.
     */
    private static ImageClassifier model(LessonStage stage) {
        return switch (stage) {
            case RESNET18_FROZEN, RESNET18_UNFROZEN -> ResNets.resnet18().withHead(Head.linear(10));
            case ALEXNET_FROZEN, ALEXNET_UNFROZEN ->
                    AlexNets.adapt(AlexNets.alexnet())
                            .replaceConv("features.0", 64, 3, 1, 1)
                            .copyKernelWindow("features.0", ":, :, 4:7, 4:7")
                            .replaceMaxPool("features.2", 2, 2)
                            .setHead(Head.linear(10))
                            .build(32);
            case RESNET152_FROZEN, RESNET152_UNFROZEN ->
                    ResNets.resnet152().withHead(Head.linearLogSoftmax(102));
            case RESNET50V2 -> ResNets.resnet50V2().withHead(Head.linear(4));
            case PLAIN20 -> ResNets.cifar(20, Shortcuts.NONE);
            case PLAIN56 -> ResNets.cifar(56, Shortcuts.NONE);
            case RESNET20 -> ResNets.cifar(20, Shortcuts.RESIDUAL);
            case RESNET56 -> ResNets.cifar(56, Shortcuts.RESIDUAL);
            case RESNET50_SCRATCH, RESNET18_MLP_FROZEN, RESNET18_MLP_CACHED_FROZEN ->
                    throw new IllegalArgumentException(stage + " is built by KitLessons06And07");
        };
    }

    /** The training split with the notebook's pipeline and batch size, shuffled. */
    private static Dataset trainSet(LessonStage stage, Path root) throws IOException {
        if (stage.lesson().equals("04")) {
            // Datasets.birds4's split and pipeline (Resize 224, scale to [-1, 1]), read from the
            // generated twin's folder rather than where the notebook's run mode says.
            return ImageFolder.builder()
                    .setRoot(root.resolve(DatasetCatalog.BIRDS4.folder()))
                    .optSplit(Split.TRAIN, 0.2, 0)
                    .optTransform(Pipelines.resnet50v2())
                    .optSeed(0)
                    .setSampling(stage.batchSize(), true)
                    .build();
        }
        if (stage.lesson().equals("05")) {
            // Lesson 05's experiment normalises only: Datasets.cifar10(TRAIN, 128, cifarTest()).
            return Cifar10.builder()
                    .setRoot(root)
                    .setSplit(Split.TRAIN)
                    .optTransform(Pipelines.cifarTest())
                    .optSeed(0)
                    .setSampling(stage.batchSize(), true)
                    .build();
        }
        if (stage.lesson().equals("02")) {
            return Cifar10.builder()
                    .setRoot(root)
                    .setSplit(Split.TRAIN)
                    .optTransform(Pipelines.cifarTrain())
                    .optSeed(0)
                    .setSampling(stage.batchSize(), true)
                    .build();
        }
        return Flowers102.builder(root, Split.TRAIN)
                .optTransform(Pipelines.flowersTrain())
                .optSeed(0)
                .setSampling(stage.batchSize(), true)
                .build();
    }

    /** The notebook's learner for the stage's lesson, capped at warm-up plus timed batches. */
    private static Learner learner(
            LessonStage stage, ImageClassifier model, Dataset train, BatchClock clock) {
        Learner.Builder builder =
                Learner.builder()
                        .setModel(model)
                        .setData(train, null)
                        .optMaxBatches(clock.batchesWanted());
        if (stage.lesson().equals("04")) {
            // The notebook's EarlyStopping is left out, as on the seed's side: it monitors the
            // validation loss between epochs, and no validation pass runs here.
            return builder.optOptimizer(OptimizerFactory.adam())
                    .optLearningRate(1e-4)
                    .optLoss(Losses.crossEntropy())
                    .optSchedule(StepLr.of(7, 0.5))
                    .optCallbacks(Progress.everyBatches(10), clock)
                    .build();
        }
        if (stage.lesson().equals("05")) {
            return builder.optOptimizer(Sgd.builder().optMomentum(0.9).optWeightDecay(1e-4).build())
                    .optLearningRate(0.1)
                    .optCallbacks(Progress.everyBatches(50), clock)
                    .build();
        }
        if (stage.lesson().equals("02")) {
            return builder.optOptimizer(Adam.builder().optWeightDecay(1e-4).build())
                    .optLearningRate(1e-3)
                    .optCallbacks(Progress.everyBatches(100), clock)
                    .build();
        }
        return builder.optOptimizer(OptimizerFactory.adam())
                .optLearningRate(1e-2)
                .optLoss(Losses.nll())
                .optSchedule(StepLr.of(7, 0.1))
                .optCallbacks(clock)
                .build();
    }

    /** Times the batches after the warm-up ones, as {@code bench/lessons/harness.py} does. */
    static final class BatchClock implements Callback {
        private final int warmup;
        private final int timed;
        private int done;
        private long start;
        private long cpuStart;
        private double seconds = Double.NaN;
        private double cpuSeconds = Double.NaN;
        private double firstLoss = Double.NaN;

        BatchClock(int warmup, int timed) {
            this.warmup = warmup;
            this.timed = timed;
        }

        int batchesWanted() {
            return warmup + timed;
        }

        @Override
        public void afterBatch(Learner learner, BatchRecord record) {
            if (done == 0) {
                firstLoss = record.loss();
            }
            done++;
            if (done == warmup) {
                start = System.nanoTime();
                cpuStart = processCpuNanos();
            }
            if (done == warmup + timed) {
                seconds = (System.nanoTime() - start) / 1e9;
                cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            }
        }

        double seconds() {
            if (Double.isNaN(seconds)) {
                throw new IllegalStateException(
                        "only "
                                + done
                                + " batches ran, "
                                + batchesWanted()
                                + " were asked for: the generated dataset is too small for"
                                + " --warmup + --batches");
            }
            return seconds;
        }

        double cpuSeconds() {
            seconds();
            return cpuSeconds;
        }

        /** CPU time of the whole process (libtorch's, the loader's, the JIT's and GC threads). */
        static long processCpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return -1;
        }

        double firstLoss() {
            return firstLoss;
        }
    }
}
