"""nbgrader's cell metadata (schema version 3): what a cell is, and a check that it is well formed.

The check follows nbgrader's documented schema v3 (the keys, their types and ranges, no other keys)
and its notebook-level rules (a grade_id wherever grade, solution or locked is set; points on
graded cells; markdown graded cells are also solution cells; task cells are markdown; grade_ids
unique), so a notebook authored here opens unchanged in nbgrader's "Create Assignment" tool.
"""

from __future__ import annotations

import hashlib
import re
from enum import Enum

SCHEMA_VERSION = 3
_KEY_TYPES = {
    "schema_version": int,
    "grade": bool,
    "locked": bool,
    "solution": bool,
    "task": bool,
    "grade_id": str,
    "points": (int, float),
    "checksum": str,
    "cell_type": str,
}
_REQUIRED = ("schema_version", "grade", "locked", "solution")
_GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]*$")


class Kind(Enum):
    """What the grader does with a cell."""

    PLAIN = "plain"  # no nbgrader metadata: the student may change or add these freely
    SOLUTION = "solution"  # the student's answer (code)
    TESTS = "tests"  # autograded tests: points when the cell runs without an error
    MANUAL = "manual"  # a graded answer (solution + grade): a person scores it
    LOCKED = "locked"  # read-only text or code, restored from the source when grading
    TASK = "task"  # a markdown task description graded by a person


def meta(cell) -> dict | None:
    return cell.get("metadata", {}).get("nbgrader")


def kind(cell) -> Kind:
    m = meta(cell)
    if not m:
        return Kind.PLAIN
    if m.get("task"):
        return Kind.TASK
    if m.get("solution") and m.get("grade"):
        return Kind.MANUAL
    if m.get("solution"):
        return Kind.SOLUTION
    if m.get("grade"):
        return Kind.TESTS
    if m.get("locked"):
        return Kind.LOCKED
    return Kind.PLAIN


def checksum(cell) -> str:
    """A 32-hex-digit digest of what a locked or graded cell must keep: its type and source (and
    points), the length nbgrader's schema asks of a checksum."""
    m = meta(cell) or {}
    text = "\0".join([cell.get("cell_type", ""), str(m.get("points", "")), normalized_source(cell)])
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def normalized_source(cell) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        src = "".join(src)
    # Editors differ in trailing whitespace and line endings; neither changes what a cell does.
    return "\n".join(line.rstrip() for line in src.replace("\r\n", "\n").strip().split("\n"))


def cell_problems(cell, index: int) -> list[str]:
    """Violations of schema v3 in one cell, each naming the cell."""
    m = meta(cell)
    if m is None:
        return []
    where = f"cell {index}" + (f" ('{m['grade_id']}')" if isinstance(m, dict) and isinstance(m.get("grade_id"), str) else "")
    if not isinstance(m, dict):
        return [f"{where}: metadata.nbgrader must be an object"]
    out = []
    for key in m:
        if key not in _KEY_TYPES:
            out.append(f"{where}: unknown key '{key}' in metadata.nbgrader (schema v3 allows {', '.join(_KEY_TYPES)})")
    for key in _REQUIRED:
        if key not in m:
            out.append(f"{where}: metadata.nbgrader lacks '{key}'")
    for key, types in _KEY_TYPES.items():
        if key in m and (not isinstance(m[key], types) or (types is int and isinstance(m[key], bool)) or (key == "points" and isinstance(m[key], bool))):
            out.append(f"{where}: '{key}' must be {types.__name__ if isinstance(types, type) else 'a number'}, not {m[key]!r}")
    if out:
        return out
    if m["schema_version"] != SCHEMA_VERSION:
        out.append(f"{where}: schema_version is {m['schema_version']}, this tool writes and checks version 3")
    if "grade_id" in m and not _GRADE_ID.match(m["grade_id"]):
        out.append(f"{where}: grade_id '{m['grade_id']}' may hold only letters, digits, '_' and '-'")
    if "points" in m and m["points"] < 0:
        out.append(f"{where}: points must be >= 0, not {m['points']}")
    if "checksum" in m and len(m["checksum"]) != 32:
        out.append(f"{where}: checksum must be 32 characters")
    if "cell_type" in m and m["cell_type"] not in ("raw", "code", "markdown"):
        out.append(f"{where}: cell_type must be raw, code or markdown")
    if (m["grade"] or m["solution"] or m["locked"]) and not m.get("grade_id"):
        out.append(f"{where}: a grade, solution or locked cell needs a non-empty grade_id")
    if m["grade"] and "points" not in m:
        out.append(f"{where}: a grade cell needs points")
    ctype = cell.get("cell_type")
    if m.get("task"):
        if ctype != "markdown":
            out.append(f"{where}: task cells must be markdown")
    elif ctype == "markdown" and m["grade"] != m["solution"]:
        out.append(f"{where}: a markdown cell that is graded must also be a solution cell, and the other way round")
    return out


def notebook_problems(nb) -> list[str]:
    """Every schema v3 violation in a notebook, plus duplicate grade_ids."""
    out, seen = [], {}
    for i, cell in enumerate(nb.cells):
        out += cell_problems(cell, i)
        m = meta(cell)
        if isinstance(m, dict) and (m.get("grade") or m.get("solution") or m.get("locked")):
            gid = m.get("grade_id")
            if gid in seen:
                out.append(f"cell {i}: duplicate grade_id '{gid}' (also cell {seen[gid]})")
            seen.setdefault(gid, i)
    return out
