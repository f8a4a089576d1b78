"""The pages' notebooks (notebooks/*.py, served as .ipynb and .py): plain, self-contained, linked
from their pages, and run: their numbers are the independent check of the pages'."""

from __future__ import annotations

import ast
import json
import math
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.requirements import Requirement


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
ALLOWED = {"torch", "matplotlib", "numpy"} | set(sys.stdlib_module_names)
# A cell the test appends to a notebook: as JSON on its last line, what it computed and which of
# the project's package and the other packages the project installs (not torch, numpy,
# matplotlib) its kernel could have imported.
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


# The pages whose numbers come from networks the build trains (or, for the PyTorch API page, from
# computations it runs): each offers its experiments as one notebook or more.
TRAINING_PAGES = {"xor", "sigmoid-tanh", "relu-family", "smooth-adversarial", "pytorch-api"}


def page_of(script: Path) -> str:
    """The page a notebook belongs to: docs/NAME.md for notebooks/NAME.py, or for a page split
    into several notebooks, NAME-PART.py."""
    pages = [page.stem for page in (ROOT / "docs").glob("*.md")]
    return max((page for page in pages if script.stem == page or script.stem.startswith(page + "-")), key=len)


def test_every_training_page_has_a_notebook():
    assert {page_of(script) for script in NOTEBOOKS} == TRAINING_PAGES


def test_every_notebook_is_linked_from_its_page_and_served(built_site):
    """Its page offers notebooks/NAME.py as a notebook and as a script, both downloadable, and the
    site serves the script as it is and a notebook of the same cells."""
    nbformat = pytest.importorskip("nbformat")
    for script in NOTEBOOKS:
        page = (built_site["site"] / page_of(script) / "index.html").read_text()
        for suffix in (".ipynb", ".py"):
            assert re.search(rf'<a download="{script.stem}{suffix}" href="\.\./figures/notebooks/{script.stem}\{suffix}">',
                             page), f"{page_of(script)}.md does not offer {script.stem}{suffix}"
        served = built_site["site"] / "figures" / "notebooks"
        assert (served / script.name).read_text() == script.read_text()
        notebook = nbformat.read(served / f"{script.stem}.ipynb", as_version=4)
        nbformat.validate(notebook)
        code = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert ast.dump(ast.parse(code)) == ast.dump(ast.parse(script.read_text()))


def test_the_digits_served_for_the_notebook_are_scikit_learns_file(built_site):
    """The smooth-adversarial notebook reads the digits beside it, or downloads them from
    scikit-learn's repository at the version the project pins: both are the file scikit-learn
    loads its digits from."""
    sklearn = pytest.importorskip("sklearn")
    page = (built_site["site"] / "smooth-adversarial" / "index.html").read_text()
    assert '<a download="digits.csv.gz" href="../figures/notebooks/digits.csv.gz">' in page
    shipped = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    assert (built_site["site"] / "figures" / "notebooks" / "digits.csv.gz").read_bytes() == shipped.read_bytes()
    script = ast.parse((ROOT / "notebooks" / "smooth-adversarial.py").read_text())
    url = next(ast.literal_eval(node.value) for node in ast.walk(script)
               if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "DIGITS_URL")
    assert url == ("https://raw.githubusercontent.com/scikit-learn/scikit-learn/"
                   f"{sklearn.__version__}/sklearn/datasets/data/digits.csv.gz")


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
        "env": {"OMP_NUM_THREADS": "1"},  # a core each: the tests run one notebook per core at once
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


# What a notebook promises its reader (its "What to expect" cell): with the site's PyTorch, every
# number it computes is the page's to one part in a million (in float64 the page's stacked run and
# the notebook's plain loop differ by 1e-8 at most, measured: the ten-layer tanh networks' final
# loss), and every count, accuracy and answer is the page's exactly; only after the large update
# on the ReLU family page, where a few networks turn chaotic, may a network end a unit or two apart.
AGREEMENT = 1e-6
CHAOTIC_UNITS = 2  # units of 32 in a layer (measured: 1), after the large update


def differences(computed, page, tolerance=lambda path, value: AGREEMENT * abs(value), path=()) -> dict[str, float]:
    """Where the notebook's numbers and the page's JSON differ by more than tolerance(path, value)
    (value: the page's; a NaN differs from everything): a list of numbers is a quantity per seed
    (the page keeps a summary whose per_seed it is), a list of lists or dicts goes item by item, a
    name must be equal, and the notebook must have every one of the page's models."""
    if isinstance(computed, dict):
        if path and path[-1] == "models" and set(computed) != set(page):
            return {"/".join(path): math.inf}
        return {where: d for key, value in computed.items()
                for where, d in differences(value, page[key], tolerance, (*path, key)).items()}
    if isinstance(computed, list) and computed and isinstance(computed[0], (dict, list)):
        return {where: d for index, (value, expected) in enumerate(zip(computed, page, strict=True))
                for where, d in differences(value, expected, tolerance, (*path, str(index))).items()}
    if isinstance(computed, str):
        return {} if computed == page else {"/".join(path): math.inf}
    pairs = zip(computed, page["per_seed"] if isinstance(page, dict) else page, strict=True) \
        if isinstance(computed, list) else [(computed, page)]
    worst = max((abs(a - b) for a, b in pairs if a != b and not abs(a - b) <= tolerance(path, b)), default=None)
    return {} if worst is None else {"/".join(path): worst}


def page_numbers(out: Path, page: str, names) -> dict:
    return {name: json.loads((out / page / f"{name}.json").read_text()) for name in names}


