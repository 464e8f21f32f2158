package io.github.resnetcourse.kit.export;

import ai.djl.Model;
import io.github.resnetcourse.kit.data.transform.Normalize;
import io.github.resnetcourse.kit.fetch.AtomicFiles;
import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Saves a trained {@link ImageClassifier} for inference: a folder holding DJL's parameter file
 * ({@code model-0000.params}, written by {@link Model#save}) and {@value
 * ExportDescriptor#FILE_NAME}, which names the architecture, the head, the input shape, the
 * normalisation and the class names. {@link ExportedModel#load} rebuilds the network from the
 * descriptor and reads the weights into it, in any JVM with the kit.
 *
 * <p>Why not ONNX or TorchScript, as the seed exports? DJL runs those formats but cannot write them
 * from a network built in Java: its blocks have no graph exporter. A kit-built network is therefore
 * exported as code (the architecture id and head recipe, which the kit turns back into the same
 * blocks) plus weights.
 *
 * <pre>{@code
 * InferenceExport.builder()
 *         .setClassifier(model).setClassNames(names)
 *         .optNormalization(Normalize.IMAGENET)
 *         .build().saveTo(Path.of("export/flowers"));
 * }</pre>
 *
 * <p>The folder is written under a temporary name and renamed into place: an interrupted export
 * leaves no half-written folder.
 */
public final class InferenceExport {
    private final ImageClassifier classifier;
    private final List<String> classNames;
    private final float[] mean;
    private final float[] std;

    private InferenceExport(Builder b) {
        this.classifier = b.classifier;
        this.classNames = b.classNames;
        this.mean = b.mean;
        this.std = b.std;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Writes the export folder {@code folder} (replacing an earlier export there). */
    public Path saveTo(Path folder) throws IOException {
        if (!classifier.name().equals(classifier.architecture().id())) {
            // The export records an architecture id and rebuilds it from the catalogue; a CIFAR
            // network of another depth or shortcut option would come back with other shapes.
            throw new IllegalArgumentException(
                    "Cannot export '"
                            + classifier.name()
                            + "': an export rebuilds its network from the kit's catalogue"
                            + " (Architecture), which has no entry for it. Export one of "
                            + java.util.Arrays.stream(Architecture.values())
                                    .map(Architecture::id)
                                    .toList()
                            + ", or save the weights with Checkpoint instead.");
        }
        String recipe =
                classifier
                        .headRecipe()
                        .recipe()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "The head '"
                                                        + classifier.headRecipe()
                                                        + "' is custom code, which an export"
                                                        + " cannot describe; use Head.linear,"
                                                        + " Head.mlp or Head.linearLogSoftmax."));
        ExportDescriptor descriptor =
                new ExportDescriptor(
                        ExportDescriptor.FORMAT,
                        classifier.architecture().id(),
                        recipe,
                        classifier.inputShape().getShape(),
                        mean,
                        std,
                        classNames);
        return AtomicFiles.writeFolder(
                folder,
                tmp -> {
                    // The classifier's block saved through a model that does not own it: closing
                    // the model must not close the classifier's parameters.
                    try (Model model = Model.newInstance(ExportDescriptor.PARAMS_PREFIX)) {
                        model.setBlock(classifier.block());
                        model.save(tmp, ExportDescriptor.PARAMS_PREFIX);
                    }
                    descriptor.write(tmp);
                });
    }

    /** Builds an {@link InferenceExport}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private ImageClassifier classifier;
        private List<String> classNames;
        private float[] mean;
        private float[] std;

        private Builder() {}

        /** The trained classifier to export (architecture from the kit, head from a recipe). */
        public Builder setClassifier(ImageClassifier value) {
            this.classifier = Objects.requireNonNull(value, "classifier");
            return this;
        }

        /** One name per output class, in output order. */
        public Builder setClassNames(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /** The normalisation the inputs went through in training (recorded, not applied). */
        public Builder optNormalization(Normalize normalize) {
            this.mean = normalize.mean();
            this.std = normalize.std();
            return this;
        }

        /** Builds the export (checks the class names against the head). */
        public InferenceExport build() {
            if (classifier == null) {
                throw new IllegalStateException("setClassifier(...) is required.");
            }
            if (classNames == null) {
                throw new IllegalStateException("setClassNames(...) is required.");
            }
            int outputs = classifier.headRecipe().classes();
            if (classNames.size() != outputs) {
                throw new IllegalArgumentException(
                        classNames.size()
                                + " class names for a head with "
                                + outputs
                                + " outputs; give exactly one name per output.");
            }
            return new InferenceExport(this);
        }
    }
}
