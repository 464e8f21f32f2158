package io.github.resnetcourse.kit.models;

import java.util.List;

/**
 * A named run of a body's top-level layers that is frozen or unfrozen together ({@code stem},
 * {@code layer1} … {@code layer4} for ResNet v1, {@code conv2} … {@code conv5} for v2, {@code
 * features}/{@code classifier} for AlexNet).
 *
 * @param name the stage's name, also its {@link ParameterGroup}'s (as {@code Learner.freezeThrough}
 *     takes it)
 * @param layers the names of the body's children that belong to it
 */
public record Stage(String name, List<String> layers) {
    /** A stage; {@code layers} is copied. */
    public Stage {
        layers = List.copyOf(layers);
    }

    /** A stage made of one layer of the same name. */
    public static Stage of(String name) {
        return new Stage(name, List.of(name));
    }
}
