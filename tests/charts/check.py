#!/usr/bin/env python3
"""Renders a notebook of kit charts in headless Chromium and checks that every chart drew.

Usage: check.py NOTEBOOK.ipynb OUT_DIR

1. Exports the notebook with nbconvert's HTML exporter (the default "lab" template), as a student
   or CI would: `python -m nbconvert --to html`.
2. Makes a second page with a stub RequireJS (`define.amd`) loaded first, as the classic Notebook
   and nbconvert's templates do when require.js is reachable: plotly.js must not register itself as
   an AMD module (it would then never set window.Plotly).
3. Loads both pages in headless Chromium with no network, dumps the DOM after the scripts ran and
   checks, for each chart output: an <svg class="main-svg"> was drawn, and every axis title of the
   figure's JSON appears as an axis title in the SVG. Also checks that window.Plotly is plotly.js
   2.35.3 and that nothing called define().
4. Saves a full-page screenshot (OUT_DIR/charts.png) to look at.

Exits 1 naming each chart that failed.
"""
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

PLOTLY_MIME = "application/vnd.plotly.v1+json"
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
        "--hide-scrollbars", "--virtual-time-budget=20000", "--window-size=1000,900", *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def expected_charts(notebook):
    """For every chart output in order: (label, expected axis titles or None for tablesaw)."""
    charts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            page = "".join(data.get("text/html", ""))
            if "resnetcourse-chart" not in page or 'class="resnetcourse-chart"' not in page:
                continue
            label = "".join(cell["source"]).strip()
            fig = data.get(PLOTLY_MIME)
            if isinstance(fig, str):  # a kernel that sent the JSON type as a string
                fig = json.loads(fig)
            if fig is None:
                charts.append((label, None))
                continue
            titles = set()
            for key, axis in fig["layout"].items():
                if re.fullmatch(r"[xy]axis\d*", key) and axis.get("visible", True):
                    text = (axis.get("title") or {}).get("text")
                    if text:
                        titles.add(text)
            charts.append((label, titles))
    return charts


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
    page = out / "charts.html"
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--log-level=WARN",
                    "--output-dir", str(out), "--output", "charts", str(notebook)], check=True)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    amd_page = out / "charts-requirejs.html"
    amd_page.write_text(text.replace("<head>", "<head>" + AMD_STUB, 1).replace("</body>", PROBE + "</body>", 1),
                        encoding="utf-8")
    failures = check(page, notebook, "nbconvert HTML") + check(amd_page, notebook, "with RequireJS")
    charts = len(expected_charts(notebook))
    shot = out / "charts.png"
    browser(page, f"--window-size=1000,{560 * charts}", f"--screenshot={shot}")
    print(f"screenshot: {shot} ({shot.stat().st_size if shot.exists() else 0} bytes)")
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
