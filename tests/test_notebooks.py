"""The pages' notebooks (notebooks/*.py, served as .ipynb and .py): plain, self-contained, linked
from their pages, written for a student, and run: their numbers are the pages' numbers, and what
they print is what the pages quote."""

from __future__ import annotations

import ast
import dataclasses
import fnmatch
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

from figures_src.figures import notebooks
from figures_src.figures.notebooks import notebook as notebook_of_script
from figures_src.science import catalog


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


def test_a_function_added_to_the_catalogue_joins_the_served_xor_notebook(monkeypatch):
    """No notebook needs its list of the catalogue kept by hand: the served XOR notebook trains
    every catalogue function, one line each, a new one included, whatever notebooks/xor.py lists."""
    made_up = dataclasses.replace(catalog.by_slug("relu"), slug="made-up-for-this-test", torch_call="nn.Made()")
    monkeypatch.setattr(notebooks, "CATALOG", [*catalog.CATALOG, made_up])
    served = notebooks.notebook_files("xor", (ROOT / "notebooks" / "xor.py").read_text())["notebooks/xor.py"].decode()
    models = served[served.index("MODELS = {"):served.index("\n}\n", served.index("MODELS = {"))]
    assert '"made-up-for-this-test": lambda: xor_mlp(nn.Made()),' in models
    for activation in catalog.CATALOG:
        assert models.count(f'"{activation.slug}": lambda: xor_mlp({activation.torch_call}),') == 1


def test_every_notebook_is_linked_from_its_page_and_served(built_site):
    """Its page offers notebooks/NAME.py as a notebook and as a script, both downloadable, and the
    site serves the script, with its model list written from the catalogue (with_catalogue), and
    a notebook of the same cells."""
    nbformat = pytest.importorskip("nbformat")
    for script in NOTEBOOKS:
        page = (built_site["site"] / page_of(script) / "index.html").read_text()
        for suffix in (".ipynb", ".py"):
            assert re.search(rf'<a download="{script.stem}{suffix}" href="\.\./figures/notebooks/{script.stem}\{suffix}">',
                             page), f"{page_of(script)}.md does not offer {script.stem}{suffix}"
        served = built_site["site"] / "figures" / "notebooks"
        assert (served / script.name).read_text() == notebooks.with_catalogue(script.read_text())
        notebook = nbformat.read(served / f"{script.stem}.ipynb", as_version=4)
        nbformat.validate(notebook)
        code = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert ast.dump(ast.parse(code)) == ast.dump(ast.parse((served / script.name).read_text()))


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


def printed_text(notebook) -> str:
    """What the notebook's cells printed, in order."""
    return "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []) if output.get("output_type") == "stream")


