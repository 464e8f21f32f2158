package io.github.resnetcourse.kit.export;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import io.github.resnetcourse.kit.engine.ChannelsLast;
import io.github.resnetcourse.kit.eval.Prediction;
import io.github.resnetcourse.kit.eval.Predictions;
import io.github.resnetcourse.kit.models.Architecture;
import io.github.resnetcourse.kit.models.Head;
import io.github.resnetcourse.kit.models.ImageClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model loaded from an {@link InferenceExport} folder: the network rebuilt from the descriptor,
 * the weights read from DJL's parameter file, ready to predict. Close it to free the weights.
 *
 * <pre>{@code
 * try (ExportedModel m = ExportedModel.load(Path.of("export/flowers"))) {
 *     List<Prediction> p = m.predict(images, 3);   // images normalised as m.descriptor() says
 * }
 * }</pre>
 */
public final class ExportedModel implements AutoCloseable {
    private final ExportDescriptor descriptor;
    private final ImageClassifier base;
    private final ImageClassifier classifier;

    /** Owns the loaded weights: DJL puts the arrays it reads in the model's manager. */
    private final Model model;

    private ExportedModel(
            ExportDescriptor descriptor, ImageClassifier base, ImageClassifier c, Model model) {
        this.descriptor = descriptor;
        this.base = base;
        this.classifier = c;
        this.model = model;
    }

    /** Loads the export in {@code folder}; the error names the folder and what is wrong. */
    public static ExportedModel load(Path folder) throws IOException {
        ExportDescriptor d = ExportDescriptor.read(folder);
        Path params = folder.resolve(ExportDescriptor.PARAMS_PREFIX + "-0000.params");
        if (!Files.isRegularFile(params)) {
            throw new IOException(
                    folder + " has a descriptor but no " + params.getFileName() + "; re-export.");
        }
        Architecture arch;
        try {
            arch = Architecture.byId(d.architecture());
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    folder + ": unknown architecture '" + d.architecture() + "': " + e.getMessage(),
                    e);
        }
        ImageClassifier base = arch.build();
        ImageClassifier c = null;
        Model model = null;
        try {
            c = base.withHead(Head.fromRecipe(d.head()));
            model = c.newModel();
            model.load(folder, ExportDescriptor.PARAMS_PREFIX);
            // DJL's load replaces the weight arrays: lay them out as the engine runs them, as
            // every other weight loader of the kit does.
            ChannelsLast.apply(c.block());
            return new ExportedModel(d, base, c, model);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            if (c != null) {
                c.close();
            }
            base.close();
            throw new IOException(
                    "Could not load the weights of "
                            + folder
                            + " into "
                            + d.architecture()
                            + " with head '"
                            + d.head()
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }

    /** What the export folder says about the model. */
    public ExportDescriptor descriptor() {
        return descriptor;
    }

    /** The class names, in output order. */
    public List<String> classNames() {
        return descriptor.classNames();
    }

    /** The rebuilt classifier (weights loaded). */
    public ImageClassifier classifier() {
        return classifier;
    }

    /** The network's raw outputs for a batch of prepared images (inference mode). */
    public NDArray logits(NDArray images) {
        return classifier.predict(images);
    }

    /** The {@code k} most probable classes of each image, with softmax probabilities. */
    public List<Prediction> predict(NDArray images, int k) {
        Predictions.Output output =
                descriptor.head().startsWith("linearLogSoftmax")
                        ? Predictions.Output.LOG_PROBABILITIES
                        : Predictions.Output.LOGITS;
        return Predictions.of(classifier.block(), images, output, k);
    }

    @Override
    public void close() {
        model.close();
        classifier.close();
        base.close();
    }
}
