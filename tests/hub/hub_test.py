#!/usr/bin/env python3
"""A class on the course hub: N students log in through the hub, each starts a server and runs
lessons through the course kernel, and the students are checked to be kept apart.

Started by tests/hub/run, which creates the system users, the teacher's folder and the shared
data folder, and starts the hub; this script only talks HTTP and websockets to the hub, as a
browser would:

  1. each student logs in with their password (POST /hub/login), gets an API token
     (POST /hub/api/users/NAME/tokens), starts their server and waits until it is ready;
  2. starts a course kernel on their server (POST /user/NAME/api/kernels) and waits for its
     kernel_info reply: login -> ready kernel is the time a student waits;
  3. executes each lesson's code cells over the kernel's websocket channel; a cell that raises or
     writes to stderr fails the test (the graders' rule);
  4. from their own kernel, tries to read another student's lesson copy and the teacher's
     folder, and to write to the shared data folder: each must be refused;
     with their own token, tries another student's server: must be refused;
  5. stops every server through the hub's API.
Prints the timings and memory and writes them as JSON (--out).
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from urllib.parse import urlencode

import nbformat
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

AsyncHTTPClient.configure(None, max_clients=64)


class Failure(Exception):
    pass


class Student:
    def __init__(self, hub, name, password):
        self.hub = hub.rstrip("/")
        self.name = name
        self.password = password
        self.token = None
        self.cookies = {}
        self.times = {}
        self.kernel_id = None

    # --- HTTP -------------------------------------------------------------------------------
    async def call(self, method, path, body=None, token=None, expect=(200, 201, 202, 204)):
        headers = {"Content-Type": "application/json"}
        if token or self.token:
            headers["Authorization"] = f"token {token or self.token}"
        req = HTTPRequest(
            self.hub + path,
            method=method,
            headers=headers,
            body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True,
            request_timeout=300,
        )
        try:
            r = await AsyncHTTPClient().fetch(req, raise_error=False)
        except OSError as e:
            raise Failure(f"{self.name}: {method} {path}: {e}")
        if r.code not in expect:
            raise Failure(f"{self.name}: {method} {path} answered {r.code}: {r.body[:300]!r}")
        return r.code, (json.loads(r.body) if r.body else None)

    async def login(self):
        """The hub's login form, then a token for the REST API (what a browser session yields)."""
        t0 = time.monotonic()
        form = urlencode({"username": self.name, "password": self.password})
        r = await AsyncHTTPClient().fetch(
            HTTPRequest(self.hub + "/hub/login", method="POST", body=form, follow_redirects=False),
            raise_error=False,
        )
        if r.code != 302 or not any("jupyterhub-session-id" in c or "jupyterhub-hub-login" in c
                                    for c in r.headers.get_list("Set-Cookie")):
            raise Failure(f"{self.name}: login refused ({r.code}); is the password right?")
        _, tok = await self.call(
            "POST",
            f"/hub/api/users/{self.name}/tokens",
            {"auth": {"username": self.name, "password": self.password}, "note": "hub test"},
        )
        self.token = tok["token"]
        self.times["login"] = t0
        return self

    async def start_server(self, timeout):
        await self.call("POST", f"/hub/api/users/{self.name}/server", {})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, user = await self.call("GET", f"/hub/api/users/{self.name}")
            server = (user.get("servers") or {}).get("")
            if server and server.get("ready"):
                self.times["server_ready"] = time.monotonic()
                return
            if not server:  # the hub gave up on it (its log says why)
                raise Failure(f"{self.name}: the hub could not start the server (see the hub's log)")
            await asyncio.sleep(0.5)
        raise Failure(f"{self.name}: server not ready after {timeout} s")

    async def start_kernel(self, kernel, timeout):
        _, k = await self.call(
            "POST", f"/user/{self.name}/api/kernels", {"name": kernel, "path": "resnet-course"}
        )
        self.kernel_id = k["id"]
        self.ws = await websocket_connect(
            HTTPRequest(
                self.hub.replace("http", "ws", 1)
                + f"/user/{self.name}/api/kernels/{self.kernel_id}/channels",
                headers={"Authorization": f"token {self.token}"},
                request_timeout=timeout,
            )
        )
        # kernel_info until answered: the kernel is ready for the first cell
        deadline = time.monotonic() + timeout
        while True:
            msg_id = self._send("kernel_info_request", {}, "shell")
            try:
                await self._until_reply(msg_id, timeout=5)
                break
            except asyncio.TimeoutError:
                if time.monotonic() > deadline:
                    raise Failure(f"{self.name}: kernel not ready after {timeout} s")
        self.times["kernel_ready"] = time.monotonic()

    # --- kernel messages over the websocket --------------------------------------------------
    def _send(self, msg_type, content, channel):
        msg_id = uuid.uuid4().hex
        self.ws.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": self.name,
                        "session": getattr(self, "session", None) or self._new_session(),
                        "msg_type": msg_type,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def _new_session(self):
        self.session = uuid.uuid4().hex
        return self.session

    async def _until_reply(self, msg_id, timeout):
        """Collects this request's output until its reply and the kernel's idle status."""
        outputs, reply, idle = [], None, False
        end = time.monotonic() + timeout
        while reply is None or not idle:
            left = end - time.monotonic()
            if left <= 0:
                raise asyncio.TimeoutError()
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                raise Failure(f"{self.name}: the kernel's websocket closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t = msg["msg_type"]
            if t.endswith("_reply"):
                reply = msg
            elif t == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif t in ("stream", "error", "execute_result", "display_data"):
                outputs.append(msg)
        return reply, outputs

    async def execute(self, code, timeout):
        msg_id = self._send(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "user_expressions": {},
             "allow_stdin": False, "stop_on_error": True},
            "shell",
        )
        reply, outputs = await self._until_reply(msg_id, timeout)
        text = "".join(o["content"].get("text", "") for o in outputs if o["msg_type"] == "stream"
                       and o["content"]["name"] == "stdout")
        errors = [o for o in outputs if o["msg_type"] == "error"
                  or (o["msg_type"] == "stream" and o["content"]["name"] == "stderr")]
        if reply["content"]["status"] != "ok" or errors:
            detail = reply["content"].get("evalue") or "".join(
                o["content"].get("text") or o["content"].get("evalue", "") for o in errors)
            raise Failure(f"{self.name}: cell failed: {detail[:400]}\n--- cell:\n{code[:300]}")
        return text

    async def run_notebook(self, path, timeout):
        nb = nbformat.read(path, as_version=4)
        t0 = time.monotonic()
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip():
                await self.execute(cell.source, timeout)
        return time.monotonic() - t0

    async def stop(self):
        if getattr(self, "ws", None):
            self.ws.close()
        await self.call("DELETE", f"/hub/api/users/{self.name}/server", expect=(202, 204, 400))