def run_notebook(path: Path, kernel: str) -> tuple[dict, str]:
    """Runs a notebook from the folder the site serves it in, as a reader's Jupyter does, in a
    fresh kernel of that name; checks that the kernel could not reach the project or the
    packages the project installs besides torch, numpy and matplotlib; returns what the notebook
    stored in `results`, and what its cells printed."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(RESULTS_CELL))
    nbclient.NotebookClient(notebook, timeout=300, kernel_name=kernel,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    ran = json.loads(printed.strip().splitlines()[-1])
    assert ran["reachable"] == [], f"{path.name} ran where it could import {ran['reachable']}"
    notebook.cells.pop()
    return ran["results"], printed_text(notebook)


# What a notebook promises its reader (its "What to expect" cell): with the site's PyTorch, every
# number it computes is the page's to one part in a million (in float64 the page's batched run and
# the notebook's plain loop differ by 1e-8 at most, measured: the ten-layer tanh networks' final
# loss), and every count, accuracy and answer is the page's exactly.
AGREEMENT = 1e-6


# A page's summary over seeds holds, beside each seed's value (per_seed), statistics of them that a
# notebook need not compute: comparing per_seed compares them.
SUMMARY_STATISTICS = {"mean", "std", "ci95", "min", "max"}


def declared(path: tuple[str, ...], patterns) -> bool:
    """Whether a "/"-joined path matches one of the patterns ("*" stands for any one key)."""
    return any(len(parts) == len(path) and all(fnmatch.fnmatchcase(key, part) for key, part in zip(path, parts))
               for parts in (pattern.split("/") for pattern in patterns))


def differences(computed, page, tolerance=lambda path, value: AGREEMENT * abs(value), path=(),
                page_only=()) -> dict[str, float | str]:
    """Where the notebook's numbers and the page's JSON differ by more than tolerance(path, value)
    (value: the page's; a NaN differs from everything): a list of numbers is a quantity per seed
    (the page keeps a summary whose per_seed it is), a list of lists or dicts goes item by item, a
    name must be equal, and a key on one side only is a difference ("only in the notebook", "only
    on the page"), unless the page's key is declared in `page_only` ("/"-joined paths, "*" for any
    key: what the notebook does not compute) or is a statistic beside a summary's per_seed."""
    where = "/".join(path)
    if isinstance(computed, dict):
        if not isinstance(page, dict):
            return {where: f"a dictionary in the notebook, {type(page).__name__} on the page"}
        found = {"/".join((*path, key)): "only in the notebook" for key in computed.keys() - page.keys()}
        found |= {"/".join((*path, key)): "only on the page" for key in page.keys() - computed.keys()
                  if not (key in SUMMARY_STATISTICS and "per_seed" in page) and not declared((*path, key), page_only)}
        for key in computed.keys() & page.keys():
            found |= differences(computed[key], page[key], tolerance, (*path, key), page_only)
        return found
    if isinstance(computed, list) and computed and isinstance(computed[0], (dict, list)):
        if not isinstance(page, list) or len(page) != len(computed):
            shown = len(page) if isinstance(page, list) else repr(page)
            return {where: f"{len(computed)} items in the notebook, {shown} on the page"}
        return {where: d for index, (value, expected) in enumerate(zip(computed, page))
                for where, d in differences(value, expected, tolerance, (*path, str(index)), page_only).items()}
    if isinstance(computed, str):
        return {} if computed == page else {where: math.inf}
    expected = page["per_seed"] if isinstance(computed, list) and isinstance(page, dict) else page
    if isinstance(computed, list) != isinstance(expected, list) or (
            isinstance(computed, list) and len(computed) != len(expected)):
        return {where: f"{computed!r} in the notebook, {page!r} on the page"}
    pairs = zip(computed, expected) if isinstance(computed, list) else [(computed, expected)]
    worst = max((abs(a - b) for a, b in pairs if a != b and not abs(a - b) <= tolerance(path, b)), default=None)
    return {} if worst is None else {where: worst}


def test_differences_names_every_key_on_one_side_only():
    """A number the notebook no longer computes, or one the page no longer has, is a difference
    named by its path, unless the page's key is declared the page's own; a summary's statistics
    beside its per_seed are the page's own."""
    summary = {"mean": 0.85, "ci95": 0.1, "std": 0.07, "min": 0.8, "max": 0.9, "per_seed": [0.9, 0.8]}
    page = {"models": {"relu": {"title": "ReLU", "accuracy": summary}}, "settings": {"epochs": 25}}
    computed = {"models": {"relu": {"accuracy": [0.9, 0.8], "loss": [0.1, 0.2]}}}
    assert differences(computed, page) == {"models/relu/loss": "only in the notebook",
                                           "models/relu/title": "only on the page", "settings": "only on the page"}
    del computed["models"]["relu"]["loss"]
    assert differences(computed, page, page_only={"models/*/title", "settings"}) == {}
    assert differences(computed, page, page_only={"*/title", "settings"}) == {"models/relu/title": "only on the page"}
    assert differences({"models": {}}, page, page_only={"models/*/title", "settings"}) == {
        "models/relu": "only on the page"}


def test_differences_compares_numbers_within_the_agreement_and_lists_item_by_item():
    page = {"loss": {"per_seed": [1.0, 2.0]}, "layers": [{"units": 3}, {"units": 4}], "name": "relu"}
    assert differences({"loss": [1.0 + 1e-9, 2.0], "layers": [{"units": 3}, {"units": 4}], "name": "relu"}, page) == {}
    found = differences({"loss": [1.0, 2.1], "layers": [{"units": 3}, {"units": 5}], "name": "tanh"}, page)
    assert found == {"loss": pytest.approx(0.1), "layers/1/units": 1, "name": math.inf}
    assert set(differences({"loss": [1.0], "layers": [{"units": 3}], "name": "relu"}, page)) == {"loss", "layers"}
    assert differences({"loss": [math.nan, 2.0]}, {"loss": [math.nan, 2.0]}) != {}  # a NaN differs from everything


def page_numbers(out: Path, page: str, names) -> dict:
    return {name: json.loads((out / page / f"{name}.json").read_text()) for name in names}


def xor_numbers(computed: dict, out: Path) -> None:
    """Each of the 190 networks, trained on its own in the notebook, ends with the page's final
    loss and training accuracy."""
    page = json.loads((out / "xor" / "results.json").read_text())["models"]
    kept = {name: {quantity: runs[quantity] for quantity in ("final_loss", "accuracy")} for name, runs in computed.items()}
    assert differences(kept, page, page_only={"*/title"}) == {}


# What the page's JSON holds that the sigmoid-tanh notebook does not compute: the settings it
# writes as constants, the values at zero, and where hardtanh's slope is not flat.
SIGMOID_TANH_PAGE_ONLY = {"shapes/at_zero", "shapes/hardtanh/slope_at_zero", "shapes/hardtanh/sloped_within",
                          *(f"deep/{name}" for name in ("layers", "width", "points", "seeds", "epochs",
                                                        "learning_rate", "majority_class_share")),
                          "zigzag/settings", "budget/settings"}


def sigmoid_tanh_numbers(computed: dict, out: Path) -> None:
    """The shapes' numbers, each seed's gradients at the start, the zig-zag paths, and the final
    loss and accuracy of every network (ten layers, and the 1000-step budget): every result of
    the page (each of its JSON files)."""
    results = [path.stem for path in (out / "sigmoid-tanh").glob("*.json")]
    assert differences(computed, page_numbers(out, "sigmoid-tanh", results), page_only=SIGMOID_TANH_PAGE_ONLY) == {}


def pytorch_api_numbers(computed: dict, out: Path) -> None:
    """The same computations in the same precision (float32, as the page shows PyTorch): every
    number equal, the infinities too."""
    assert computed == json.loads((out / "pytorch-api" / "results.json").read_text())


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
        assert differences(computed, page_numbers(out, "relu-family", computed)) == {}
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


# What the page's JSON holds that the smooth-adversarial notebook does not compute: the preset's
# name, seeds and attacks (the notebook writes its own as constants), each network's label, and
# what the page derives from the networks (the most robust, the attacker's strength at the end).
SMOOTH_ADVERSARIAL_PAGE_ONLY = {
    "undefended/preset", "experiment/most_robust", "experiment/models/*/label",
    *(f"experiment/preset/{name}" for name in ("name", "seeds", "eval_steps", "eval_restarts", "training_attack",
                                               "evaluation_attack")),
    *(f"experiment/attacker_strength/{name}" for name in ("yardstick_attack", "at_end", "smooth_at_end_range"))}


def smooth_adversarial_numbers(computed: dict, out: Path) -> None:
    """The seeds the notebook trains (the page's first ones): clean and robust accuracy of the
    networks trained on clean digits and of each adversarially trained one, the attacked digit
    the page shows, the attacker's strength at each epoch measured, the settings; and each
    network's answer to every test digit, clean and attacked, the page's."""
    seeds = len(computed["undefended"]["clean"])
    page = first_seeds(page_numbers(out, "smooth-adversarial", ("undefended", "experiment")), seeds)
    numbers = {name: computed[name] for name in ("undefended", "experiment")}
    assert differences(numbers, page, page_only=SMOOTH_ADVERSARIAL_PAGE_ONLY) == {}
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
    one thread): {name: (what it computed, what it printed), or the error that stopped it}."""
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
    ran = notebook_runs[script.stem]
    if isinstance(ran, Exception):
        raise ran
    PAGE_NUMBERS[script.stem](ran[0], built_site["out"])


# What a notebook prints, against the page's JSON: for each notebook, lines of its printed output
# (a pattern whose groups are numbers as printed) and the page's numbers those groups give, as
# "page/file:path.in.the.json" (a summary over seeds stands for its mean).
def _sigmoid_tanh_printed():
    rows = []
    for name in ("sigmoid", "tanh", "relu"):
        rows.append((rf"^{name} +first layer / last layer gradient (\S+), accuracy after 300 steps (\S+), final loss (\S+)$",
                     [f"sigmoid-tanh/deep:first_over_last.{name}", f"sigmoid-tanh/deep:accuracy.{name}",
                      f"sigmoid-tanh/deep:final_loss.{name}"]))
        rows.append((rf"^{name} +accuracy after 25 steps (\S+), after 1000 steps (\S+); loss after 1000 steps (\S+)$",
                     [f"sigmoid-tanh/budget:{name}.accuracy_after_25", f"sigmoid-tanh/budget:{name}.accuracy_after_1000",
                      f"sigmoid-tanh/budget:{name}.loss_after_1000"]))
    for name in ("sigmoid", "tanh"):
        rows.append((rf"^{name} +steps moving both weights the same way (\S+), steps to the target (\S+), "
                      r"to the control (\S+) ",
                     [f"sigmoid-tanh/zigzag:{name}.same_sign_share", f"sigmoid-tanh/zigzag:{name}.steps_to_target",
                      f"sigmoid-tanh/zigzag:{name}.steps_to_control"]))
    return [(r"^largest slope: sigmoid (\S+), tanh (\S+)$",
             ["sigmoid-tanh/shapes:largest_slope.sigmoid", "sigmoid-tanh/shapes:largest_slope.tanh"]),
            (r"^slope at x = 10: sigmoid (\S+), tanh (\S+)$",
             ["sigmoid-tanh/shapes:slope_at_10.sigmoid", "sigmoid-tanh/shapes:slope_at_10.tanh"]),
            (r"^tanh is steeper than the sigmoid for \|x\| < (\S+),", ["sigmoid-tanh/shapes:tanh_steeper_within"]),
            (r"^slope averaged over standard-normal inputs: sigmoid (\S+), tanh (\S+)$",
             ["sigmoid-tanh/shapes:mean_slope_normal.sigmoid", "sigmoid-tanh/shapes:mean_slope_normal.tanh"]),
            (r"^hardtanh is at most (\S+) from tanh, and its slope beyond \|x\| = 1 is (\S+)$",
             ["sigmoid-tanh/shapes:hardtanh.largest_difference_from_tanh", "sigmoid-tanh/shapes:hardtanh.flat_slope"]),
            *rows]


def _selu_printed():
    return [((rf"^{slug} +after 30 layers: mean (\S+), variance (\S+); over all layers: \|mean\| at most (\S+),"
              r" variance from (\S+) to (\S+)$"),
             [f"relu-family/self-normalising:{slug}.{key}" for key in
              ("last_mean", "last_variance", "largest_mean_offset", "smallest_variance", "largest_variance")])
            for slug in ("selu", "elu", "relu")]


PRINTED = {"sigmoid-tanh": _sigmoid_tanh_printed(), "relu-family-slopes": _selu_printed()}


def printed_number(text: str) -> tuple[float, float]:
    """A number as printed ("52.8%", "1.6e-06", "0.692", "122.5") and half a unit of its last
    printed digit: what rounding to that many digits may have moved it by."""
    scale = 0.01 if text.endswith("%") else 1.0
    digits = text.rstrip("%")
    mantissa, _, exponent = digits.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return float(digits) * scale, 0.5 * 10.0 ** (int(exponent or 0) - decimals) * scale


def test_printed_number_reads_what_is_printed():
    assert printed_number("52.8%") == pytest.approx((0.528, 0.0005))
    assert printed_number("1.6e-06") == pytest.approx((1.6e-06, 0.05e-06))
    assert printed_number("122") == (122.0, 0.5)
    assert printed_number("0.692")[1] == pytest.approx(0.0005)


def page_value(out: Path, where: str) -> float:
    file, _, path = where.partition(":")
    value = json.loads((out / f"{file}.json").read_text())
    for key in path.split("."):
        value = value[key]
    return value["mean"] if isinstance(value, dict) else value


def printed_disagreements(printed: str, expected: list, out: Path) -> list[str]:
    """The page's numbers that the printed text leaves out, or prints otherwise than the page
    gives them (beyond the rounding of the digits printed, and one part in a million)."""
    problems = []
    for pattern, wheres in expected:
        match = re.search(pattern, printed, re.MULTILINE)
        if match is None:
            problems.append(f"no line matching {pattern!r} (for {', '.join(wheres)})")
            continue
        for text, where in zip(match.groups(), wheres, strict=True):
            number, rounding = printed_number(text)
            page = page_value(out, where)
            if abs(number - page) > rounding + AGREEMENT * abs(page):
                problems.append(f"{where}: printed {text}, the page's {page!r}")
    return problems


@pytest.mark.slow  # uses the notebooks' runs
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_a_notebook_prints_the_numbers_its_page_quotes(built_site, notebook_runs, name):
    """sigmoid-tanh: the slopes (largest, at x = 10), where tanh stops being steeper, the first-
    over-last-layer gradient ratios, accuracies and losses of the deep networks, the zig-zag's
    same-sign shares and steps, the longer budget's accuracies; relu-family-slopes: SELU's (and
    ELU's and ReLU's) means and variances through the layers."""
    ran = notebook_runs[name]
    if isinstance(ran, Exception):
        raise ran
    assert printed_disagreements(ran[1], PRINTED[name], built_site["out"]) == []


def notebook_definitions(script: Path, names: set[str]) -> dict:
    """The script's imports and its top-level definitions (functions, classes, assignments) of
    these names, run in a namespace of their own: a cell's code tried without the training."""
    keep = []
    for node in ast.parse(script.read_text()).body:
        if (isinstance(node, (ast.Import, ast.ImportFrom))
                or (isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names)
                or (isinstance(node, ast.Assign) and {n.id for t in node.targets for n in ast.walk(t)
                                                      if isinstance(n, ast.Name)} & names)):
            keep.append(node)
    namespace = {}
    exec(compile(ast.Module(keep, type_ignores=[]), str(script), "exec"), namespace)
    return namespace


