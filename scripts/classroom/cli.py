"""./course classroom VERB: the teacher's commands. Every verb takes --help."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat

from classroom import nbmeta
from classroom.layout import Course, LayoutError, check_name

ROOT_HELP = "the course's classroom folder (default: $CLASSROOM_ROOT, else classroom/ in the repository)"


def _course(args) -> Course:
    root = Path(args.root or os.environ.get("CLASSROOM_ROOT") or Path(__file__).resolve().parents[2] / "classroom")
    return Course(root.resolve())


def cmd_release(args) -> int:
    from classroom.release import release

    course = _course(args)
    for a in args.assignment or course.assignments():
        for path in release(course, check_name(a, "assignment")):
            print(f"    wrote {path}")
    return 0


def cmd_collect(args) -> int:
    from classroom.collect import collect

    course = _course(args)
    got = collect(course, check_name(args.assignment, "assignment"), Path(args.source), args.replace)
    print(f"    collected {len(got.students)} submission(s) of {args.assignment}: {', '.join(got.students) or 'none'}")
    for p in got.problems:
        print(f"    NOT COLLECTED: {p}")
    return 1 if got.problems else 0


def cmd_grade(args) -> int:
    from classroom.execute import Limits
    from classroom.grade import grade

    course = _course(args)
    # Hidden tests must not be readable by the kernel's user: the course's own assignments too.
    course.make_private()
    Course(Path(__file__).resolve().parents[2] / "classroom").make_private()
    limits = Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.timeout, memory_mb=args.memory,
                    heap_mb=args.heap or max(256, args.memory // 3))
    print(f"    limits: {limits.cell_seconds} s per cell, {limits.notebook_seconds} s per notebook, "
          f"{limits.memory_mb} MB per kernel (Java heap {limits.heap_mb} MB); kernel user: "
          + (args.user if os.geteuid() == 0 else f"{os.environ.get('USER', 'you')} (not root: no separate user)"))
    if os.geteuid() != 0:
        print("    WARNING: the grader is not root, so student code runs as your user and can read what you can"
              " read (hidden tests in source/ included). Grade as root (e.g. in the course's container) for isolation.")
    results = grade(course, check_name(args.assignment, "assignment"), args.student, limits, args.jobs, args.user)
    from classroom.report import write_gradebook

    path, _ = write_gradebook(course)
    print(f"    gradebook: {path}")
    return 1 if any(r.status != "graded" for r in results) else 0


def cmd_feedback(args) -> int:
    from classroom.feedback import feedback

    course = _course(args)
    written = feedback(course, check_name(args.assignment, "assignment"), args.student)
    for w in written:
        print(f"    wrote {w}")
    if not written:
        print(f"    no graded submissions of {args.assignment}; run ./course classroom grade {args.assignment} first")
        return 1
    return 0


def cmd_report(args) -> int:
    from classroom.report import summary, write_gradebook

    path, data = write_gradebook(_course(args))
    for line in summary(data):
        print("    " + line)
    print(f"    gradebook: {path} ({len(data)} row(s))")
    return 0


def cmd_validate(args) -> int:
    from classroom.release import problems

    course = _course(args)
    paths = [Path(p) for p in args.notebook] or [course.source_notebook(a) for a in course.assignments()]
    bad = 0
    for path in paths:
        found = problems(nbformat.read(path, as_version=4)) if not args.schema_only else nbmeta.notebook_problems(nbformat.read(path, as_version=4))
        print(f"    {'ok  ' if not found else 'FAIL'} {path}")
        for p in found:
            print(f"         {p}")
        bad += bool(found)
    return 1 if bad else 0


def cmd_selftest(args) -> int:
    import subprocess

    tests = Path(__file__).resolve().parent / "tests"
    try:
        import pytest  # noqa: F401
    except ImportError:
        print(f"error: pytest is not installed for {sys.executable}; run ./course setup")
        return 2
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests), *args.pytest_args])


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="./course classroom", description=(
        "Java notebook assignments, nbgrader-compatible: release student copies, collect submissions, "
        "autograde them in a sandboxed course kernel, write feedback and the gradebook. "
        "Guide: docs/classroom.md."))
    sub = p.add_subparsers(dest="verb", metavar="VERB")

    def verb(name, helptext, fn):
        s = sub.add_parser(name, help=helptext, description=helptext)
        s.add_argument("--root", help=ROOT_HELP)
        s.set_defaults(fn=fn)
        return s

    s = verb("release", "write release/A/ (solutions replaced by stubs that throw, hidden tests removed, outputs "
             "cleared, locked cells' checksums recorded in .classroom/A.json)", cmd_release)
    s.add_argument("assignment", nargs="*", help="assignments (default: every one in source/)")
    s = verb("collect", "copy submissions from FOLDER (FOLDER/STUDENT/.../A.ipynb or FOLDER/STUDENT.ipynb) "
             "into submitted/STUDENT/A/", cmd_collect)
    s.add_argument("assignment")
    s.add_argument("source", metavar="FOLDER")
    s.add_argument("--replace", action="store_true", help="replace submissions collected before")
    s = verb("grade", "autograde submitted/*/A/ into autograded/, each submission in a fresh sandboxed kernel, "
             "and update gradebook.csv", cmd_grade)
    s.add_argument("assignment")
    s.add_argument("--student", action="append", help="only this student (repeatable)")
    s.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded in parallel (default: the cores)")
    s.add_argument("--cell-timeout", type=int, default=60, metavar="S", help="seconds one cell may run (default 60)")
    s.add_argument("--timeout", type=int, default=300, metavar="S", help="seconds one notebook may run (default 300)")
    s.add_argument("--memory", type=int, default=2048, metavar="MB", help="resident memory one kernel may use (default 2048)")
    s.add_argument("--heap", type=int, metavar="MB", help="the kernel's Java heap, -Xmx (default: a third of --memory)")
    s.add_argument("--user", default="nobody", help="unprivileged user the kernel runs as when grading as root (default nobody)")
    s = verb("feedback", "write feedback/STUDENT/A/A.html: score, reasons and the executed notebook without hidden test code",
             cmd_feedback)
    s.add_argument("assignment")
    s.add_argument("--student", action="append", help="only this student (repeatable)")
    verb("report", "write gradebook.csv from autograded/ and print a summary per assignment", cmd_report)
    s = verb("validate", "check source notebooks against nbgrader's cell metadata schema v3 and this tool's authoring rules",
             cmd_validate)
    s.add_argument("notebook", nargs="*", help="notebooks (default: every source notebook)")
    s.add_argument("--schema-only", action="store_true", help="only nbgrader's schema v3 (for notebooks meant for nbgrader)")
    s = sub.add_parser("selftest", help="this tool's tests: unit tests, then a class of submissions per assignment "
                       "graded end to end (19 min measured on a busy 2-core machine)", description="Runs scripts/classroom/tests with pytest.")
    s.add_argument("pytest_args", nargs="*", help="passed to pytest (e.g. -k a04)")
    s.set_defaults(fn=cmd_selftest)
    return p


def main(argv: list[str]) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "fn", None):
        p.print_help()
        return 2
    try:
        return args.fn(args)
    except (LayoutError, ValueError) as e:
        print(f"error: {e}")
        return 1
