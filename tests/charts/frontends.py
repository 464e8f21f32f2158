#!/usr/bin/env python3
"""Opens a notebook of kit charts in real JupyterLab 4 / Notebook 7 in headless Chromium.

Usage: frontends.py NOTEBOOK.ipynb OUT_DIR [lab|notebook] [present|absent]   (run with the Python that has jupyterlab, notebook and
plotly installed, e.g. the course's .venv)

For each front end (JupyterLab, Notebook 7) and each state of plotly's renderer extension
(present: the native `application/vnd.plotly.v1+json` route; absent: the kit's HTML route with
its offline plotly.js, reached by leaving the plotly MIME type out of the outputs), it starts a private Jupyter server on 127.0.0.1 with its own config/data
folders, trusts the notebook (as executing it would), loads the page in Chromium with no network,
and counts the charts that drew an SVG and the axis titles drawn. Prints one line per case and a
screenshot per case in OUT_DIR; exits 1 if any chart failed to draw.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check import chromium, expected_charts  # noqa: E402

TOKEN = "charts-check"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Jupyter did not answer at {url} within {seconds} s")


def run_case(notebook, out, frontend, extension):
    work = Path(tempfile.mkdtemp(prefix="charts-frontend-"))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_DATA_DIR=str(work / "data"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"))
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    if extension == "absent":
        # What a front end without plotly's renderer sees: no renderer claims the plotly MIME type,
        # so it falls back to text/html. (Disabling the prebuilt extension through page_config is
        # not honoured for mime renderers, so the type is removed from the outputs instead.)
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                output.get("data", {}).pop("application/vnd.plotly.v1+json", None)
    (work / "charts.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    jupyter = [sys.executable, "-m"]
    subprocess.run(jupyter + ["jupyter", "trust", str(work / "charts.ipynb")], env=env, check=True,
                   capture_output=True)
    port = free_port()
    app = "jupyterlab" if frontend == "lab" else "notebook"
    server = subprocess.Popen(
        jupyter + [app, "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
                   f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path = "lab/tree/charts.ipynb" if frontend == "lab" else "notebooks/charts.ipynb"
        url = f"http://127.0.0.1:{port}/{path}?token={TOKEN}"
        wait_up(f"http://127.0.0.1:{port}/api/status?token={TOKEN}")
        base = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--hide-scrollbars", "--virtual-time-budget=40000"]
        dom = subprocess.run(base + ["--window-size=1200,3000", "--dump-dom", url], capture_output=True,
                             text=True, timeout=240).stdout
        shot = out / f"{frontend}-plotly-extension-{extension}.png"
        subprocess.run(base + ["--window-size=1200,2400", f"--screenshot={shot}", url], capture_output=True,
                       timeout=240)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    native = len(re.findall(r'class="[^"]*jp-RenderedPlotly', dom))
    divs = re.split(r'<div [^>]*\bid="resnetcourse_chart_', dom)[1:]
    html_drawn = sum('class="main-svg"' in d.split("<script")[0] or 'class="main-svg"' in d[:4000]
                     for d in divs)
    titles = [re.sub(r"<[^>]+>", "", m) for m in
              re.findall(r'<text class="[xy]\d*title"[^>]*>(.*?)</text>', dom, re.S)]
    expected = expected_charts(notebook)
    want = sorted(t for _, ts in expected if ts for t in ts)
    missing = sorted(set(want) - set(titles))
    return {"frontend": frontend, "plotly extension": extension, "charts": len(expected),
            "drawn natively": native, "drawn by the kit's HTML": html_drawn,
            "missing axis titles": missing, "screenshot": str(shot)}


def main():
    notebook, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    frontends = sys.argv[3:4] or ["lab", "notebook"]
    extensions = sys.argv[4:5] or ["present", "absent"]
    results = []
    for frontend in frontends:
        for extension in extensions:
            r = run_case(notebook, out, frontend, extension)
            print(json.dumps(r, ensure_ascii=False), flush=True)
            results.append(r)
    (out / "frontends.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    bad = [r for r in results
           if r["drawn natively"] + r["drawn by the kit's HTML"] < r["charts"] or r["missing axis titles"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
