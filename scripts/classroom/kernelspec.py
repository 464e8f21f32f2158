"""The grading kernel: the course kernel's own kernelspec, with the grader's limits around it.

Differences from the kernelspec students use, and why:
  - argv starts with sandbox.py, which drops to an unprivileged user and sets process limits;
  - -Xmx replaces -XX:MaxRAMPercentage, so a student's Java heap fails with OutOfMemoryError in
    their cell instead of growing; -XX:MaxDirectMemorySize caps NIO buffers the same way;
  - DJL_CACHE_DIR points at a cache the unprivileged user may write (the engine's natives are
    unpacked there once);
  - no class-data-sharing archive flag when the archive is not readable by that user.
Native memory (PyTorch tensors) is outside -Xmx: the grader's watchdog kills a kernel whose
resident memory passes the limit (execute.MemoryWatchdog).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

COURSE_KERNEL = "java-resnet-course"
GRADING_KERNEL = "java-resnet-course-grading"


def course_kernelspec() -> tuple[dict, Path]:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(COURSE_KERNEL)
    except NoSuchKernel:
        raise SystemExit(f"error: the course kernel '{COURSE_KERNEL}' is not installed for {sys.executable}.\n       Run ./course setup.")
    return spec.to_dict(), Path(spec.resource_dir)


def write_grading_kernelspec(dest: Path, heap_mb: int, user: str, cache_dir: Path) -> Path:
    """Writes DEST/kernels/GRADING_KERNEL/kernel.json; put DEST on JUPYTER_PATH to use it."""
    spec, _ = course_kernelspec()
    java = [a for a in spec["argv"] if not a.startswith(("-XX:MaxRAMPercentage", "-Xmx", "-XX:MaxDirectMemorySize"))]
    java.insert(1, f"-Xmx{heap_mb}m")
    java.insert(2, f"-XX:MaxDirectMemorySize={max(64, heap_mb // 2)}m")
    # The kernel's own log would otherwise print the harmless CDS mismatch warnings as stderr.
    java.insert(3, "-Xshare:auto")
    sandbox = Path(__file__).with_name("sandbox.py")
    argv = [sys.executable, "-I", str(sandbox), "--user", user, "--"] + java
    env = dict(spec.get("env", {}))
    env["DJL_CACHE_DIR"] = str(cache_dir)
    env["COURSE_MODE"] = "smoke"
    spec.update(argv=argv, env=env, display_name=spec.get("display_name", "Java") + " — grading")
    out = dest / "kernels" / GRADING_KERNEL
    out.mkdir(parents=True, exist_ok=True)
    (out / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return out


_WARM = """
public class Warm {
    public static void main(String[] args) {
        System.out.println(ai.djl.engine.Engine.getInstance().getEngineName());
    }
}
"""


def grading_cache(user: str) -> Path:
    """The DJL cache grading kernels use: one under the temporary folder that the grading user
    owns (DJL unpacks its natives into owner-only folders, so the course's own cache is not
    readable by that user), filled once here so that no submission pays, or times out on,
    unpacking libtorch."""
    spec, _ = course_kernelspec()
    cache = Path(os.environ.get("CLASSROOM_DJL_CACHE", Path(tempfile.gettempdir()) / "classroom-djl-cache"))
    prepare_cache(cache, user)
    if not any(cache.glob("pytorch/*/libtorch_cpu.so")):
        _warm(cache, user, spec)
    return cache


def _warm(cache: Path, user: str, spec: dict) -> None:
    argv = spec["argv"]
    cp = argv[argv.index("-cp") + 1]
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        src = Path(tmp) / "Warm.java"
        src.write_text(_WARM)
        env = dict(os.environ, DJL_CACHE_DIR=str(cache), DJL_OFFLINE="true")
        cmd = [sys.executable, "-I", str(Path(__file__).with_name("sandbox.py")), "--user", user,
               "--no-connection-file", "--", argv[0], "-cp", cp, str(src)]
        r = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise SystemExit(f"error: could not unpack the engine into {cache} as {user}:\n{r.stdout}{r.stderr}")


def prepare_cache(cache_dir: Path, user: str) -> None:
    """A DJL cache the grading user owns (created once, reused by every grading kernel)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam(user)
        for d, dirs, files in os.walk(cache_dir):
            os.chown(d, pw.pw_uid, pw.pw_gid)
            for f in files:
                os.chown(os.path.join(d, f), pw.pw_uid, pw.pw_gid)
