package io.github.resnetcourse.kit.lessons;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The small CNN of lesson 01's pretraining demo: a backbone of three conv-BN-ReLU stages (16, 32,
 * 32 channels) ending in global average pooling, and a one-layer linear head. Built as {@code
 * SequentialBlock[backbone, head]}, the same body/head split the kit's ResNets have, so the demo
 * can carry a trained backbone to a new task and replace the head.
 */
public final class SmallConvNet {
    /** Features the backbone hands to the head. */
    public static final int FEATURES = 32;

    private SmallConvNet() {}

    /** A freshly (randomly) initialisable network for {@code classes} classes. */
    public static SequentialBlock create(int classes) {
        return assemble(backbone(), classes);
    }

    /**
     * A network whose backbone starts from {@code trained}'s backbone weights (copied, so the
     * source may be closed afterwards) and whose {@code classes}-way head is new.
     *
     * @param trained a network made by {@link #create} and already initialised or trained
     * @param manager owns the copied weights; keep it open as long as the new network is used
     */
    public static SequentialBlock withPretrainedBackbone(
            SequentialBlock trained, int classes, NDManager manager) {
        Block source = backboneOf(trained);
        if (!source.isInitialized()) {
            throw new IllegalArgumentException(
                    "the source network is not initialised: train it (or initialise it) before"
                            + " reusing its backbone");
        }
        SequentialBlock copy = backbone();
        copy.initialize(manager, DataType.FLOAT32, source.getInputShapes());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            source.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise the backbone's weights", e);
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("could not load the backbone's weights", e);
        }
        return assemble(copy, classes);
    }

    /** The backbone (feature extractor) of a network made here. */
    public static Block backboneOf(SequentialBlock net) {
        return net.getChildren().valueAt(0);
    }

    /** The head (classifier) of a network made here. */
    public static Block headOf(SequentialBlock net) {
        return net.getChildren().valueAt(1);
    }

    private static SequentialBlock assemble(SequentialBlock backbone, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException(
                    "a classifier needs 2 or more classes, not " + classes);
        }
        SequentialBlock net = new SequentialBlock();
        net.add(backbone);
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    private static SequentialBlock backbone() {
        SequentialBlock b = new SequentialBlock();
        stage(b, 16).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        stage(b, 32).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        stage(b, FEATURES).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        return b;
    }

    private static SequentialBlock stage(SequentialBlock b, int channels) {
        return b.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(channels)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }
}
