"""Grades one submission: assemble, run in a fresh sandboxed kernel, score, write the results.

Run by `grade` as its own process (`python -m classroom.execute JOB.json`), one per submission, so
that nothing a submission does can take the grader down with it; `grade` also kills it when it
overruns its hard deadline. Writes OUT/ASSIGNMENT.ipynb (executed) and OUT/results.json.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync

from classroom import nbmeta
from classroom.assemble import assemble
from classroom.layout import write_atomic
from classroom.nbmeta import Kind

MAX_EVALUE = 400


@dataclass
class Limits:
    cell_seconds: int = 60
    notebook_seconds: int = 300
    memory_mb: int = 2048  # resident memory of the kernel process
    heap_mb: int = 768  # the JVM's -Xmx (in the kernelspec)
    startup_seconds: int = 120


@dataclass
class CellResult:
    grade_id: str
    kind: str
    points: float
    max_points: float
    status: str  # passed | failed | not run | answered | unanswered | error | manual
    reason: str = ""


@dataclass
class Results:
    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = "graded"  # graded | failed (the grader could not grade: see notes)
    notes: list[str] = field(default_factory=list)
    cells: list[CellResult] = field(default_factory=list)
    seconds: float = 0.0
    kernel_peak_rss_mb: float = 0.0
    needs_manual_grading: bool = False


class MemoryWatchdog(threading.Thread):
    """Kills the kernel when its resident memory passes the limit; remembers the peak.

    PyTorch allocates outside the Java heap, so -Xmx alone cannot bound a kernel; polling /proc is
    portable (no cgroup needed) and catches the overrun within one interval.
    """

    def __init__(self, pid: int, limit_mb: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.limit_kb, self.interval = pid, limit_mb * 1024, interval
        self.killed = False
        self.peak_kb = 0
        self._stop = threading.Event()

    def _status_kb(self, key: str) -> int:
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self):
        while not self._stop.wait(self.interval):
            rss = self._status_kb("VmRSS")
            if rss == 0:
                return
            self.peak_kb = max(self.peak_kb, rss, self._status_kb("VmHWM"))
            if rss > self.limit_kb:
                self.killed = True
                try:
                    os.kill(self.pid, 9)
                except OSError:
                    pass
                return

    def stop(self):
        self.peak_kb = max(self.peak_kb, self._status_kb("VmHWM"))
        self._stop.set()


def cell_limit(cell, limits: Limits) -> int:
    """The cell's time limit: the per-cell limit, or for a locked cell (the teacher's, restored
    from the source, so a student cannot set it) its own `metadata.classroom.timeout`, e.g. for a
    set-up cell that builds a large model."""
    own = cell.get("metadata", {}).get("classroom", {}).get("timeout")
    if own and nbmeta.kind(cell) == Kind.LOCKED:
        return int(own)
    return limits.cell_seconds


def error_text(cell) -> str | None:
    """The cell's error as 'Name: message'; the grader's own (time limit, dead kernel) first, as
    the kernel's 'Interrupted' that comes with a time limit says less."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    errors.sort(key=lambda o: o.get("ename") not in ("TimeLimitExceeded", "KernelDied"))
    for out in errors:
        if out.get("output_type") == "error":
            text = f"{out.get('ename', 'Error')}: {out.get('evalue', '')}".strip()
            return text[:MAX_EVALUE]
    return None


