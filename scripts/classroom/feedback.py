"""`feedback`: one HTML page per student and assignment: score per question, the reasons, and their
executed notebook — with the hidden tests' code left out (only their failure messages show)."""

from __future__ import annotations

import copy
import html
import json

import nbformat
from nbconvert import HTMLExporter

from classroom import nbmeta, regions
from classroom.layout import Course, write_atomic
from classroom.nbmeta import Kind


def student_view(graded_nb, source_nb):
    """The executed notebook as the student may see it: hidden test code replaced by a placeholder,
    and error tracebacks of test cells cut to their message (a compile error would quote the code)."""
    hidden = {}
    for cell in source_nb.cells:
        m = nbmeta.meta(cell)
        if m and nbmeta.kind(cell) == Kind.TESTS:
            src = nbmeta.normalized_source(cell)
            hidden[m["grade_id"]] = (regions.remove_hidden_tests(src, placeholder=True), regions.hidden_text(src))
    nb = copy.deepcopy(graded_nb)
    for cell in nb.cells:
        gid = (nbmeta.meta(cell) or {}).get("grade_id")
        if gid in hidden:
            visible, secret = hidden[gid]
            cell.source = visible
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    msg = out.get("evalue", "")
                    if any(line in msg for line in secret if len(line) > 8):
                        msg = "a hidden test did not compile or failed"
                    out["evalue"] = msg
                    out["traceback"] = [f"{out.get('ename', 'Error')}: {msg}"]
                elif out.get("output_type") == "stream":
                    text = "".join(out.get("text", ""))
                    for line in secret:
                        if len(line) > 8:
                            text = text.replace(line, "…")
                    out["text"] = text
    return nb


def summary_html(results: dict) -> str:
    rows = []
    for c in results["cells"]:
        if c["kind"] in ("tests", "manual", "task") or c["status"] != "answered":
            pts = f"{c['points']:g} / {c['max_points']:g}" if c["max_points"] else ""
            rows.append(f"<tr><td>{html.escape(c['grade_id'])}</td><td>{html.escape(c['status'])}</td><td>{pts}</td>"
                        f"<td>{html.escape(c['reason'])}</td></tr>")
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in results["notes"]) or "<li>none</li>"
    return (
        f"<section class='classroom-summary'><h1>{html.escape(results['assignment'])}: "
        f"{results['score']:g} / {results['max_score']:g}</h1>"
        f"<p>Student: {html.escape(results['student'])}</p><h2>Notes from the grader</h2><ul>{notes}</ul>"
        "<table border='1' cellpadding='4'><tr><th>cell</th><th>result</th><th>points</th><th>why</th></tr>"
        + "".join(rows) + "</table></section><hr>"
    )


def feedback(course: Course, assignment: str, students: list[str] | None = None) -> list[str]:
    source = nbformat.read(course.source_notebook(assignment), as_version=4)
    written = []
    root = course.root / "autograded"
    if students:
        names = students
    else:
        names = sorted(p.name for p in root.iterdir() if (p / assignment / "results.json").is_file()) if root.is_dir() else []
    for student in names:
        graded_dir = course.autograded_dir(student, assignment)
        results = json.loads((graded_dir / "results.json").read_text())
        nb_path = graded_dir / f"{assignment}.ipynb"
        body = ""
        if nb_path.is_file():
            view = student_view(nbformat.read(nb_path, as_version=4), source)
            body, _ = HTMLExporter().from_notebook_node(view)
        page = body
        summary = summary_html(results)
        page = page.replace("<main>", "<main>" + summary, 1) if "<main>" in page else f"<html><body>{summary}{body}</body></html>"
        out = course.feedback_dir(student, assignment) / f"{assignment}.html"
        write_atomic(out, page)
        written.append(str(out))
    course.make_private()
    return written
