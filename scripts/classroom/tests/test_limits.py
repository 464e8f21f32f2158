"""The notebook time limit, in a real course kernel (the per-cell limit, System.exit and memory are
covered by test_class.py)."""

import tempfile
from pathlib import Path

import nbformat

from classroom.execute import Limits, run_notebook


def test_cells_after_the_notebook_limit_are_not_run_and_say_why():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in
                ['System.out.println("first");', "Thread.sleep(4000);", "Thread.sleep(4000);", 'System.out.println("late");']]
    notes, not_run, _ = run_notebook(nb, Path(tempfile.mkdtemp()), "java-resnet-course",
                                     Limits(cell_seconds=30, notebook_seconds=6))
    assert nb.cells[0].outputs[0]["text"] == "first\n"
    assert 3 in not_run and "past its 6 s limit" in not_run[3]
    assert nb.cells[3].outputs == []
    assert any("grading stopped" in n for n in notes)
