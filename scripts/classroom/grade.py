"""`grade`: autogrades every collected submission of an assignment, in parallel, each in its own
process and sandboxed kernel (execute.py), and never waits longer than a hard deadline for one."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from classroom import kernelspec
from classroom.execute import Limits, Results
from classroom.layout import Course, LayoutError, write_atomic

SCRIPTS = Path(__file__).resolve().parent.parent


def _kernel_env(tmp: Path) -> dict:
    """The environment the grading kernel inherits: only what it needs, none of the grader's."""
    keep = ("PATH", "LANG", "LC_ALL", "JAVA_HOME", "ONEDNN_MAX_CPU_ISA", "TZ")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["TMPDIR"] = str(tmp)
    return env


def grade(course: Course, assignment: str, students: list[str] | None, limits: Limits, jobs: int,
          user: str = "nobody", progress=print) -> list[Results]:
    source = course.source_notebook(assignment)
    manifest = course.manifest(assignment)
    if not manifest.is_file():
        raise LayoutError(f"{assignment} was never released (no {manifest}); run: ./course classroom release {assignment}")
    have = course.students(assignment)
    if students:
        missing = [s for s in students if s not in have]
        if missing:
            raise LayoutError(f"no submission of {assignment} from {', '.join(missing)} in {course.root / 'submitted'} (collect first)")
    else:
        students = have
    if not students:
        raise LayoutError(f"no submissions of {assignment} in {course.root / 'submitted'}; run ./course classroom collect first")

    # Graded notebooks hold the hidden tests: owner-only before the first kernel starts.
    for private in ("autograded", "feedback"):
        (course.root / private).mkdir(parents=True, exist_ok=True)
    course.make_private()
    state = Path(tempfile.mkdtemp(prefix="classroom-grade-"))
    work_root = state / "work"
    work_root.mkdir()
    os.chmod(state, 0o711)  # the kernel's user may enter its own work folder, and list nothing
    cache = kernelspec.grading_cache(user)
    kernelspec.write_grading_kernelspec(state / "jupyter", limits.heap_mb, user, cache)
    env = dict(os.environ, PYTHONPATH=str(SCRIPTS), JUPYTER_PATH=str(state / "jupyter"))
    env["CLASSROOM_KERNEL_ENV"] = json.dumps(_kernel_env(work_root))
    hard = limits.startup_seconds + limits.notebook_seconds + 60

    def one(student: str) -> Results:
        out = course.autograded_dir(student, assignment)
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").unlink(missing_ok=True)
        job = {
            "student": student, "assignment": assignment, "source": str(source), "manifest": str(manifest),
            "submission_dir": str(course.submitted_dir(student, assignment)), "out_dir": str(out),
            "limits": asdict(limits), "kernel": kernelspec.GRADING_KERNEL, "user": user,
            "jupyter_path": str(state / "jupyter"), "work_root": str(work_root),
        }
        job_file = state / f"job-{student}.json"
        job_file.write_text(json.dumps(job))
        job_file.chmod(0o600)  # names the source notebook's path: the kernel's user has no business here
        log = open(os.open(state / f"log-{student}.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w")
        proc = subprocess.Popen([sys.executable, "-m", "classroom.execute", str(job_file)], env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=hard)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        try:
            res = Results(**json.loads((out / "results.json").read_text()))  # cells stay plain dicts
        except (OSError, ValueError, TypeError):
            tail = (state / f"log-{student}.txt").read_text(errors="replace")[-600:]
            res = Results(student, assignment, status="failed",
                          notes=[f"the grader's worker stopped without results (exit {proc.returncode}; hard limit {hard} s): {tail}"])
            write_atomic(out / "results.json", json.dumps(asdict(res), indent=1))
        progress(f"    {student:<24} {res.score:g}/{res.max_score:g}  {res.seconds:5.1f} s  {res.status}"
                 + (f"  ({res.notes[0]}{' …' if len(res.notes) > 1 else ''})" if res.notes else ""))
        return res

    t0 = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(one, students))
    finally:
        shutil.rmtree(state, ignore_errors=True)
    course.make_private()
    secs = time.monotonic() - t0
    progress(f"    graded {len(results)} submission(s) in {secs:.1f} s with {jobs} in parallel"
             f" ({60 * len(results) / secs:.1f} per minute)")
    return results
