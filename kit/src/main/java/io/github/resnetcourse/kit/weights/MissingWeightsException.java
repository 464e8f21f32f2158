package io.github.resnetcourse.kit.weights;

import java.nio.file.Path;

/** Pretrained weights that are not on disk yet; the message gives the command that fetches them. */
public class MissingWeightsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The message for {@code weights} missing at {@code file}. */
    public MissingWeightsException(Weights weights, Path file) {
        super(
                "The pretrained weights "
                        + weights.name()
                        + " ("
                        + weights.fileName()
                        + ", "
                        + weights.sizeText()
                        + ") are not at "
                        + file
                        + ". Fetch them once with:\n  "
                        + weights.fetchCommand()
                        + "\n(or download "
                        + weights.url()
                        + " into "
                        + file.getParent()
                        + ")");
    }
}
