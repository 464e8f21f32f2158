package io.github.resnetcourse.kit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.Gson;
import io.github.resnetcourse.kit.engine.EngineTuning;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.optim.Adam;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs one {@link BenchCase} in this process and prints one JSON {@link Measurement} line; {@code
 * ./course bench} starts it in a fresh JVM per case so peak memory is the case's own.
 *
 * <p>Each training step does what the kit's training loop does: a fresh batch tensor in a per-batch
 * manager, forward with intermediates closed once consumed, softmax cross-entropy, backward, the
 * fused Adam update (which also zeroes the gradients), the loss read back to Java, and the batch
 * manager closed.
 */
public final class KitCaseRunner {

    private final BenchCase benchCase;
    private final UpdateRule rule;

    KitCaseRunner(BenchCase benchCase, UpdateRule rule) {
        this.benchCase = benchCase;
        this.rule = rule;
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
        Measurement m = new KitCaseRunner(benchCase, UpdateRule.valueOf(args[5])).run(tuning);
        System.out.println(new Gson().toJson(m));
    }

    Measurement run(EngineTuning tuning) {
        int size = benchCase.imageSize();
        int batch = benchCase.batchSize();
        Shape inputShape = new Shape(batch, 3, size, size);
        Random random = new Random(0);
        float[] images = new float[(int) inputShape.size()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(BenchCase.CLASSES);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            ClosingSequential net = BenchResNet.resnet18(BenchCase.CLASSES);
            // Shape inference on one image, not a full batch: same parameters, far less memory.
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            if (benchCase.backbone() == Backbone.FROZEN) {
                net.freezeParameters(true);
                net.child("fc").freezeParameters(false);
            }
            List<Parameter> parameters = new ArrayList<>(net.getParameters().values());
            ParameterStore store = new ParameterStore(manager, false);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            Step step = newStep(net, store, loss, parameters);

            for (int i = 0; i < BenchCase.WARMUP_STEPS; i++) {
                step.run(manager, images, labels, inputShape);
            }
            long start = System.nanoTime();
            for (int i = 0; i < benchCase.trainSteps(); i++) {
                step.run(manager, images, labels, inputShape);
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            for (int i = 0; i < BenchCase.WARMUP_STEPS; i++) {
                evaluate(manager, net, store, images, inputShape);
            }
            start = System.nanoTime();
            for (int i = 0; i < benchCase.evalSteps(); i++) {
                evaluate(manager, net, store, images, inputShape);
            }
            double evalSeconds = (System.nanoTime() - start) / 1e9;
            return new Measurement(
                    benchCase.trainSteps() * batch / trainSeconds,
                    benchCase.evalSteps() * batch / evalSeconds,
                    peakRssMb(),
                    "kit (libtorch "
                            + Engine.getInstance().getVersion()
                            + ", "
                            + rule.name().toLowerCase()
                            + " Adam, "
                            + tuning.describe()
                            + ")");
        }
    }

    /** One training step over a fresh batch. */
    private interface Step {
        void run(NDManager manager, float[] images, float[] labels, Shape inputShape);
    }

    private Step newStep(
            ClosingSequential net, ParameterStore store, Loss loss, List<Parameter> parameters) {
        Adam fused = Adam.builder().optLearningRate(1e-3f).build();
        Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        return (manager, images, labels, inputShape) -> {
            try (NDManager batchManager = manager.newSubManager()) {
                NDArray x = batchManager.create(FloatBuffer.wrap(images), inputShape);
                NDArray y = batchManager.create(labels);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    if (rule == UpdateRule.DJL) {
                        collector.zeroGradients();
                    }
                    NDList out = net.forward(store, new NDList(x), true);
                    NDArray value = loss.evaluate(new NDList(y), out);
                    collector.backward(value);
                    value.getFloat();
                }
                if (rule == UpdateRule.FUSED) {
                    fused.step(parameters);
                } else {
                    djlStep(djl, parameters);
                }
            }
        };
    }

    /**
     * What {@code Trainer.step()} does per parameter: copy the gradient, update, close the copy.
     */
    private static void djlStep(Optimizer djl, List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            try (NDArray grad = weight.getGradient();
                    NDArray copy = grad.duplicate()) {
                djl.update(parameter.getId(), weight, copy);
            }
        }
    }

    private static void evaluate(
            NDManager manager,
            ClosingSequential net,
            ParameterStore store,
            float[] images,
            Shape inputShape) {
        try (NDManager batchManager = manager.newSubManager()) {
            NDArray x = batchManager.create(FloatBuffer.wrap(images), inputShape);
            net.forward(store, new NDList(x), false).singletonOrThrow().argMax(1).toLongArray();
        }
    }

    /** The resident-set high-water mark of this process, from {@code /proc/self/status}. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // Not Linux: report no peak rather than fail the benchmark.
        }
        return Double.NaN;
    }
}
