package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The classifier's block trains in a plain DJL Trainer, and freezing keeps the body fixed. */
class TrainingHandOffTest {
    @Test
    void frozenBodyStaysFixedWhileTheHeadLearns() {
        try (ImageClassifier net = ResNets.cifar(20, Shortcuts.RESIDUAL);
                Model model = net.newModel();
                NDManager m = NDManager.newBaseManager()) {
            for (ParameterGroup g :
                    net.parameterGroups().subList(0, net.parameterGroups().size() - 1)) {
                g.parameters().forEach(p -> p.freeze(true)); // the body, as a DJL user would
            }
            float[] bodyBefore =
                    net.namedParameters().get("layer1.0.conv1.weight").getArray().toFloatArray();
            float[] headBefore = net.namedParameters().get("fc.weight").getArray().toFloatArray();
            float[] meanBefore =
                    net.namedParameters().get("bn1.runningMean").getArray().toFloatArray();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, 32, 32));
                NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
                NDArray y = m.create(new float[] {0, 1, 2, 3});
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                    gc.backward(loss);
                }
                trainer.step();
            }
            assertArrayEquals(
                    bodyBefore,
                    net.namedParameters().get("layer1.0.conv1.weight").getArray().toFloatArray());
            assertFalse(
                    Arrays.equals(
                            headBefore,
                            net.namedParameters().get("fc.weight").getArray().toFloatArray()),
                    "the head learned");
            assertFalse(
                    Arrays.equals(
                            meanBefore,
                            net.namedParameters().get("bn1.runningMean").getArray().toFloatArray()),
                    "BN statistics update in training mode even when frozen, as in PyTorch");
        }
    }
}
