"""Regions, stubs, nbgrader schema v3 and release: no kernel needed."""

import json

import nbformat
import pytest

from classroom import nbmeta, regions
from classroom.layout import Course
from classroom.release import AuthoringError, problems, release

REPO = __import__("pathlib").Path(__file__).resolve().parents[3]
SOURCES = sorted((REPO / "classroom" / "source").glob("*/*.ipynb"))


def meta(gid, **kw):
    m = {"grade": False, "grade_id": gid, "locked": False, "schema_version": 3, "solution": False}
    m.update(kw)
    return {"nbgrader": m}


def test_stub_replaces_a_method_body_and_keeps_its_indentation():
    src = "static int f() {\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}"
    out = regions.stub_solutions(src)
    assert "return 1" not in out
    assert '    throw new UnsupportedOperationException("your code here");' in out.split("\n")


def test_hidden_tests_are_removed_and_markers_stripped_for_grading():
    src = "a();\n// BEGIN HIDDEN TESTS\nsecret();\n// END HIDDEN TESTS\nb();"
    assert regions.remove_hidden_tests(src) == "a();\nb();"
    assert regions.strip_markers(src) == "a();\nsecret();\nb();"
    assert regions.hidden_text(src) == ["secret();"]


@pytest.mark.parametrize("src,msg", [
    ("// BEGIN SOLUTION\nx();", "never closed"),
    ("x();\n// END SOLUTION", "without BEGIN"),
    ("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "inside another"),
])
def test_broken_regions_name_the_line(src, msg):
    with pytest.raises(regions.RegionError, match=msg):
        regions.solution_regions(src, "cell 3")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_the_course_assignments_validate_against_nbgrader_schema_v3(path):
    nb = nbformat.read(path, as_version=4)
    assert nbmeta.notebook_problems(nb) == []
    assert problems(nb) == []


def test_three_assignments_ship_with_the_course():
    assert [p.stem for p in SOURCES] == ["a02-transfer", "a04-early-stopping", "a05-residuals"]


@pytest.mark.parametrize("bad,msg", [
    ({"grade": True}, "needs points"),
    ({"points": -1, "grade": True}, ">= 0"),
    ({"schema_version": 2}, "version 3"),
    ({"grade_id": "has space"}, "letters, digits"),
    ({"extra": 1}, "unknown key 'extra'"),
    ({"grade": "yes"}, "'grade' must be bool"),
    ({"locked": True, "grade_id": ""}, "non-empty grade_id"),
])
def test_schema_v3_violations_are_reported(bad, msg):
    cell = nbformat.v4.new_code_cell("x();", metadata=meta("c1", **bad))
    assert any(msg in p for p in nbmeta.cell_problems(cell, 0)), nbmeta.cell_problems(cell, 0)


def test_markdown_grade_cells_must_be_solutions_and_ids_unique():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("a", metadata=meta("x", grade=True, points=1)),
                nbformat.v4.new_code_cell("b", metadata=meta("x", locked=True))]
    found = nbmeta.notebook_problems(nb)
    assert any("also be a solution" in p for p in found)
    assert any("duplicate grade_id 'x'" in p for p in found)


def test_release_refuses_a_solution_region_outside_a_solution_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("// BEGIN SOLUTION\nanswer();\n// END SOLUTION", metadata=meta("t", grade=True, locked=True, points=1))]
    (tmp_path / "source" / "x").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / "x" / "x.ipynb")
    with pytest.raises(AuthoringError, match="students would see the answer"):
        release(Course(tmp_path), "x")


def test_release_hides_solutions_and_hidden_tests_and_records_checksums(tmp_path):
    import shutil

    shutil.copytree(REPO / "classroom" / "source", tmp_path / "source")
    release(Course(tmp_path), "a02-transfer")
    text = (tmp_path / "release" / "a02-transfer" / "a02-transfer.ipynb").read_text()
    assert "HIDDEN" not in text and "forCifar(alexnet" not in text and "Pipelines.cifarTrain()" not in text
    assert "return kernels.get" not in text and "learner.freeze();" not in text
    assert "your code here" in text
    manifest = json.loads((tmp_path / ".classroom" / "a02-transfer.json").read_text())
    assert sum(c["points"] for c in manifest["cells"]) == 10
    assert manifest["forbidden"] == ["AlexNets.forCifar", "AlexNets.adapt", "Pipelines"]
    assert oct((tmp_path / "source").stat().st_mode & 0o777) == "0o700"
