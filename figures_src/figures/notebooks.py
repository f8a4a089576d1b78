"""Notebooks for readers to download and run, one or more per page that trains something: the
plain, one-network-at-a-time version of the page's experiments, written as a percent script in
notebooks/ (plain text under version control; `# %%` starts a code cell, `# %% [markdown]` a
Markdown cell, as jupytext and editors read them). The build serves each as the script itself
and as a Jupyter notebook (nbformat 4), cells unrun. The scripts import only torch, numpy and
matplotlib; tests/test_notebooks.py runs them and compares their numbers with the pages'."""

from __future__ import annotations

import json
import re
from importlib.resources import files

from figures_src.figures import NOTEBOOKS_DIR, FigureJob
from figures_src.science.catalog import CATALOG

CELL_MARKER = re.compile(r"^(# %%.*)$", re.MULTILINE)
# A comment `# catalogue: <pattern>` and the lines of the same indent that follow it: the served
# notebook has one line per catalogue function there, from the pattern, so that a function added
# to the catalogue needs no edit of any notebook.
CATALOGUE_LINES = re.compile(r"^( +)# catalogue: (.+)\n((?:\1[^ #].*\n)*)", re.MULTILINE)


def with_catalogue(script: str) -> str:
    def lines(match: re.Match) -> str:
        indent, pattern = match[1], match[2]
        written = "".join(f"{indent}{pattern.format(slug=a.slug, torch_call=a.torch_call)}\n" for a in CATALOG)
        return f"{indent}# catalogue: {pattern}\n{written}"
    return CATALOGUE_LINES.sub(lines, script)


def cell(kind: str, lines: list[str]) -> dict:
    source = [line + "\n" for line in lines[:-1]] + lines[-1:]
    if kind == "markdown":
        return {"cell_type": "markdown", "metadata": {}, "source": source}
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def notebook(script: str) -> dict:
    """The notebook a percent script describes: its cells in order, the Markdown ones without
    their comment signs."""
    parts = CELL_MARKER.split(script)  # text before the first marker, then marker, body, marker, ...
    cells = []
    for marker, body in zip(parts[1::2], parts[2::2]):
        lines = body.strip("\n").splitlines()
        if "[markdown]" in marker:
            cells.append(cell("markdown", [line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines]))
        else:
            cells.append(cell("code", lines))
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 4,
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}}}


def notebook_files(name: str, script: str) -> dict[str, bytes]:
    script = with_catalogue(script)
    return {f"notebooks/{name}.ipynb": json.dumps(notebook(script), indent=1, sort_keys=True).encode() + b"\n",
            f"notebooks/{name}.py": script.encode()}


def digits_file() -> dict[str, bytes]:
    """scikit-learn's 8×8 digits as the package ships them (gzipped CSV: 64 pixels from 0 to 16
    and the label, per row), for the smooth-adversarial notebook, which must not need
    scikit-learn: it reads the file beside itself, or downloads this very file from
    scikit-learn's repository."""
    return {"notebooks/digits.csv.gz": files("sklearn.datasets").joinpath("data", "digits.csv.gz").read_bytes()}


# the script's text is a parameter, so that its cache key changes with it
FIGURES = [*(FigureJob(f"notebook-{path.stem}", notebook_files, {"name": path.stem, "script": path.read_text()})
             for path in sorted(NOTEBOOKS_DIR.glob("*.py"))),
           FigureJob("notebook-digits", digits_file)]
