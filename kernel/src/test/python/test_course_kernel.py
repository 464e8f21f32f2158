"""What the course needs beyond the protocol: the kit preloaded, its displays with ids, IJava's
display API and magics, buffered output, interrupts that keep the kernel alive, startup variables."""
import os
import tempfile
import unittest
import zipfile
from pathlib import Path

from kernel_client import Kernel


class CourseKernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kernel = Kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def run_ok(self, code, **kwargs):
        cell = self.kernel.execute(code, **kwargs)
        self.assertEqual(cell.status, "ok", "cell failed: %s" % (cell.error(),))
        return cell

    def test_kit_is_preloaded_and_imported(self):
        cell = self.run_ok("Env.current().mode()")
        self.assertIn(cell.result(), ("SMOKE", "FULL", "smoke", "full"))

    def test_kit_show_sends_display_data_with_an_id_and_updates_it(self):
        cell = self.run_ok(
            'var h = Notebook.show(MimeBundle.html("<i>epoch 1</i>", "epoch 1"));\n'
            'h.update(MimeBundle.html("<i>epoch 2</i>", "epoch 2"));')
        shown = cell.of_type("display_data")
        updates = cell.of_type("update_display_data")
        self.assertEqual(len(shown), 1)
        self.assertEqual(shown[0]["content"]["data"]["text/html"], "<i>epoch 1</i>")
        self.assertEqual(len(updates), 1)
        self.assertEqual(updates[0]["content"]["data"]["text/plain"], "epoch 2")
        self.assertEqual(shown[0]["content"]["transient"]["display_id"],
                         updates[0]["content"]["transient"]["display_id"])

    def test_a_cell_ending_in_notebook_show_shows_the_output_once(self):
        cell = self.run_ok('Notebook.show(MimeBundle.text("once"))')
        self.assertEqual(len(cell.of_type("display_data")), 1)
        self.assertEqual(cell.of_type("execute_result"), [])

    def test_ijava_display_returns_an_id_that_update_display_replaces(self):
        cell = self.run_ok('String id = display("first");\nupdateDisplay(id, "second");\nid')
        shown = cell.of_type("display_data")[0]
        update = cell.of_type("update_display_data")[0]
        self.assertEqual(shown["content"]["transient"]["display_id"], cell.result().strip('"'))
        self.assertEqual(update["content"]["data"]["text/plain"], "second")

    def test_display_of_a_mime_bundle_sends_every_mime_type(self):
        cell = self.run_ok(
            'display(MimeBundle.html("<b>x</b>", "x").with("text/markdown", "**x**"));')
        data = cell.of_type("display_data")[0]["content"]["data"]
        self.assertEqual(data, {"text/html": "<b>x</b>", "text/plain": "x", "text/markdown": "**x**"})

    def test_json_mime_types_are_sent_as_json_objects(self):
        cell = self.run_ok('display(MimeBundle.of("application/vnd.plotly.v1+json", '
                           '"{\\"data\\": [{\\"y\\": [1, 2]}]}", "chart"));')
        data = cell.of_type("display_data")[0]["content"]["data"]
        self.assertEqual(data["application/vnd.plotly.v1+json"], {"data": [{"y": [1, 2]}]})
        self.assertEqual(data["text/plain"], "chart")

    def test_a_mime_bundle_as_the_last_expression_is_a_rich_result(self):
        cell = self.run_ok('MimeBundle.html("<p>r</p>", "r")')
        self.assertEqual(cell.result("text/html"), "<p>r</p>")
        self.assertEqual(cell.result(), "r")

    def test_render_restricts_mime_types(self):
        cell = self.run_ok('render(MimeBundle.html("<b>y</b>", "y"), "text/plain")')
        data = cell.of_type("execute_result")[0]["content"]["data"]
        self.assertEqual(data, {"text/plain": "y"})

    def test_a_flood_of_printlns_arrives_complete_and_in_few_messages(self):
        cell = self.run_ok("for (int i = 0; i < 20000; i++) System.out.println(i);")
        lines = cell.stdout().splitlines()
        self.assertEqual(lines, [str(i) for i in range(20000)])
        self.assertLess(len(cell.of_type("stream")), 1000)

    def test_stdout_comes_before_the_result_and_displays_keep_order(self):
        cell = self.run_ok('System.out.println("before");\ndisplay("shown");\n'
                           'System.out.println("after");\n1')
        kinds = [m["msg_type"] for m in cell.messages
                 if m["msg_type"] not in ("status", "execute_input")]
        self.assertEqual(kinds, ["stream", "display_data", "stream", "execute_result"])

    def test_compile_error_names_the_cell_line(self):
        cell = self.kernel.execute("int a = 1;\nint b = undefinedName + 1;")
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error()["ename"], "CompilationException")
        self.assertIn("Line 2", "\n".join(cell.error()["traceback"]))

    def test_exception_reports_its_real_class(self):
        cell = self.kernel.execute("Integer.parseInt(\"x\")")
        self.assertEqual(cell.error()["ename"], "java.lang.NumberFormatException")

    def test_interrupt_stops_a_sleeping_cell_and_the_kernel_lives_on(self):
        cell = self.kernel.execute("Thread.sleep(60_000);", interrupt_after=1.5, timeout=30)
        self.assertEqual(cell.status, "error")
        self.assertEqual(cell.error()["ename"], "Interrupted")
        self.assertEqual(self.run_ok("1 + 1").result(), "2")

    def test_interrupt_stops_a_busy_loop_that_never_checks(self):
        cell = self.kernel.execute("long n = 0; while (true) { n++; }", interrupt_after=1.5,
                                   timeout=30)
        self.assertEqual(cell.status, "error")
        self.assertEqual(self.run_ok('"alive"').result(), "alive")

    def test_jars_magic_adds_a_jar_to_the_class_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            jar = Path(tmp) / "greeting.jar"
            src = Path(tmp) / "src"
            src.mkdir()
            (src / "Greeting.java").write_text(
                "package demo; public class Greeting { public static String hi() { return \"hi\"; } }")
            os.system("javac -d %s %s" % (src, src / "Greeting.java"))
            with zipfile.ZipFile(jar, "w") as z:
                z.write(src / "demo" / "Greeting.class", "demo/Greeting.class")
            cell = self.run_ok("%%jars %s\ndemo.Greeting.hi()" % jar)
            self.assertEqual(cell.result(), "hi")

    def test_load_magic_runs_a_script(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsh", delete=False) as f:
            f.write("int loadedValue = 41;\n")
        try:
            self.assertEqual(self.run_ok("%%load %s\nloadedValue + 1" % f.name).result(), "42")
        finally:
            os.unlink(f.name)

    def test_maven_magic_explains_a_failed_resolution(self):
        cell = self.kernel.execute("%maven io.github.resnetcourse.missing:nothing:0.0.1", timeout=300)
        self.assertEqual(cell.status, "error")
        message = cell.error()["evalue"]
        self.assertIn("could not resolve io.github.resnetcourse.missing:nothing:0.0.1", message)
        self.assertIn("needs the network", message)

    def test_unknown_magic_lists_the_known_ones(self):
        cell = self.kernel.execute("%nosuchmagic")
        self.assertIn("%maven", cell.error()["evalue"])

    def test_history_request_gets_an_empty_reply(self):
        msg_id = self.kernel.kc.history(hist_access_type="tail", n=5)
        reply = self.kernel.kc.get_shell_msg(timeout=15)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["history"], [])

    def test_the_kernel_runs_with_the_kits_engine_settings(self):
        # kernel.json's env and JVM flags reach the process: glibc maps large tensor buffers on
        # huge pages where the kernel allows them, and the heap starts small.
        cell = self.run_ok("io.github.resnetcourse.kit.engine.Engines.init().describe()")
        try:
            thp = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
        except OSError:
            thp = "[never]"
        expected = ("huge pages (system-wide)" if "[always]" in thp
                    else "huge pages" if "[madvise]" in thp else "small pages")
        self.assertIn("large_mapped allocator (12 MiB), %s," % expected, cell.result())
        cell = self.run_ok("java.lang.management.ManagementFactory.getRuntimeMXBean()"
                           ".getInputArguments().contains(\"-Xms64m\")")
        self.assertEqual(cell.result(), "true")

    def test_nothing_of_the_kernel_leaks_to_stderr(self):
        cell = self.run_ok("Env.current().seed()")
        self.assertEqual(cell.stderr(), "")


class StartupVariablesTests(unittest.TestCase):
    def test_ijava_startup_variables_run_before_the_first_cell(self):
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "startup.jsh"
            script.write_text("String fromScript = \"script\";\n")
            classes = Path(tmp) / "classes"
            (classes / "demo").mkdir(parents=True)
            src = Path(tmp) / "Extra.java"
            src.write_text("package demo; public class Extra { public static int v() { return 7; } }")
            os.system("javac -d %s %s" % (classes, src))
            env = dict(os.environ,
                       IJAVA_STARTUP_SCRIPTS_PATH=str(Path(tmp) / "*.jsh"),
                       IJAVA_STARTUP_SCRIPT='String inline = fromScript + "+inline";',
                       IJAVA_CLASSPATH=str(classes))
            kernel = Kernel(env=env)
            try:
                cell = kernel.execute("inline + demo.Extra.v()")
                self.assertEqual(cell.status, "ok", cell.error())
                self.assertEqual(cell.result(), "script+inline7")
            finally:
                kernel.shutdown()


if __name__ == "__main__":
    unittest.main()
