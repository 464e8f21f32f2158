package io.github.resnetcourse.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.resnetcourse.kit.engine.Engines;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BenchResNetTest {

    @Test
    void resnet18HasTorchvisionsParameterCountAndOutputShape() {
        Engines.init();
        try (NDManager manager = NDManager.newBaseManager()) {
            ClosingSequential net = BenchResNet.resnet18(1000);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            var trainable =
                    EnumSet.of(
                            Parameter.Type.WEIGHT,
                            Parameter.Type.BIAS,
                            Parameter.Type.GAMMA,
                            Parameter.Type.BETA);
            long count =
                    net.getParameters().values().stream()
                            .filter(p -> trainable.contains(p.getType()))
                            .mapToLong(p -> p.getArray().size())
                            .sum();
            assertEquals(11_689_512L, count, "torchvision resnet18() parameter count");
            NDArray x = manager.ones(new Shape(2, 3, 32, 32));
            NDArray y =
                    net.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertEquals(new Shape(2, 1000), y.getShape());
            assertEquals(new Shape(2, 1000), net.getOutputShapes(new Shape[] {x.getShape()})[0]);
        }
    }
}
