"""Where a course's assignment files live: nbgrader's folder names under one root.

    ROOT/source/ASSIGNMENT/ASSIGNMENT.ipynb           the teacher's notebook (solutions, hidden tests)
    ROOT/release/ASSIGNMENT/ASSIGNMENT.ipynb          the student's copy
    ROOT/submitted/STUDENT/ASSIGNMENT/...             collected submissions (+ timestamp.txt)
    ROOT/autograded/STUDENT/ASSIGNMENT/...            executed notebooks and results.json
    ROOT/feedback/STUDENT/ASSIGNMENT/ASSIGNMENT.html  what a student gets back
    ROOT/gradebook.csv                                one row per student and assignment
    ROOT/.classroom/ASSIGNMENT.json                   what release recorded (checksums, cell order)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
# Folders only the teacher (and the grader) may read: they hold solutions, hidden tests and other
# students' work. The grading kernel runs as another user, so these permissions are what keeps
# student code out of them.
PRIVATE = ("source", "submitted", "autograded", "feedback", ".classroom")


class LayoutError(ValueError):
    pass


def check_name(name: str, what: str) -> str:
    if not _NAME.match(name or ""):
        raise LayoutError(f"'{name}' is not a usable {what} name (letters, digits, '.', '_' and '-'; no spaces or slashes)")
    return name


@dataclass(frozen=True)
class Course:
    root: Path

    def source_dir(self, a: str) -> Path:
        return self.root / "source" / a

    def source_notebook(self, a: str) -> Path:
        path = self.source_dir(a) / f"{a}.ipynb"
        if not path.is_file():
            have = ", ".join(self.assignments()) or "none"
            raise LayoutError(f"no source notebook {path} (assignments in {self.root / 'source'}: {have})")
        return path

    def release_dir(self, a: str) -> Path:
        return self.root / "release" / a

    def manifest(self, a: str) -> Path:
        return self.root / ".classroom" / f"{a}.json"

    def submitted_dir(self, student: str, a: str) -> Path:
        return self.root / "submitted" / student / a

    def autograded_dir(self, student: str, a: str) -> Path:
        return self.root / "autograded" / student / a

    def feedback_dir(self, student: str, a: str) -> Path:
        return self.root / "feedback" / student / a

    def gradebook(self) -> Path:
        return self.root / "gradebook.csv"

    def assignments(self) -> list[str]:
        src = self.root / "source"
        return sorted(p.name for p in src.iterdir() if (p / f"{p.name}.ipynb").is_file()) if src.is_dir() else []

    def students(self, a: str) -> list[str]:
        sub = self.root / "submitted"
        return sorted(p.name for p in sub.iterdir() if (p / a).is_dir()) if sub.is_dir() else []

    def make_private(self) -> None:
        """Owner-only permissions on the teacher's folders (see PRIVATE)."""
        for name in PRIVATE:
            p = self.root / name
            if p.exists():
                os.chmod(p, 0o700)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
