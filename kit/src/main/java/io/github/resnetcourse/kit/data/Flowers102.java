package io.github.resnetcourse.kit.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Flowers-102 in the seed's layout: {@code flower_data/{train,valid}/<class id>/*.jpg} and {@code
 * flower_data/cat_to_name.json}. Labels follow torchvision's sorted folder order; {@link
 * ImageFolder#classNames()} gives the flower name of each label — the seed looked names up by label
 * index instead of folder name, which mislabels most classes.
 */
public final class Flowers102 {
    /** The class-name file inside {@code flower_data/}. */
    public static final String NAMES = "cat_to_name.json";

    private Flowers102() {}

    /**
     * A builder for {@code split} (TRAIN or VALID) under {@code root} (the folder holding {@code
     * flower_data/}), with class names read from {@code cat_to_name.json}.
     */
    public static ImageFolder.Builder builder(Path root, Split split) throws IOException {
        if (split == Split.TEST) {
            throw new IllegalArgumentException("Flowers-102 here has TRAIN and VALID splits.");
        }
        DatasetCatalog.requirePresent(DatasetCatalog.FLOWERS102, root);
        Path dir = root.resolve(DatasetCatalog.FLOWERS102.folder());
        return ImageFolder.builder()
                .setRoot(dir.resolve(split == Split.TRAIN ? "train" : "valid"))
                .optClassNames(readNames(dir.resolve(NAMES)))
                .optMissingHint("Fetch it with: " + DatasetCatalog.FLOWERS102.fetchCommand());
    }

    /** Reads a {@code {"21": "fire lily", ...}} file. */
    public static Map<String, String> readNames(Path json) throws IOException {
        try {
            Map<String, String> names =
                    new Gson()
                            .fromJson(
                                    Files.readString(json, StandardCharsets.UTF_8),
                                    new TypeToken<Map<String, String>>() {}.getType());
            if (names == null || names.isEmpty()) {
                throw new IOException(json + " is empty; expected {\"1\": \"pink primrose\", ...}");
            }
            return names;
        } catch (JsonParseException e) {
            throw new IOException(
                    json + " is not a JSON object of class id -> name: " + e.getMessage(), e);
        }
    }
}
