package io.github.resnetcourse.kit.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.ParameterGroup;
import io.github.resnetcourse.kit.models.ParameterGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * What a {@link Learner} works out once, when it is built: the model initialised with a batch of
 * one (shape inference on full-size tensors costs time and memory), the batches per epoch, the
 * learned parameters and their groups, and the precision actually used.
 */
final class LearnerSetup {
    private LearnerSetup() {}

    /** What a peek at the first training batch tells: its input shape and batch size. */
    record FirstBatch(Shape shape, int size) {}

    /**
     * Initialises {@code block} if needed, from {@code inputShape} or the first training batch, and
     * returns the batches per epoch (after {@code cap}) when the data reports its size.
     */
    static OptionalInt initialise(
            Model model, Dataset train, Shape inputShape, NDManager dataManager, Integer cap) {
        Block block = model.getBlock();
        Shape sampleShape = inputShape;
        int batchSize = -1;
        if (sampleShape == null || train instanceof RandomAccessDataset) {
            FirstBatch peek = peek(train, dataManager);
            sampleShape = sampleShape == null ? peek.shape() : sampleShape;
            batchSize = peek.size();
        }
        if (!block.isInitialized()) {
            // Batch of one: shape inference allocates every activation once at this size.
            Shape one = new Shape(1).addAll(sampleShape.slice(1));
            block.initialize(model.getNDManager(), DataType.FLOAT32, one);
        }
        return countBatches(train, batchSize, cap);
    }

    private static FirstBatch peek(Dataset data, NDManager manager) {
        try {
            Iterator<Batch> it = data.getData(manager).iterator();
            if (!it.hasNext()) {
                throw new IllegalArgumentException(
                        "The training data is empty: no batch to learn from. Check the dataset"
                                + " folder or its limit.");
            }
            try (Batch b = it.next()) {
                return new FirstBatch(b.getData().head().getShape(), b.getSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the training data: " + e, e);
        } catch (TranslateException e) {
            throw new IllegalStateException("Could not prepare a training batch: " + e, e);
        }
    }

    private static OptionalInt countBatches(Dataset data, int batchSize, Integer cap) {
        if (!(data instanceof RandomAccessDataset r) || batchSize <= 0) {
            return cap == null ? OptionalInt.empty() : OptionalInt.of(cap);
        }
        long n = (r.size() + batchSize - 1) / batchSize;
        return OptionalInt.of((int) (cap == null ? n : Math.min(n, cap)));
    }

    /** The learned parameters: batch-norm running statistics are buffers, never trained. */
    static List<Parameter> learnable(Block block) {
        List<Parameter> weights = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!ImageClassifier.isBuffer(p.getValue())) {
                weights.add(p.getValue());
            }
        }
        return Collections.unmodifiableList(weights);
    }

    /**
     * The groups the model declares (a kit classifier, a block or model implementing {@link
     * ParameterGroups}), else body/head split by {@code isHeadName}, else none.
     */
    static List<ParameterGroup> parameterGroups(
            ImageClassifier classifier, Model model, Predicate<String> isHeadName) {
        Block block = model.getBlock();
        if (classifier != null) {
            return classifier.parameterGroups();
        }
        if (block instanceof ParameterGroups declared) {
            return declared.parameterGroups();
        }
        if (model instanceof ParameterGroups declared) {
            return declared.parameterGroups();
        }
        if (isHeadName == null) {
            return List.of();
        }
        List<Parameter> head = new ArrayList<>();
        List<Parameter> body = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!ImageClassifier.isBuffer(p.getValue())) {
                (isHeadName.test(p.getKey()) ? head : body).add(p.getValue());
            }
        }
        if (head.isEmpty()) {
            throw new IllegalArgumentException(
                    "optHeadParameters matched no parameter; names are like "
                            + block.getParameters().keys().stream().limit(3).toList()
                            + ".");
        }
        return List.of(new ParameterGroup("body", body), new ParameterGroup("head", head));
    }

    /** The precision the learner trains in: float32, saying why when mixed was asked for. */
    static Precision resolvePrecision(Precision requested, Device device) {
        if (requested == Precision.MIXED) {
            // DJL 0.35's PyTorch engine binds no autocast or GradScaler, so there is no mixed
            // precision to switch on; say so rather than pretend.
            System.out.println(
                    "Mixed precision is unavailable on "
                            + device
                            + ": DJL's PyTorch engine exposes no autocast/GradScaler"
                            + (device.isGpu()
                                    ? " (on a GPU the kit still trains in float32)"
                                    : " and a CPU gains nothing from float16")
                            + ". Training in float32.");
        }
        return Precision.FLOAT32;
    }
}
