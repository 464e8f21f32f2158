package io.github.resnetcourse.kit.plot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.notebook.DisplaySink;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A display sink that keeps what a notebook front end keeps: one code cell per {@link #cell}, its
 * outputs in order, updates replacing the output they name. {@link #write} saves the result as a
 * real nbformat 4 {@code .ipynb}, JSON MIME types as JSON (as a Jupyter kernel sends them).
 */
final class RecordingNotebook implements DisplaySink {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final List<String> sources = new ArrayList<>();
    private final List<Map<String, MimeBundle>> outputs = new ArrayList<>();
    private int ids;

    /** Starts a new code cell whose source is {@code source}. */
    void cell(String source) {
        sources.add(source);
        outputs.add(new LinkedHashMap<>());
    }

    @Override
    public String display(MimeBundle bundle) {
        if (outputs.isEmpty()) {
            cell("// (output before any cell)");
        }
        String id = "display-" + (++ids);
        outputs.get(outputs.size() - 1).put(id, bundle);
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        for (Map<String, MimeBundle> cell : outputs) {
            cell.replace(id, bundle);
        }
    }

    /** Every bundle currently shown, in order. */
    List<MimeBundle> shown() {
        List<MimeBundle> all = new ArrayList<>();
        outputs.forEach(c -> all.addAll(c.values()));
        return all;
    }

    /** Saves the cells and outputs as an nbformat 4.5 notebook (atomically). */
    void write(Path file) throws IOException {
        JsonArray cells = new JsonArray();
        for (int i = 0; i < sources.size(); i++) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.addProperty("id", "cell-" + i);
            cell.addProperty("execution_count", i + 1);
            cell.add("metadata", new JsonObject());
            cell.addProperty("source", sources.get(i));
            JsonArray outs = new JsonArray();
            for (MimeBundle b : outputs.get(i).values()) {
                JsonObject o = new JsonObject();
                o.addProperty("output_type", "display_data");
                JsonObject data = new JsonObject();
                b.data()
                        .forEach(
                                (mime, content) -> {
                                    if (mime.endsWith("json")) {
                                        data.add(mime, JsonParser.parseString(content));
                                    } else {
                                        data.addProperty(mime, content);
                                    }
                                });
                o.add("data", data);
                o.add("metadata", new JsonObject());
                outs.add(o);
            }
            cell.add("outputs", outs);
            cells.add(cell);
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        JsonObject meta = new JsonObject();
        JsonObject spec = new JsonObject();
        spec.addProperty("name", "java");
        spec.addProperty("display_name", "Java");
        spec.addProperty("language", "java");
        meta.add("kernelspec", spec);
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        meta.add("language_info", lang);
        nb.add("metadata", meta);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, GSON.toJson(nb), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
