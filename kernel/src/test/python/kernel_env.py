"""Installs the built kernel into a temporary JUPYTER_PATH for the tests in this folder.

Imported before jupyter_client so every test talks to the kernel in this checkout, never to one
installed in the user's Jupyter.
"""
import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

KERNEL_NAME = "java-resnet-course-test"
REPO = Path(__file__).resolve().parents[4]
_data_dir = None


def install():
    """Writes the kernelspec once per process and points JUPYTER_PATH at it."""
    global _data_dir
    if _data_dir is None:
        _data_dir = tempfile.mkdtemp(prefix="course-kernel-test-")
        atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
        subprocess.run(
            [str(REPO / "kernel" / "install-kernelspec"), "--data-dir", _data_dir,
             "--name", KERNEL_NAME],
            check=True, stdout=subprocess.DEVNULL)
        os.environ["JUPYTER_PATH"] = _data_dir
    return _data_dir


install()
