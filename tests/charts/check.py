#!/usr/bin/env python3
"""Renders a notebook of kit charts in headless Chromium and checks that every chart drew.

Usage: check.py NOTEBOOK.ipynb OUT_DIR

1. Static fallback: every chart output carries an `image/svg+xml` drawn by the kit, well-formed,
   with every axis title of the figure's JSON.
2. Exports the notebook as `./course run` does (scripts/course_html.py: nbconvert's lab template,
   plotly.js and MathJax inlined once), and makes a second page with a stub RequireJS
   (`define.amd`) loaded first, as the classic Notebook and nbconvert's templates do when
   require.js is reachable: plotly.js must not register itself as an AMD module.
3. Loads both pages in headless Chromium with the network cut off, dumps the DOM after the scripts
   ran and checks, for each chart output: plotly.js drew an <svg class="main-svg"> with every axis
   title of the figure's JSON. Also checks that window.Plotly is plotly.js 2.35.3 and that nothing
   called define().
4. Without JavaScript: a plain `python -m nbconvert --to html` (what JupyterLab's "Download as HTML"
   makes) loaded with scripts disabled shows every chart as the kit's static SVG, axis titles in.
5. Math: the course export of a notebook with inline and display LaTeX, network off, shows
   MathJax's typeset output and no raw `$...$`.
6. Saves full-page screenshots (OUT_DIR/charts.png, charts-no-js.png, math.png) to look at.

Exits 1 naming each chart that failed.
"""
import base64
import html
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import course_html  # noqa: E402

PLOTLY_MIME = "application/vnd.plotly.v1+json"
SVG_MIME = "image/svg+xml"
# Every request fails: the pages must work offline (no CDN for plotly.js or MathJax).
OFFLINE = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
           "--host-resolver-rules=MAP * ~NOTFOUND"]
EXPECTED_PLOTLY = "2.35.3"
AMD_STUB = (
    "<script>window.__amdCalls = [];"
    "window.define = function () { window.__amdCalls.push(arguments.length); };"
    "window.define.amd = {}; window.require = window.requirejs = function () {};</script>"
)
PROBE = (
    "<script>setTimeout(function () {"
    "document.body.setAttribute('data-amd-calls', String((window.__amdCalls || []).length));"
    "document.body.setAttribute('data-plotly-version', window.Plotly ? Plotly.version : 'none');"
    "}, 12000);</script>"
)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("Chromium is missing: install it with `./course setup` (Debian: apt-get install chromium).")


def browser(page, *args):
    cmd = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--hide-scrollbars", "--virtual-time-budget=20000", "--window-size=1000,900", *OFFLINE, *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def chart_outputs(notebook):
    """(cell source, output data) of every chart output: kit charts and tablesaw figures."""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            page = "".join(data.get("text/html", ""))
            if PLOTLY_MIME in data or 'class="resnetcourse-chart"' in page:
                yield "".join(cell["source"]).strip(), data


def axis_titles(fig):
    titles = set()
    for key, axis in fig["layout"].items():
        if re.fullmatch(r"[xy]axis\d*", key) and axis.get("visible", True):
            text = (axis.get("title") or {}).get("text")
            if text:
                titles.add(text)
    return titles


def expected_charts(notebook):
    """For every chart output in order: (label, expected axis titles or None for tablesaw)."""
    charts = []
    for label, data in chart_outputs(notebook):
        fig = data.get(PLOTLY_MIME)
        if isinstance(fig, str):  # a kernel that sent the JSON type as a string
            fig = json.loads(fig)
        charts.append((label, None if fig is None else axis_titles(fig)))
    return charts


def svg_titles(svg_text):
    root = ET.fromstring(svg_text)
    return {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")
            if re.fullmatch(r"[xy]\d*title", t.get("class", ""))}


def check_static_fallbacks(notebook):
    """Every kit chart carries a well-formed SVG with its axis titles."""
    failures, count = [], 0
    for label, data in chart_outputs(notebook):
        if PLOTLY_MIME not in data:
            continue
        count += 1
        svg = "".join(data.get(SVG_MIME, ""))
        if not svg:
            failures.append(f"static fallback: `{label}` has no {SVG_MIME}")
            continue
        try:
            found = svg_titles(svg)
        except ET.ParseError as e:
            failures.append(f"static fallback: `{label}` SVG is not well-formed XML: {e}")
            continue
        fig = data[PLOTLY_MIME]
        fig = json.loads(fig) if isinstance(fig, str) else fig
        missing = axis_titles(fig) - found
        if missing:
            failures.append(f"static fallback: `{label}` SVG lacks axis titles {sorted(missing)}")
    print(f"static fallback: {count} chart SVGs, {len(failures)} problems")
    return failures


