"""Start -> execute -> shutdown cycles of the course kernel: counts hangs and times the first
result of a kit call after start. Run through kernel/bench-kernel."""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from queue import Empty

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kernel_env  # noqa: E402  (installs the kernel into a temporary JUPYTER_PATH)
from jupyter_client.manager import KernelManager  # noqa: E402

KIT_CALL = "Env.current().mode()"
ENGINE_CALL = "NDManager.newBaseManager().ones(new Shape(2, 2)).sum().getFloat()"


def cpu_seconds(pid):
    """CPU time (user + system) the process has used so far, from /proc."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def run_cycle(code, timeout):
    """One cycle; returns (seconds from start to the cell's result, CPU seconds the kernel used
    until then), or (None, None) on a hang/failure."""
    km = KernelManager(kernel_name=kernel_env.KERNEL_NAME)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    deadline = t0 + timeout
    elapsed = cpu = None
    try:
        kc.wait_for_ready(timeout=timeout)
        msg_id = kc.execute(code)
        while time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic()))
            except Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] in ("execute_result", "error"):
                if msg["msg_type"] == "execute_result":
                    elapsed = time.monotonic() - t0
                    cpu = cpu_seconds(km.provisioner.process.pid)
                break
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    except RuntimeError:
        pass  # wait_for_ready timed out: a hang
    finally:
        kc.stop_channels()
        shutdown_t0 = time.monotonic()
        km.shutdown_kernel(now=False)
        if time.monotonic() - shutdown_t0 > timeout:
            elapsed = None  # shutdown hung (jupyter_client then killed it)
    return elapsed, cpu


def summary(name, times, cpus, hangs, cycles):
    def stats(values):
        warm = values[1:] if len(values) > 1 else values
        return ("first (cold) %.2f s, warm median %.2f s, p90 %.2f s, max %.2f s"
                % (values[0], statistics.median(warm),
                   sorted(warm)[max(0, int(len(warm) * 0.9) - 1)], max(warm)))
    line = "%s: %d cycles, %d hangs" % (name, cycles, hangs)
    if times:
        line += "\n  start -> result wall: " + stats(times)
    if cpus:
        line += "\n  kernel CPU (user+sys) until the result: " + stats(cpus)
    line += "\n  load average now: %.1f %.1f %.1f on %d cores" % (os.getloadavg() + (os.cpu_count(),))
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--engine-cycles", type=int, default=5,
                        help="cycles whose first cell also loads PyTorch (0 to skip)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per cycle")
    args = parser.parse_args()

    for name, code, cycles in (("kit call (" + KIT_CALL + ")", KIT_CALL, args.cycles),
                               ("engine call (NDManager ones().sum())", ENGINE_CALL,
                                args.engine_cycles)):
        if cycles <= 0:
            continue
        times, cpus, hangs = [], [], 0
        for i in range(cycles):
            t, cpu = run_cycle(code, args.timeout)
            if t is None:
                hangs += 1
                print("cycle %d: HANG or failure" % (i + 1), flush=True)
            else:
                times.append(t)
                if cpu is not None:
                    cpus.append(cpu)
                print("cycle %d: %.2f s (kernel CPU %.2f s, load %.1f)"
                      % (i + 1, t, cpu or 0, os.getloadavg()[0]), flush=True)
        summary(name, times, cpus, hangs, cycles)
        if hangs:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
