"""How long each page's notebook takes to run, as a reader runs it; prints a Markdown table for the
benchmarks/README.md.

    python benchmarks/notebook_times.py [--site site] [--runs 3]

Each notebook the built site serves (site/figures/notebooks/*.ipynb) is run from that folder, as
downloaded, in a fresh Python kernel (nbclient, the kernel "python3": this environment, on the
CPU), RUNS times, one after another; the table gives the fastest and the slowest run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parent.parent


def run_time(notebook: Path) -> float:
    contents = nbformat.read(notebook, as_version=4)
    start = time.perf_counter()
    nbclient.NotebookClient(contents, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook.parent)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    notebooks = sorted((arguments.site / "figures" / "notebooks").glob("*.ipynb"))
    if not notebooks:
        sys.exit(f"no notebooks in {arguments.site}/figures/notebooks: run `mkdocs build --strict` first")
    if arguments.runs < 1:
        sys.exit("--runs must be at least 1")
    print("| notebook | fastest run (s) | slowest run (s) |")
    print("|---|---|---|")
    for notebook in notebooks:
        times = [run_time(notebook) for _ in range(arguments.runs)]
        print(f"| {notebook.name} | {min(times):.0f} | {max(times):.0f} |", flush=True)


if __name__ == "__main__":
    main()
