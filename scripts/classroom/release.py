"""`release`: the student's copy of an assignment, and the manifest the grader checks it against."""

from __future__ import annotations

import copy
import json
import shutil

import nbformat

from classroom import nbmeta, regions
from classroom.layout import Course, write_atomic
from classroom.nbmeta import Kind


class AuthoringError(ValueError):
    """The source notebook breaks a rule; the message lists every problem found."""


def problems(nb) -> list[str]:
    """Everything wrong with a source notebook: schema v3, regions, and the rules of this tool."""
    out = nbmeta.notebook_problems(nb)
    for i, cell in enumerate(nb.cells):
        k = nbmeta.kind(cell)
        where = f"cell {i}" + (f" ('{nbmeta.meta(cell).get('grade_id')}')" if nbmeta.meta(cell) else "")
        src = nbmeta.normalized_source(cell)
        try:
            sol, hid = regions.solution_regions(src, where), regions.hidden_regions(src, where)
        except regions.RegionError as e:
            out.append(str(e))
            continue
        if sol and k not in (Kind.SOLUTION, Kind.MANUAL):
            out.append(f"{where}: has a SOLUTION region but is not a solution cell (students would see the answer)")
        if k == Kind.SOLUTION and cell.cell_type == "code" and not sol:
            out.append(f"{where}: a solution cell without '// BEGIN SOLUTION' ... '// END SOLUTION' (the student would get the answer)")
        if hid and k != Kind.TESTS:
            out.append(f"{where}: has a HIDDEN TESTS region but is not an autograded test cell")
    if not any(nbmeta.kind(c) == Kind.TESTS for c in nb.cells):
        out.append("no autograded test cell (nbgrader: grade true, solution false, with points)")
    return out


def student_cell(cell):
    """The student's version of one source cell."""
    c = copy.deepcopy(cell)
    k = nbmeta.kind(c)
    src = nbmeta.normalized_source(c)
    if k in (Kind.SOLUTION, Kind.MANUAL) and c.cell_type == "code":
        src = regions.stub_solutions(src)
    if k == Kind.TESTS:
        src = regions.remove_hidden_tests(src)
    c.source = src
    if c.cell_type == "code":
        c.outputs, c.execution_count = [], None
    m = nbmeta.meta(c)
    if m:
        m["cell_type"] = c.cell_type
        if k in (Kind.TESTS, Kind.LOCKED):
            m["locked"] = True  # JupyterLab/nbgrader keep these read-only
            m["checksum"] = nbmeta.checksum(c)
        # JupyterLab honours these for read-only cells
        c.metadata["editable"] = k not in (Kind.TESTS, Kind.LOCKED)
        c.metadata["deletable"] = k not in (Kind.TESTS, Kind.LOCKED, Kind.SOLUTION, Kind.MANUAL)
    return c


def manifest_for(source_nb, student_nb, assignment: str) -> dict:
    cells = []
    for src_cell, stu_cell in zip(source_nb.cells, student_nb.cells):
        m = nbmeta.meta(src_cell)
        if not m or not m.get("grade_id"):
            continue
        cells.append(
            {
                "grade_id": m["grade_id"],
                "kind": nbmeta.kind(src_cell).value,
                "points": m.get("points", 0) if m.get("grade") else 0,
                "checksum": nbmeta.checksum(stu_cell),
            }
        )
    course = source_nb.metadata.get("classroom", {})
    return {"assignment": assignment, "cells": cells, "forbidden": course.get("forbidden", [])}


def release(course: Course, assignment: str) -> list[str]:
    """Writes release/ASSIGNMENT/ (the notebook and any data files next to it) and the manifest.
    Returns what it wrote."""
    path = course.source_notebook(assignment)
    nb = nbformat.read(path, as_version=4)
    found = problems(nb)
    if found:
        raise AuthoringError(f"{path} cannot be released:\n  " + "\n  ".join(found))
    student = copy.deepcopy(nb)
    student.cells = [student_cell(c) for c in nb.cells]
    student.metadata.pop("classroom", None)  # the forbidden list is the grader's business
    out_dir = course.release_dir(assignment)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for extra in path.parent.iterdir():  # data files the assignment reads travel with it
        if extra.is_file() and extra.suffix != ".ipynb" and not extra.name.startswith("."):
            shutil.copy2(extra, out_dir / extra.name)
    out = out_dir / path.name
    write_atomic(out, nbformat.writes(student))
    write_atomic(course.manifest(assignment), json.dumps(manifest_for(nb, student, assignment), indent=1))
    course.make_private()
    return [str(out), str(course.manifest(assignment))]
