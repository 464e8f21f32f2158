#!/usr/bin/env python3
"""Starts a grading kernel as an unprivileged user with resource limits, then becomes the kernel.

The grading kernelspec's argv is `python3 sandbox.py [options] -- java ... {connection_file}`. This
runs as the grader's user; when that is root it drops to --user (default `nobody`), so the student's
code cannot read the teacher's folders (owner-only: source/, submitted/, autograded/ ...). It then
sets the process limits and execs the kernel, which keeps this process id (the grader's memory
watchdog follows it).

Self-contained on purpose (standard library only): it runs before anything else is imported.
"""

import argparse
import os
import pwd
import resource
import shutil
import sys


def main(argv):
    p = argparse.ArgumentParser(prog="sandbox.py")
    p.add_argument("--user", default="nobody", help="run the kernel as this user when started as root")
    p.add_argument("--max-file-mb", type=int, default=1024,
                   help="largest file the kernel may write (DJL unpacks the ~500 MB libtorch into its cache once)")
    p.add_argument("--max-processes", type=int, default=0, help="RLIMIT_NPROC for the kernel's user (0: unchanged)")
    p.add_argument("--no-connection-file", action="store_true", help="the command is not a kernel (cache warm-up)")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        p.error("no kernel command after --")

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no multi-GB core dumps from a killed JVM
    size = args.max_file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    if os.geteuid() == 0:
        user = pwd.getpwnam(args.user)
        # jupyter_client wrote the connection file for its own user (mode 0600): hand the kernel a
        # copy it can read, in its working directory (the fresh folder the grader made for it).
        conn = cmd[-1]
        if os.path.isfile(conn) and not args.no_connection_file:
            mine = os.path.join(os.getcwd(), ".kernel-connection.json")
            shutil.copyfile(conn, mine)
            os.chown(mine, user.pw_uid, user.pw_gid)
            os.chmod(mine, 0o400)
            cmd = cmd[:-1] + [mine]
        if args.max_processes > 0:
            resource.setrlimit(resource.RLIMIT_NPROC, (args.max_processes, args.max_processes))
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
        os.environ.update(HOME=os.getcwd(), USER=user.pw_name, LOGNAME=user.pw_name)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