def check_without_javascript(notebook, out):
    """A plain nbconvert export, scripts off: each kit chart shows as its SVG with axis titles."""
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--log-level=WARN",
                    "--output-dir", str(out), "--output", "charts-plain", str(notebook)], check=True)
    page = out / "charts-plain.html"
    # With scripts off, the page is its HTML as written (Chromium's --dump-dom needs scripts on).
    dom = page.read_text(encoding="utf-8")
    expected = [titles for _, titles in expected_charts(notebook) if titles is not None]
    # nbconvert shows an SVG output as <img src="data:image/svg+xml;base64,...">
    drawn = [base64.b64decode(html.unescape(b)).decode("utf-8")
             for b in re.findall(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', dom)]
    drawn = [svg for svg in drawn if "resnetcourse-static-chart" in svg]
    failures = []
    if len(drawn) != len(expected):
        failures.append(f"without JavaScript: {len(expected)} charts but {len(drawn)} static SVGs shown")
    for titles, svg in zip(expected, drawn):
        found = {html.unescape(m) for m in re.findall(r'<text class="[xy]\d*title"[^>]*>(.*?)</text>', svg, re.S)}
        if not titles <= found:
            failures.append(f"without JavaScript: a chart lacks axis titles {sorted(titles - found)}")
    shot = out / "charts-no-js.png"
    browser(page, f"--window-size=1000,{520 * max(1, len(expected))}",
            f"--screenshot={shot}")
    print(f"without JavaScript: {len(drawn)} static charts, {len(failures)} problems")
    return failures


MATH_CELL = ("The residual block learns $F(x) = H(x) - x$, so $y = F(x, \\{W_i\\}) + x$.\n\n"
             "$$\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}$$")


def check_math(notebook, out):
    """The course export typesets inline and display math offline."""
    import nbformat
    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(MATH_CELL))
    page = out / "math.html"
    page.write_text(course_html.export(nb), encoding="utf-8")
    dom = browser(page, "--dump-dom").stdout
    failures = []
    typeset = len(re.findall(r"<mjx-container[^>]*>", dom))
    display = len(re.findall(r'<mjx-container[^>]*display="true"', dom))
    if typeset < 3 or display < 1:
        failures.append(f"math: {typeset} typeset formulas ({display} display), expected 3 (1 display)")
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S))
    if "\\frac" in text or "$F(x)" in text:
        failures.append("math: raw LaTeX left in the page")
    browser(page, "--window-size=1000,500", f"--screenshot={out / 'math.png'}")
    print(f"math: {typeset} formulas typeset ({display} display), {len(failures)} problems")
    return failures


def drawn_charts(dom):
    """For every chart div in the DOM: (has svg, axis titles found, error text shown)."""
    parts = re.split(r'<div [^>]*\bid="resnetcourse_chart_', dom)[1:]
    found = []
    for part in parts:
        titles = {
            html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
            for m in re.finditer(r'<text class="([xy]\d*title)"[^>]*>(.*?)</text>', part, re.S)
        }
        found.append(('class="main-svg"' in part, titles, "needs plotly.js" in part.split("<script")[0]))
    return found


def check(page, notebook, name):
    result = browser(page, "--dump-dom")
    dom = result.stdout
    failures = []
    if not dom:
        return [f"{name}: Chromium returned no DOM: {result.stderr[-500:]}"]
    version = re.search(r'data-plotly-version="([^"]*)"', dom)
    if not version or version.group(1) != EXPECTED_PLOTLY:
        failures.append(f"{name}: window.Plotly is {version.group(1) if version else 'unknown'}, "
                        f"expected plotly.js {EXPECTED_PLOTLY}")
    amd = re.search(r'data-amd-calls="(\d+)"', dom)
    if amd and amd.group(1) != "0":
        failures.append(f"{name}: plotly.js called define() {amd.group(1)} times (AMD path taken)")
    expected = expected_charts(notebook)
    drawn = drawn_charts(dom)
    if len(drawn) != len(expected):
        failures.append(f"{name}: {len(expected)} chart outputs but {len(drawn)} chart divs in the page")
    for (label, titles), (svg, found, error) in zip(expected, drawn):
        if not svg or error:
            failures.append(f"{name}: `{label}` drew no chart" + (" (plotly.js not loaded)" if error else ""))
        elif titles is None:
            if not any(found):
                failures.append(f"{name}: `{label}` (tablesaw) drew no axis titles")
        elif not titles <= found:
            failures.append(f"{name}: `{label}` lacks axis titles {sorted(titles - found)} (drew {sorted(found)})")
    print(f"{name}: {len(drawn)} charts, plotly.js {version.group(1) if version else '?'}, "
          f"define() calls {amd.group(1) if amd else 'n/a'}, {len(failures)} problems")
    return failures


def main():
    notebook, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    failures = check_static_fallbacks(notebook)
    page = out / "charts.html"
    import nbformat
    text = course_html.export(nbformat.read(str(notebook), as_version=4))
    page.write_text(text.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    amd_page = out / "charts-requirejs.html"
    amd_page.write_text(text.replace("<head>", "<head>" + AMD_STUB, 1).replace("</body>", PROBE + "</body>", 1),
                        encoding="utf-8")
    failures += check(page, notebook, "course HTML export") + check(amd_page, notebook, "with RequireJS")
    failures += check_without_javascript(notebook, out)
    failures += check_math(notebook, out)
    charts = len(expected_charts(notebook))
    shot = out / "charts.png"
    browser(page, f"--window-size=1000,{560 * charts}", f"--screenshot={shot}")
    print(f"screenshot: {shot} ({shot.stat().st_size if shot.exists() else 0} bytes)")
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
