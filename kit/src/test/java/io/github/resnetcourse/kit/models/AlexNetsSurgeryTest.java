package io.github.resnetcourse.kit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Lesson 02's AlexNet surgery written out step by step, as seed 004 §6 does it. */
class AlexNetsSurgeryTest {

    @Test
    void everyLayerButTheReplacedOnesKeepsItsWeights() {
        try (ImageClassifier imagenet = AlexNets.alexnet()) {
            float[] conv3 =
                    imagenet.namedParameters().get("features.3.weight").getArray().toFloatArray();
            float[] fc1 =
                    imagenet.namedParameters().get("classifier.1.weight").getArray().toFloatArray();
            float[] fc4 =
                    imagenet.namedParameters().get("classifier.4.bias").getArray().toFloatArray();
            try (ImageClassifier cifar = AlexNets.forCifar(imagenet, 10)) {
                var p = cifar.namedParameters();
                assertSame(
                        imagenet.namedParameters().get("classifier.1.weight"),
                        p.get("classifier.1.weight"));
                assertArrayEquals(conv3, p.get("features.3.weight").getArray().toFloatArray());
                assertArrayEquals(fc1, p.get("classifier.1.weight").getArray().toFloatArray());
                assertArrayEquals(fc4, p.get("classifier.4.bias").getArray().toFloatArray());
                assertEquals(
                        new Shape(10, 4096), p.get("classifier.6.weight").getArray().getShape());
                assertEquals(
                        "(1, 10)",
                        cifar.summary(new Shape(1, 3, 32, 32))
                                .stringColumn("output shape")
                                .get(cifar.summary().rowCount() - 1));
            }
        }
    }

    @Test
    void theSeedsCornerWindowCanBeWrittenOut() {
        try (ImageClassifier imagenet = AlexNets.alexnet();
                ImageClassifier corner =
                        AlexNets.adapt(imagenet)
                                .replaceConv("features.0", 64, 3, 1, 1)
                                .copyKernelWindow("features.0", ":, :, 1:4, 1:4")
                                .replaceMaxPool("features.2", 2, 2)
                                .setHead(Head.linear(10))
                                .build(32)) {
            var old = imagenet.namedParameters().get("features.0.weight").getArray();
            assertArrayEquals(
                    old.get(new NDIndex(":, :, 1:4, 1:4")).toFloatArray(),
                    corner.namedParameters().get("features.0.weight").getArray().toFloatArray());
            assertArrayEquals(
                    imagenet.namedParameters().get("features.0.bias").getArray().toFloatArray(),
                    corner.namedParameters().get("features.0.bias").getArray().toFloatArray());
        }
    }

    @Test
    void aWrongStepIsNamedWithItsFix() {
        try (ImageClassifier imagenet = AlexNets.alexnet()) {
            var unknown =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> AlexNets.adapt(imagenet).replaceConv("features.13", 64, 3, 1, 1));
            assertTrue(unknown.getMessage().contains("features.0 … features.12"));
            var order =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    AlexNets.adapt(imagenet)
                                            .copyKernelWindow("features.0", ":, :, 4:7, 4:7"));
            assertTrue(order.getMessage().contains("replaceConv"));
            var shape =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    AlexNets.adapt(imagenet)
                                            .replaceConv("features.0", 64, 3, 1, 1)
                                            .copyKernelWindow("features.0", ":, :, 4:8, 4:8")
                                            .setHead(Head.linear(10))
                                            .build(32));
            assertTrue(shape.getMessage().contains("(64, 3, 4, 4)"), shape.getMessage());
            assertThrows(IllegalStateException.class, () -> AlexNets.adapt(imagenet).build(32));
        }
    }
}
