package io.github.resnetcourse.kit.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One rich output: the same content in several MIME types ({@code text/html}, {@code image/png} as
 * base64, ...) plus the {@code text/plain} fallback every front end can show. Immutable.
 */
public final class MimeBundle {
    /** Plain text, shown by consoles and by front ends that render nothing richer. */
    public static final String TEXT = "text/plain";

    /** HTML, rendered by JupyterLab, the classic Notebook and the HTML export. */
    public static final String HTML = "text/html";

    /** A base64-encoded PNG image; also shown by GitHub's notebook viewer. */
    public static final String PNG = "image/png";

    /** A base64-encoded JPEG image, for photographs; also shown by GitHub's notebook viewer. */
    public static final String JPEG = "image/jpeg";

    /** An SVG image (XML text); shown by JupyterLab, nbconvert, GitHub and nbviewer. */
    public static final String SVG = "image/svg+xml";

    /** Markdown. */
    public static final String MARKDOWN = "text/markdown";

    private final Map<String, String> data;

    private MimeBundle(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A bundle with a single representation; {@code text/plain} is added as {@code plain}. */
    public static MimeBundle of(String mime, String content, String plain) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Objects.requireNonNull(mime, "mime"), Objects.requireNonNull(content, "content"));
        m.putIfAbsent(TEXT, Objects.requireNonNull(plain, "plain"));
        return new MimeBundle(m);
    }

    /** Plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, Objects.requireNonNull(text, "text")));
    }

    /** HTML with a plain-text fallback for consoles. */
    public static MimeBundle html(String html, String plain) {
        return of(HTML, html, plain);
    }

    /** A copy with one more representation. */
    public MimeBundle with(String mime, String content) {
        Map<String, String> m = new LinkedHashMap<>(data);
        m.put(mime, content);
        return new MimeBundle(m);
    }

    /** MIME type to content; always contains {@code text/plain}. */
    public Map<String, String> data() {
        return data;
    }

    /** The plain-text representation. */
    public String plain() {
        return data.getOrDefault(TEXT, "");
    }

    @Override
    public String toString() {
        return plain();
    }
}
