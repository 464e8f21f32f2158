"""How a submission is put back into the teacher's frame, and what the student sees afterwards."""

import copy

import nbformat

from classroom import nbmeta
from classroom.assemble import assemble, forbidden_calls
from classroom.feedback import student_view
from classroom.release import manifest_for, student_cell


def meta(gid, **kw):
    m = {"grade": False, "grade_id": gid, "locked": False, "schema_version": 3, "solution": False}
    m.update(kw)
    return {"nbgrader": m}


def source():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# task", metadata=meta("intro", locked=True)),
        nbformat.v4.new_code_cell("static int f() {\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}", metadata=meta("f", solution=True)),
        nbformat.v4.new_code_cell("check(f());\n// BEGIN HIDDEN TESTS\nsecretCheck(f());\n// END HIDDEN TESTS", metadata=meta("f-test", grade=True, locked=True, points=2)),
        nbformat.v4.new_code_cell("static int g() {\n    // BEGIN SOLUTION\n    return 2;\n    // END SOLUTION\n}", metadata=meta("g", solution=True)),
        nbformat.v4.new_code_cell("check(g());", metadata=meta("g-test", grade=True, locked=True, points=1)),
    ]
    return nb


def released(src):
    nb = copy.deepcopy(src)
    nb.cells = [student_cell(c) for c in src.cells]
    return nb


def by_id(nb):
    return {(nbmeta.meta(c) or {}).get("grade_id"): c for c in nb.cells}


def test_an_untouched_release_grades_with_the_hidden_tests_and_no_notes():
    src = source()
    stu = released(src)
    out = assemble(src, manifest_for(src, stu, "a"), stu)
    assert out.notes == []
    assert "secretCheck(f());" in by_id(out.notebook)["f-test"].source
    assert "BEGIN HIDDEN" not in by_id(out.notebook)["f-test"].source


def test_an_edited_test_cell_is_put_back_and_said_so():
    src = source()
    stu = released(src)
    manifest = manifest_for(src, stu, "a")
    by_id(stu)["f-test"].source = "// nothing to see"
    out = assemble(src, manifest, stu)
    assert "secretCheck" in by_id(out.notebook)["f-test"].source
    assert any("'f-test' was edited" in n for n in out.notes)


def test_a_deleted_answer_runs_as_the_stub_and_deleted_locked_cells_come_back():
    src = source()
    stu = released(src)
    manifest = manifest_for(src, stu, "a")
    stu.cells = [c for c in stu.cells if nbmeta.meta(c)["grade_id"] not in ("g", "intro")]
    out = assemble(src, manifest, stu)
    assert "UnsupportedOperationException" in by_id(out.notebook)["g"].source
    assert out.replaced == {"g": "deleted"}
    assert any("'intro' was deleted" in n for n in out.notes)


def test_moved_cells_are_graded_in_the_assignments_order_with_the_students_own_cells_kept():
    src = source()
    stu = released(src)
    manifest = manifest_for(src, stu, "a")
    by_id(stu)["g"].source = "static int g() { return helper(); }"
    helper = nbformat.v4.new_code_cell("static int helper() { return 2; }")
    cells = stu.cells
    stu.cells = [cells[0], helper, cells[3], cells[4], cells[1], cells[2]]
    out = assemble(src, manifest, stu)
    ids = [(nbmeta.meta(c) or {}).get("grade_id") for c in out.notebook.cells]
    assert ids == ["intro", "f", "f-test", None, "g", "g-test"]
    assert out.notebook.cells[3].source == helper.source
    assert any("moved" in n for n in out.notes)


def test_forbidden_reference_calls_are_found_outside_comments_only():
    code = "// AlexNets.forCifar(x) would be cheating\nvar p = Pipelines . cifarTrain();\nvar t = c.norms ();"
    assert forbidden_calls(code, ["AlexNets.forCifar", "Pipelines", ".norms"]) == ["Pipelines", "norms()"]
    assert forbidden_calls("var myPipelines = 1;", ["Pipelines"]) == []


def test_an_answer_using_a_forbidden_reference_is_graded_as_unanswered():
    src = source()
    src.metadata["classroom"] = {"forbidden": ["AlexNets.forCifar"]}
    stu = released(src)
    manifest = manifest_for(src, stu, "a")
    by_id(stu)["f"].source = "static int f() { return AlexNets.forCifar(null, 1) == null ? 1 : 0; }"
    out = assemble(src, manifest, stu)
    assert "UnsupportedOperationException" in by_id(out.notebook)["f"].source
    assert "AlexNets.forCifar" in out.replaced["f"]


def test_feedback_shows_no_hidden_test_code_even_in_a_compile_error():
    src = source()
    graded = copy.deepcopy(src)
    cell = by_id(graded)["f-test"]
    cell.outputs = [nbformat.v4.new_output("error", ename="CompilationException",
                                           evalue="cannot find symbol in secretCheck(f());",
                                           traceback=["    secretCheck(f());", "    ^"])]
    view = student_view(graded, src)
    text = nbformat.writes(view)
    assert "secretCheck" not in text
    assert "hidden tests run here" in by_id(view)["f-test"].source
