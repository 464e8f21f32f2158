package io.github.resnetcourse.kit.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * An image classifier as the lessons use it: a <em>body</em> (the feature extractor, pretrained or
 * not) followed by a replaceable <em>head</em>. The DJL {@link Block} that training and inference
 * run is {@link #block()}; {@link #newModel()} wraps it in a DJL {@link Model} for a {@code
 * Trainer}.
 *
 * <p>The classifier is created initialised (parameters allocated on its own {@link NDManager}), so
 * weights can be loaded into it at once and a {@code Trainer.initialize} leaves them untouched.
 * Parameter names follow the source framework ({@link #namedParameters()}): {@code
 * layer1.0.conv1.weight} for torchvision layouts, {@code conv2.block1.preact_bn.gamma} for Keras
 * ones.
 *
 * <p>{@link #withHead(Head)} returns a classifier that <em>shares</em> this one's body, as
 * assigning {@code model.fc} does in PyTorch; close the classifier you created first, and only when
 * done with every classifier derived from it.
 */
public final class ImageClassifier implements ParameterGroups, AutoCloseable {
    private final Architecture architecture;
    private final String name;
    private final NamedSequential body;
    private final List<Stage> stages;
    private final Head headRecipe;
    private final Block head;
    private final String headName;
    private final Shape inputShape;
    private final NDManager manager;
    private final boolean ownsManager;
    private final NamedSequential block;

    ImageClassifier(
            Architecture architecture,
            String name,
            NamedSequential body,
            List<Stage> stages,
            Head headRecipe,
            String headName,
            Shape inputShape,
            NDManager manager,
            boolean ownsManager) {
        this.architecture = architecture;
        this.name = name;
        this.body = body;
        this.stages = List.copyOf(stages);
        this.headRecipe = headRecipe;
        this.head = headRecipe.build();
        this.headName = headName;
        this.inputShape = inputShape;
        this.manager = manager;
        this.ownsManager = ownsManager;
        this.block = new NamedSequential().add("body", body).add("head", head);
        block.initialize(manager, DataType.FLOAT32, batchShape(1));
        ChannelsLast.apply(block);
    }

    /** Which architecture this is. */
    public Architecture architecture() {
        return architecture;
    }

    /**
     * A short name, e.g. {@code resnet18}: the architecture's id, or for a CIFAR network of another
     * depth or shortcut option than the catalogued ones its own ({@code resnet110}, {@code
     * resnet20-b}), so that two different networks never share a name.
     */
    public String name() {
        return name;
    }

    /** The whole network, body then head: what a DJL {@code Model}/{@code Trainer} runs. */
    public Block block() {
        return block;
    }

    /** The feature extractor: everything up to the feature vector. */
    public NamedSequential body() {
        return body;
    }

    /** The head block (replace it with {@link #withHead(Head)}). */
    public Block head() {
        return head;
    }

    /** The recipe the head was built from. */
    public Head headRecipe() {
        return headRecipe;
    }

    /**
     * The head's name in the source framework: {@code fc}, {@code classifier.6}, {@code
     * predictions}.
     */
    public String headName() {
        return headName;
    }

    /** The image shape (C, H, W) the architecture was designed for. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The input shape for a batch of {@code n} images. */
    public Shape batchShape(int n) {
        return new Shape(n, inputShape.get(0), inputShape.get(1), inputShape.get(2));
    }

    /** The manager that owns the parameters. */
    public NDManager manager() {
        return manager;
    }

    /**
     * A classifier with the same (shared) body and a new head built from {@code newHead}. The new
     * head is trainable; the body keeps its frozen/unfrozen state.
     */
    public ImageClassifier withHead(Head newHead) {
        Objects.requireNonNull(newHead, "newHead");
        return new ImageClassifier(
                architecture,
                name,
                body,
                stages,
                newHead,
                headName,
                inputShape,
                manager.newSubManager(),
                true);
    }

    /** {@link #withHead(Head)} with {@code Head.linear(classes)}: the usual fine-tuning head. */
    public ImageClassifier withHead(int classes) {
        return withHead(Head.linear(classes));
    }

    /** A DJL model named after this classifier whose block is {@link #block()}. */
    public Model newModel() {
        Model model = Model.newInstance(name());
        model.setBlock(block);
        return model;
    }

    /**
     * Runs a batch through the network in inference mode (BatchNorm uses its running statistics,
     * dropout is off), as PyTorch's {@code model.eval()}.
     */
    public NDArray predict(NDArray images) {
        ParameterStore store = new ParameterStore(images.getManager(), false);
        return block.forward(store, new NDList(images), false).singletonOrThrow();
    }

    /** The stages of the body, from input to output. */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * The model's parameter groups, from input to output: one per {@link #stages() stage}, then the
     * head under {@link #headName()}. A {@code train.Learner} freezes and unfreezes them ({@code
     * freeze()}, {@code freezeThrough("layer2")}, {@code unfreeze()}).
     */
    @Override
    public List<ParameterGroup> parameterGroups() {
        // A body layer outside every stage (a V2 net's final batch norm) goes with the stage
        // before it, so that freezing a prefix of groups freezes a prefix of the network.
        Map<String, String> stageOf = new LinkedHashMap<>();
        for (Stage stage : stages) {
            stage.layers().forEach(layer -> stageOf.put(layer, stage.name()));
        }
        Map<String, List<Block>> blocks = new LinkedHashMap<>();
        stages.forEach(stage -> blocks.put(stage.name(), new ArrayList<>()));
        String current = stages.get(0).name();
        for (String layer : body.names()) {
            current = stageOf.getOrDefault(layer, current);
            blocks.get(current).add(body.get(layer));
        }
        List<ParameterGroup> groups = new ArrayList<>();
        blocks.forEach((name, parts) -> groups.add(ParameterGroup.of(name, parts)));
        groups.add(ParameterGroup.of(headName, head));
        return List.copyOf(groups);
    }

    /** Whether {@code p} is a running statistic rather than a learned parameter. */
    public static boolean isBuffer(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN
                || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /**
     * Every parameter and buffer under its name in the source framework, body then head (the head
     * under {@link #headName()}).
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>(ParameterPaths.of(body, ""));
        all.putAll(ParameterPaths.of(head, headName));
        return all;
    }

    /**
     * Learned parameters (weights, biases, BN scale/shift), as PyTorch's {@code parameters()}
     * counts.
     */
    public long parameterCount() {
        return count(false, false);
    }

    /** Learned parameters that currently require gradients. */
    public long trainableParameterCount() {
        return count(false, true);
    }

    /** BatchNorm running means and variances (Keras counts them as non-trainable weights). */
    public long bufferCount() {
        return count(true, false);
    }

    private long count(boolean buffers, boolean trainableOnly) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (isBuffer(p) == buffers && (!trainableOnly || p.requiresGradient())) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    /** Every residual block of the body under its path, in forward order. */
    public Map<String, ResidualBlock> residualBlocks() {
        Map<String, ResidualBlock> out = new LinkedHashMap<>();
        collectResidual(body, "", out);
        return out;
    }

    private static void collectResidual(Block b, String path, Map<String, ResidualBlock> out) {
        if (b instanceof ResidualBlock r) {
            out.put(path, r);
            return;
        }
        var children = b.getChildren();
        for (int i = 0; i < children.size(); i++) {
            String name = ParameterPaths.childName(children, i);
            collectResidual(
                    children.get(i).getValue(), path.isEmpty() ? name : path + "." + name, out);
        }
    }

    /**
     * One row per layer (stages broken into their layers, residual blocks as one row each): name,
     * type, output shape for a batch of one {@link #inputShape()} image, parameters, trainable.
     */
    public Table summary() {
        return ModelSummary.of(this, batchShape(1));
    }

    /** {@link #summary()} for another input shape, e.g. {@code new Shape(1, 3, 32, 32)}. */
    public Table summary(Shape batchShape) {
        return ModelSummary.of(this, batchShape);
    }

    /** Shows {@link #summary()} in the notebook (an HTML table; plain text on a console). */
    public io.github.resnetcourse.kit.notebook.DisplayHandle showSummary() {
        return io.github.resnetcourse.kit.notebook.Tables.show(summary());
    }

    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%s (%,d parameters, %,d trainable, head %s)",
                name(),
                parameterCount(),
                trainableParameterCount(),
                headRecipe);
    }
}
