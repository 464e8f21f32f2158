"""The DataLoader's worker processes in `./course bench lessons`, for seeds with num_workers > 0.

A seed whose loader decodes in worker processes does part of its work outside the process that
harness.BatchClock times with time.process_time(), while the kit decodes on threads of its own
process. WorkerClock adds the workers' CPU seconds over the timed batches, so that the CPU-seconds
ratio compares the same work; workers_memory() says what the workers hold in memory, which the
main process's peak (VmHWM) leaves out. Nothing in here changes what a batch computes.
"""
import glob
import os
import sys

import harness

TICKS = os.sysconf("SC_CLK_TCK")


def worker_pids():
    """This process's child processes (the loader's workers), from /proc/self/task/*/children."""
    pids = set()
    for path in glob.glob("/proc/self/task/*/children"):
        with open(path, encoding="ascii") as f:
            pids.update(int(p) for p in f.read().split())
    return sorted(pids)


def cpu_seconds(pid):
    """User + system CPU seconds of process pid (fields 14 and 15 of /proc/pid/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class WorkerClock(harness.BatchClock):
    """A BatchClock whose CPU seconds include the loader's worker processes."""

    def after_batch(self, loss):
        super().after_batch(loss)
        if self.done == self.warmup:
            self.workers_start = {pid: cpu_seconds(pid) for pid in worker_pids()}
        if self.done == self.warmup + self.batches:
            workers = sum(cpu_seconds(pid) - self.workers_start.get(pid, 0.0)
                          for pid in worker_pids())
            self.cpu_seconds += workers
            print(f"loader workers' CPU over the timed batches: {workers:.1f} s "
                  f"(included in cpuSeconds)", file=sys.stderr)


def workers_memory():
    """Prints the workers' peak RSS and proportional set size (shared pages split) to stderr."""
    for pid in worker_pids():
        peak = pss = float("nan")
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024.0
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024.0
        print(f"loader worker {pid}: peak RSS {peak:.0f} MiB, PSS now {pss:.0f} MiB "
              f"(not in peakRssMb)", file=sys.stderr)
