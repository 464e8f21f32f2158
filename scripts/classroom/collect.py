"""`collect`: submissions from a folder (an LMS download, a shared drive) into submitted/STUDENT/A/.

Accepted in FROM, one entry per student:
    FROM/STUDENT/.../ASSIGNMENT.ipynb   a folder per student (files next to the notebook travel too)
    FROM/STUDENT.ipynb                  one notebook per student
Each collected submission gets a timestamp.txt (the notebook's modification time, UTC) as
nbgrader writes. Anything that cannot be matched to a student is reported, never skipped silently.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from classroom.layout import Course, LayoutError, check_name, write_atomic

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Collected:
    students: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _notebook_in(folder: Path, assignment: str) -> Path | None:
    hits = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    named = [p for p in hits if p.stem == assignment]
    if len(named) == 1:
        return named[0]
    if len(hits) == 1:
        return hits[0]
    return None


def collect(course: Course, assignment: str, source: Path, replace: bool = False) -> Collected:
    if not source.is_dir():
        raise LayoutError(f"no folder {source} to collect from")
    course.source_notebook(assignment)  # the assignment must exist
    result = Collected()
    for entry in sorted(source.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            student, nb_path = entry.name, _notebook_in(entry, assignment)
            if nb_path is None:
                result.problems.append(f"{entry}: expected one notebook (named {assignment}.ipynb when there are several); found none or several")
                continue
        elif entry.suffix == ".ipynb":
            student, nb_path = entry.stem, entry
        else:
            result.problems.append(f"{entry}: not a notebook or a student's folder")
            continue
        try:
            check_name(student, "student")
            nbformat.read(nb_path, as_version=4)
        except Exception as e:  # a name we cannot use or a file that is not a notebook
            result.problems.append(f"{nb_path}: {e}")
            continue
        dest = course.submitted_dir(student, assignment)
        if dest.exists():
            if not replace:
                result.problems.append(f"{student}: already collected in {dest} (--replace to collect again)")
                continue
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        shutil.copy2(nb_path, dest / f"{assignment}.ipynb")
        if entry.is_dir():
            for extra in nb_path.parent.iterdir():
                if extra.is_file() and extra.suffix != ".ipynb" and extra.stat().st_size <= MAX_FILE_BYTES:
                    shutil.copy2(extra, dest / extra.name)
        when = dt.datetime.fromtimestamp(nb_path.stat().st_mtime, dt.timezone.utc)
        write_atomic(dest / "timestamp.txt", when.strftime("%Y-%m-%d %H:%M:%S.%f %Z") + "\n")
        result.students.append(student)
    course.make_private()
    return result
