#!/usr/bin/env python3
"""Stops single-user servers that have been idle too long: the course hub's idle culler.

Runs as a JupyterHub-managed service with the ``admin:servers`` / ``list:users`` scopes. Every
``--every`` seconds it asks the hub's REST API for the users' servers and stops each one whose
``last_activity`` (kernel and browser activity, reported by the single-user server) is older than
``--timeout`` seconds. The same job as the ``jupyterhub-idle-culler`` package (not installable
here), reduced to what a class needs: an idle Java kernel holds hundreds of MB that the next
student may need.

    python3 hub/cull_idle.py --timeout 3600 --every 300     (the hub starts it; see
                                                              hub/jupyterhub_config.py)
Environment: JUPYTERHUB_API_URL and JUPYTERHUB_API_TOKEN (set by the hub for its services).
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
import urllib.request


def api(method, path, token, base):
    req = urllib.request.Request(
        base.rstrip("/") + path,
        method=method,
        headers={"Authorization": f"token {token}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
        return json.loads(body) if body else None


def parse_time(value):
    if not value:
        return None
    value = value.replace("Z", "+00:00")
    t = dt.datetime.fromisoformat(value)
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def idle_servers(users, timeout, now):
    """(user, server name, idle seconds) for each ready server idle longer than timeout."""
    for user in users:
        for name, server in (user.get("servers") or {}).items():
            if not server.get("ready") or server.get("pending"):
                continue
            last = parse_time(server.get("last_activity")) or parse_time(server.get("started"))
            if last is None:
                continue
            idle = (now - last).total_seconds()
            if idle > timeout:
                yield user["name"], name, idle


def cull_once(base, token, timeout):
    users = api("GET", "/users?state=ready", token, base)
    now = dt.datetime.now(dt.timezone.utc)
    for user, name, idle in idle_servers(users, timeout, now):
        suffix = f"/servers/{name}" if name else "/server"
        print(f"culling {user}'s server{' ' + name if name else ''}: idle {idle:.0f} s", flush=True)
        api("DELETE", f"/users/{user}{suffix}", token, base)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--timeout", type=float, default=3600, help="idle seconds before a stop")
    p.add_argument("--every", type=float, default=300, help="seconds between checks")
    p.add_argument("--once", action="store_true", help="check once and exit")
    args = p.parse_args(argv)
    base = os.environ.get("JUPYTERHUB_API_URL")
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    if not base or not token:
        sys.exit("cull_idle: JUPYTERHUB_API_URL and JUPYTERHUB_API_TOKEN are not set; the hub"
                 " sets them when it starts this script as a service.")
    while True:
        try:
            cull_once(base, token, args.timeout)
        except OSError as e:  # the hub restarting: try again next round
            print(f"cull_idle: the hub did not answer ({e})", flush=True)
        if args.once:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
