"""Times the site build on this machine and prints Markdown tables for benchmarks/README.md.

    python benchmarks/build_times.py [--repeat N]

Four builds of the same docs (`mkdocs build`, median of N runs except the cold one):
  cold          empty figure cache: every figure is made
  warm          nothing changed: outputs are only verified and handed to MkDocs
  one module    one figure module edited (figures_src/figures/index.py): only its figures remade
  no figures    the figure step replaced by one that does no work: it hands MkDocs the same
                files without checking or making anything; the floor that `warm` is held to
and, under `mkdocs serve --livereload`, the time from saving an edit of a page's prose to the
server answering with the rebuilt page, and from saving an edit of the gallery's figure module
(figures_src/figures/gallery.py: 18 figures, each drawn in well under a second) to the server
answering with the redrawn picture (median of N edits each).

Then, per page module, the wall time of a cold `python -m figures_src build --only <its figures>`
(two worker processes, like the site build on this machine): what each page adds to a cold build.

It works on a throwaway copy of the tracked files, so the checkout and its cache are untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_serve import fetch, free_port, wait_for  # noqa: E402  (the serve test's own helpers)

NO_WORK_STEP = '''"""Benchmark stand-in: hands over the last outputs, checks and makes nothing."""
import json

import mkdocs_gen_files

from figures_src.engine import pipeline
from figures_src.engine.manifest import published

manifest = json.loads((pipeline.OUT_DIR / "manifest.json").read_text())
for entry in published(manifest):
    with mkdocs_gen_files.open(f"figures/{entry['path']}", "wb") as virtual_file:
        virtual_file.write((pipeline.OUT_DIR / entry["path"]).read_bytes())
'''


def copy_project(destination: Path) -> Path:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    for name in tracked:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def project_env(project: Path, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true", FIGURES_CACHE=str(cache))
    env.pop("FIGURES_OUT", None)
    return env


def timed(command: list[str], project: Path, cache: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=project_env(project, cache),
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return seconds


def mkdocs_build(project: Path) -> float:
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict"], project,
                 project / ".cache" / "figures")


def serve_edits(project: Path, repeat: int) -> dict[str, list[float]]:
    """Seconds from saving an edit to `mkdocs serve` answering with its result: a page's prose
    (the rebuilt page), and the gallery's figure module (the redrawn picture)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=project_env(project, project / ".cache" / "figures"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page, module = project / "docs" / "index.md", project / "figures_src" / "figures" / "gallery.py"
    originals = {path: path.read_text() for path in (page, module)}
    seconds: dict[str, list[float]] = {"prose edit, serve": [], "gallery module edit, serve": []}

    def timed_edit(path: Path, text: str, done) -> float:
        time.sleep(1)  # let the watcher settle, as between a writer's edits
        started = time.perf_counter()
        path.write_text(text)
        wait_for(done, 120, f"the edit of {path.name} to be served", poll=0.01)
        return time.perf_counter() - started

    try:
        wait_for(lambda: fetch(url + "/"), 120, "mkdocs serve to start", poll=0.01)
        time.sleep(5)  # the warm starter imports torch meanwhile, as while a writer reads the page
        for run in range(repeat):
            sentence = f"A sentence saved by the benchmark, number {run}."
            seconds["prose edit, serve"].append(timed_edit(
                page, f"{originals[page]}\n{sentence}\n", lambda: sentence.encode() in (fetch(url + "/") or b"")))
        picture = url + "/figures/gallery/relu-light.png"
        for run in range(repeat):
            before = fetch(picture)
            edited = originals[module].replace("linewidth=2.2,", f"linewidth={2.3 + run / 10:.1f},", 1)
            assert edited != originals[module]
            seconds["gallery module edit, serve"].append(timed_edit(
                module, edited, lambda: fetch(picture) not in (None, before)))
    finally:
        for path, text in originals.items():
            path.write_text(text)
        server.terminate()
        server.wait(timeout=30)
    return seconds


def figures_by_page(manifest: dict) -> dict[str, list[str]]:
    """Figure names grouped by the page module that makes them."""
    pages: dict[str, list[str]] = {}
    for entry in manifest["files"]:
        if entry["figure"]:
            page = entry["source"].split(".")[2]  # figures_src.figures.<page>.<function>
            pages.setdefault(page, [])
            if entry["figure"] not in pages[page]:
                pages[page].append(entry["figure"])
    return pages


def slowest_figures(manifest: dict, count: int = 5) -> list[tuple[str, float]]:
    seconds = {entry["figure"]: entry["seconds"] for entry in manifest["files"] if entry["figure"]}
    return sorted(seconds.items(), key=lambda item: -item[1])[:count]


def cold_page_builds(project: Path, pages: dict[str, list[str]]) -> dict[str, float]:
    seconds = {}
    for page, names in pages.items():
        with tempfile.TemporaryDirectory(prefix="cold-page-") as cache:
            command = [sys.executable, "-m", "figures_src", "build", "--jobs", "2", "--only", *names,
                       "--out", str(Path(cache) / "out")]
            seconds[page] = timed(command, project, Path(cache))
    return seconds


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve-only", action="store_true",
                        help="only the edits under mkdocs serve, starting from the checkout's figure cache")
    args = parser.parse_args()
    repeat = args.repeat
    if args.serve_only:
        with tempfile.TemporaryDirectory(prefix="build-times-") as scratch:
            project = copy_project(Path(scratch))
            shutil.copytree(ROOT / ".cache" / "figures" / "objects", project / ".cache" / "figures" / "objects")
            mkdocs_build(project)
            for name, values in serve_edits(project, repeat).items():
                print(f"| {name} | {statistics.median(values):.2f} | {', '.join(f'{v:.2f}' for v in values)} |")
        return
    with tempfile.TemporaryDirectory(prefix="build-times-") as scratch:
        project = copy_project(Path(scratch))
        times = {"cold": [mkdocs_build(project)]}
        cold_manifest = json.loads((project / ".cache/figures/out/manifest.json").read_text())
        pages = figures_by_page(cold_manifest)
        times["warm"] = [mkdocs_build(project) for _ in range(repeat)]
        module = project / "figures_src" / "figures" / "index.py"
        original = module.read_text()
        times["one module"] = []
        for run in range(repeat):
            module.write_text(original + f"\nBENCHMARK_EDIT = {run}\n")  # a real change of code
            times["one module"].append(mkdocs_build(project))
        times |= serve_edits(project, repeat)
        (project / "figures_src" / "engine" / "gen_files.py").write_text(NO_WORK_STEP)
        times["no figures"] = [mkdocs_build(project) for _ in range(repeat)]
        site_bytes = folder_bytes(project / "site")
        figure_bytes = folder_bytes(project / "site" / "figures")
        page_seconds = cold_page_builds(project, pages)

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"| build | seconds (median of {repeat}; cold: one run) |")
    print("|---|---|")
    for name, seconds in median.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"\nwarm / no figures = {median['warm'] / median['no figures']:.2f} (must stay <= 1.3)")
    print(f"site: {site_bytes / 1e6:.1f} MB, of which figures {figure_bytes / 1e6:.1f} MB")
    print("\n| page module | figures | cold build of its figures alone (s) |")
    print("|---|---|---|")
    for page, seconds in page_seconds.items():
        print(f"| {page} | {len(pages[page])} | {seconds:.1f} |")
    print("\n| slowest figures of the cold build | seconds to make (in a worker) |")
    print("|---|---|")
    for name, seconds in slowest_figures(cold_manifest):
        print(f"| {name} | {seconds:.1f} |")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
