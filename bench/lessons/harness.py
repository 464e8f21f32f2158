"""What `./course bench lessons` adds around a seed's code: threads, a batch cap, a clock, peak memory.

The seeds' own training loops run every batch of every epoch; the benchmark runs WARMUP untimed
batches and then BATCHES timed ones of one stage, in a fresh process, and prints one JSON line.
Nothing in here changes what a batch computes.
"""
import json
import time

import torch


def peak_rss_mb():
    """This process's resident-set high-water mark (VmHWM) in MiB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class BatchClock:
    """Lets the seed's loop run WARMUP + BATCHES batches and times the last BATCHES of them."""

    def __init__(self, warmup, batches):
        self.warmup = warmup
        self.batches = batches
        self.done = 0
        self.start = None
        self.cpu_start = None
        self.seconds = None
        self.cpu_seconds = None
        self.first_loss = None

    def batches_wanted(self):
        return self.warmup + self.batches

    def after_batch(self, loss):
        """Called by the loop after each batch's optimizer step and loss.item()."""
        if self.first_loss is None:
            self.first_loss = loss
        self.done += 1
        if self.done == self.warmup:
            self.start = time.perf_counter()
            self.cpu_start = time.process_time()
        if self.done == self.warmup + self.batches:
            self.seconds = time.perf_counter() - self.start
            self.cpu_seconds = time.process_time() - self.cpu_start


def capped(loader, clock):
    """The loader's first clock.batches_wanted() batches (the seed's loop is otherwise unchanged)."""
    for index, batch in enumerate(loader):
        if index == clock.batches_wanted():
            return
        yield batch


def report(clock, batch_size, model):
    """Prints the stage's measurement as the last line of stdout."""
    if clock.seconds is None:
        raise SystemExit(
            f"only {clock.done} batches ran, {clock.batches_wanted()} were asked for: "
            "the generated dataset is too small for --warmup + --batches")
    print(json.dumps({
        "seconds": clock.seconds,
        "cpuSeconds": clock.cpu_seconds,
        "imagesPerSecond": clock.batches * batch_size / clock.seconds,
        "peakRssMb": peak_rss_mb(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "firstLoss": clock.first_loss,
        "runtime": f"torch {torch.__version__}",
    }))
