"""The course's HTML export of a notebook: nbconvert's lab template, readable offline.

`./course run` writes one HTML page per executed lesson with `export(nb)`. Compared with a plain
`jupyter nbconvert --to html` (which shows the charts' static SVGs and leaves math to a CDN):

- Charts are interactive: every output that carries plotly's JSON (`application/vnd.plotly.v1+json`,
  what the kit's `Charts.show` sends) is drawn by plotly.js, which the page carries once (the kit's
  plotly.js from the WebJar, gzipped + base64, unpacked by the kit's own loader). The chart's static
  SVG stays inside its <div> until plotly.js has drawn, so the chart shows even without JavaScript.
- Math renders offline: MathJax 3 (`tex-svg-full.js`, one self-contained file that ./course setup
  installs with npm into scripts/export/node_modules) is inlined instead of the CDN link.

Nothing here needs the network. Missing pieces degrade, with a note on stdout: no plotly.js leaves
the static SVGs, no MathJax leaves the LaTeX source.
"""
from __future__ import annotations

import base64
import copy
import gzip
import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SVG_MIME = "image/svg+xml"
MATHJAX = ROOT / "scripts" / "export" / "node_modules" / "mathjax" / "es5" / "tex-svg-full.js"
PLOTLY_LOADER = ROOT / "kit" / "src" / "main" / "resources" / "io" / "github" / "resnetcourse" / "kit" / "plot" / "plotly-loader.js"
MATHJAX_SENTINEL = "COURSE_INLINE_MATHJAX"

# The configuration nbconvert's MathJax 2 block sets, in MathJax 3's form.
MATHJAX_CONFIG = """window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  svg: {fontCache: 'global'},
  startup: {typeset: true}
};"""


def notes() -> list[str]:
    """What this export cannot do on this machine, one line each (empty when complete)."""
    out = []
    if plotly_carrier() is None:
        out.append("HTML export: plotly.js not found (run ./course setup); charts stay static SVGs")
    if not MATHJAX.is_file():
        out.append(f"HTML export: {MATHJAX.relative_to(ROOT)} missing (run ./course setup); math stays LaTeX")
    return out


def export(nb) -> str:
    """The notebook node `nb` as one self-contained HTML page (`nb` is not changed)."""
    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    charts = _interactive_charts(nb)
    body, _ = HTMLExporter(mathjax_url=MATHJAX_SENTINEL).from_notebook_node(nb)
    body = _inline_mathjax(body)
    carrier = plotly_carrier() if charts else None
    if carrier:
        body = body.replace("</head>", carrier + "\n</head>", 1)
    return body


def _script(source: str) -> str:
    # "</script" inside an inline script would end it early.
    return "<script>\n" + source.replace("</script", "<\\/script") + "\n</script>"


def _inline_mathjax(body: str) -> str:
    start = body.find("<!-- Load mathjax -->")
    end = body.find("<!-- End of mathjax configuration -->")
    if start < 0 or end < 0:
        return body
    end += len("<!-- End of mathjax configuration -->")
    block = ""
    if MATHJAX.is_file():
        block = _script(MATHJAX_CONFIG) + "\n" + _script(MATHJAX.read_text(encoding="utf-8"))
    return body[:start] + block + body[end:]


@lru_cache(maxsize=1)
def plotly_carrier() -> str | None:
    """A <script> that loads the kit's plotly.js into the page once (None when not found)."""
    found = _webjar_plotly()
    if found is None or not PLOTLY_LOADER.is_file():
        return None
    source, version = found
    payload = base64.b64encode(gzip.compress(source, 9)).decode("ascii")
    loader = PLOTLY_LOADER.read_text(encoding="utf-8").strip()
    return _script(f'{loader}("{payload}", "{version}");')


def _webjar_plotly():
    """plotly.js and its version from the WebJar the kit depends on (kernel/target/lib or ~/.m2)."""
    candidates = sorted((ROOT / "kernel" / "target" / "lib").glob("plotly.js-dist-*.jar"))
    candidates += sorted((Path.home() / ".m2" / "repository" / "org" / "webjars" / "npm" / "plotly.js-dist").glob("*/plotly.js-dist-*.jar"))
    for jar in candidates:
        try:
            with zipfile.ZipFile(jar) as z:
                for name in z.namelist():
                    m = re.search(r"plotly\.js-dist/([^/]+)/plotly\.js$", name)
                    if m:
                        return z.read(name), m.group(1)
        except (OSError, zipfile.BadZipFile):
            continue
    return None


def _interactive_charts(nb) -> int:
    """Gives every plotly output an HTML form: its static SVG, replaced by plotly.js once loaded."""
    count = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            fig = data.get(PLOTLY_MIME)
            if fig is None or "text/html" in data:
                continue
            if isinstance(fig, str):
                fig = json.loads(fig)
            count += 1
            svg = data.get(SVG_MIME, "")
            svg = "".join(svg) if isinstance(svg, list) else svg
            height = (fig.get("layout") or {}).get("height", 450)
            chart_id = f"resnetcourse_chart_export_{count}"
            figure = json.dumps(fig).replace("</", "<\\/")
            data["text/html"] = (
                f'<div id="{chart_id}" class="resnetcourse-chart" style="width:100%;min-height:{height}px">'
                f"{svg}</div>\n"
                "<script>\n(function () {\n"
                f"var fig = {figure}, id = '{chart_id}', tries = 0;\n"
                "function wait() {\n"
                "  if (window.Plotly) { var el = document.getElementById(id); el.textContent = '';\n"
                "    window.Plotly.newPlot(el, fig.data, fig.layout, fig.config || {}); return; }\n"
                "  if (tries++ < 300 && !window.__resnetcoursePlotlyError) { setTimeout(wait, 200); }\n"
                "}\nwait();\n})();\n</script>"
            )
    return count
