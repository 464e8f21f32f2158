package io.github.resnetcourse.kit.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named part of a model that is frozen, unfrozen and given a learning rate together (fastai's
 * parameter groups from a {@code splitter}): {@code stem}, {@code layer1} … {@code layer4} and
 * {@code fc} for the kit's ResNets. A model only declares its groups ({@link ParameterGroups}); the
 * {@code train.Learner} alone freezes them.
 *
 * @param name the group's name, as {@code Learner.freezeThrough(name)} takes it
 * @param parameters the group's learned parameters (weights, biases, batch-norm scale and shift);
 *     batch-norm running statistics are buffers, never trained, and are not in any group
 */
public record ParameterGroup(String name, List<Parameter> parameters) {
    /** A group; {@code parameters} is copied. */
    public ParameterGroup {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    /** The group of the learned parameters of {@code blocks}. */
    public static ParameterGroup of(String name, Block... blocks) {
        return of(name, List.of(blocks));
    }

    /** The group of the learned parameters of {@code blocks}. */
    public static ParameterGroup of(String name, List<Block> blocks) {
        List<Parameter> learned = new ArrayList<>();
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (!ImageClassifier.isBuffer(p.getValue())) {
                    learned.add(p.getValue());
                }
            }
        }
        return new ParameterGroup(name, learned);
    }

    /** Learned values in the group (the model must be initialised). */
    public long parameterCount() {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
