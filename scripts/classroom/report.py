"""`report`: the gradebook (CSV, one row per student and assignment) and a summary per assignment."""

from __future__ import annotations

import csv
import io
import json
from statistics import mean, median

from classroom.layout import Course, write_atomic

COLUMNS = ["assignment", "student", "score", "max_score", "status", "timestamp", "needs_manual_grading", "notes"]


def rows(course: Course) -> list[dict]:
    out = []
    root = course.root / "autograded"
    if not root.is_dir():
        return out
    for results_file in sorted(root.glob("*/*/results.json")):
        r = json.loads(results_file.read_text())
        stamp = course.submitted_dir(r["student"], r["assignment"]) / "timestamp.txt"
        cells = {c["grade_id"]: c["points"] for c in r["cells"] if c["max_points"]}
        out.append({
            "assignment": r["assignment"], "student": r["student"], "score": f"{r['score']:g}",
            "max_score": f"{r['max_score']:g}", "status": r["status"],
            "timestamp": stamp.read_text().strip() if stamp.is_file() else "",
            "needs_manual_grading": "yes" if r.get("needs_manual_grading") else "no",
            "notes": " | ".join(r["notes"]), **{f"cell:{k}": f"{v:g}" for k, v in cells.items()},
        })
    return sorted(out, key=lambda r: (r["assignment"], r["student"]))


def write_gradebook(course: Course) -> tuple[str, list[dict]]:
    data = rows(course)
    extra = sorted({k for r in data for k in r if k.startswith("cell:")})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS + extra, restval="")
    w.writeheader()
    w.writerows(data)
    write_atomic(course.gradebook(), buf.getvalue())
    return str(course.gradebook()), data


def summary(data: list[dict]) -> list[str]:
    lines = []
    for a in sorted({r["assignment"] for r in data}):
        scores = [float(r["score"]) for r in data if r["assignment"] == a]
        top = max(float(r["max_score"]) for r in data if r["assignment"] == a)
        failed = sum(r["status"] != "graded" for r in data if r["assignment"] == a)
        lines.append(f"{a}: {len(scores)} submission(s), mean {mean(scores):.2f}, median {median(scores):g}, "
                     f"max {max(scores):g} of {top:g}" + (f", {failed} not graded (see notes)" if failed else ""))
    return lines