def _error_output(ename: str, evalue: str):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def run_notebook(nb, workdir: Path, kernel: str, limits: Limits) -> tuple[list[str], dict[int, str], float]:
    """Executes nb cell by cell. Returns notes, {cell index: why it did not run or did not finish}
    and the kernel's peak resident memory in MB. A cell counts as run only when the kernel
    answered its execute request with status "ok" or "error"."""
    notes: list[str] = []
    not_run: dict[int, str] = {}
    replies: dict[int, dict] = {}

    def on_executed(cell, cell_index, execute_reply, **_):
        replies[cell_index] = (execute_reply or {}).get("content", {})

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=limits.cell_seconds,
        startup_timeout=limits.startup_seconds,
        # On a timeout nbclient interrupts the kernel, then waits up to iopub_timeout for the
        # cell to end (the kernel stops a loop that ignores interrupts after 2 s), so the next
        # cell starts on an idle kernel.
        interrupt_on_timeout=True,
        iopub_timeout=15,
        allow_errors=True,
        record_timing=False,
        on_cell_executed=on_executed,
        resources={"metadata": {"path": str(workdir)}},
    )
    deadline = None
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    watchdog = None
    stop_reason = None
    try:
        kernel_env = json.loads(os.environ.get("CLASSROOM_KERNEL_ENV", "{}")) or dict(os.environ)
        kernel_env["JPY_PARENT_PID"] = str(os.getpid())  # the course kernel exits when this process does
        with client.setup_kernel(cwd=str(workdir), env=kernel_env):
            watchdog = MemoryWatchdog(client.km.provisioner.process.pid, limits.memory_mb)
            watchdog.start()
            # JShell compiles its first snippet slowly (seconds on a busy machine): pay that here,
            # under the start-up limit, not in the student's first cell.
            run_sync(client.kc.execute_interactive)(
                "int classroomWarmUp = 0;", timeout=limits.startup_seconds, store_history=False,
                output_hook=lambda msg: None)
            # The notebook's clock starts now: kernel start-up has its own limit.
            deadline = time.monotonic() + limits.notebook_seconds
            for n, i in enumerate(code):
                cell = nb.cells[i]
                left = deadline - time.monotonic()
                if left < 1:
                    stop_reason = f"the notebook ran past its {limits.notebook_seconds} s limit"
                    notes.append(f"grading stopped at cell {i}: {stop_reason}")
                    code = code[n:]
                    break
                secs = int(min(cell_limit(cell, limits), left)) or 1
                client.timeout = secs
                client.error_on_timeout = {"ename": "TimeLimitExceeded", "evalue": f"the cell ran longer than {secs} s and was stopped"}
                try:
                    client.execute_cell(cell, i)
                except DeadKernelError:
                    if watchdog.killed:
                        stop_reason = f"the kernel used more than {limits.memory_mb} MB of memory and was stopped"
                    else:
                        stop_reason = "the kernel exited (System.exit, a crash, or a fatal JVM error)"
                    cell.outputs.append(_error_output("KernelDied", stop_reason))
                    notes.append(f"cell {i}: {stop_reason}")
                    code = code[n + 1 :]
                    break
                reply = replies.get(i)
                if reply is None:
                    not_run[i] = "the kernel gave no answer for this cell"
                elif reply.get("ename") == "TimeLimitExceeded":
                    cell.outputs.append(_error_output(reply["ename"], reply["evalue"]))
                    notes.append(f"cell {i}: {reply['evalue']}")
                elif reply.get("status") not in ("ok", "error"):
                    not_run[i] = f"the kernel did not run this cell (status: {reply.get('status')})"
            else:
                code = []
            watchdog.stop()
    except Exception as e:  # the kernel did not start, the protocol broke: say so, grade what ran
        notes.append(f"the kernel failed: {type(e).__name__}: {str(e)[:300]}")
        stop_reason = stop_reason or "the kernel failed"
        code = [i for i in code if i not in replies]
    for i in code:
        not_run.setdefault(i, stop_reason or "not run")
    peak = watchdog.peak_kb / 1024 if watchdog else 0.0
    return notes, not_run, peak