def xor_numbers(computed: dict, out: Path) -> None:
    """Each of the 190 networks, trained on its own in the notebook, ends with the page's final
    loss and training accuracy."""
    page = json.loads((out / "xor" / "results.json").read_text())["models"]
    assert set(computed) == set(page)
    kept = {name: {quantity: runs[quantity] for quantity in ("final_loss", "accuracy")} for name, runs in computed.items()}
    assert differences(kept, page) == {}


def sigmoid_tanh_numbers(computed: dict, out: Path) -> None:
    """The shapes' numbers, each seed's gradients at the start, the zig-zag paths, and the final
    loss and accuracy of every network (ten layers, and the 1000-step budget)."""
    assert differences(computed, page_numbers(out, "sigmoid-tanh", computed)) == {}


def pytorch_api_numbers(computed: dict, out: Path) -> None:
    """The same computations in the same precision (float32, as the page shows PyTorch): every
    number equal, the infinities too."""
    assert computed == json.loads((out / "pytorch-api" / "results.json").read_text())


def relu_family_tolerance(path: tuple[str, ...], value: float) -> float:
    """The notebooks' promise, with the large update's exception: at the end of that run a
    network that turned chaotic may end CHAOTIC_UNITS apart (its units back, its inactive share)."""
    if path[0] == "large-step" and path[-1] == "inactive_end":
        return CHAOTIC_UNITS / 32 + 1e-9
    if path[0] == "large-step" and "back" in path and path[-1] == "units":
        return CHAOTIC_UNITS
    return AGREEMENT * abs(value)


# Which of the ReLU family page's results (its JSON files) each of its notebooks computes.
RELU_FAMILY_PARTS = {"relu-family-dying": {"dying"}, "relu-family-large-step": {"large-step"},
                     "relu-family-slopes": {"slopes", "self-normalising"}}


def test_the_relu_family_notebooks_compute_all_of_the_pages_results(built_site):
    computed = set().union(*RELU_FAMILY_PARTS.values())
    assert computed == {path.stem for path in (built_site["out"] / "relu-family").glob("*.json")}
    assert set(RELU_FAMILY_PARTS) == {script.stem for script in NOTEBOOKS if page_of(script) == "relu-family"}


def relu_family_numbers(part: str):
    def check(computed: dict, out: Path) -> None:
        """Each seed's counts of inactive units (start, end, around the large update), units
        revived, died and killed, losses around the large update, accuracies held out and in
        training, PReLU's slopes, SELU's statistics, and the settings."""
        assert set(computed) == RELU_FAMILY_PARTS[part]
        assert differences(computed, page_numbers(out, "relu-family", computed), relu_family_tolerance) == {}
    return check


def first_seeds(numbers, seeds: int):
    """The page's numbers as far as a notebook that trains only the first `seeds` of its seeds
    can check them: every summary cut to its per-seed list and per-example table of those seeds
    (its mean and interval are the page's seeds', not the notebook's)."""
    if isinstance(numbers, dict) and "per_seed" in numbers:
        return {key: numbers[key][:seeds] for key in ("per_seed", "per_example") if key in numbers}
    if isinstance(numbers, dict):
        return {key: first_seeds(value, seeds) for key, value in numbers.items()}
    return [first_seeds(value, seeds) for value in numbers] if isinstance(numbers, list) else numbers


def smooth_adversarial_numbers(computed: dict, out: Path) -> None:
    """The seeds the notebook trains (the page's first ones): clean and robust accuracy of the
    networks trained on clean digits and of each adversarially trained one, the attacked digit
    the page shows, the attacker's strength at each epoch measured, the settings; and each
    network's answer to every test digit, clean and attacked, the page's."""
    seeds = len(computed["undefended"]["clean"])
    page = first_seeds(page_numbers(out, "smooth-adversarial", ("undefended", "experiment")), seeds)
    numbers = {name: computed[name] for name in ("undefended", "experiment")}
    assert differences(numbers, page) == {}
    networks = {**page["experiment"]["models"], "undefended": page["undefended"]}
    assert set(computed["answers"]) == set(networks)
    for name, kinds in computed["answers"].items():
        for kind, outcomes in kinds.items():
            assert outcomes == networks[name][kind]["per_example"], f"{name} {kind}"


# How each notebook's numbers are checked against its page's JSON (a notebook without an entry
# fails its test).
PAGE_NUMBERS = {"xor": xor_numbers, "sigmoid-tanh": sigmoid_tanh_numbers, "pytorch-api": pytorch_api_numbers,
                **{part: relu_family_numbers(part) for part in RELU_FAMILY_PARTS},
                "smooth-adversarial": smooth_adversarial_numbers}


@pytest.fixture(scope="module")
def notebook_runs(built_site, fresh_kernel) -> dict:
    """Every served notebook run in its own fresh kernel, one per core at a time (each kernel on
    one thread): {name: what it computed, or the error that stopped it}."""
    def run(script: Path):
        try:
            return run_notebook(built_site["site"] / "figures" / "notebooks" / f"{script.stem}.ipynb", fresh_kernel)
        except Exception as error:  # reported by the notebook's own test
            return error

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return dict(zip((script.stem for script in NOTEBOOKS), pool.map(run, NOTEBOOKS)))


@pytest.mark.slow  # every network of the pages trained again, one at a time: run with --slow
@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_notebook_run_with_only_torch_numpy_and_matplotlib_gives_its_pages_numbers(built_site, notebook_runs,
                                                                                     script):
    computed = notebook_runs[script.stem]
    if isinstance(computed, Exception):
        raise computed
    PAGE_NUMBERS[script.stem](computed, built_site["out"])
