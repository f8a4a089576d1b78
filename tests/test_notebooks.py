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
import time
from importlib import metadata
from pathlib import Path
from statistics import fmean

import pytest
from conftest import ROOT
from packaging.requirements import Requirement

from figures_src.stats import format_interval, measurement, spread

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
    if worst is None and isinstance(page, dict) and "ci95" in page:
        worst = off_its_stated_precision(computed, page)
    return {} if worst is None else {"/".join(path): worst}


def off_its_stated_precision(values: list[float], summary: dict, scale: float = 1.0) -> float | None:
    """How far values for every seed, from a plain loop, move the number the page quotes from
    them past the precision it states: a mean over the seeds (or over seeds and test examples)
    must stay within its 95 % interval, and a value the same on every seed must show the same
    digits (three, at this scale). None if within."""
    published = measurement(summary)
    quoted = format_interval(published, scale, max_decimals=3)
    if quoted.endswith("on every seed"):
        return None if format_interval(values, scale, max_decimals=3) == quoted else math.inf
    stated = spread(published)
    miss = abs(fmean(values) - stated.mean) - stated.half_width
    return miss if miss > 0 else None


def xor_numbers(computed: dict, out: Path) -> None:
    """Each of the 190 networks, trained on its own in the notebook, ends with the page's final
    loss (to 1e-4; the page's batched run and a plain loop agree to about 1e-7) and its training
    accuracy (to one point of 750)."""
    page = json.loads((out / "xor" / "results.json").read_text())["models"]
    assert set(computed) == set(page)
    kept = {name: {quantity: runs[quantity] for quantity in ("final_loss", "accuracy")} for name, runs in computed.items()}
    assert differences(kept, page, lambda path, _: 1.5 / 750 if path[-1] == "accuracy" else 1e-4) == {}


def sigmoid_tanh_tolerance(path: tuple[str, ...], _) -> float:
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


SPIRAL_POINTS = 600
# After one step at learning rate 300 rounding (stacked or alone) changes which units die: one
# network of 30 ends 4 units of 32 apart in a layer (the README's table of plain-loop drift).
LARGE_STEP_UNITS = 5


def relu_family_tolerance(path: tuple[str, ...], value: float) -> float:
    """How far a plain loop may land from the page's stacked run, as measured for the same
    networks (the README's table of plain-loop drift)."""
    quantity = path[-1]
    if path[1] == "settings" or quantity in ("depth", "width", "start"):
        return 0  # what the experiment was set to, and PReLU's slope before training
    if path[0] == "self-normalising":
        return 1e-6 * abs(value)  # the same computation, but the page rounds to float32 once more
    before_the_step = quantity == "inactive_before" or path[-2:] == ("killed", "of")  # units active before it
    if path[0] == "large-step" and not before_the_step:
        if quantity in ("units", "of"):
            return LARGE_STEP_UNITS
        if quantity.startswith("loss"):  # relative; the large step multiplies rounding by its rate
            return (1e-4 if quantity == "loss_before_step" else 2e-2) * abs(value)
        return LARGE_STEP_UNITS / 32 + 1e-6
    if quantity in ("units", "of"):
        return 2  # units over all seeds (revived, died, active before the large step): measured equal
    if quantity.startswith("inactive"):  # one unit, of 32 in a layer or of 64 in the network
        return 1 / (32 if "layers" in path else 64) + 1e-6
    if path[:2] == ("slopes", "learned"):
        return 0.1  # 400 steps amplify rounding in PReLU's summed gradient: up to 0.08 on a seed
    if path[0] == "dying" or "compared" in path:  # training accuracy, and differences of two accuracies
        return 2 / SPIRAL_POINTS + 1e-6
    return 1 / SPIRAL_POINTS + 1e-6  # held-out accuracy: one point


# Which of the ReLU family page's results (its JSON files) each of its notebooks computes.
RELU_FAMILY_PARTS = {"relu-family-dying": {"dying"}, "relu-family-large-step": {"large-step"},
                     "relu-family-slopes": {"slopes", "self-normalising"}}


