#!/usr/bin/env python3
"""Check that every notebook imports, by name, each kit or DJL class its code cells use.

The course kernel preloads on-demand imports of the kit's lesson packages and DJL's tensor
packages; a stock IJava/JJava kernel does not. This check finds, in each notebook's code cells
(strings and comments removed), every simple name that one of those preloaded packages defines and
that no import line of the notebook names, i.e. what would fail with "cannot find symbol" without
the preloading. It reads the class names from the kit's and DJL's jars in kernel/target/lib (built
by ./course setup) and runs in a second, so ./course test checks every notebook this way and
executes only some of them without preloading (see ./course test --help).

    check_notebook_imports.py [--lib DIR] NB.ipynb...

Exit status: 0 when every notebook imports what it uses, 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from pathlib import Path

KIT_ROOT = "io/github/resnetcourse/kit/"
# What KitImports preloads from DJL (kernel/KitImports.java); from the kit it preloads every
# package of the kit's jar (the command-line tools are in tools/, not in that jar).
DJL_PACKAGES = {"ai.djl", "ai.djl.ndarray", "ai.djl.ndarray.types", "ai.djl.ndarray.index"}


def preloaded_classes(lib: Path) -> dict[str, str]:
    """Simple name -> fully qualified name of every public top-level class preloading brings."""
    kit = sorted(lib.glob("kit-*.jar"))
    djl = sorted(lib.glob("api-*.jar"))
    if not kit or not djl:
        raise FileNotFoundError(f"no kit-*.jar and api-*.jar in {lib}; run ./course setup first")
    names: dict[str, str] = {}
    for jar, keep in ((kit[0], lambda p: p.startswith("io.github.resnetcourse.kit")),
                      (djl[0], lambda p: p in DJL_PACKAGES)):
        with zipfile.ZipFile(jar) as z:
            for entry in z.namelist():
                if not entry.endswith(".class") or "$" in entry:
                    continue
                pkg, _, simple = entry[: -len(".class")].rpartition("/")
                pkg = pkg.replace("/", ".")
                if keep(pkg) and simple != "package-info":
                    names.setdefault(simple, f"{pkg}.{simple}")
    return names


def code_without_literals(source: str) -> str:
    source = re.sub(r'"""(.|\n)*?"""', '""', source)
    source = re.sub(r'"(\\.|[^"\\\n])*"', '""', source)
    source = re.sub(r"'(\\.|[^'\\\n])'", "''", source)
    source = re.sub(r"/\*(.|\n)*?\*/", "", source)
    return re.sub(r"//[^\n]*", "", source)


def missing_imports(notebook: Path, classes: dict[str, str]) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = code_without_literals(
        "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    imported = set(re.findall(r"^\s*import\s+[\w.]+\.(\w+)\s*;", code, flags=re.M))
    wildcard = set(re.findall(r"^\s*import\s+([\w.]+)\.\*\s*;", code, flags=re.M))
    # Declared in the notebook itself (records, classes, interfaces, enums) shadow nothing here.
    declared = set(re.findall(r"\b(?:class|record|interface|enum)\s+(\w+)", code))
    used = set(re.findall(r"(?<![\w.])([A-Z]\w*)", code))
    return sorted(
        classes[name]
        for name in used
        if name in classes
        and name not in imported
        and name not in declared
        and classes[name].rpartition(".")[0] not in wildcard)


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--lib", type=Path, default=root / "kernel" / "target" / "lib")
    args = parser.parse_args(argv)
    try:
        classes = preloaded_classes(args.lib)
    except FileNotFoundError as e:
        print(f"error: {e}")
        return 2
    failed = 0
    for nb in args.notebooks:
        missing = missing_imports(nb, classes)
        if missing:
            failed += 1
            print(f"    FAIL {nb.name}: uses without importing it " + ", ".join(missing))
            print("         add to its imports cell: " + " ".join(f"import {m};" for m in missing))
        else:
            print(f"    ok   {nb.name}: imports every kit/DJL class it uses")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
