"""A class of submissions per assignment, graded end to end by `./course classroom` in real
sandboxed course kernels: each must get the expected score and say why.

Slow (real kernels, 27 submissions): 19 min measured on a 2-core machine under heavy load
(docs/classroom.md). Run: ./course classroom selftest
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from classroom import nbmeta, regions

REPO = Path(__file__).resolve().parents[3]
SCRIPTS = REPO / "scripts"

CHEAT = """
// Looks for the teacher's notebook (hidden tests) from the student's code while it is graded.
var found = new java.util.ArrayList<String>();
java.util.function.BiConsumer<java.io.File, Integer>[] walk = new java.util.function.BiConsumer[1];
walk[0] = (dir, depth) -> {
    var files = dir.listFiles();
    if (files == null) return;
    for (var f : files) {
        if (f.isDirectory() && depth > 0) walk[0].accept(f, depth - 1);
        else if (f.getName().endsWith(".ipynb") || f.getName().endsWith(".json")) {
            try { if (java.nio.file.Files.readString(f.toPath()).contains("BEGIN HIDDEN" + " TESTS")) found.add(f.getPath()); }
            catch (Exception e) { }
        }
    }
};
for (var d = new java.io.File(System.getProperty("user.dir")).getAbsoluteFile(); d != null; d = d.getParentFile()) walk[0].accept(d, 2);
walk[0].accept(new java.io.File(System.getenv("COURSE_HOME"), "classroom"), 4);
walk[0].accept(new java.io.File("@ROOT@"), 4);
System.out.println("hidden tests found: " + found.size() + " " + found);
"""

# What each kind of submission changes in the released notebook: {grade_id: source}; "correct"
# answers come from the source notebook, None keeps the stub.
A02 = {
    "wrong": {
        "q1-pipeline": "static ImagePipeline cifarTrain() {\n return ImagePipeline.of(new RandomRotation(15), new RandomCrop(32, 4), RandomFlip.horizontal(0.5), new ColorJitter(0.2, 0.2, 0.2, 0.1), Normalize.CIFAR10);\n}",
        "q2-freeze": "static long trainableWhenFrozen(Learner l) { return 5_130; }\nstatic long trainableWhenUnfrozen(Learner l) { return 11_181_642; }",
        "q3-alexnet": "static NDArray centreOf(NDArray k) { return k.get(new NDIndex(\":, :, 3:6, 3:6\")); }\nstatic long cifarParameters(long p, int c) { return 57_023_306; }",
    },
    "loop": {"q1-pipeline": "static ImagePipeline cifarTrain() {\n    while (true) { }\n}"},
    "exit": {"q2-freeze": "System.exit(0);"},
    "alloc": {"q3-alexnet": "var hog = NDManager.newBaseManager();\nvar kept = new java.util.ArrayList<NDArray>();\nwhile (true) kept.add(hog.ones(new Shape(64, 1024, 1024)));"},
    "forbidden": {"q3-alexnet": "static NDArray centreOf(NDArray k) { return AlexNets.forCifar(alexnet, 10).namedParameters().get(\"features.0.weight\").getArray(); }\nstatic long cifarParameters(long p, int c) { return AlexNets.forCifar(alexnet, c).parameterCount(); }"},
    "partial": {"q3-alexnet": None},
}
A04 = {
    "wrong": {
        "q1-improves": "static boolean improves(double loss, double best, double minDelta) { return loss < best - minDelta; }",
        "q2-replay": "static Outcome replay(double[] l, int p, double d) { return new Outcome(15, 10, 0.008041); }",
    },
    "loop": {"q2-replay": "static Outcome replay(double[] l, int p, double d) {\n    long n = 0;\n    while (true) n++;\n}"},
    "exit": {"q1-improves": "System.exit(3);"},
    "alloc": {"q2-replay": "static Outcome replay(double[] l, int p, double d) {\n    var hog = new java.util.ArrayList<long[]>();\n    while (true) hog.add(new long[1 << 20]);\n}"},
    "partial": {"q2-replay": None},
}
A05 = {
    "wrong": {
        "q1-ratio": "static double ratio(NDArray x, NDArray fx) { return fx.abs().sum().getFloat() / x.abs().sum().getFloat(); }",
        "q3-quietest": "static String quietestBlock(ResidualCapture c) {\n var r = blockRatios(c); int w = 0;\n for (int i = 1; i < r.size(); i++) if (r.get(i) > r.get(w)) w = i;\n return c.blocks().get(w).block();\n}",
    },
    "loop": {"q3-quietest": "static String quietestBlock(ResidualCapture c) {\n    while (true) { }\n}"},
    "exit": {"q1-ratio": "System.exit(0);"},
    "alloc": {"q2-blocks": "var kept = new java.util.ArrayList<NDArray>();\nwhile (true) kept.add(manager.ones(new Shape(64, 1024, 1024)));"},
    "forbidden": {"q2-blocks": "static java.util.List<Double> blockRatios(ResidualCapture c) {\n    return c.norms().doubleColumn(\"‖F(x)‖/‖x‖\").asList();\n}"},
    "partial": {"q3-quietest": None},
}

# (score, a pattern every one of which must be in the notes/reasons of results.json)
EXPECTED = {
    "a02-transfer": {
        "correct": (10, []), "empty": (0, ["your code here"]), "partial": (7, ["your code here"]),
        "wrong": (0, ["AssertionError"]), "loop": (7, ["longer than"]), "exit": (3, ["kernel exited"]),
        "alloc": (7, ["more than 2048 MB"]), "cheat": (10, []), "forbidden": (7, ["AlexNets.forCifar"]),
        "tampered": (10, ["'q2-tests' was edited", "'q1-text' was deleted", "moved"]),
    },
    "a04-early-stopping": {
        "correct": (6, []), "empty": (0, ["your code here"]), "partial": (2, ["your code here"]),
        "wrong": (0, ["AssertionError"]), "loop": (2, ["longer than"]), "exit": (0, ["kernel exited"]),
        "alloc": (2, ["OutOfMemoryError"]), "cheat": (6, []),
    },
    "a05-residuals": {
        "correct": (9, []), "empty": (0, ["your code here"]), "partial": (7, ["your code here"]),
        "wrong": (0, ["AssertionError"]), "loop": (7, ["longer than"]), "exit": (0, ["kernel exited"]),
        "alloc": (3, ["more than 2048 MB"]), "cheat": (9, []), "forbidden": (3, ["norms()"]),
    },
}
CHANGES = {"a02-transfer": A02, "a04-early-stopping": A04, "a05-residuals": A05}


def gid(cell):
    return (nbmeta.meta(cell) or {}).get("grade_id")


def make_submission(assignment, kind, release_nb, source_nb, root):
    nb = nbformat.from_dict(json.loads(nbformat.writes(release_nb)))
    answers = {gid(c): regions.strip_markers(nbmeta.normalized_source(c)) for c in source_nb.cells
               if nbmeta.kind(c) == nbmeta.Kind.SOLUTION}
    changes = {} if kind in ("correct", "cheat", "tampered") else CHANGES[assignment].get(kind, {})
    for cell in nb.cells:
        g = gid(cell)
        if g in answers and kind != "empty":
            new = changes.get(g, answers[g])
            if new is not None:
                cell.source = new
    if kind == "cheat":
        nb.cells.insert(1, nbformat.v4.new_code_cell(CHEAT.replace("@ROOT@", str(root))))
    if kind == "tampered":
        cells = {gid(c): c for c in nb.cells}
        cells["q2-tests"].source = "// tests? what tests"
        order = [c for c in nb.cells if gid(c) != "q1-text"]
        q3 = [c for c in order if gid(c) in ("q3-text", "q3-alexnet", "q3-tests")]
        nb.cells = [order[0], order[1]] + q3 + [c for c in order[2:] if c not in q3]
    return nb


@pytest.fixture(scope="module")
def graded():
    import tempfile

    # Not under pytest's tmp_path (owner-only): a world-readable folder, like a teacher's home
    # folder, so that keeping the hidden tests private is the tool's doing.
    root = Path(tempfile.mkdtemp(prefix="classroom-selftest-"))
    os.chmod(root, 0o755)
    shutil.copytree(REPO / "classroom" / "source", root / "source")
    env = dict(os.environ, PYTHONPATH=str(SCRIPTS))

    def cli(*args):
        r = subprocess.run([sys.executable, "-m", "classroom", *args, "--root", str(root)], env=env,
                           capture_output=True, text=True)
        print(r.stdout, r.stderr)
        return r

    assert cli("release").returncode == 0
    results = {}
    for assignment, expected in EXPECTED.items():
        inbox = root / "inbox" / assignment
        inbox.mkdir(parents=True)
        release_nb = nbformat.read(root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
        source_nb = nbformat.read(root / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        for kind in expected:
            nbformat.write(make_submission(assignment, kind, release_nb, source_nb, root), inbox / f"{kind}.ipynb")
        assert cli("collect", assignment, str(inbox)).returncode == 0
        r = cli("grade", assignment, "--cell-timeout", "45", "--timeout", "400", "--memory", "2048", "--heap", "512")
        assert r.returncode == 0, r.stdout
        results[assignment] = r.stdout
        assert cli("feedback", assignment).returncode == 0
    assert cli("report").returncode == 0
    yield root, results
    shutil.rmtree(root, ignore_errors=True)


CASES = [(a, k) for a, kinds in EXPECTED.items() for k in kinds]


@pytest.mark.parametrize("assignment,kind", CASES, ids=[f"{a}-{k}" for a, k in CASES])
def test_each_submission_gets_its_expected_score_and_reason(graded, assignment, kind):
    root, _ = graded
    r = json.loads((root / "autograded" / kind / assignment / "results.json").read_text())
    score, reasons = EXPECTED[assignment][kind]
    said = " ".join(r["notes"] + [c["reason"] for c in r["cells"]])
    assert r["status"] == "graded", said
    assert r["score"] == score, f"{kind}: {r['score']} != {score}: {said}"
    for pattern in reasons:
        assert pattern in said, f"{kind}: '{pattern}' not in {said}"


@pytest.mark.skipif(os.geteuid() != 0, reason="the kernel runs as another user only when grading as root: "
                    "run the selftest as root (as CI and the container do) to check isolation")
@pytest.mark.parametrize("assignment", list(EXPECTED))
def test_student_code_never_reads_the_hidden_tests(graded, assignment):
    root, _ = graded
    nb = (root / "autograded" / "cheat" / assignment / f"{assignment}.ipynb").read_text()
    assert re.search(r"hidden tests found: 0 \[\]", nb), "the cheat found files with hidden tests"
    page = (root / "feedback" / "correct" / assignment / f"{assignment}.html").read_text()
    assert "BEGIN HIDDEN" not in page and "hidden tests run here" in page


def test_the_gradebook_has_a_row_per_submission(graded):
    root, _ = graded
    lines = (root / "gradebook.csv").read_text().strip().split("\n")
    assert len(lines) == 1 + sum(len(k) for k in EXPECTED.values())
    assert lines[0].startswith("assignment,student,score,max_score,status")
