"""The pages' notebooks (notebooks/*.py, served as .ipynb and .py): plain, self-contained, linked
from their pages, and run: their numbers are the independent check of the pages'."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.requirements import Requirement

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
ALLOWED = {"torch", "matplotlib", "numpy"} | set(sys.stdlib_module_names)
# A cell the test appends to a notebook: what it computed, as JSON on its last line.
RESULTS_CELL = "import json\nprint(json.dumps(results))"
TIMES: dict[str, float] = {}  # seconds each notebook took to run, for the summary line


def imported_modules(script: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(script.read_text())):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    return modules


@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_notebook_imports_only_torch_numpy_matplotlib_and_the_standard_library(script):
    assert imported_modules(script) - ALLOWED == set()


def test_every_notebook_is_linked_from_its_page_and_served(built_site):
    """docs/NAME.md offers notebooks/NAME.py as a notebook and as a script, both downloadable,
    and the site serves the script as it is and a notebook of the same cells."""
    nbformat = pytest.importorskip("nbformat")
    assert NOTEBOOKS
    for script in NOTEBOOKS:
        page = (built_site["site"] / script.stem / "index.html").read_text()
        for suffix in (".ipynb", ".py"):
            assert re.search(rf'<a download="{script.stem}{suffix}" href="\.\./figures/notebooks/{script.stem}\{suffix}">',
                             page), f"{script.stem}.md does not offer its {suffix}"
        served = built_site["site"] / "figures" / "notebooks"
        assert (served / script.name).read_text() == script.read_text()
        notebook = nbformat.read(served / f"{script.stem}.ipynb", as_version=4)
        nbformat.validate(notebook)
        code = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert ast.dump(ast.parse(code)) == ast.dump(ast.parse(script.read_text()))


def run_notebook(path: Path) -> dict:
    """Runs a notebook in a fresh Python kernel, as a reader's Jupyter does, and returns what it
    stored in `results`."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(RESULTS_CELL))
    start = time.perf_counter()
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    TIMES[path.stem] = time.perf_counter() - start
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    return json.loads(printed.strip().splitlines()[-1])


def test_the_xor_notebook_reproduces_every_number_of_the_xor_page(built_site):
    """Each of the 190 networks, trained on its own in the notebook, ends with the page's final
    loss (to 1e-4; the page's batched run and a plain loop agree to about 1e-7) and its training
    accuracy (to one point of 750)."""
    computed = run_notebook(built_site["site"] / "figures" / "notebooks" / "xor.ipynb")
    page = json.loads((built_site["out"] / "xor" / "results.json").read_text())["models"]
    assert set(computed) == set(page)
    far = {}
    for name, runs in computed.items():
        for quantity, tolerance in (("final_loss", 1e-4), ("accuracy", 1.5 / 750)):
            worst = max(abs(a - b) for a, b in zip(runs[quantity], page[name][quantity]["per_seed"], strict=True))
            if worst > tolerance:
                far[f"{name} {quantity}"] = worst
    assert far == {}
    print(f"the XOR notebook ran in {TIMES['xor']:.1f} s")


def requirement_closure(names: list[str]) -> set[str]:
    """The distributions these need to run, theirs included (their extras left out)."""
    needed, queue = set(), list(names)
    while queue:
        name = queue.pop()
        if name.lower() in needed:
            continue
        needed.add(name.lower())
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                queue.append(requirement.name)
    return needed


def test_a_notebook_runs_where_only_torch_numpy_and_matplotlib_are_installed(tmp_path):
    """A fresh virtual environment that sees only those three (and what they require), without
    the project: the XOR notebook's script runs there to its end."""
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)], check=True)
    python = environment / "bin" / "python"
    site_packages = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    installed = tmp_path / "installed"
    installed.mkdir()
    for name in requirement_closure(["torch", "numpy", "matplotlib"]):
        for entry in {Path(str(file)).parts[0] for file in metadata.distribution(name).files}:
            source = Path(metadata.distribution(name).locate_file(entry))
            if source.exists() and not (installed / entry).exists() and entry not in ("..", "bin"):
                (installed / entry).symlink_to(source)
    (site_packages / "installed.pth").write_text(f"{installed}\n")
    probe = subprocess.run([python, "-c", "import figures_src"], cwd=tmp_path, capture_output=True, text=True)
    assert "ModuleNotFoundError" in probe.stderr  # the project is out of reach
    run = subprocess.run([python, ROOT / "notebooks" / "xor.py"], cwd=tmp_path, capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"], "MPLBACKEND": "Agg", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert "190 networks trained" in run.stdout
