package io.github.resnetcourse.kit.features;

import ai.djl.nn.Block;
import io.github.resnetcourse.kit.models.ImageClassifier;
import io.github.resnetcourse.kit.models.NamedSequential;
import java.util.List;

/**
 * Where a classifier is cut for caching: the first {@code n} layers of its body run once per image
 * (the frozen part), the rest of the body and the head train on their output (the trainable part).
 * Both parts share the classifier's own layer objects, so what the trainable part learns is in the
 * classifier.
 */
final class BodySplit {
    private final ImageClassifier model;
    private final int layers;
    private final Block frozen;
    private final Block trainable;

    private BodySplit(ImageClassifier model, int layers) {
        this.model = model;
        this.layers = layers;
        NamedSequential body = model.body();
        List<String> names = body.names();
        if (layers == names.size()) {
            this.frozen = body;
            this.trainable = model.head();
        } else {
            NamedSequential first = new NamedSequential();
            NamedSequential rest = new NamedSequential();
            for (int i = 0; i < names.size(); i++) {
                (i < layers ? first : rest).add(names.get(i), body.get(names.get(i)));
            }
            this.frozen = first;
            this.trainable = rest.add("head", model.head());
        }
    }

    /**
     * The split after the body's first {@code layers} layers.
     *
     * @throws IllegalArgumentException naming the body's layers when {@code layers} is outside 1 to
     *     their number
     */
    static BodySplit of(ImageClassifier model, int layers) {
        List<String> names = model.body().names();
        if (layers < 1 || layers > names.size()) {
            throw new IllegalArgumentException(
                    "Cannot cache the output of the first "
                            + layers
                            + " layer(s) of "
                            + model.name()
                            + "'s body: it has "
                            + names.size()
                            + " "
                            + names
                            + ".");
        }
        return new BodySplit(model, layers);
    }

    /** The whole body frozen, the head trainable: the usual frozen stage. */
    static BodySplit wholeBody(ImageClassifier model) {
        return of(model, model.body().names().size());
    }

    /** The layers whose output is cached. */
    Block frozen() {
        return frozen;
    }

    /** The layers that train on the cached output: the rest of the body, then the head. */
    Block trainable() {
        return trainable;
    }

    /** Whether the whole body is cached (the trainable part is the head alone). */
    boolean isWholeBody() {
        return layers == model.body().names().size();
    }

    /** The name of the last cached layer, e.g. {@code avgpool}. */
    String lastFrozenLayer() {
        return model.body().names().get(layers - 1);
    }

    /** How many of the body's layers are cached. */
    int layers() {
        return layers;
    }
}
