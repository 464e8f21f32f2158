"""Solution and hidden-test regions in a cell's source, the way nbgrader marks them.

A solution region is the lines between `// BEGIN SOLUTION` and `// END SOLUTION` (both marker lines
included); the student's copy has a stub in its place that throws, so an unanswered question can
never pass a test. A hidden-test region (`// BEGIN HIDDEN TESTS` ... `// END HIDDEN TESTS`) is
removed from the student's copy and put back only when grading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The stub is one statement. A JShell top-level `throw` is a complete snippet, and inside a method
# it ends the body, so both forms compile; a region must therefore end its method body (what every
# "return ...;" answer does) — code after it would be unreachable, which `release --check` reports.
STUB = 'throw new UnsupportedOperationException("your code here");'
STUB_COMMENT = "// YOUR CODE HERE"

_BEGIN_SOLUTION = re.compile(r"^(\s*)//\s*BEGIN SOLUTION\s*$")
_END_SOLUTION = re.compile(r"^\s*//\s*END SOLUTION\s*$")
_BEGIN_HIDDEN = re.compile(r"^\s*//\s*BEGIN HIDDEN TESTS\s*$")
_END_HIDDEN = re.compile(r"^\s*//\s*END HIDDEN TESTS\s*$")
HIDDEN_PLACEHOLDER = "// (hidden tests run here when your work is graded)"


class RegionError(ValueError):
    """A region marker without its partner, or regions nested."""


@dataclass(frozen=True)
class Region:
    first: int  # index of the BEGIN line
    last: int  # index of the END line
    indent: str


def _regions(lines: list[str], begin: re.Pattern, end: re.Pattern, what: str, where: str) -> list[Region]:
    found, start, indent = [], None, ""
    for i, line in enumerate(lines):
        m = begin.match(line)
        if m:
            if start is not None:
                raise RegionError(f"{where}: line {i + 1}: BEGIN {what} inside another (opened at line {start + 1})")
            start, indent = i, m.group(1) if m.groups() else ""
        elif end.match(line):
            if start is None:
                raise RegionError(f"{where}: line {i + 1}: END {what} without BEGIN {what}")
            found.append(Region(start, i, indent))
            start = None
    if start is not None:
        raise RegionError(f"{where}: line {start + 1}: BEGIN {what} is never closed (add '// END {what}')")
    return found


def solution_regions(source: str, where: str = "cell") -> list[Region]:
    return _regions(source.split("\n"), _BEGIN_SOLUTION, _END_SOLUTION, "SOLUTION", where)


def hidden_regions(source: str, where: str = "cell") -> list[Region]:
    return _regions(source.split("\n"), _BEGIN_HIDDEN, _END_HIDDEN, "HIDDEN TESTS", where)


def _replace(source: str, regions: list[Region], make) -> str:
    lines = source.split("\n")
    for r in reversed(regions):
        lines[r.first : r.last + 1] = make(r)
    return "\n".join(lines)


def stub_solutions(source: str, where: str = "cell") -> str:
    """The student's version: each solution region becomes the throwing stub, at its indentation."""
    return _replace(
        source,
        solution_regions(source, where),
        lambda r: [r.indent + STUB_COMMENT, r.indent + STUB],
    )


def remove_hidden_tests(source: str, where: str = "cell", placeholder: bool = False) -> str:
    """The source without its hidden-test regions (with a one-line placeholder when asked)."""
    return _replace(
        source,
        hidden_regions(source, where),
        lambda r: [HIDDEN_PLACEHOLDER] if placeholder else [],
    )


def strip_markers(source: str, where: str = "cell") -> str:
    """The source with the marker lines themselves removed (what the grader runs)."""
    lines = source.split("\n")
    drop = set()
    for r in hidden_regions(source, where) + solution_regions(source, where):
        drop.update((r.first, r.last))
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def hidden_text(source: str, where: str = "cell") -> list[str]:
    """The non-blank lines inside hidden-test regions (to keep them out of feedback)."""
    lines = source.split("\n")
    out = []
    for r in hidden_regions(source, where):
        out += [line.strip() for line in lines[r.first + 1 : r.last] if line.strip()]
    return out
