package io.github.resnetcourse.kit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.resnetcourse.kit.engine.Engines;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ResNets;
import io.github.resnetcourse.kit.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times one Adam step over ResNet18's parameters alone: the kit's fused step against DJL's Adam as
 * {@code Trainer.step()} drives it (gradient copy, then DJL's native update). The two alternate
 * step by step, so a busy machine slows both alike; prints the median milliseconds per step.
 */
public final class OptimizerStepTiming {

    private OptimizerStepTiming() {}

    /**
     * Entry point.
     *
     * @param args optional number of timed steps per rule (default 30)
     */
    public static void main(String[] args) {
        Engines.init();
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (NDManager manager = NDManager.newBaseManager();
                ImageClassifier base = ResNets.resnet18();
                ImageClassifier model = base.withHead(BenchCase.CLASSES)) {
            Block net = model.block();
            List<Parameter> parameters = new ArrayList<>();
            for (Parameter p : net.getParameters().values()) {
                if (!ImageClassifier.isBuffer(p)) {
                    parameters.add(p);
                }
            }
            // Real gradients in every parameter: one backward pass on a small batch.
            try (NDManager batch = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray x = batch.randomNormal(new Shape(4, 3, 32, 32));
                NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), true);
                collector.backward(out.head().sum());
            }
            Adam fused = Adam.builder().build();
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            double[] fusedMs = new double[steps];
            double[] djlMs = new double[steps];
            for (int i = -2; i < steps; i++) {
                long start = System.nanoTime();
                fusedKeepingGradients(fused, parameters);
                long middle = System.nanoTime();
                djlStep(djl, parameters);
                long end = System.nanoTime();
                if (i >= 0) {
                    fusedMs[i] = (middle - start) / 1e6;
                    djlMs[i] = (end - middle) / 1e6;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "Adam step over ResNet18 (%d tensors), median of %d: kit fused %.1f ms,"
                            + " DJL Trainer.step() path %.1f ms%n",
                    parameters.stream().filter(Parameter::requiresGradient).count(),
                    steps,
                    median(fusedMs),
                    median(djlMs));
        }
    }

    /** The fused update through DJL's per-parameter API, so the gradients stay for DJL's turn. */
    private static void fusedKeepingGradients(Adam fused, List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (parameter.requiresGradient()) {
                try (NDArray grad = parameter.getArray().getGradient()) {
                    fused.update(parameter.getId(), parameter.getArray(), grad);
                }
            }
        }
    }

    private static void djlStep(Optimizer djl, List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (parameter.requiresGradient()) {
                NDArray weight = parameter.getArray();
                try (NDArray grad = weight.getGradient();
                        NDArray copy = grad.duplicate()) {
                    djl.update(parameter.getId(), weight, copy);
                }
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
