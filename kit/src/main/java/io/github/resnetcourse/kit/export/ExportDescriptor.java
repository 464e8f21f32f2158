package io.github.resnetcourse.kit.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What an export folder's {@value #FILE_NAME} says: enough to rebuild the network before its
 * weights are read (architecture id and head recipe), to prepare inputs as in training (image size,
 * normalisation) and to name the outputs (class names).
 *
 * @param format always {@value #FORMAT}; a reader refuses other values
 * @param architecture the kit's architecture id, e.g. {@code resnet18}
 * @param head the head's recipe, e.g. {@code mlp 256 0.5 20}
 * @param inputShape channels, height, width of one image
 * @param mean per-channel mean the inputs were normalised with
 * @param std per-channel standard deviation the inputs were normalised with
 * @param classNames one name per output, in output order
 */
public record ExportDescriptor(
        String format,
        String architecture,
        String head,
        long[] inputShape,
        float[] mean,
        float[] std,
        List<String> classNames) {

    /** The descriptor's file name inside an export folder. */
    public static final String FILE_NAME = "model.json";

    /** The parameter file's prefix: DJL writes {@code model-0000.params}. */
    public static final String PARAMS_PREFIX = "model";

    /** The format tag this kit writes and reads. */
    public static final String FORMAT = "resnet-course-export/1";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE_NAME), GSON.toJson(this), StandardCharsets.UTF_8);
    }

    static ExportDescriptor read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    folder
                            + " is not an exported model: it has no "
                            + FILE_NAME
                            + ". Export one with InferenceExport.",
                    e);
        }
        ExportDescriptor d;
        try {
            d = GSON.fromJson(text, ExportDescriptor.class);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (d == null || !FORMAT.equals(d.format())) {
            throw new IOException(
                    file
                            + " has format '"
                            + (d == null ? null : d.format())
                            + "'; this kit reads '"
                            + FORMAT
                            + "'.");
        }
        if (d.architecture() == null || d.head() == null || d.inputShape() == null) {
            throw new IOException(
                    file + " lacks 'architecture', 'head' or 'inputShape'; re-export the model.");
        }
        return d;
    }
}
