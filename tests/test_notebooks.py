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
# A cell the test appends to a notebook: what it computed, as JSON on its last line, as JSON on its last line, and which of the project's package and the other
# packages the project installs (not torch, numpy, matplotlib) its kernel could have imported.
RESULTS_CELL = """import importlib.util, json
reachable = [name for name in ("figures_src", "sklearn", "nbclient") if importlib.util.find_spec(name)]
print(json.dumps({"results": results, "reachable": reachable}))"""


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


@pytest.fixture(scope="module")
def fresh_kernel(tmp_path_factory) -> str:
    """A Jupyter kernel, named for nbclient, whose Python is a fresh virtual environment that sees
    only torch, numpy and matplotlib (and what they require), and the kernel itself: what a
    hosted notebook service offers, without the project or anything else the project installs.
    Its packages are the project environment's own, linked, not installed again."""
    folder = tmp_path_factory.mktemp("fresh")
    environment = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)], check=True)
    python = environment / "bin" / "python"
    site_packages = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    installed = folder / "installed"
    installed.mkdir()
    for name in requirement_closure(["torch", "numpy", "matplotlib", "ipykernel"]):
        for entry in {Path(str(file)).parts[0] for file in metadata.distribution(name).files}:
            source = Path(metadata.distribution(name).locate_file(entry))
            if source.exists() and not (installed / entry).exists() and entry not in ("..", "bin"):
                (installed / entry).symlink_to(source)
    (site_packages / "installed.pth").write_text(f"{installed}\n")
    spec = folder / "jupyter" / "kernels" / "fresh"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "torch, numpy and matplotlib only", "language": "python"}))
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(folder / "jupyter")
    yield "fresh"
    if previous is None:
        del os.environ["JUPYTER_PATH"]
    else:
        os.environ["JUPYTER_PATH"] = previous


def run_notebook(path: Path, kernel: str) -> dict:
    """Runs a notebook from the folder the site serves it in, as a reader's Jupyter does, in a
    fresh kernel of that name; checks that the kernel could not reach the project or the
    packages the project installs besides torch, numpy and matplotlib; returns what the notebook
    stored in `results`."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(RESULTS_CELL))
    nbclient.NotebookClient(notebook, timeout=300, kernel_name=kernel,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    ran = json.loads(printed.strip().splitlines()[-1])
    assert ran["reachable"] == [], f"{path.name} ran where it could import {ran['reachable']}"
    return ran["results"]


def differences(computed, page, tolerance, path=()) -> dict[str, float]:
    """Where the notebook's numbers and the page's JSON differ by more than tolerance(path): a list
    is a quantity per seed (the page keeps it as a summary's per_seed), a number is one number."""
    if isinstance(computed, dict):
        return {where: d for key, value in computed.items()
                for where, d in differences(value, page[key], tolerance, (*path, key)).items()}
    expected = page["per_seed"] if isinstance(computed, list) else [page]
    worst = max(abs(a - b) for a, b in zip(computed if isinstance(computed, list) else [computed], expected, strict=True))
    return {"/".join(path): worst} if worst > tolerance(path) else {}


def xor_numbers(computed: dict, out: Path) -> None:
    """Each of the 190 networks, trained on its own in the notebook, ends with the page's final
    loss (to 1e-4; the page's batched run and a plain loop agree to about 1e-7) and its training
    accuracy (to one point of 750)."""
    page = json.loads((out / "xor" / "results.json").read_text())["models"]
    assert set(computed) == set(page)
    kept = {name: {quantity: runs[quantity] for quantity in ("final_loss", "accuracy")} for name, runs in computed.items()}
    assert differences(kept, page, lambda path: 1.5 / 750 if path[-1] == "accuracy" else 1e-4) == {}


def sigmoid_tanh_tolerance(path: tuple[str, ...]) -> float:
    if path[-1].startswith("accuracy"):
        return 1.5 / (250 if path[0] == "deep" else 750)  # a point, of the 250 or the 750
    if path[:2] == ("deep", "final_loss"):
        # ten layers, 300 steps: the page's batched run and plain loops drift apart by up to 3e-4
        # in a loss of about 0.01; the page quotes these to three decimals
        return 1e-3
    if path[-1].endswith("_gradient"):
        return 1e-12  # norms from 1e-8 (the sigmoid's first layer) up, computed the same way: equal
    return 1e-4


def sigmoid_tanh_numbers(computed: dict, out: Path) -> None:
    """The shapes' numbers exactly, each seed's gradient at the start, zig-zag path, final loss
    and accuracy (deep networks and the 1000-step budget) within the tolerances above."""
    page = {name: json.loads((out / "sigmoid-tanh" / f"{name}.json").read_text()) for name in computed}
    assert differences(computed, page, sigmoid_tanh_tolerance) == {}
    for slug in ("tanh", "relu"):  # the page shows these means to three decimals
        mean = sum(computed["deep"]["final_loss"][slug]) / len(computed["deep"]["final_loss"][slug])
        assert abs(mean - page["deep"]["final_loss"][slug]["mean"]) < 5e-4


def pytorch_api_numbers(computed: dict, out: Path) -> None:
    """The same computations in the same precision: every number equal, the infinities too."""
    assert computed == json.loads((out / "pytorch-api" / "results.json").read_text())


# How each notebook's numbers are checked against its page's JSON (a notebook without an entry
# fails its test).
PAGE_NUMBERS = {"xor": xor_numbers, "sigmoid-tanh": sigmoid_tanh_numbers, "pytorch-api": pytorch_api_numbers}


@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_notebook_run_with_only_torch_numpy_and_matplotlib_gives_its_pages_numbers(built_site, fresh_kernel,
                                                                                     script):
    notebook = built_site["site"] / "figures" / "notebooks" / f"{script.stem}.ipynb"
    start = time.perf_counter()
    computed = run_notebook(notebook, fresh_kernel)
    print(f"the {script.stem} notebook ran in {time.perf_counter() - start:.1f} s")
    PAGE_NUMBERS[script.stem](computed, built_site["out"])
