"""Per-student limits of the course hub: how the kernel is sized from them and how they are
enforced (control groups). No JupyterHub import, so that it can be checked without a hub."""

import math
import os


def kernel_sizing(mem_limit, cpu_limit):
    """Environment that sizes the course kernel from a per-user limit instead of the host.

    ``-XX:MaxRAM`` makes the JVM treat the limit as the machine's memory, so the kernelspec's
    ``-XX:MaxRAMPercentage`` gives a heap that is a share of the student's memory, not of the
    host's; ``-XX:ActiveProcessorCount`` sizes the JVM's GC and compiler threads. libtorch does
    not read control groups: ``OMP_NUM_THREADS`` is what the kit's engine set-up passes to it
    (``ai.djl.pytorch.num_threads``). ``MALLOC_ARENA_MAX=2`` keeps glibc from opening one malloc
    arena per thread (8 x cores by default), which costs resident memory and buys nothing here.
    """
    env = {"MALLOC_ARENA_MAX": "2"}
    java = []
    if mem_limit:
        java.append(f"-XX:MaxRAM={int(mem_limit)}")
    if cpu_limit:
        cpus = max(1, math.floor(float(cpu_limit)))
        java.append(f"-XX:ActiveProcessorCount={cpus}")
        env["OMP_NUM_THREADS"] = str(cpus)
    if java:
        env["JDK_JAVA_OPTIONS"] = " ".join(java)
    return env


class ControlGroup:
    """One student's control group, where the machine lets root create one.

    Prefers cgroup v2 (one unified tree); falls back to the v1 ``memory`` and ``cpu`` controllers.
    New groups are made beneath the hub's own group, so the hub's limits still hold above them.
    """

    V2 = "/sys/fs/cgroup"

    def __init__(self, name, mem_limit, cpu_limit, log):
        self.name = name
        self.mem_limit = int(mem_limit) if mem_limit else None
        self.cpu_limit = float(cpu_limit) if cpu_limit else None
        self.log = log
        self.dirs = []

    @staticmethod
    def _own_path(controller):
        with open("/proc/self/cgroup") as f:
            for line in f:
                _, controllers, path = line.rstrip("\n").split(":", 2)
                if controller in controllers.split(","):
                    return path
        return None

    def _v2_dir(self):
        if not os.path.exists(os.path.join(self.V2, "cgroup.controllers")):
            return None
        own = self._own_path("") or "/"
        parent = os.path.join(self.V2, own.lstrip("/"), "course-hub")
        return os.path.join(parent, self.name)

    def create(self):
        """Creates the group and writes the limits; returns False (and logs why) when it cannot."""
        if not self.mem_limit and not self.cpu_limit:
            return False
        try:
            v2 = self._v2_dir()
            if v2:
                os.makedirs(v2, exist_ok=True)
                if self.mem_limit:
                    self._write(v2, "memory.max", str(self.mem_limit))
                    self._write(v2, "memory.swap.max", "0", optional=True)
                if self.cpu_limit:
                    self._write(v2, "cpu.max", f"{int(self.cpu_limit * 100000)} 100000")
                self.dirs = [v2]
                return True
            dirs = []
            if self.mem_limit:
                d = self._v1_dir("memory")
                self._write(d, "memory.limit_in_bytes", str(self.mem_limit))
                # Without swap accounting (memsw) a limited group may swap instead of being killed.
                self._write(d, "memory.memsw.limit_in_bytes", str(self.mem_limit), optional=True)
                dirs.append(d)
            if self.cpu_limit:
                d = self._v1_dir("cpu")
                self._write(d, "cpu.cfs_period_us", "100000")
                self._write(d, "cpu.cfs_quota_us", str(int(self.cpu_limit * 100000)))
                dirs.append(d)
            self.dirs = dirs
            return True
        except OSError as e:
            self.log.warning(
                "No control group for %s (%s): the kernel is sized from the limits but they are"
                " not enforced. Run the hub as root on a machine with a writable /sys/fs/cgroup.",
                self.name,
                e,
            )
            self.dirs = []
            return False

    def _v1_dir(self, controller):
        own = self._own_path(controller) or "/"
        d = os.path.join(self.V2, controller, own.lstrip("/"), "course-hub", self.name)
        os.makedirs(d, exist_ok=True)
        return d

    @staticmethod
    def _write(d, name, value, optional=False):
        try:
            with open(os.path.join(d, name), "w") as f:
                f.write(value)
        except OSError:
            if not optional:
                raise

    def empty(self):
        """Whether no process is left in the group (a stopped server's kernels exit after it)."""
        for d in self.dirs:
            try:
                with open(os.path.join(d, "cgroup.procs")) as f:
                    if f.read().strip():
                        return False
            except OSError:
                pass
        return True

    def remove(self):
        """Removes the group once its processes have exited (a group with processes stays)."""
        for d in self.dirs:
            try:
                os.rmdir(d)
            except OSError as e:
                self.log.warning("control group %s not removed: %s", d, e)
        self.dirs = []

    def enter(self):
        """Moves the calling process into the group (runs in the child, before it drops root)."""
        pid = str(os.getpid())
        for d in self.dirs:
            with open(os.path.join(d, "cgroup.procs"), "w") as f:
                f.write(pid)
