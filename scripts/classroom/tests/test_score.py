"""Scoring an executed notebook: only a test cell the kernel ran without an error scores."""

import nbformat

from classroom.execute import score


def graded_nb():
    def meta(gid, **kw):
        m = {"grade": False, "grade_id": gid, "locked": True, "schema_version": 3, "solution": False}
        m.update(kw)
        return {"nbgrader": m}

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("answer", metadata=meta("a", solution=True, locked=False)),
                nbformat.v4.new_code_cell("t1", metadata=meta("t1", grade=True, points=2)),
                nbformat.v4.new_code_cell("t2", metadata=meta("t2", grade=True, points=3)),
                nbformat.v4.new_code_cell("t3", metadata=meta("t3", grade=True, points=1))]
    return nb


MANIFEST = {"cells": [{"grade_id": "a", "kind": "solution", "points": 0, "checksum": ""},
                      {"grade_id": "t1", "kind": "tests", "points": 2, "checksum": ""},
                      {"grade_id": "t2", "kind": "tests", "points": 3, "checksum": ""},
                      {"grade_id": "t3", "kind": "tests", "points": 1, "checksum": ""}]}


def test_stderr_costs_nothing_an_error_costs_the_cell_and_unrun_cells_score_zero():
    nb = graded_nb()
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stderr", text="[W] AutoNonVariableTypeMode is deprecated")]
    nb.cells[2].outputs = [nbformat.v4.new_output("error", ename="java.lang.AssertionError", evalue="expected 5,130", traceback=[])]
    cells = {c.grade_id: c for c in score(nb, MANIFEST, {}, {3: "the kernel exited"})}
    assert (cells["t1"].status, cells["t1"].points) == ("passed", 2)
    assert (cells["t2"].status, cells["t2"].points, cells["t2"].reason) == ("failed", 0, "java.lang.AssertionError: expected 5,130")
    assert (cells["t3"].status, cells["t3"].points, cells["t3"].reason) == ("not run", 0, "the kernel exited")
    assert cells["a"].status == "answered"


def test_an_unanswered_stub_and_a_replaced_answer_are_named():
    nb = graded_nb()
    nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="java.lang.UnsupportedOperationException", evalue="your code here", traceback=[])]
    assert score(nb, MANIFEST, {}, {})[0].status == "unanswered"
    assert score(nb, MANIFEST, {"a": "calls Pipelines"}, {})[0].reason == "calls Pipelines"
