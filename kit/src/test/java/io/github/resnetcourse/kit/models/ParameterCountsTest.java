package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.github.resnetcourse.kit.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ParameterCountsTest {
    @BeforeAll
    static void engine() {
        Engines.init();
    }

    private static SequentialBlock convBnRelu(NDManager m) {
        SequentialBlock b =
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setFilters(4)
                                        .setKernelShape(new Shape(3, 3))
                                        .optBias(false)
                                        .build())
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        return b;
    }

    @Test
    void countsWeightsAndBatchNormScaleAndShiftButNotItsRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterCounts counts = ParameterCounts.byChild(convBnRelu(m));
            // 4 filters × 3 channels × 3 × 3 = 108; batch norm: gamma and beta of 4 channels = 8.
            assertEquals(List.of("Conv2d", "BatchNorm", "LambdaBlock"), counts.names());
            assertEquals(108, counts.at(0));
            assertEquals(8, counts.get("BatchNorm"));
            assertEquals(0, counts.at(2));
            assertEquals(116, counts.total());
            assertEquals(116, counts.sumAt(0, 1));
            assertEquals(116, ParameterCounts.learned(convBnRelu(m)));
        }
    }

    @Test
    void namedLayersOfTheKitsResNet50MatchTorchvisionsCountsStageByStage() {
        // torchvision.models.resnet50(num_classes=10), summed per child (ResNetFromBlocksTest
        // recomputes these with Debian's torchvision).
        ImageClassifier resnet50 = ResNets.resnet50().withHead(10);
        ParameterCounts body = ParameterCounts.byChild(resnet50.body());
        assertEquals(9_536, body.sum("conv1", "bn1"));
        assertEquals(215_808, body.get("layer1"));
        assertEquals(1_219_584, body.get("layer2"));
        assertEquals(7_098_368, body.get("layer3"));
        assertEquals(14_964_736, body.get("layer4"));
        assertEquals(20_490, ParameterCounts.learned(resnet50.head()));
        assertEquals(23_528_522, body.total() + ParameterCounts.learned(resnet50.head()));
    }

    @Test
    void anUnknownOrAmbiguousNameIsRefusedWithTheChildrensNames() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock twice = new SequentialBlock().add(convBnRelu(m)).add(convBnRelu(m));
            twice.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            ParameterCounts counts = ParameterCounts.byChild(twice);
            IllegalArgumentException ambiguous =
                    assertThrows(
                            IllegalArgumentException.class, () -> counts.get("SequentialBlock"));
            assertTrue(ambiguous.getMessage().contains("by position"), ambiguous.getMessage());
            IllegalArgumentException unknown =
                    assertThrows(IllegalArgumentException.class, () -> counts.get("fc"));
            assertTrue(unknown.getMessage().contains("SequentialBlock"), unknown.getMessage());
            IndexOutOfBoundsException position =
                    assertThrows(IndexOutOfBoundsException.class, () -> counts.at(2));
            assertTrue(position.getMessage().contains("0 to 1"), position.getMessage());
        }
    }

    @Test
    void anUninitialisedBlockIsRefusedWithTheCallThatInitialisesIt() {
        SequentialBlock fresh = new SequentialBlock().add(BatchNorm.builder().build());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ParameterCounts.learned(fresh));
        assertTrue(e.getMessage().contains("initialize"), e.getMessage());
    }
}
