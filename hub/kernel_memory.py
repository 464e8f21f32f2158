#!/usr/bin/env python3
"""Measures what one course kernel costs in memory, for sizing a hub: RSS and PSS of the kernel's
process tree when idle (started, one trivial cell run, the engine loaded) and after running a
notebook, under variants of the JVM and allocator settings.

    .venv/bin/python hub/kernel_memory.py [--notebook notebooks/00-setup.ipynb] [--mode smoke]
                                          [--variant NAME ...]

Prints one line per variant and writes them as JSON to --out (default .course/hub/kernel-memory.json).
PSS splits shared pages (the class-data archive, libtorch's code) between the processes that map
them, so it is what N kernels add up to; RSS counts them in full for each.
"""

import argparse
import json
import os
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager

VARIANTS = {
    # the kernelspec as installed (./course lab)
    "as installed": {},
    # glibc opens up to 8 x cores malloc arenas; libtorch's and the JVM's threads each take one
    "MALLOC_ARENA_MAX=2": {"MALLOC_ARENA_MAX": "2"},
    # what the hub's spawner sets for a 2 GiB / 1 CPU student (hub/course_spawner.py)
    "hub sizing 2G/1cpu": {
        "MALLOC_ARENA_MAX": "2",
        "OMP_NUM_THREADS": "1",
        "JDK_JAVA_OPTIONS": "-XX:MaxRAM=2147483648 -XX:ActiveProcessorCount=1",
    },
    # the same without the class-data archive, to see what sharing saves
    "hub sizing, no CDS": {
        "MALLOC_ARENA_MAX": "2",
        "OMP_NUM_THREADS": "1",
        "JDK_JAVA_OPTIONS": "-XX:MaxRAM=2147483648 -XX:ActiveProcessorCount=1 -Xshare:off",
    },
    # C1 only: smaller code cache and compiler threads, slower steady-state Java code
    "hub sizing + C1 only": {
        "MALLOC_ARENA_MAX": "2",
        "OMP_NUM_THREADS": "1",
        "JDK_JAVA_OPTIONS": "-XX:MaxRAM=2147483648 -XX:ActiveProcessorCount=1"
        " -XX:TieredStopAtLevel=1",
    },
}


def tree(pid):
    """pid and all its descendants."""
    children = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(p))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def split(pid):
    """(anonymous, file-backed) resident MiB over the process tree: file pages (libtorch's and
    the JVM's code, the class-data archive) are shared by every kernel of a machine, anonymous
    ones (heaps, metaspace, JIT code) are each kernel's own."""
    anon = file = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("RssAnon"):
                        anon += int(line.split()[1])
                    elif line.startswith(("RssFile", "RssShmem")):
                        file += int(line.split()[1])
        except OSError:
            pass
    return round(anon / 1024), round(file / 1024)


def cpu_seconds(pid):
    """User + system CPU seconds of the process tree's live processes (a machine's real capacity
    is CPU-seconds per student, whatever the load while measuring)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / ticks


def memory(pid):
    """(rss, pss) in MiB summed over the process tree."""
    rss = pss = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    k, v = line.split(":", 1)
                    if k == "Rss":
                        rss += int(v.split()[0])
                    elif k == "Pss":
                        pss += int(v.split()[0])
        except OSError:
            pass
    return rss / 1024, pss / 1024


def run_cell(kc, code, timeout):
    msg_id = kc.execute(code)
    errors = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        if t == "error":
            errors.append(msg["content"]["ename"] + ": " + msg["content"]["evalue"])
        elif t == "stream" and msg["content"]["name"] == "stderr":
            errors.append(msg["content"]["text"])
        elif t == "status" and msg["content"]["execution_state"] == "idle":
            break
    if errors:
        raise RuntimeError("cell failed: " + " ".join(errors)[:500])


def measure(name, env_extra, notebook, mode, kernel, timeout):
    env = dict(os.environ)
    env.update(env_extra)
    env["COURSE_MODE"] = mode
    km = KernelManager(kernel_name=kernel)
    t0 = time.monotonic()
    km.start_kernel(env=env, cwd=os.path.dirname(os.path.abspath(notebook)))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        ready = time.monotonic() - t0
        run_cell(kc, 'System.out.println("ready");', timeout)
        pid = km.provisioner.process.pid
        start_cpu = cpu_seconds(pid)
        time.sleep(2)
        idle = memory(pid)
        # The engine loaded (libtorch mapped, its thread pools made): what any lesson pays first.
        run_cell(kc, "ai.djl.engine.Engine.getInstance().getVersion();", timeout)
        time.sleep(2)
        engine = memory(pid)
        engine_split = split(pid)
        peak = engine
        nb = nbformat.read(notebook, as_version=4)
        t1 = time.monotonic()
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip():
                run_cell(kc, cell.source, timeout)
                now = memory(pid)
                peak = (max(peak[0], now[0]), max(peak[1], now[1]))
        ran = time.monotonic() - t1
        time.sleep(2)
        after = memory(pid)
        after_split = split(pid)
        total_cpu = cpu_seconds(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "variant": name,
        "env": env_extra,
        "notebook": os.path.basename(notebook),
        "mode": mode,
        "ready_s": round(ready, 1),
        "start_cpu_s": round(start_cpu, 1),
        "total_cpu_s": round(total_cpu, 1),
        "run_s": round(ran, 1),
        "idle_rss_mib": round(idle[0]),
        "idle_pss_mib": round(idle[1]),
        "engine_rss_mib": round(engine[0]),
        "engine_pss_mib": round(engine[1]),
        "engine_anon_file_mib": engine_split,
        "peak_rss_mib": round(peak[0]),
        "after_anon_file_mib": after_split,
        "after_rss_mib": round(after[0]),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--notebook", default="notebooks/00-setup.ipynb")
    p.add_argument("--mode", default="smoke", choices=["smoke", "full"])
    p.add_argument("--kernel", default="java-resnet-course")
    p.add_argument("--variant", action="append", choices=list(VARIANTS))
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--out", default=".course/hub/kernel-memory.json")
    args = p.parse_args()
    rows = []
    for name in args.variant or list(VARIANTS):
        row = measure(name, VARIANTS[name], args.notebook, args.mode, args.kernel, args.timeout)
        rows.append(row)
        print(
            f"{name:24s} ready {row['ready_s']:5.1f}s  idle RSS {row['idle_rss_mib']:4d} MiB"
            f" (PSS {row['idle_pss_mib']:4d})  engine RSS {row['engine_rss_mib']:4d}"
            f" (PSS {row['engine_pss_mib']:4d}; anon/file {row['engine_anon_file_mib']})"
            f"  {row['notebook']}: peak RSS {row['peak_rss_mib']:4d}, after"
            f" {row['after_rss_mib']:4d} MiB (anon/file {row['after_anon_file_mib']}),"
            f" {row['run_s']:.0f}s; CPU: start {row['start_cpu_s']} s, total {row['total_cpu_s']} s",
            flush=True,
        )
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
