package io.github.resnetcourse.kernel.output;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Tables;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Turns a Java value into Jupyter display data. A kit {@link MimeBundle} brings all its MIME types
 * (a chart's HTML and its plain-text fallback); a tablesaw {@link Table} becomes an HTML table; a
 * {@link DisplayData} is shown as it is; anything else goes through the base kernel's renderers
 * (images, URLs) and falls back to {@code toString()} as {@code text/plain}.
 */
public final class Rendering {
    private final Renderer renderer;

    /** Creates the rendering on the base kernel's {@code renderer}. */
    public Rendering(Renderer renderer) {
        this.renderer = renderer;
    }

    /** Renders {@code value}; when {@code mimeTypes} are given, only those (plus text/plain). */
    public DisplayData render(Object value, String... mimeTypes) {
        if (value instanceof MimeBundle bundle) {
            return fromBundle(bundle, mimeTypes);
        }
        if (value instanceof DisplayData data) {
            return new DisplayData(data);
        }
        if (value instanceof Table table) {
            return fromBundle(Tables.bundle(table), mimeTypes);
        }
        return mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
    }

    /**
     * The display data of {@code bundle}, restricted to {@code mimeTypes} when any are given.
     *
     * <p>JSON MIME types ({@code application/json}, {@code application/vnd.plotly.v1+json}, any
     * {@code +json}) are sent as JSON objects, as the notebook format requires: JupyterLab refuses
     * to open a notebook whose plotly output is a string. Content that is not valid JSON is left
     * out, with a warning on stderr, so one bad representation does not hide the others.
     */
    public static DisplayData fromBundle(MimeBundle bundle, String... mimeTypes) {
        List<String> wanted = Arrays.asList(mimeTypes);
        DisplayData data = new DisplayData();
        for (Map.Entry<String, String> e : bundle.data().entrySet()) {
            String mime = e.getKey();
            if (!wanted.isEmpty() && !wanted.contains(mime) && !mime.equals(MimeBundle.TEXT)) {
                continue;
            }
            if (isJson(mime)) {
                try {
                    data.putData(mime, JsonParser.parseString(e.getValue()));
                } catch (JsonParseException bad) {
                    System.err.println(
                            "display: the "
                                    + mime
                                    + " content is not valid JSON and was left out: "
                                    + bad.getMessage());
                }
            } else {
                data.putData(mime, e.getValue());
            }
        }
        return data;
    }

    /** Whether Jupyter expects {@code mime}'s content as a JSON value rather than a string. */
    static boolean isJson(String mime) {
        String m = mime.toLowerCase(java.util.Locale.ROOT);
        return m.equals("application/json") || m.endsWith("+json");
    }
}