def isolation_cell(paths_to_read, dir_to_write):
    """A Java cell that tries each access and prints READ/DENIED, WROTE/DENIED per path."""
    reads = ", ".join(json.dumps(p) for p in paths_to_read)
    return f"""
for (String p : java.util.List.of({reads})) {{
    try {{
        java.nio.file.Files.readAllBytes(java.nio.file.Path.of(p));
        System.out.println("READ " + p);
    }} catch (java.io.IOException e) {{
        System.out.println("DENIED " + p + " (" + e.getClass().getSimpleName() + ")");
    }}
}}
try {{
    java.nio.file.Files.writeString(java.nio.file.Path.of({json.dumps(dir_to_write)}, "written-by-student"), "x");
    System.out.println("WROTE {dir_to_write}");
}} catch (java.io.IOException e) {{
    System.out.println("DENIED {dir_to_write} (" + e.getClass().getSimpleName() + ")");
}}
System.out.println("COURSE_DATA=" + System.getenv("COURSE_DATA"));
System.out.println("heap max MiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
System.out.println("cpus=" + Runtime.getRuntime().availableProcessors());
System.out.println("torch threads=" + System.getProperty("ai.djl.pytorch.num_threads"));
"""


def cgroup_memory(name):
    """(current, peak) bytes of a student's memory control group, or None."""
    for base in ("/sys/fs/cgroup/memory", "/sys/fs/cgroup"):
        for root, dirs, _ in os.walk(base):
            if os.path.basename(root) == name and os.path.basename(os.path.dirname(root)) == "course-hub":
                files = [("memory.usage_in_bytes", "memory.max_usage_in_bytes"), ("memory.current", "memory.peak")]
                for cur, peak in files:
                    try:
                        with open(os.path.join(root, cur)) as f1, open(os.path.join(root, peak)) as f2:
                            return int(f1.read()), int(f2.read())
                    except OSError:
                        continue
            if root.count("/") > 8:
                dirs[:] = []
    return None