def hue(rgb) -> float:
    import colorsys

    return colorsys.rgb_to_hsv(*rgb[:3])[0] * 360


def hue_distance(a: float, b: float) -> float:
    return min(abs(a - b), 360 - abs(a - b))


def test_the_xor_regions_have_the_colours_of_their_classes_and_a_legend():
    """The XOR notebook's decision regions, drawn for a network that gives class 0 to the
    upper-right and lower-left quadrants (where the data's class 0 lies): under the class-0 points
    the background has the hue of the class-0 points, under class 1 that of class 1, read from
    the rendered image with the points hidden (but for the few points across an axis from their
    blob's centre); and a legend names both classes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import torch
    from matplotlib.collections import PathCollection

    ns = notebook_definitions(ROOT / "notebooks" / "xor.py",
                              {"BLOBS", "xor_data", "CLASS_COLOURS", "CLASS_MARKERS", "plot_points",
                               "REGION_COLOURS", "plot_regions"})

    class Quadrants(torch.nn.Module):
        def forward(self, x):
            product = x[:, 0] * x[:, 1]
            return torch.stack([product, -product], 1)  # class 0 where the signs agree

    x, y = ns["xor_data"]()
    ax = ns["plot_regions"](Quadrants(), x, y)
    try:
        legend = ax.get_legend()
        assert legend is not None, "no legend"
        labels = " ".join(text.get_text() for text in legend.get_texts())
        assert "class 0" in labels and "class 1" in labels, labels
        points = {}
        for collection in ax.collections:
            if isinstance(collection, PathCollection):
                points[collection.get_label()] = (collection.get_offsets(), hue(collection.get_facecolor()[0]))
                collection.set_visible(False)
        assert set(points) == {"class 0", "class 1"}, set(points)
        legend.set_visible(False)
        figure = ax.figure
        figure.canvas.draw()
        image = np.asarray(figure.canvas.buffer_rgba())[..., :3] / 255
        height = image.shape[0]
        for label, (offsets, own) in points.items():
            other = points["class 1" if label == "class 0" else "class 0"][1]
            clear = offsets[(np.abs(offsets) > 0.3).all(axis=1)]  # away from the boundaries at 0
            pixels = ax.transData.transform(clear)
            hues = [hue(image[height - 1 - round(py), round(px)]) for px, py in pixels]
            # a few points of each blob lie across an axis, on the other class's side: most do not
            on_own = np.mean([hue_distance(h, own) < 20 < hue_distance(h, other) for h in hues])
            assert on_own > 0.95, f"only {on_own:.0%} of the {label} points sit on a background of their hue"
    finally:
        plt.close("all")


@pytest.fixture
def unreachable_url():
    """An address on this machine where nothing listens: a download from it fails at once, as
    offline."""
    import socket

    with socket.socket() as held:  # bound, not listening: connections are refused
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}/digits.csv.gz"


def test_the_adversarial_notebook_offline_without_its_digits_says_where_to_get_them(tmp_path, fresh_kernel,
                                                                                   unreachable_url):
    """Run in a folder without digits.csv.gz and with the download failing, the notebook stops
    at its digits cell with a message, not urllib's traceback: the file to get, the page's link
    to it, and the folder to put it in; no half-downloaded file is left behind."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    script = (ROOT / "notebooks" / "smooth-adversarial.py").read_text()
    url = next(ast.literal_eval(node.value) for node in ast.walk(ast.parse(script))
               if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "DIGITS_URL")
    notebook = nbformat.reads(json.dumps(notebook_of_script(script)), as_version=4)
    digits_cell = next(i for i, cell in enumerate(notebook.cells) if "DIGITS_URL = (" in cell.source)
    notebook.cells = notebook.cells[:digits_cell + 1]
    cell = notebook.cells[digits_cell]
    cell.source = re.sub(r"DIGITS_URL = \(.*?\)\n", f"DIGITS_URL = {unreachable_url!r}\n", cell.source, flags=re.DOTALL)
    assert unreachable_url in cell.source and url not in cell.source
    nbclient.NotebookClient(notebook, timeout=120, kernel_name=fresh_kernel, allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [output for output in cell.outputs if output.get("output_type") == "error"]
    assert len(errors) == 1, cell.outputs
    error = errors[0]
    shown = error["evalue"] + "\n".join(error["traceback"])
    assert error["ename"] == "SystemExit", f"stopped with {error['ename']}: {error['evalue']}"
    assert "URLError" not in shown and "Traceback" not in shown
    message = error["evalue"]
    for needed in ("digits.csv.gz", '"the digits"', '"Run it yourself"', "smooth-adversarial page",
                   str(tmp_path.resolve()), "beside this notebook", unreachable_url):
        assert needed in message, f"the message does not say {needed}: {message}"
    assert list(tmp_path.iterdir()) == []


# Words that mean something to the site's authors, not to a student with the notebook and its
# page: how the site computes (stacked, batched over networks, foreach), its machines and
# benchmarks, its tests, and paths in its repository.
JARGON = [r"\bstacked\b", r"foreach", r"independent check", r"\b\d+-core machine\b", r"benchmark",
          r"figures_src", r"site's tests", r"\btests?/", r"`[\w./-]+/[\w.-]+\.py`", r"scalar CPU kernels", r"\bMKL\b"]


def markdown_cells(script: Path) -> list[str]:
    return [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            for cell in notebook_of_script(script.read_text())["cells"] if cell["cell_type"] == "markdown"]


@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_notebook_speaks_to_a_student_with_only_it_and_its_page(script):
    """No jargon of the site's own (JARGON) in its prose, comments or code; and the dictionary of
    numbers it keeps, `results`, is explained to the reader in a Markdown cell."""
    text = script.read_text()
    found = [match.group(0) for pattern in JARGON for match in re.finditer(pattern, text, re.IGNORECASE)]
    assert found == []
    assert re.search(r"^results\b.* = ", text, re.MULTILINE), "keeps no `results`"  # what its test compares
    assert any("`results" in cell and "page's own data" in " ".join(cell.split())
               for cell in markdown_cells(script)), \
        "`results` is never explained"


def assigned_or_parameter_names(script: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(script.read_text())):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.arg, ast.keyword)) and node.arg:
            names.add(node.arg)
    return names


@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda path: path.stem)
def test_a_notebook_ends_with_what_to_try_next(script):
    """Its last cell, "What to try next": two or three experiments, each changing a variable the
    notebook has (named in backticks), saying what to expect and why ("because")."""
    last = markdown_cells(script)[-1]
    cells = notebook_of_script(script.read_text())["cells"]
    assert cells[-1]["cell_type"] == "markdown" and last.startswith("## What to try next"), \
        "the notebook does not end with a What to try next section"
    items = re.split(r"^- ", last, flags=re.MULTILINE)[1:]
    assert 2 <= len(items) <= 3, items
    names = assigned_or_parameter_names(script)
    for item in items:
        named = {re.match(r"\w+", code).group(0) for code in re.findall(r"`([^`]+)`", item) if re.match(r"\w+", code)}
        assert named & names, f"names no variable of the notebook: {item}"
        assert "Expect" in item and "because" in item, f"says not what to expect and why: {item}"