def score(nb, manifest: dict, replaced: dict[str, str], not_run: dict[int, str]) -> list[CellResult]:
    expected = {c["grade_id"]: c for c in manifest["cells"]}
    out = []
    for i, cell in enumerate(nb.cells):
        gid = (nbmeta.meta(cell) or {}).get("grade_id")
        if gid not in expected:
            continue
        k = Kind(expected[gid]["kind"])
        pts = float(expected[gid]["points"])
        err = error_text(cell)
        if k == Kind.TESTS:
            if i in not_run:
                out.append(CellResult(gid, k.value, 0.0, pts, "not run", not_run[i]))
            elif err:
                out.append(CellResult(gid, k.value, 0.0, pts, "failed", err))
            else:
                out.append(CellResult(gid, k.value, pts, pts, "passed"))
        elif k == Kind.SOLUTION:
            if gid in replaced:
                out.append(CellResult(gid, k.value, 0.0, 0.0, "unanswered", replaced[gid]))
            elif i in not_run:
                out.append(CellResult(gid, k.value, 0.0, 0.0, "not run", not_run[i]))
            elif err:
                out.append(CellResult(gid, k.value, 0.0, 0.0, "unanswered" if "your code here" in err else "error", err))
            else:
                out.append(CellResult(gid, k.value, 0.0, 0.0, "answered"))
        elif k in (Kind.MANUAL, Kind.TASK):
            out.append(CellResult(gid, k.value, 0.0, pts, "manual", "graded by your teacher"))
    return out


def grade_one(job: dict) -> Results:
    t0 = time.monotonic()
    limits = Limits(**job["limits"])
    res = Results(job["student"], job["assignment"])
    out_dir = Path(job["out_dir"])
    source = nbformat.read(job["source"], as_version=4)
    manifest = json.loads(Path(job["manifest"]).read_text())
    res.max_score = float(sum(c["points"] for c in manifest["cells"]))
    sub_dir = Path(job["submission_dir"])
    try:
        submission = nbformat.read(sub_dir / f"{job['assignment']}.ipynb", as_version=4)
    except Exception as e:
        res.status = "failed"
        res.notes.append(f"the submitted notebook cannot be read: {e}")
        return res
    built = assemble(source, manifest, submission)
    res.notes += built.notes
    nb = built.notebook

    # A fresh folder outside the course tree, owned by the kernel's user, holding only the
    # submission's own files (never the source notebook).
    workdir = Path(tempfile.mkdtemp(prefix=f"grade-{job['student']}-", dir=job.get("work_root")))
    try:
        for extra in sub_dir.iterdir():
            if extra.is_file() and extra.suffix != ".ipynb" and extra.name != "timestamp.txt":
                shutil.copy2(extra, workdir / extra.name)
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam(job["user"])
            for p in [workdir, *workdir.iterdir()]:
                os.chown(p, pw.pw_uid, pw.pw_gid)
        notes, not_run, peak = run_notebook(nb, workdir, job["kernel"], limits)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    res.notes += notes
    if any(n.startswith("the kernel failed") for n in notes) and not any(
        c.get("outputs") for c in nb.cells if c.cell_type == "code"
    ):
        res.status = "failed"  # nothing ran: the grader's problem, not a zero for the student
    res.kernel_peak_rss_mb = round(peak, 1)
    res.cells = score(nb, manifest, built.replaced, not_run)
    res.score = sum(c.points for c in res.cells)
    res.needs_manual_grading = any(c.status == "manual" for c in res.cells)
    res.seconds = round(time.monotonic() - t0, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    nb.metadata["classroom"] = {"results": "results.json"}
    write_atomic(out_dir / f"{job['assignment']}.ipynb", nbformat.writes(nb))
    return res


def _die_with_parent() -> None:
    """Linux: this worker gets SIGTERM when `grade` dies, so a stopped grader leaves no workers
    (and their kernels, which watch this process, exit too)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> int:
    _die_with_parent()
    job = json.loads(Path(argv[0]).read_text())
    os.environ["JUPYTER_PATH"] = job["jupyter_path"]
    try:
        res = grade_one(job)
    except Exception as e:  # anything unforeseen still leaves a results.json that says what happened
        res = Results(job["student"], job["assignment"], status="failed", notes=[f"grader error: {type(e).__name__}: {e}"])
    write_atomic(Path(job["out_dir"]) / "results.json", json.dumps(asdict(res), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
