"""The course's spawner: JupyterHub's LocalProcessSpawner, plus what a class of students needs.

Each student's single-user server runs as that student's own system user (the hub runs as root)
with:

* the course's JupyterLab and Java kernelspec (read from the course checkout, shared read-only);
* a copy of the lessons in ~/resnet-course on first start (never overwritten: it is their work);
* the shared, read-only data and weights folder (``data-scripts/prepare-classroom``) as
  ``COURSE_DATA``;
* a memory and CPU limit that the kernel is *sized* from (the JVM's heap through ``-XX:MaxRAM``,
  libtorch's intra-op threads through ``OMP_NUM_THREADS``) and, where the machine lets the hub
  create control groups, *enforced* by the kernel (cgroup v2 ``memory.max``/``cpu.max`` or
  cgroup v1 ``memory.limit_in_bytes``/``cpu.cfs_quota_us``). JupyterHub passes the same limits
  to every spawner as ``MEM_LIMIT``/``CPU_LIMIT``; KubeSpawner enforces them with the pod's
  cgroup, which the JVM reads on its own.
"""

import asyncio
import os
import pwd
import shutil

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Unicode

from course_limits import ControlGroup, kernel_sizing


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that starts the course's JupyterLab with the course kernel, sized and
    limited per student."""

    course_root = Unicode(help="The course checkout (kernel, kernelspec, lessons).").tag(config=True)
    course_data = Unicode(
        "", help="Shared read-only datasets and weights (data-scripts/prepare-classroom)."
    ).tag(config=True)
    jupyter_path = Unicode(
        help="Folder whose kernels/ holds the course kernelspec (put on JUPYTER_PATH)."
    ).tag(config=True)
    lessons_dir = Unicode(
        "resnet-course", help="Folder in the student's home that receives a copy of the lessons."
    ).tag(config=True)

    private_home = Bool(
        True,
        help="Make the student's home readable by its owner only (Debian's useradd makes it"
        " world-readable), so that students cannot read each other's work.",
    ).tag(config=True)

    _group = None

    def user_env(self, env):
        env = super().user_env(env)
        env.update(kernel_sizing(self.mem_limit, self.cpu_limit))
        if self.course_data:
            env["COURSE_DATA"] = self.course_data
        if self.jupyter_path:
            env["JUPYTER_PATH"] = self.jupyter_path
        return env

    def make_preexec_fn(self, name):
        drop_privileges = super().make_preexec_fn(name)
        group = self._group = ControlGroup(self.user.name, self.mem_limit, self.cpu_limit, self.log)
        group.create()

        def preexec():
            group.enter()  # as root, before the server drops to the student's user
            drop_privileges()

        return preexec

    def copy_lessons(self):
        """Copies the lessons into the student's home on the first start; never overwrites."""
        user = pwd.getpwnam(self.user.name)
        if self.private_home:
            os.chmod(user.pw_dir, 0o700)
        dest = os.path.join(user.pw_dir, self.lessons_dir)
        if os.path.exists(dest):
            return dest
        src = os.path.join(self.course_root, "notebooks")
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for root, dirs, files in os.walk(dest):
            for n in [root] + [os.path.join(root, f) for f in files]:
                os.chown(n, user.pw_uid, user.pw_gid)
        return dest

    async def start(self):
        self.copy_lessons()
        return await super().start()

    async def stop(self, now=False):
        await super().stop(now=now)
        if self._group is not None:
            for _ in range(100):  # the server's kernels exit shortly after the server
                if self._group.empty():
                    break
                await asyncio.sleep(0.2)
            self._group.remove()
            self._group = None
