package io.github.resnetcourse.kit.plot;

/**
 * Which representations a chart output carries besides {@code text/plain}. Set once per session
 * with {@link Charts#setMimeTypes}.
 */
public enum ChartMimeTypes {
    /**
     * {@code application/vnd.plotly.v1+json}, drawn interactively by JupyterLab's and Notebook 7's
     * plotly renderer (the {@code plotly} package, which the course installs) and by the course's
     * HTML export, plus {@code image/svg+xml}, a static drawing by the kit that shows wherever no
     * JavaScript runs (GitHub, nbviewer, PDF, a plain nbconvert export). The default: a chart
     * output weighs kilobytes, and no notebook carries plotly.js. Needs a kernel that publishes
     * JSON MIME types as JSON objects (the course kernel and the kit's IJava/JJava route do).
     */
    PLOTLY_JSON_AND_SVG,

    /**
     * {@code text/html} drawn with the kit's offline plotly.js, which the first chart of a session
     * carries (3.2 MB in the notebook), plus the static SVG. For a front end with neither the
     * plotly renderer nor the course's export, at the price of a large notebook.
     */
    HTML_AND_SVG
}
