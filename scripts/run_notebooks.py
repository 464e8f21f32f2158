#!/usr/bin/env python3
"""Execute course notebooks headless through Jupyter's own client (nbclient) and export HTML.

Every notebook runs in a fresh kernel with COURSE_MODE set (smoke, laptop or full), in the notebooks'
folder, under a time budget for the whole notebook. A notebook fails when a cell raises, when any
cell writes to stderr (the kit logs to stdout; stderr means something went wrong), or when the
budget runs out, and when the executed notebook is larger than 1 MB (a chart or an image that
embeds megabytes makes lessons slow to open and to hand in). The executed .ipynb and an HTML export
(scripts/course_html.py: interactive charts and math, offline) land in --out, even for a failed run,
and a summary.json records what happened, with the 1-minute load average before and after each
notebook (a shared machine's timings are upper bounds; the load says how shared it was).

    run_notebooks.py [--mode smoke|laptop|full] [--out DIR] [--timeout SEC] [--kernel NAME]
                     [--no-preload] NB.ipynb...

--no-preload starts the course kernel with COURSE_KERNEL_PRELOAD=none: no kit imports before the
first cell, as under a stock IJava/JJava kernel, so each notebook must import what it uses.

Exit status: 0 when every notebook passed, 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    import nbconvert  # noqa: F401  (course_html uses it)
except ImportError as e:  # pragma: no cover - depends on the environment
    print(f"error: {e.name} is not installed for {sys.executable}.")
    print("       Run ./course setup (it installs nbclient and nbconvert into .venv).")
    sys.exit(2)

import course_html  # noqa: E402  (next to this script)

# Seconds per notebook; 0 = no limit. Laptop mode's budget is 30 minutes per lesson on 2 cores
# (docs/run-modes.md); the timeout leaves room for a loaded machine and still stops a runaway run.
DEFAULT_BUDGET = {"smoke": 300, "laptop": 3600, "full": 0}
MAX_SNIPPET = 600
MAX_EXECUTED_BYTES = 1_000_000  # an executed lesson with its charts, tables and image grids


@dataclass
class Result:
    notebook: str
    status: str  # "passed" or "failed"
    seconds: float
    problems: list[str] = field(default_factory=list)
    executed: str = ""
    html: str = ""
    executed_bytes: int = 0
    load_before: float = 0.0
    load_after: float = 0.0


def problems_in(nb) -> list[str]:
    """Error outputs and stderr streams, each as 'cell N: text'."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                text = f"{out.get('ename')}: {out.get('evalue')}"
            elif kind == "stream" and out.get("name") == "stderr":
                text = "stderr: " + "".join(out.get("text", ""))
            else:
                continue
            found.append(f"cell {index}: {text.strip()[:MAX_SNIPPET]}")
    return found


def run_one(path: Path, mode: str, out_dir: Path, budget: int, kernel: str | None) -> Result:
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    deadline = start + budget if budget > 0 else None

    def remaining(_cell) -> int:
        # nbclient asks before each cell, so the whole notebook shares one budget.
        if deadline is None:
            return None
        return max(1, int(deadline - time.monotonic()))

    client = NotebookClient(
        nb,
        timeout=None,
        timeout_func=remaining,
        startup_timeout=120,
        kernel_name=kernel or nb.metadata.get("kernelspec", {}).get("name", ""),
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
        record_timing=True,
    )
    problems: list[str] = []
    try:
        client.execute()
    except CellTimeoutError:
        problems.append(f"over the {budget} s budget for this notebook (--timeout to change it)")
    except DeadKernelError as e:
        problems.append(f"the kernel died: {e}")
    except CellExecutionError:
        pass  # the error output is in the notebook; problems_in reports it
    except Exception as e:  # kernel missing, bad notebook: report, keep going with the others
        problems.append(f"{type(e).__name__}: {str(e).strip()[:MAX_SNIPPET]}")
    seconds = time.monotonic() - start
    problems = problems_in(nb) + problems

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    html = out_dir / (path.stem + ".html")
    nb.metadata.setdefault("course", {})["run"] = {"mode": mode, "seconds": round(seconds, 1)}
    nbformat.write(nb, executed)
    size = executed.stat().st_size
    if size > MAX_EXECUTED_BYTES:
        problems.append(
            f"the executed notebook is {size:,} bytes, over the {MAX_EXECUTED_BYTES:,}-byte limit: "
            f"{largest_outputs(nb)}")
    html.write_text(course_html.export(nb), encoding="utf-8")
    return Result(
        notebook=path.name,
        status="failed" if problems else "passed",
        seconds=round(seconds, 1),
        problems=problems,
        executed=str(executed),
        html=str(html),
        executed_bytes=size,
    )


def largest_outputs(nb, count: int = 3) -> str:
    """The largest outputs, as 'cell N: MIME type (bytes)', to say what made a notebook big."""
    sizes = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            for mime, value in (out.get("data") or {}).items():
                sizes.append((len(json.dumps(value)), index, mime))
    sizes.sort(reverse=True)
    return ", ".join(f"cell {i}: {m} ({n:,} bytes)" for n, i, m in sizes[:count])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--mode", choices=["smoke", "laptop", "full"], default="full")
    parser.add_argument("--out", type=Path, default=Path("out"))
    parser.add_argument(
        "--timeout",
        type=int,
        help="seconds per notebook, 0 for none (default: 300 in smoke mode, 3600 in laptop, none in full)",
    )
    parser.add_argument("--kernel", help="kernel name (default: each notebook's own)")
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="no kit imports preloaded by the course kernel (COURSE_KERNEL_PRELOAD=none)",
    )
    args = parser.parse_args(argv)

    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}")
        return 2
    budget = DEFAULT_BUDGET[args.mode] if args.timeout is None else args.timeout
    os.environ["COURSE_MODE"] = args.mode
    os.environ["COURSE_KERNEL_PRELOAD"] = "none" if args.no_preload else "imports"

    for note in course_html.notes():
        print("note: " + note, flush=True)
    results = []
    for path in args.notebooks:
        preload = ", no preloaded imports" if args.no_preload else ""
        print(f"--> {path.name} ({args.mode} mode{preload})", flush=True)
        load_before = os.getloadavg()[0]
        r = run_one(path.resolve(), args.mode, args.out, budget, args.kernel)
        r.load_before, r.load_after = round(load_before, 2), round(os.getloadavg()[0], 2)
        results.append(r)
        if r.status == "passed":
            print(f"    PASS {r.notebook} in {r.seconds} s, {r.executed_bytes:,} bytes -> {r.html}"
                  f" (load average {r.load_before} before, {r.load_after} after)", flush=True)
        else:
            print(f"    FAIL {r.notebook} after {r.seconds} s (executed copy: {r.executed})", flush=True)
            for p in r.problems:
                print("      " + p.replace("\n", "\n      "), flush=True)

    passed = sum(r.status == "passed" for r in results)
    failed = len(results) - passed
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.json").write_text(
        json.dumps(
            {"mode": args.mode, "passed": passed, "failed": failed,
             "results": [asdict(r) for r in results]},
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"notebooks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
