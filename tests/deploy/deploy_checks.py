#!/usr/bin/env python3
"""Static and quick checks of the ways to deploy the course that cannot run here in full:
Binder (repo2docker is not available), the Zero to JupyterHub values (no cluster), the Docker
image's stages (the build is slow: ./course test-docker), and the hub's pieces that need no
running hub (its configuration, the kernel sizing, the idle culler's choice).

    .venv/bin/python tests/deploy/deploy_checks.py      (tests/deploy/run; part of ./course test)

Z2JH_CHART=DIR (a checkout of the chart's jupyterhub/ folder, with values.yaml and
values.schema.yaml) also validates hub/z2jh-values.yaml merged over the chart's defaults against
the chart's schema, as helm does before rendering.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import unittest

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "hub"))


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as f:
        return f.read()


def requirement_names(text):
    names = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.split(r"[<>=!~\[ ]", line, 1)[0].lower())
    return names


class BinderTest(unittest.TestCase):
    def test_binder_environment_is_the_course_environment(self):
        link = os.path.join(ROOT, "binder", "environment.yml")
        self.assertTrue(os.path.islink(link), "binder/environment.yml should link to ../environment.yml")
        self.assertEqual(os.path.realpath(link), os.path.join(ROOT, "environment.yml"))

    def test_environment_provides_what_setup_checks_for(self):
        env = yaml.safe_load(read("environment.yml"))
        deps = [d for d in env["dependencies"] if isinstance(d, str)]
        names = {re.split(r"[<>=! ]", d, 1)[0].lower() for d in deps}
        # ./course setup --no-system --python current needs javac >= 17, mvn, and the Python
        # packages of scripts/requirements-jupyter.txt importable from the current Python.
        for needed in ["openjdk", "maven", "python"] + requirement_names(
            read("scripts", "requirements-jupyter.txt")
        ):
            self.assertIn(needed, names, f"environment.yml lacks {needed}, which set-up needs")
        jdk = next(d for d in deps if d.startswith("openjdk"))
        self.assertRegex(jdk, r"openjdk\s*[=>]=?\s*1[7-9]|openjdk\s*[=>]=?\s*2\d")

    def test_post_build_uses_only_the_environment(self):
        path = os.path.join(ROOT, "binder", "postBuild")
        self.assertTrue(os.access(path, os.X_OK), "binder/postBuild must be executable")
        text = read("binder", "postBuild")
        self.assertIn("set -euo pipefail", text)
        commands = [
            l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#")
        ][1:]  # after set -euo pipefail
        for c in commands:
            self.assertNotRegex(c, r"\b(apt-get|apt|sudo|pip|conda|mamba|curl|wget)\b",
                                f"postBuild must not install outside environment.yml: {c}")
            if c.startswith("./course setup"):
                self.assertIn("--no-system", c)
                self.assertIn("--python current", c)
            else:
                self.assertRegex(c, r"^(cd |set |\./course doctor$)", f"unexpected step: {c}")

    def test_kernel_heap_is_a_share_of_the_container_memory(self):
        # Binder gives ~2 GB: a fixed -Xmx above it would be killed; a percentage follows the limit.
        text = read("kernel", "install-kernelspec")
        self.assertNotRegex(text, r'"-Xmx')
        pct = int(re.search(r"MaxRAMPercentage=(\d+)", text).group(1))
        self.assertLessEqual(pct, 50)


class HubPiecesTest(unittest.TestCase):
    def test_kernel_sizing_follows_the_students_limits(self):
        from course_limits import kernel_sizing

        env = kernel_sizing(2 * 1024**3, 1.5)
        self.assertEqual(env["OMP_NUM_THREADS"], "1")
        self.assertIn("-XX:MaxRAM=2147483648", env["JDK_JAVA_OPTIONS"])
        self.assertIn("-XX:ActiveProcessorCount=1", env["JDK_JAVA_OPTIONS"])
        self.assertEqual(kernel_sizing(None, None), {"MALLOC_ARENA_MAX": "2"})

    @unittest.skipUnless(shutil.which("java"), "no java on PATH")
    def test_the_jvm_sizes_its_heap_from_the_limit_not_the_host(self):
        from course_limits import kernel_sizing

        env = dict(os.environ, **kernel_sizing(2 * 1024**3, 1))
        out = subprocess.run(
            ["java", "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:+PrintFlagsFinal",
             "-version"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout
        heap = int(re.search(r"MaxHeapSize\s*=\s*(\d+)", out).group(1))
        self.assertEqual(heap, 1024**3, "half of a 2 GiB limit, whatever the host has")
        cpus = int(re.search(r"ActiveProcessorCount\s*=\s*(-?\d+)", out).group(1))
        self.assertEqual(cpus, 1)

    def test_culler_picks_only_ready_servers_idle_past_the_timeout(self):
        from cull_idle import idle_servers

        now = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.timezone.utc)
        users = [
            {"name": "ada", "servers": {"": {"ready": True, "pending": None,
                                             "last_activity": "2026-12-05T10:00:00Z"}}},
            {"name": "bob", "servers": {"": {"ready": True, "pending": None,
                                             "last_activity": "2026-12-05T11:59:00.123Z"}}},
            {"name": "cy", "servers": {"": {"ready": False, "pending": "spawn",
                                            "last_activity": "2026-12-05T08:00:00Z"}}},
            {"name": "dee", "servers": {}},
        ]
        found = list(idle_servers(users, 3600, now))
        self.assertEqual([(u, n) for u, n, _ in found], [("ada", "")])
        self.assertEqual(found[0][2], 7200)

    @unittest.skipUnless(os.path.exists("/usr/lib/python3/dist-packages/jupyterhub"),
                         "Debian's jupyterhub is not installed (./course hub --setup-only)")
    def test_hub_config_listens_on_localhost_with_the_course_spawner(self):
        code = (
            "from traitlets.config import PyFileConfigLoader\n"
            "import sys, json\n"
            "c = PyFileConfigLoader('jupyterhub_config.py', path=sys.argv[1]).load_config()\n"
            "print(json.dumps({'bind': c.JupyterHub.bind_url, 'spawner': c.JupyterHub.spawner_class,"
            " 'mem': c.Spawner.mem_limit, 'cpu': c.Spawner.cpu_limit,"
            " 'auth': c.JupyterHub.authenticator_class, 'services': [s['name'] for s in"
            " c.JupyterHub.services]}))\n"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_HUB_")}
        out = subprocess.run(["/usr/bin/python3", "-c", code, os.path.join(ROOT, "hub")],
                             env=env, capture_output=True, text=True, check=True).stdout
        import json

        c = json.loads(out)
        self.assertTrue(c["bind"].startswith("http://127.0.0.1:"), c["bind"])
        self.assertEqual(c["spawner"], "course_spawner.CourseSpawner")
        self.assertEqual((c["mem"], c["cpu"]), ("3G", 1.0))
        self.assertEqual(c["auth"], "jupyterhub.auth.PAMAuthenticator")
        self.assertEqual(c["services"], ["idle-culler"])


class KubernetesValuesTest(unittest.TestCase):
    values = yaml.safe_load(read("hub", "z2jh-values.yaml"))

    def test_same_limits_as_the_hub_on_one_machine(self):
        s = self.values["singleuser"]
        self.assertEqual(s["memory"]["limit"], "3G")
        self.assertEqual(s["cpu"]["limit"], 1)
        self.assertEqual(s["extraEnv"]["OMP_NUM_THREADS"], str(s["cpu"]["limit"]))
        self.assertTrue(self.values["cull"]["enabled"])

    def test_shared_data_is_a_read_only_volume(self):
        s = self.values["singleuser"]
        mount = next(m for m in s["storage"]["extraVolumeMounts"] if m["name"] == "course-data")
        self.assertTrue(mount["readOnly"])
        self.assertEqual(s["extraEnv"]["COURSE_DATA"], mount["mountPath"])
        vol = next(v for v in s["storage"]["extraVolumes"] if v["name"] == "course-data")
        self.assertTrue(vol["persistentVolumeClaim"]["readOnly"])
        self.assertNotEqual(s["storage"]["homeMountPath"], "/home/student",
                            "the students' volume must not hide the course in the image")

    @unittest.skipUnless(os.environ.get("Z2JH_CHART"), "Z2JH_CHART not set: schema not checked")
    def test_values_validate_against_the_charts_schema(self):
        import jsonschema

        chart = os.environ["Z2JH_CHART"]
        with open(os.path.join(chart, "values.yaml")) as f:
            merged = yaml.safe_load(f)
        with open(os.path.join(chart, "values.schema.yaml")) as f:
            schema = yaml.safe_load(f)

        def merge(base, over):
            for k, v in over.items():
                if isinstance(v, dict) and isinstance(base.get(k), dict):
                    merge(base[k], v)
                else:
                    base[k] = v

        merge(merged, self.values)
        jsonschema.validate(merged, schema)


class DockerfileTest(unittest.TestCase):
    def stages(self):
        stages, name = {}, None
        for line in read("docker", "Dockerfile").splitlines():
            m = re.match(r"FROM\s+\S+\s+AS\s+(\w+)", line)
            if m:
                name = m.group(1)
                stages[name] = []
            elif name and line.strip() and not line.startswith("#"):
                stages[name].append(line)
        return stages

    def test_the_image_students_run_has_no_build_or_test_tools(self):
        course = "\n".join(self.stages()["course"])
        # (Maven itself stays: the kernel's %maven magic runs it; the build's ~/.m2 does not.)
        for tool in ["jupyter-kernel-test", ".m2", "COPY --chown=student:student . .", "chromium"]:
            self.assertNotIn(tool, course)
        self.assertIn("rm -rf /var/lib/apt/lists", course)

    def test_the_server_runs_as_a_user_with_token_authentication(self):
        course = self.stages()["course"]
        users = [l for l in course if l.startswith("USER ")]
        self.assertEqual(users[-1].split()[1], "student")
        cmd = next(l for l in course if l.startswith("CMD"))
        self.assertIn('"lab"', cmd)
        self.assertNotIn("token=", cmd)  # ./course lab makes a random token unless COURSE_TOKEN

    def test_the_image_students_run_carries_the_jars_the_launchers_commands_run_on(self):
        # ./course doctor, data, weights and models run the course-tools jar in front of the
        # kernel's library folder (kit_java in scripts/lib/common.sh): both must reach the image.
        common = read("scripts", "lib", "common.sh")
        folders = {
            name: re.search(rf'^{name}="\$COURSE_ROOT/([^"]+)"', common, re.M).group(1)
            for name in ("COURSE_LIB", "COURSE_TOOLS")
        }
        self.assertIn('-cp "$COURSE_TOOLS/*:$COURSE_LIB/*"', common)
        copies = [l for l in self.stages()["course"] if l.startswith("COPY --from=build")]
        for name, folder in folders.items():
            self.assertTrue(
                any(l.split()[-1].rstrip("/").startswith("./" + folder) for l in copies),
                f"the course stage copies nothing into {folder} ({name}): {copies}",
            )
        self.assertTrue(any("course-tools-*.jar" in l for l in copies), copies)

    def test_the_test_stage_checks_kernel_notebooks_and_server(self):
        test = "\n".join(self.stages()["test"])
        for check in ["kernel/test-kernel", "./course run all --smoke", "docker/check-server"]:
            self.assertIn(check, test)


if __name__ == "__main__":
    unittest.main(verbosity=2)