def test_the_relu_family_notebooks_compute_all_of_the_pages_results(built_site):
    computed = set().union(*RELU_FAMILY_PARTS.values())
    assert computed == {path.stem for path in (built_site["out"] / "relu-family").glob("*.json")}
    assert set(RELU_FAMILY_PARTS) == {script.stem for script in NOTEBOOKS if page_of(script) == "relu-family"}


def relu_family_numbers(part: str):
    def check(computed: dict, out: Path) -> None:
        """Each seed's counts of inactive units (start, end, around the large step), units revived,
        died and killed, losses around the large step, accuracies held out and in training,
        PReLU's slopes, and SELU's statistics, within the tolerances above; the settings equal."""
        assert set(computed) == RELU_FAMILY_PARTS[part]
        page = {name: json.loads((out / "relu-family" / f"{name}.json").read_text()) for name in computed}
        assert differences(computed, page, relu_family_tolerance) == {}
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


def smooth_adversarial_tolerance(path: tuple[str, ...], _) -> float:
    if path[-1] in ("digit", "fooled_into") or "preset" in path or path[-1] in ("digits", "epochs", "epsilon"):
        return 0  # the attacked digit the page shows, and the settings
    if "attacker_strength" in path:
        # a share of about 0.7-0.9 per network that drifts as the networks do: by up to 6e-4 in
        # the first 20 epochs, 0.004 after 50, 0.021 after 100 (ReLU; the page's interval for its
        # networks is ±0.07)
        return 0.005 if int(path[-1]) < 5 else 0.04
    # sign(gradient) turns rounding into whole steps: 100 epochs move a network's accuracy by up
    # to 3 test digits of 450 (tests/test_plain_loops.py allows 5 for every seed, as here)
    return 5 / 450 + 1e-6


def smooth_adversarial_numbers(computed: dict, out: Path) -> None:
    """The seeds the notebook trains (the page's first ones): clean and robust accuracy of the
    networks trained on clean digits and of each adversarially trained one, the attacked digit
    the page shows, the attacker's strength at each epoch measured, the settings; and each
    network's answers, digit by digit, differ from the page's on at most 10 digits of 450."""
    seeds = len(computed["undefended"]["clean"])
    page = first_seeds({name: json.loads((out / "smooth-adversarial" / f"{name}.json").read_text())
                        for name in ("undefended", "experiment")}, seeds)
    numbers = {name: computed[name] for name in ("undefended", "experiment")}
    assert differences(numbers, page, smooth_adversarial_tolerance) == {}
    networks = {**page["experiment"]["models"], "undefended": page["undefended"]}
    assert set(computed["answers"]) == set(networks)
    for name, kinds in computed["answers"].items():
        for kind, outcomes in kinds.items():
            for seed, (ours, theirs) in enumerate(zip(outcomes, networks[name][kind]["per_example"], strict=True)):
                assert sum(a != b for a, b in zip(ours, theirs, strict=True)) <= 10, f"{name} {kind}, seed {seed}"


# How each notebook's numbers are checked against its page's JSON (a notebook without an entry
# fails its test).
PAGE_NUMBERS = {"xor": xor_numbers, "sigmoid-tanh": sigmoid_tanh_numbers, "pytorch-api": pytorch_api_numbers,
                **{part: relu_family_numbers(part) for part in RELU_FAMILY_PARTS},
                "smooth-adversarial": smooth_adversarial_numbers}


@pytest.mark.slow  # every network of the pages trained again, one at a time: run with --slow
@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_notebook_run_with_only_torch_numpy_and_matplotlib_gives_its_pages_numbers(built_site, fresh_kernel,
                                                                                     script):
    notebook = built_site["site"] / "figures" / "notebooks" / f"{script.stem}.ipynb"
    start = time.perf_counter()
    computed = run_notebook(notebook, fresh_kernel)
    print(f"the {script.stem} notebook ran in {time.perf_counter() - start:.1f} s")
    PAGE_NUMBERS[script.stem](computed, built_site["out"])
