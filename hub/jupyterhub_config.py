"""JupyterHub configuration for serving the course to a class on one machine.

Start it with ``./course hub`` (which sets up what it needs and passes the settings below as
environment variables), or directly: ``jupyterhub -f hub/jupyterhub_config.py``.

Students are the machine's own users (PAM: their system password). Each one gets their own
JupyterLab, running as their user, with the course's Java kernel, a copy of the lessons in
~/resnet-course, the shared read-only data folder, and a memory and CPU limit the kernel is sized
from (see hub/course_spawner.py). Idle servers are stopped by hub/cull_idle.py. The hub listens on
127.0.0.1 only: put a TLS reverse proxy (nginx, Caddy) in front to open it to a network.

Settings (environment):
  COURSE_HUB_PORT       port of the hub on 127.0.0.1 (default 8000)
  COURSE_HUB_STATE      folder for the hub's database, cookie secret and logs (default .course/hub)
  COURSE_HUB_PYTHON     the Python whose JupyterLab and jupyterhub-singleuser students run
                        (default .course/hub/venv/bin/python, made by ./course hub)
  COURSE_HUB_MEM        memory per student, e.g. 3G (default 3G: lesson 02 peaks at 2.7 GiB, docs/hub.md)
  COURSE_HUB_CPU        CPUs per student, e.g. 1 or 0.5 (default 1)
  COURSE_HUB_IDLE       seconds of inactivity before a server is stopped (default 3600)
  COURSE_HUB_GROUP      only members of this Unix group may log in (default: any local user)
  COURSE_HUB_ADMINS     comma-separated users with the hub's admin page (the teacher)
  COURSE_HUB_PROXY      configurable-http-proxy to run (default .course/hub/proxy/..., from npm)
  COURSE_MODE           smoke: the students' lessons run on generated data (a demo or a test)
  COURSE_DATA           the shared data folder (data-scripts/prepare-classroom), read-only for
                        students (default: the course's data/ when present)
"""

import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
course_root = os.path.dirname(here)
state = os.environ.get("COURSE_HUB_STATE", os.path.join(course_root, ".course", "hub"))
python = os.environ.get("COURSE_HUB_PYTHON", os.path.join(state, "venv", "bin", "python"))

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

# --- network: 127.0.0.1 only; the proxy's API on its own port -------------------------------
port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
# npm's configurable-http-proxy, installed by ./course hub (Debian's needs Debian's nodejs).
proxy = os.environ.get("COURSE_HUB_PROXY") or os.path.join(
    state, "proxy", "node_modules", ".bin", "configurable-http-proxy"
)
if os.path.exists(proxy):
    c.ConfigurableHTTPProxy.command = [proxy]
c.Spawner.ip = "127.0.0.1"

# --- state: database, cookie secret, proxy token stay in the state folder -------------------
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "proxy.pid")

# --- who may log in ------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
if os.environ.get("COURSE_HUB_GROUP"):
    c.PAMAuthenticator.allowed_groups = {os.environ["COURSE_HUB_GROUP"]}
admins = {u for u in os.environ.get("COURSE_HUB_ADMINS", "").split(",") if u}
if admins:
    c.Authenticator.admin_users = admins
    # Admins may open students' servers: the teacher helping a stuck student.
    c.JupyterHub.admin_access = True
# The hub never creates system users: the teacher makes the accounts (useradd), so that who
# may log in is the machine's decision.
c.LocalAuthenticator.create_system_users = False

# --- each student's server ------------------------------------------------------------------
c.JupyterHub.spawner_class = "course_spawner.CourseSpawner"
c.CourseSpawner.course_root = course_root
c.CourseSpawner.jupyter_path = os.path.join(course_root, ".venv", "share", "jupyter")
data = os.environ.get("COURSE_DATA") or os.path.join(course_root, "data")
if os.path.isdir(data):
    c.CourseSpawner.course_data = data
# COURSE_MODE=smoke ./course hub: every lesson on generated data, a few batches (a demo, a test).
if os.environ.get("COURSE_MODE"):
    c.Spawner.environment = {"COURSE_MODE": os.environ["COURSE_MODE"]}
c.Spawner.cmd = [python, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~/resnet-course"
c.Spawner.mem_limit = os.environ.get("COURSE_HUB_MEM", "3G")
c.Spawner.cpu_limit = float(os.environ.get("COURSE_HUB_CPU", "1"))
# A whole class logging in at once on two cores: each server's start (Python importing
# JupyterLab, ~3 s of CPU) queues behind the others'. Ten at once on a busy two-core machine took
# up to 5 minutes (docs/hub.md): a slow start is better than a failed one.
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
# Servers and kernels stop with the hub; they are cheap to start again and hold memory.
c.JupyterHub.cleanup_servers = True
# A class logs in at once: let them all start, the machine's memory is the real limit.
c.JupyterHub.concurrent_spawn_limit = 40

# --- idle culler ----------------------------------------------------------------------------
idle = int(os.environ.get("COURSE_HUB_IDLE", "3600"))
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            os.path.join(here, "cull_idle.py"),
            f"--timeout={idle}",
            f"--every={max(10, min(300, idle // 4))}",
        ],
    }
]
