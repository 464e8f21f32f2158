package io.github.resnetcourse.kit.inspect;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The gradient of the cross-entropy loss with respect to every weight layer (convolutions and the
 * classifier, in forward order) for one batch in training mode — one step of training without the
 * update. Lesson 05 compares a deep plain network with the same network with shortcuts at
 * initialisation: whether the first layers receive a gradient at all is what "vanishing gradients"
 * would mean.
 *
 * <pre>{@code
 * GradientNorms g = GradientNorms.measure(ResNets.cifar(56, Shortcuts.NONE), images, labels);
 * g.table();   // layer, name, ‖∂L/∂W‖
 * }</pre>
 *
 * <p>The model is left as it was: its batch-norm running statistics are restored after the
 * training-mode forward pass and the gradients are zeroed.
 */
public final class GradientNorms {
    private final String model;
    private final List<String> layers;
    private final double[] norms;
    private final double loss;

    private GradientNorms(String model, List<String> layers, double[] norms, double loss) {
        this.model = model;
        this.layers = List.copyOf(layers);
        this.norms = norms;
        this.loss = loss;
    }

    /**
     * Runs {@code images} (N, C, H, W) with integer class {@code labels} (N) through {@code model}
     * in training mode (batch statistics in batch norm, as in a training step), back-propagates the
     * mean cross-entropy of its logits and reads the gradient of every weight layer.
     *
     * @throws IllegalStateException when a weight layer is frozen (it gets no gradient)
     */
    public static GradientNorms measure(ImageClassifier model, NDArray images, NDArray labels) {
        Map<String, Parameter> weights = new LinkedHashMap<>();
        Map<Parameter, NDArray> buffers = new LinkedHashMap<>();
        try (NDManager scope = images.getManager().newSubManager()) {
            for (var e : model.namedParameters().entrySet()) {
                Parameter p = e.getValue();
                if (ImageClassifier.isBuffer(p)) {
                    NDArray saved = p.getArray().duplicate();
                    saved.attach(scope);
                    buffers.put(p, saved);
                } else if (p.getType() == Parameter.Type.WEIGHT
                        && p.getArray().getShape().dimension() >= 2) {
                    weights.put(e.getKey(), p);
                }
            }
            for (var e : weights.entrySet()) {
                if (!e.getValue().requiresGradient()) {
                    throw new IllegalStateException(
                            "Layer '"
                                    + e.getKey()
                                    + "' of "
                                    + model.name()
                                    + " is frozen, so it gets no gradient; call the learner's"
                                    + " unfreeze() before measuring gradient norms.");
                }
            }
            zeroGradients(weights.values());
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray x = images.duplicate();
                x.attach(scope);
                ParameterStore store = new ParameterStore(scope, false);
                NDArray logits =
                        model.block().forward(store, new NDList(x), true).singletonOrThrow();
                NDArray l = crossEntropy(logits, labels);
                collector.backward(l);
                loss = l.getFloat();
            }
            double[] norms = new double[weights.size()];
            int i = 0;
            for (Parameter p : weights.values()) {
                try (NDArray g = p.getArray().getGradient();
                        NDArray d = g.toType(DataType.FLOAT64, true);
                        NDArray sq = d.square();
                        NDArray s = sq.sum()) {
                    norms[i++] = Math.sqrt(s.getDouble());
                }
            }
            zeroGradients(weights.values());
            buffers.forEach((p, saved) -> p.getArray().set(saved.toByteBuffer()));
            return new GradientNorms(model.name(), new ArrayList<>(weights.keySet()), norms, loss);
        }
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        long classes = logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot((int) classes);
        return logp.mul(oneHot).sum().neg().div(logits.getShape().get(0));
    }

    private static void zeroGradients(Iterable<Parameter> params) {
        for (Parameter p : params) {
            NDArray w = p.getArray();
            if (w.hasGradient()) {
                try (NDArray g = w.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** The measured model's name. */
    public String model() {
        return model;
    }

    /** The weight layers' parameter names in forward order ({@code conv1.weight} …). */
    public List<String> layers() {
        return layers;
    }

    /** ‖∂L/∂W‖ (Frobenius) of every weight layer in forward order. */
    public double[] norms() {
        return norms.clone();
    }

    /** The batch's mean cross-entropy. */
    public double loss() {
        return loss;
    }

    /**
     * The first layer's gradient norm divided by the last layer's: far below 1 means the gradient
     * shrinks on its way back to the input.
     */
    public double firstToLast() {
        return norms[0] / norms[norms.length - 1];
    }

    /** One row per weight layer: its number from 1, its name and ‖∂L/∂W‖. */
    public Table table() {
        IntColumn layer = IntColumn.create("layer");
        StringColumn name = StringColumn.create("parameter");
        DoubleColumn norm = DoubleColumn.create("‖∂L/∂W‖");
        for (int i = 0; i < norms.length; i++) {
            layer.append(i + 1);
            name.append(layers.get(i));
            norm.append(norms[i]);
        }
        return Table.create("Gradient norms of " + model, layer, name, norm);
    }
}
