package io.github.resnetcourse.kit.lessons;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import io.github.resnetcourse.kit.models.FreezableBatchNorm;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ParameterGroups;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The small CNN of lesson 01's pretraining demo: a backbone of three conv-BN-ReLU stages (16, 32,
 * 32 channels) ending in global average pooling, and a one-layer linear head. It has the same
 * body/head split as the kit's ResNets, so a {@code Learner} can freeze the body, and the demo can
 * carry a trained backbone to a new task while the head is replaced.
 */
public final class SmallConvNet extends SequentialBlock implements ParameterGroups {
    /** Features the backbone hands to the head. */
    public static final int FEATURES = 32;

    private final SequentialBlock backbone;
    private final Linear head;

    private SmallConvNet(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException(
                    "a classifier needs 2 or more classes, not " + classes);
        }
        backbone = new SequentialBlock();
        stage(backbone, 16).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        stage(backbone, 32).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        stage(backbone, FEATURES).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        head = Linear.builder().setUnits(classes).build();
        add(backbone);
        add(head);
        setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    }

    /** A network for {@code classes} classes, to be initialised at random (Xavier weights). */
    public static SmallConvNet create(int classes) {
        return new SmallConvNet(classes);
    }

    /** The backbone (every layer before the head). */
    public Block body() {
        return backbone;
    }

    /** Two groups: {@code body} (the backbone) and {@code head}. */
    @Override
    public List<ParameterGroup> parameterGroups() {
        return ParameterGroups.bodyAndHead(backbone, head);
    }

    /** The task head. */
    public Block head() {
        return head;
    }

    /**
     * The backbone's weights (and batch-norm statistics) in DJL's parameter format: what a
     * pretrained checkpoint holds, minus the head.
     *
     * @throws IllegalStateException if the network has not been initialised or trained yet
     */
    public byte[] backboneWeights() {
        if (!backbone.isInitialized()) {
            throw new IllegalStateException(
                    "the network is not initialised: train it (or initialise it) before taking"
                            + " its backbone weights");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            backbone.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise the backbone's weights", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces the backbone's weights by {@code weights} from {@link #backboneWeights()} of another
     * network of this kind; the head is left as it is.
     *
     * @param manager owns the loaded arrays (use the training model's manager)
     */
    public void loadBackboneWeights(byte[] weights, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            backbone.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException(
                    "these bytes are not the backbone weights of a SmallConvNet ("
                            + weights.length
                            + " bytes): pass what backboneWeights() returned",
                    e);
        }
        // DJL's Parameter.load replaces the array but does not mark it for gradients (only
        // initialize does): without this the loaded backbone would silently stay frozen.
        for (Parameter p : backbone.getParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    private static SequentialBlock stage(SequentialBlock b, int channels) {
        return b.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(channels)
                                .build())
                .add(new FreezableBatchNorm(1e-5f, 0.9f)) // DJL BatchNorm's defaults
                .add(Activation.reluBlock());
    }
}
