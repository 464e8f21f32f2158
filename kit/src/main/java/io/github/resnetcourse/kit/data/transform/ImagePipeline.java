package io.github.resnetcourse.kit.data.transform;

import io.github.resnetcourse.kit.data.RgbImage;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * torchvision's {@code Compose}: transforms applied in order to a decoded image. Decoding already
 * yields what {@code ToTensor} yields (channels first, values in [0, 1]), so a pipeline starts
 * where torchvision's tensor transforms start and ends in a tensor-ready image.
 */
public final class ImagePipeline implements ImageTransform {
    private final List<ImageTransform> steps;

    private ImagePipeline(List<ImageTransform> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The steps in order. */
    public static ImagePipeline of(ImageTransform... steps) {
        return new ImagePipeline(List.of(steps));
    }

    /** No change (a decoded image as {@code ToTensor} gives it). */
    public static ImagePipeline identity() {
        return new ImagePipeline(List.of());
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        RgbImage out = image;
        for (ImageTransform step : steps) {
            out = step.apply(out, rng);
        }
        return out;
    }

    /** The steps. */
    public List<ImageTransform> steps() {
        return steps;
    }

    /** The last {@link Normalize} step, to undo it for display. */
    public Optional<Normalize> normalization() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Normalize n) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return steps.stream()
                .map(Object::toString)
                .collect(Collectors.joining(",\n  ", "Compose(\n  ToTensor(),\n  ", "\n)"));
    }
}
