package io.github.resnetcourse.kernel.output;

import com.google.gson.JsonParser;
import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a Java value into Jupyter display data. A kit {@link MimeBundle} brings all its MIME types
 * (a chart's HTML and its plain-text fallback); a {@link DisplayData} is shown as it is; anything
 * else goes through the base kernel's renderers (images, URLs) and falls back to {@code toString()}
 * as {@code text/plain}.
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
        return mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
    }

    /** The display data of {@code bundle}, restricted to {@code mimeTypes} when any are given. */
    public static DisplayData fromBundle(MimeBundle bundle, String... mimeTypes) {
        List<String> wanted = Arrays.asList(mimeTypes);
        DisplayData data = new DisplayData();
        for (Map.Entry<String, String> e : bundle.data().entrySet()) {
            if (wanted.isEmpty()
                    || wanted.contains(e.getKey())
                    || e.getKey().equals(MimeBundle.TEXT)) {
                data.putData(e.getKey(), payload(e.getKey(), e.getValue()));
            }
        }
        return data;
    }

    /**
     * JSON MIME types ({@code application/json}, {@code application/vnd.plotly.v1+json}) travel as
     * JSON objects in Jupyter messages; front-end renderers such as jupyterlab-plotly read fields
     * of the object and fail on a string holding it.
     */
    static Object payload(String mime, String content) {
        boolean json = mime.equals("application/json") || mime.endsWith("+json");
        return json ? JsonParser.parseString(content) : content;
    }
}
