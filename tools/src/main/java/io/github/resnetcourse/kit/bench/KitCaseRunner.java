package io.github.resnetcourse.kit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import com.google.gson.Gson;
import io.github.resnetcourse.kit.engine.EngineTuning;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.optim.Adam;
import io.github.resnetcourse.kit.train.Learner;
import io.github.resnetcourse.kit.train.OptimizerFactory;

/**
 * Runs one {@link BenchCase} in this process, through the kit as a notebook uses it, and prints one
 * JSON {@link Measurement} line; {@code ./course bench} starts it in a fresh JVM per case so peak
 * memory is the case's own.
 *
 * <p>The model is {@code ResNets.resnet18().withHead(10)}, trained by {@link Learner#fit(int)} with
 * Adam (lr 1e-3) on {@link RandomBatches} and evaluated by {@link Learner#evaluate}; a frozen case
 * calls {@link Learner#freeze()}. Nothing is tuned for the benchmark: the kit's defaults are what
 * is measured. Both phases warm up first (at least {@link BenchCase#WARMUP_STEPS} batches and
 * {@link BenchCase#WARMUP_SECONDS} seconds, as the PyTorch side does), then time whole {@code
 * fit}/{@code evaluate} calls over the requested number of batches.
 */
public final class KitCaseRunner {

    private final BenchCase benchCase;
    private final UpdateRule rule;
    private final RandomBatches.Pass warmUp;

    KitCaseRunner(BenchCase benchCase, UpdateRule rule, RandomBatches.Pass warmUp) {
        this.benchCase = benchCase;
        this.rule = rule;
        this.warmUp = warmUp;
    }

    /**
     * Entry point of the child process.
     *
     * @param args {@code imageSize batchSize FULL|FROZEN trainSteps evalSteps FUSED|DJL}
     */
    public static void main(String[] args) {
        EngineTuning tuning = Engines.init();
        BenchCase benchCase =
                new BenchCase(
                        Integer.parseInt(args[0]),
                        Integer.parseInt(args[1]),
                        Backbone.valueOf(args[2]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]));
        Measurement m =
                new KitCaseRunner(
                                benchCase, UpdateRule.valueOf(args[5]), RandomBatches.Pass.warmUp())
                        .run(tuning);
        System.out.println(new Gson().toJson(m));
    }

    Measurement run(EngineTuning tuning) {
        int batch = benchCase.batchSize();
        Engine.getInstance().setRandomSeed(0);
        int size = benchCase.imageSize();
        // One data set (one copy of the images) for both phases: warm-up and timed training, then
        // warm-up and timed evaluation, as its successive passes.
        RandomBatches data =
                new RandomBatches(
                        benchCase,
                        warmUp,
                        RandomBatches.Pass.exactly(benchCase.trainSteps()),
                        warmUp,
                        RandomBatches.Pass.exactly(benchCase.evalSteps()));
        try (ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(BenchCase.CLASSES);
                Learner learner =
                        Learner.builder()
                                .setModel(model)
                                .setData(data, null)
                                .optInputShape(new Shape(batch, 3, size, size))
                                .optOptimizer(optimizer())
                                .optLearningRate(1e-3)
                                .optMaxBatches(Integer.MAX_VALUE)
                                .optNoProgress()
                                .build()) {
            if (benchCase.backbone() == Backbone.FROZEN) {
                learner.freeze();
            }
            learner.fit(1); // warm-up pass
            long start = System.nanoTime();
            learner.fit(1);
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            learner.evaluate(data); // warm-up pass
            start = System.nanoTime();
            learner.evaluate(data);
            double evalSeconds = (System.nanoTime() - start) / 1e9;
            return new Measurement(
                    benchCase.trainSteps() * batch / trainSeconds,
                    benchCase.evalSteps() * batch / evalSeconds,
                    ProcessMemory.peakMb(),
                    "kit (libtorch "
                            + Engine.getInstance().getVersion()
                            + ", "
                            + (rule == UpdateRule.FUSED ? "fused" : "DJL")
                            + " Adam, "
                            + tuning.describe()
                            + ")");
        }
    }

    private OptimizerFactory optimizer() {
        if (rule == UpdateRule.FUSED) {
            return OptimizerFactory.of(Adam.builder().build());
        }
        // DJL's own Adam: its native update clones the gradient and allocates temporaries.
        return lr -> Optimizer.adam().optLearningRateTracker(lr).build();
    }
}