def rss_by_role(hub_pid):
    """RSS in MiB of the hub's process tree, by role: hub, proxy, culler, servers, kernels."""
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    children.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(p))
            except OSError:
                pass
    roles = {"hub": 0, "proxy": 0, "culler": 0, "servers": [], "kernels": [], "pss_total": 0}
    todo = [hub_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
            with open(f"/proc/{pid}/smaps_rollup") as f:
                # PSS shares each page among the processes that map it: the class's real total
                roles["pss_total"] += next(int(l.split()[1]) for l in f if l.startswith("Pss:")) / 1024
        except (OSError, StopIteration):
            continue
        if pid == hub_pid:
            roles["hub"] += rss
        elif "configurable-http-proxy" in cmd:
            roles["proxy"] += rss
        elif "cull_idle" in cmd:
            roles["culler"] += rss
        elif "jupyterhub.singleuser" in cmd:
            roles["servers"].append(rss)
        elif "java" in cmd:
            roles["kernels"].append(rss)
    return {k: (round(v) if not isinstance(v, list) else sorted(round(x) for x in v))
            for k, v in roles.items()}


async def sample_peak(hub_pid, peak, stop):
    while not stop.is_set():
        now = rss_by_role(hub_pid)
        total = now["pss_total"]
        if total > peak.get("total", 0):
            peak.update(now, total=round(total), rss_total=now["hub"] + now["proxy"] + now["culler"]
                        + sum(now["servers"]) + sum(now["kernels"]))
        try:
            await asyncio.wait_for(stop.wait(), 1)
        except asyncio.TimeoutError:
            pass


async def one_student(s, args, others, results, all_ready):
    try:
        await s.login()
        await s.start_server(args.timeout)
        await s.start_kernel(args.kernel, args.timeout)
    finally:
        all_ready.append(s.name)  # started or failed: the others need not wait for it
    wait_until = time.monotonic() + args.timeout
    while len(all_ready) < args.class_size and time.monotonic() < wait_until:
        await asyncio.sleep(0.2)  # the idle class is measured before any lesson runs
    await asyncio.sleep(3)
    r = {
        "student": s.name,
        "login_to_server_s": round(s.times["server_ready"] - s.times["login"], 1),
        "login_to_kernel_s": round(s.times["kernel_ready"] - s.times["login"], 1),
        "lessons": {},
    }
    results.append(r)
    for nb in args.lessons:
        r["lessons"][os.path.basename(nb)] = round(await s.run_notebook(nb, args.timeout), 1)
        mem = cgroup_memory(s.name)
        if mem:
            r.setdefault("cgroup_peak_mib", {})[os.path.basename(nb)] = mem[1] // 2**20
    # isolation, from the student's own kernel
    other = others[s.name]
    targets = [args.teacher_file]
    if other:
        targets.insert(0, f"/home/{other}/resnet-course/00-setup.ipynb")
    out = await s.execute(isolation_cell(targets, args.shared_data), args.timeout)
    r["isolation"] = out.strip().splitlines()
    denied = [t for t in targets if f"DENIED {t}" in out] + (
        [args.shared_data] if f"DENIED {args.shared_data}" in out else [])
    if len(denied) != len(targets) + 1:
        raise Failure(f"{s.name} was not kept apart:\n{out}")
    if f"COURSE_DATA={args.shared_data}" not in out:
        raise Failure(f"{s.name}: the kernel does not see the shared data folder:\n{out}")
    # with the student's own token, another student's server must refuse
    if other:
        code, _ = await s.call("GET", f"/user/{other}/api/status", expect=(302, 403, 404))
        r["other_server_status"] = code


async def main_async(args):
    creds = [line.split(":", 1) for line in open(args.students).read().split()]
    students = [Student(args.hub, n, p) for n, p in creds]
    names = [s.name for s in students]
    # each student probes the next one's files; a class of one has only the teacher's folder
    others = {n: names[(i + 1) % len(names)] if len(names) > 1 else None
              for i, n in enumerate(names)}
    args.class_size = len(students)
    results, all_ready, peak, stop = [], [], {}, asyncio.Event()
    before = rss_by_role(args.hub_pid) if args.hub_pid else None
    sampler = asyncio.ensure_future(sample_peak(args.hub_pid, peak, stop)) if args.hub_pid else None

    async def idle_class():
        while len(all_ready) < len(students) and not stop.is_set():
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)
        return rss_by_role(args.hub_pid) if args.hub_pid else None

    idle_probe = asyncio.ensure_future(idle_class())
    t0 = time.monotonic()
    outcome = await asyncio.gather(
        *(one_student(s, args, others, results, all_ready) for s in students),
        return_exceptions=True,
    )
    wall = time.monotonic() - t0
    stop.set()
    if sampler:
        await sampler
    idle = await idle_probe
    failures = [o for o in outcome if isinstance(o, BaseException)]
    await asyncio.gather(*(s.stop() for s in students if s.token), return_exceptions=True)
    ready = sorted(r["login_to_kernel_s"] for r in results)
    summary = {
        "students": len(students),
        "lessons": [os.path.basename(nb) for nb in args.lessons],
        "wall_s": round(wall, 1),
        "login_to_kernel_median_s": statistics.median(ready) if ready else None,
        "login_to_kernel_worst_s": ready[-1] if ready else None,
        "rss_mib_before_logins": before,
        "rss_mib_class_idle_kernels": idle,
        "rss_mib_at_peak": peak or None,
        "per_student": sorted(results, key=lambda r: r["student"]),
        "failures": [str(f) for f in failures],
    }
    for r in summary["per_student"]:
        print(f"  {r['student']}: login->server {r['login_to_server_s']} s, login->kernel "
              f"{r['login_to_kernel_s']} s, lessons {r['lessons']}, cgroup peak MiB "
              f"{r.get('cgroup_peak_mib')}, other's server -> {r.get('other_server_status')}")
        for line in r.get("isolation", []):
            print(f"      {line}")
    print(f"  login -> ready kernel: median {summary['login_to_kernel_median_s']} s, worst "
          f"{summary['login_to_kernel_worst_s']} s; all lessons done in {wall:.0f} s")
    if args.hub_pid:
        print(f"  RSS MiB before logins: {before}")
        print(f"  RSS MiB with every kernel started, idle: {idle}")
        print(f"  RSS MiB at the peak while lessons ran: {peak}")
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=1)
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--hub", required=True, help="the hub's URL, e.g. http://127.0.0.1:8000")
    p.add_argument("--students", required=True, help="file with name:password per line")
    p.add_argument("--lessons", nargs="+", required=True, help="notebooks to execute")
    p.add_argument("--teacher-file", required=True, help="a file only the teacher may read")
    p.add_argument("--shared-data", required=True, help="the shared read-only data folder")
    p.add_argument("--kernel", default="java-resnet-course")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--hub-pid", type=int, help="the hub's pid, to measure its process tree")
    p.add_argument("--out", help="write the results as JSON here")
    args = p.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
