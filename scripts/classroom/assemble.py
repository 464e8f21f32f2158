"""The notebook the grader runs: the student's answers in the teacher's frame.

Test and locked cells always come from the source (hidden tests included), whatever the student did
to them; solution cells and the student's own cells come from the submission. Every departure from
the released notebook is recorded as a note the student sees in the feedback:
  - a locked or test cell edited or deleted: the original is restored, no points lost for it;
  - a solution cell deleted: the stub runs in its place (its tests fail);
  - cells reordered: graded in the assignment's order;
  - a call to a reference implementation the assignment forbids: that cell runs as released.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import nbformat

from classroom import nbmeta, regions
from classroom.nbmeta import Kind
from classroom.release import student_cell

_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


@dataclass
class Assembled:
    notebook: object
    notes: list[str] = field(default_factory=list)
    # grade_id -> reason the student's answer in that cell was not used
    replaced: dict[str, str] = field(default_factory=dict)


def forbidden_calls(code: str, forbidden: list[str]) -> list[str]:
    """The forbidden names the code uses, comments aside: 'AlexNets.forCifar' (a qualified name),
    'Pipelines' (any use of a class), '.norms' (a call of that method on anything)."""
    text = _COMMENTS.sub(" ", code)
    found = []
    for name in forbidden:
        if name.startswith("."):
            if re.search(r"\.\s*" + re.escape(name[1:]) + r"\s*\(", text):
                found.append(name[1:] + "()")
            continue
        parts = [re.escape(p) for p in name.split(".")]
        if re.search(r"(?<![\w$])" + r"\s*\.\s*".join(parts) + r"(?![\w$])", text):
            found.append(name)
    return found


def _grade_id(cell):
    m = nbmeta.meta(cell)
    return m.get("grade_id") if isinstance(m, dict) else None


def assemble(source_nb, manifest: dict, submission_nb) -> Assembled:
    expected = {c["grade_id"]: c for c in manifest["cells"]}
    forbidden = manifest.get("forbidden", [])
    notes: list[str] = []
    replaced: dict[str, str] = {}

    # The submission's cells grouped by the known cell they precede: student cells travel with
    # the next graded or locked cell, so reordering keeps a student's helper next to its answer.
    anchors: dict[str, object] = {}
    leading: dict[str, list] = {}
    pending: list = []
    order: list[str] = []
    for cell in submission_nb.cells:
        gid = _grade_id(cell)
        if gid in expected:
            if gid in anchors:
                notes.append(f"cell '{gid}' appears twice; the first copy was graded")
                pending.append(_as_plain(cell))
                continue
            anchors[gid], leading[gid], pending = cell, pending, []
            order.append(gid)
        else:
            pending.append(cell)
    trailing = pending

    source_order = [g for g in (_grade_id(c) for c in source_nb.cells) if g in expected]
    if order != [g for g in source_order if g in anchors]:
        notes.append("cells were moved; the notebook was graded in the assignment's order")

    out = []
    for src in source_nb.cells:
        gid = _grade_id(src)
        if gid not in expected:
            continue  # the student's copies of unmarked cells are in `leading`/`trailing`
        k = Kind(expected[gid]["kind"])
        got = anchors.get(gid)
        for extra in leading.get(gid, []):
            out.append(_student_code(extra, forbidden, notes))
        if k in (Kind.TESTS, Kind.LOCKED, Kind.TASK):
            frame = copy.deepcopy(src)
            frame.source = regions.strip_markers(nbmeta.normalized_source(src))
            if got is None:
                notes.append(f"{k.value} cell '{gid}' was deleted; the original was put back")
            elif nbmeta.checksum(got) != expected[gid]["checksum"] or got.cell_type != src.cell_type:
                notes.append(f"{k.value} cell '{gid}' was edited; the original was put back (edits to it do not count)")
            out.append(_runnable(frame))
        else:  # SOLUTION, MANUAL
            released = student_cell(src)
            if got is None:
                notes.append(f"answer cell '{gid}' was deleted; it was graded as unanswered")
                replaced[gid] = "deleted"
                out.append(_runnable(released))
            elif got.cell_type != src.cell_type:
                notes.append(f"answer cell '{gid}' was changed from {src.cell_type} to {got.cell_type}; graded as unanswered")
                replaced[gid] = "cell type changed"
                out.append(_runnable(released))
            else:
                calls = forbidden_calls(nbmeta.normalized_source(got), forbidden) if got.cell_type == "code" else []
                if calls:
                    why = f"calls {', '.join(calls)}, the kit's reference implementation of this answer"
                    notes.append(f"answer cell '{gid}' {why}; it was graded as unanswered")
                    replaced[gid] = why
                    out.append(_runnable(released))
                else:
                    cell = _runnable(copy.deepcopy(got))
                    cell.metadata["nbgrader"] = copy.deepcopy(src.metadata["nbgrader"])
                    out.append(cell)
    for extra in trailing:
        out.append(_student_code(extra, forbidden, notes))

    nb = copy.deepcopy(source_nb)
    nb.cells = out
    nb.metadata.pop("classroom", None)
    return Assembled(nb, notes, replaced)


def _as_plain(cell):
    c = copy.deepcopy(cell)
    c.metadata.pop("nbgrader", None)
    return c


def _student_code(cell, forbidden: list[str], notes: list[str]):
    """A student's own cell (or an unmarked cell of the release); one that uses a forbidden
    reference implementation is left out, with a note."""
    c = _runnable(_as_plain(cell))
    if c.cell_type == "code":
        calls = forbidden_calls(nbmeta.normalized_source(c), forbidden)
        if calls:
            first = nbmeta.normalized_source(c).split("\n")[0][:60]
            notes.append(f"a cell of yours ('{first}') calls {', '.join(calls)}, the kit's reference implementation; it was not run")
            c.source = "// removed by the grader: calls " + ", ".join(calls)
    return c


def _runnable(cell):
    c = copy.deepcopy(cell)
    c.source = nbmeta.normalized_source(c)
    if c.cell_type == "code":
        c.outputs, c.execution_count = [], None
    # nbformat 4.5 wants an id; give every cell a fresh one (a student's copy may lack or repeat them)
    c.pop("id", None)
    return nbformat.v4.new_code_cell(**_fields(c)) if c.cell_type == "code" else _rebuild(c)


def _fields(c):
    return {"source": c.source, "metadata": c.metadata}


def _rebuild(c):
    make = nbformat.v4.new_markdown_cell if c.cell_type == "markdown" else nbformat.v4.new_raw_cell
    return make(source=c.source, metadata=c.metadata)
