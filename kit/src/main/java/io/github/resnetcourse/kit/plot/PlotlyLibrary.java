package io.github.resnetcourse.kit.plot;

import io.github.resnetcourse.kit.notebook.MimeBundle;
import io.github.resnetcourse.kit.notebook.Notebook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The kit's offline copy of plotly.js and the rule that puts it into a notebook <em>once</em>.
 *
 * <p>The first chart shown in a kernel session is preceded by one hidden output, the <em>carrier
 * </em>, whose HTML holds plotly.js gzipped and base64-encoded (3.2 MB instead of the WebJar's 10.8
 * MB) and a loader that unpacks it in the browser; every chart's HTML waits for {@code
 * window.Plotly}. The carrier is its own output so that live charts, which replace their output
 * every epoch, never drop it. See docs/charts.md for why this design and what each front end does.
 */
public final class PlotlyLibrary {
    /** The plotly.js version the kit draws with in HTML (2.35.x keeps tablesaw's axis titles). */
    public static final String VERSION = "2.35.3";

    private static final String RESOURCE =
            "/META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";
    private static final String LOADER = "plotly-loader.js";

    private static final AtomicBoolean carried = new AtomicBoolean();
    private static volatile String payload;

    private PlotlyLibrary() {}

    /**
     * Shows the carrier unless this session already did, or unless the front end is a console
     * (which renders no HTML). Charts call this before their first output.
     */
    public static void ensureLoaded() {
        if (Notebook.updatesInPlace() && carried.compareAndSet(false, true)) {
            Notebook.show(carrier());
        }
    }

    /**
     * Forgets that the carrier was shown, so the next chart carries plotly.js again: for a notebook
     * whose first chart cell was re-run and saved without it (see docs/charts.md).
     */
    public static void reset() {
        carried.set(false);
    }

    /** The carrier output: hidden HTML that loads plotly.js into the page. */
    public static MimeBundle carrier() {
        String html =
                "<div class=\"resnetcourse-plotly\" style=\"display:none\" data-plotly-version=\""
                        + VERSION
                        + "\"></div>\n<script>\n"
                        + loaderScript()
                        + "(\""
                        + payload()
                        + "\", \""
                        + VERSION
                        + "\");\n</script>";
        return MimeBundle.html(html, "(plotly.js " + VERSION + " for the charts below)");
    }

    /** plotly.js, gzipped at the highest level and base64-encoded (computed once, ~1 s). */
    static String payload() {
        String p = payload;
        if (p == null) {
            synchronized (PlotlyLibrary.class) {
                p = payload;
                if (p == null) {
                    p = Base64.getEncoder().encodeToString(gzip(libraryBytes()));
                    payload = p;
                }
            }
        }
        return p;
    }

    /** The unminified plotly.js from the WebJar {@code org.webjars.npm:plotly.js-dist}. */
    static byte[] libraryBytes() {
        try (InputStream in = PlotlyLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "plotly.js "
                                + VERSION
                                + " is not on the class path (resource "
                                + RESOURCE
                                + "). Add org.webjars.npm:plotly.js-dist:"
                                + VERSION
                                + " (the kit's pom does) or rebuild with ./course setup.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + RESOURCE + " failed", e);
        }
    }

    static String loaderScript() {
        try (InputStream in = PlotlyLibrary.class.getResourceAsStream(LOADER)) {
            if (in == null) {
                throw new IllegalStateException("The kit jar lacks its resource " + LOADER);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + LOADER + " failed", e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4);
        try (GZIPOutputStream gz =
                new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_COMPRESSION);
                    }
                }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
