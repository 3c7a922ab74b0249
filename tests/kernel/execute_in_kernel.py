#!/usr/bin/python3
"""Executes one notebook in the real .NET Interactive kernel over the Jupyter protocol, as Jupyter does.

Used by tests/CellNotebooks.Tests/Notebooks/KernelExecutionTests.cs. The kernel is the repository's pinned local tool
(.config/dotnet-tools.json), started through the kernelspec in .config/jupyter/kernels (the one the README tells
Jupyter users to install), from a temporary JUPYTER_PATH so nothing outside the repository is read or written.

usage: execute_in_kernel.py NOTEBOOK OUT.ipynb [--param NAME=VALUE ...] [--stop-on-error]
       execute_in_kernel.py --kinds-of EXECUTED.ipynb   (the same report for a notebook executed elsewhere)
Parameters are injected as a cell after the one tagged "parameters", as papermill does.
Prints one JSON object: {"cells": [{"index", "kinds", "errors"}], "seconds"} for every code cell (index in the
executed notebook, without the injected cell). Exit code 0 when the kernel ran (errors are reported, not raised).
"""
import json
import os
import shutil
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def literal(value):
    """A C# literal for a parameter value: numbers and booleans as they are, anything else as a string."""
    if value in ("true", "false"):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return json.dumps(value)


def kernel_notice(out):
    """The kernel's own report of a `#r "nuget: …"` line (installed packages, extensions loaded, its probe script)."""
    data = out.get("data", {})
    text = "".join(data.get("text/html", "")) + "".join(data.get("text/plain", ""))
    return ("Installed Packages" in text or text.startswith("Loading extensions from")
            or "dotnet-interactive-this-cell" in text)


def kinds(cell):
    """What a reader sees under a cell: chart (Plotly HTML), image, output (text, tables), error."""
    found = set()
    for out in cell.get("outputs", []):
        if out.output_type == "display_data" and kernel_notice(out):
            continue
        if out.output_type == "error":
            found.add("error")
        elif out.output_type == "stream":
            if out.get("text", "").strip():
                found.add("output")
        else:
            data = out.get("data", {})
            html = data.get("text/html", "")
            if isinstance(html, list):
                html = "".join(html)
            if "plotly" in html.lower() and ("newPlot" in html or "react(" in html):
                found.add("chart")
            elif "image/png" in data or "<img" in html:
                found.add("image")
            elif any(str(v).strip() for v in data.values()):
                found.add("output")
    return sorted(found)


def report(nb, skip=None):
    cells = []
    for i, cell in enumerate(c for c in nb.cells if c is not skip and "injected-parameters" not in c.get("metadata", {}).get("tags", [])):
        if cell.cell_type != "code":
            continue
        errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in cell.get("outputs", []) if o.output_type == "error"]
        cells.append({"index": i, "executed": cell.get("execution_count") is not None, "kinds": kinds(cell), "errors": errors})
    return cells


def main(argv):
    if argv[1] == "--kinds-of":
        print(json.dumps({"cells": report(nbformat.read(argv[2], as_version=4)), "seconds": 0}))
        return 0
    notebook, out = argv[1], argv[2]
    params = [a.split("=", 1) for a, prev in zip(argv[3:], argv[2:]) if prev == "--param"]
    stop_on_error = "--stop-on-error" in argv
    nb = nbformat.read(notebook, as_version=4)
    injected = None
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []) and params:
            source = "// Injected parameters\n" + "\n".join(f"{n} = {literal(v)};" for n, v in params)
            injected = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
            nb.cells.insert(i + 1, injected)
            break
    jupyter = tempfile.mkdtemp(prefix="cellnb-jupyter-")
    shutil.copytree(os.path.join(REPO, ".config", "jupyter", "kernels"), os.path.join(jupyter, "kernels"))
    os.environ["JUPYTER_PATH"] = jupyter
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(jupyter, "runtime"))
    started = time.time()
    client = NotebookClient(nb, timeout=1800, startup_timeout=180, kernel_name=".net-csharp",
                            allow_errors=not stop_on_error,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(notebook))}})
    try:
        client.execute()
    except CellExecutionError:
        pass  # the failing cell carries the error output; the report below says which
    finally:
        shutil.rmtree(jupyter, ignore_errors=True)
    nbformat.write(nb, out)
    print(json.dumps({"cells": report(nb, injected), "seconds": round(time.time() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
