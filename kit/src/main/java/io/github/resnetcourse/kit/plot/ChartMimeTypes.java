package io.github.resnetcourse.kit.plot;

/**
 * Which representations a chart output carries besides {@code text/plain}. Set once per session
 * with {@link Charts#setMimeTypes}.
 */
public enum ChartMimeTypes {
    /**
     * {@code text/html} only, drawn with the kit's offline plotly.js (the default). Safe with any
     * kernel: JupyterLab, Notebook 7 and the HTML export all draw it.
     */
    HTML,

    /**
     * {@code application/vnd.plotly.v1+json} as well, drawn by JupyterLab's and Notebook 7's plotly
     * renderer when the plotly package is installed. Only for a kernel that publishes JSON MIME
     * types as JSON objects: JupyterLab fails to open a notebook whose plotly output is a string.
     */
    PLOTLY_JSON_AND_HTML
}
