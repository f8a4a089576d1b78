"""Registry, content-hash cache, manifest and parallel run for every output of the site.

Data flow: each page module in figures_src/figures lists its Figures; a Figure's cache key hashes
what really determines its bytes (its module's source and the project modules that module
imports, its parameters, the device when it takes one, and the library versions). Outputs are
cached under objects/<key>/ with a checksum per file, then copied into an output folder with a
manifest.json.

Every run also judges the lecture's claims (claims.py) from the figures' JSON results and writes
the verdicts beside them.

This module imports only the standard library, the small registry and the claims catalogue, so
that a warm MkDocs build can check its outputs without loading torch or matplotlib.
"""

from __future__ import annotations

import ast
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from figures_src import claims
from figures_src.registry import Figure, PipelineError, discover, select

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_DIR = Path(os.environ.get("FIGURES_CACHE", ".cache/figures"))
OUT_DIR = Path(os.environ.get("FIGURES_OUT", CACHE_DIR / "out"))
# Libraries whose release can change the bytes of a figure.
KEYED_LIBRARIES = ("torch", "numpy", "matplotlib", "pillow")
# Markdown fragments are included into pages; every other output is published under figures/.
FRAGMENT_SUFFIX = ".md"
INDEX_PAGE = "all-figures.md"  # written beside the manifest, included by the Reproduce page
CLAIM_VERDICTS = "claims/verdicts.json"  # the claims judged on every run; pages read them
CLAIMS_PAGE = "claims/claims.md"  # included by the claims page
# A store writes its staging folder in well under a second: one this old was left by a killed run.
STALE_STAGING_SECONDS = 600


class FigureFailed(Exception):
    """A figure function raised; the message names the figure and holds its traceback."""


# ---------------------------------------------------------------- cache keys


def module_path(module_name: str) -> Path:
    relative = module_name.split(".")[1:]
    package = PACKAGE_DIR.joinpath(*relative)
    return package / "__init__.py" if package.is_dir() else package.with_suffix(".py")


def project_imports(module_name: str) -> set[str]:
    """The figures_src modules that a module imports, read from its syntax tree."""
    tree = ast.parse(module_path(module_name).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("figures_src"):
            imported.add(node.module)
            # `from figures_src import render` names a module, not an attribute
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names if alias.name.startswith("figures_src")}
    return {name for name in imported if module_path(name).exists()}


def source_closure(module_name: str) -> dict[str, str]:
    """Digest of the syntax tree of a module and of every project module it reaches.

    Hashing the tree rather than the text means that editing a comment regenerates nothing.
    """
    digests: dict[str, str] = {}
    pending = [module_name]
    while pending:
        name = pending.pop()
        if name in digests:
            continue
        tree = ast.dump(ast.parse(module_path(name).read_text()))
        digests[name] = hashlib.sha256(tree.encode()).hexdigest()
        pending += project_imports(name)
    return dict(sorted(digests.items()))


def library_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in KEYED_LIBRARIES}


def figure_key(figure: Figure, device: str, versions: dict[str, str]) -> str:
    ingredients = {
        "figure": figure.name,
        "function": figure.source,
        "params": figure.params,
        "sources": source_closure(figure.make.__module__),
        "device": device if figure.takes_device else None,
        "versions": versions,
    }
    return sha256(json.dumps(ingredients, sort_keys=True).encode())


def tree_key(device: str, names: Iterable[str] | None) -> str:
    """Changes whenever any output could change: all figure code, versions, device, selection.

    Coarser than figure_key but computable without importing the figure code: it is what lets
    a warm build serve its outputs without loading torch.
    """
    sources = {
        str(path.relative_to(PACKAGE_DIR)): sha256(path.read_bytes())
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
    }
    ingredients = {"sources": sources, "versions": library_versions(), "device": device,
                   "only": sorted(names or [])}
    return sha256(json.dumps(ingredients, sort_keys=True).encode())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- files on disk


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary name, then rename: readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def read_verified(path: Path, digest: str) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if sha256(data) == digest else None


class Cache:
    """objects/<key>/ holds one figure's files and entry.json with their checksums.

    An entry is assembled in a temporary folder and renamed into place only when complete, and
    every read verifies the checksums: a killed run or a damaged file is never served.
    """

    def __init__(self, root: Path = CACHE_DIR):
        self.objects = Path(root) / "objects"

    def load(self, key: str) -> tuple[dict[str, bytes], float] | None:
        """The entry's files and the seconds they took, or None. A damaged entry is removed, so
        that it is made again."""
        loaded = self.read_entry(self.objects / key)
        if loaded is None:
            shutil.rmtree(self.objects / key, ignore_errors=True)
        return loaded

    @staticmethod
    def read_entry(folder: Path) -> tuple[dict[str, bytes], float] | None:
        """An entry's files, each verified against its checksum, or None if anything is missing,
        damaged or of another shape than store() writes."""
        try:
            entry = json.loads((folder / "entry.json").read_text())
            digests, seconds = dict(entry["files"]), float(entry["seconds"])
        except (OSError, ValueError, TypeError, KeyError):
            return None
        files = {relative: read_verified(folder / "files" / relative, digest)
                 for relative, digest in digests.items() if isinstance(digest, str)}
        if len(files) != len(digests) or None in files.values():
            return None
        return files, seconds

    def store(self, key: str, files: dict[str, bytes], seconds: float) -> None:
        self.objects.mkdir(parents=True, exist_ok=True)
        staging = self.objects / f".{key}.{uuid.uuid4().hex}.tmp"
        for relative, data in files.items():
            target = staging / "files" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        entry = {"files": {relative: sha256(data) for relative, data in files.items()},
                 "seconds": seconds}
        (staging / "entry.json").write_text(json.dumps(entry, indent=1, sort_keys=True))
        self.place(staging, self.objects / key)

    @staticmethod
    def place(staging: Path, target: Path) -> None:
        """Rename a complete entry into place. An entry already there (from before a --force
        run, or stored meanwhile by another build of the same code) is first moved aside and
        removed: a folder cannot be renamed over one that is not empty."""
        while True:
            try:
                os.replace(staging, target)
                return
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
            aside = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
            try:
                os.replace(target, aside)
            except FileNotFoundError:
                continue  # another build moved it aside first
            shutil.rmtree(aside, ignore_errors=True)

    def sweep(self, older_than: float = STALE_STAGING_SECONDS) -> None:
        """Remove staging folders that interrupted stores left behind (never a recent one: it
        may belong to a build running now)."""
        now = time.time()
        for folder in self.objects.glob(".*"):
            try:
                if now - folder.stat().st_mtime > older_than:
                    shutil.rmtree(folder, ignore_errors=True)
            except FileNotFoundError:
                pass  # removed by another build meanwhile


# ---------------------------------------------------------------- running figures


@dataclass
class Result:
    figure: Figure
    key: str
    files: dict[str, bytes]
    seconds: float
    cached: bool


def resolve_device(requested: str) -> str:
    if requested not in ("auto", "cpu", "cuda"):
        raise PipelineError(f"unknown device {requested!r}; choose auto, cpu or cuda")
    if requested == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if requested == "cuda":
        raise PipelineError("--device cuda was asked for, but torch sees no CUDA device")
    return "cpu"


def make_files(figure: Figure, device: str) -> tuple[dict[str, bytes], float]:
    """Run one figure function; runs in a worker process when jobs > 1."""
    one_thread()
    started = time.perf_counter()
    kwargs = dict(figure.params, **({"device": device} if figure.takes_device else {}))
    try:
        files = figure.make(**kwargs)
    except Exception:
        raise FigureFailed(f"figure {figure.name!r} failed:\n{traceback.format_exc()}") from None
    return files, time.perf_counter() - started


def one_thread() -> None:
    """Figures compute with one thread: a sum split over threads is added up in another order,
    which changes the last bits of a result with the number of cores. One thread gives the same
    numbers on every machine and for any --jobs, and parallel workers share the cores anyway."""
    import torch

    torch.set_num_threads(1)


def run(figures: list[Figure], device: str, cache: Cache, jobs: int, force: bool,
        progress: Callable[[Result, int], None]) -> list[Result]:
    """Each figure from the cache or made anew; `progress(result, total)` hears of each one."""
    versions = library_versions()
    results: dict[str, Result] = {}
    to_make: list[tuple[Figure, str]] = []
    for figure in figures:
        key = figure_key(figure, device, versions)
        hit = None if force else cache.load(key)
        if hit is None:
            to_make.append((figure, key))
        else:
            results[figure.name] = Result(figure, key, hit[0], hit[1], cached=True)
            progress(results[figure.name], len(figures))

    failures: list[str] = []

    def finish(figure: Figure, key: str, made: tuple[dict[str, bytes], float]) -> None:
        files, seconds = made
        cache.store(key, files, seconds)
        results[figure.name] = Result(figure, key, files, seconds, cached=False)
        progress(results[figure.name], len(figures))

    # Figures that train networks (they take a device) take longest: start them first, so that a
    # parallel build does not end with one worker still training and the others idle.
    to_make.sort(key=lambda item: not item[0].takes_device)
    if jobs <= 1 or len(to_make) <= 1:
        for figure, key in to_make:
            try:
                finish(figure, key, make_files(figure, device))
            except FigureFailed as failure:
                failures.append(str(failure))
    else:
        import multiprocessing

        # spawn, not fork: forking a process that has started torch's thread pools can hang.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(jobs, len(to_make)), mp_context=context) as pool:
            pending = {pool.submit(make_files, figure, device): (figure, key)
                       for figure, key in to_make}
            for future in as_completed(pending):
                try:
                    finish(*pending[future], future.result())
                except FigureFailed as failure:
                    failures.append(str(failure))
    if failures:
        raise FigureFailed("\n".join(failures))
    return [results[figure.name] for figure in figures]


# ---------------------------------------------------------------- outputs and manifest


def write_outputs(results: list[Result], out: Path, device: str, key: str) -> dict:
    """Write the results into `out` and describe them in out/manifest.json."""
    out.mkdir(parents=True, exist_ok=True)
    previous = previous_paths(out)
    entries = []
    for result in results:
        for relative, data in sorted(result.files.items()):
            target = out / relative
            if read_verified(target, sha256(data)) is None:
                write_atomic(target, data)
            entry = {
                "figure": result.figure.name, "path": relative, "sha256": sha256(data),
                "bytes": len(data), "key": result.key, "seconds": round(result.seconds, 3),
                "device": device if result.figure.takes_device else None,
                "source": result.figure.source, "cached": result.cached,
            }
            pixels = image_pixels(data)
            entries.append(entry if pixels is None else dict(entry, pixels=list(pixels)))
    derived = {INDEX_PAGE: (figure_index(entries).encode(), f"{__name__}.figure_index"),
               **claim_outputs(results)}
    for relative, (data, source) in derived.items():
        write_atomic(out / relative, data)
        entries.append({"figure": None, "path": relative, "sha256": sha256(data), "bytes": len(data),
                        "key": key, "seconds": 0.0, "device": None, "source": source, "cached": False})
    manifest = {"tree_key": key, "files": entries}
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=1).encode())
    remove_outdated(out, previous - {entry["path"] for entry in entries})
    return manifest


def claim_outputs(results: list[Result]) -> dict[str, tuple[bytes, str]]:
    """The verdict on each of the lecture's claims, judged from the figures' own JSON results,
    and the claims page's Markdown: {path: (bytes, what made them)}."""
    files = {relative: data for result in results for relative, data in result.files.items()}
    try:
        verdicts = claims.judge(files)
    except claims.ClaimFailed as failure:
        raise FigureFailed(str(failure)) from None
    source = f"{claims.__name__}.judge"
    return {CLAIM_VERDICTS: (json.dumps(verdicts, indent=1, ensure_ascii=False).encode(), source),
            CLAIMS_PAGE: (claims.claims_page(verdicts).encode(), source)}


def figure_index(entries: list[dict]) -> str:
    """A Markdown table of every published file: the Reproduce page's gallery of all figures."""
    rows = ["| Figure | Made by | Files |", "|---|---|---|"]
    for figure in dict.fromkeys(entry["figure"] for entry in entries):
        files = [entry for entry in entries if entry["figure"] == figure
                 and not entry["path"].endswith(FRAGMENT_SUFFIX)]
        if not files:
            continue
        links = " ".join(thumbnail(figure, entry) for entry in files)
        rows.append(f"| `{figure}` | `{files[0]['source']}` | {links} |")
    return "\n".join(rows) + "\n"


def thumbnail(figure: str, entry: dict, width: int = 160) -> str:
    """A small image for still pictures (only the current colour scheme's shows); a link for
    animations, which would weigh their full size as thumbnails, and for everything else."""
    path = entry["path"]
    if "pixels" not in entry or path.endswith(".gif"):
        return f"[{path}](figures/{path})"
    stem = path.rpartition(".")[0]
    scheme = next((s for s in ("light", "dark") if stem.endswith(f"-{s}")), None)
    anchor = f"#only-{scheme}" if scheme else ""
    height = round(width * entry["pixels"][1] / entry["pixels"][0])
    return (f'![Thumbnail of {figure}](figures/{path}{anchor})'
            f'{{ width="{width}" height="{height}" loading="lazy" }}')


def image_pixels(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or GIF header, without an imaging library."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith((b"GIF87a", b"GIF89a")):
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return None


def read_manifest(out: Path) -> dict | None:
    """out/manifest.json if it can be read and has the shape write_outputs gives it, else None
    (then the outputs are made again, never trusted)."""
    try:
        manifest = json.loads((Path(out) / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    shaped = (isinstance(manifest, dict) and isinstance(manifest.get("files"), list)
              and all(isinstance(entry, dict) and isinstance(entry.get("path"), str)
                      and isinstance(entry.get("sha256"), str) for entry in manifest["files"]))
    return manifest if shaped else None


def previous_paths(out: Path) -> set[str]:
    manifest = read_manifest(out)
    return {entry["path"] for entry in manifest["files"]} if manifest else set()


def remove_outdated(out: Path, outdated: set[str]) -> None:
    """Delete files an earlier run wrote that this run did not; never anything else in `out`."""
    for relative in outdated:
        path = out / relative
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == out or any(folder.iterdir()):
                break
            folder.rmdir()


def build(names: Iterable[str] | None = None, out: Path = OUT_DIR, device: str = "cpu",
          jobs: int | None = None, force: bool = False, cache: Cache | None = None,
          progress: Callable[[Result, int], None] = lambda result, total: None) -> dict:
    """Make (or take from the cache) the selected figures and write them with their manifest."""
    names = list(names or [])
    key = tree_key(device, names)
    figures = select(discover(), names)
    resolved = resolve_device(device)
    cache = cache or Cache()
    for folder in (Path(out), cache.objects):
        check_writable(folder)
    cache.sweep()
    results = run(figures, resolved, cache, jobs or os.cpu_count() or 1, force, progress)
    return write_outputs(results, Path(out), resolved, key)


def check_writable(folder: Path) -> None:
    """Stop with one line, before any figure is computed, if `folder` cannot be written."""
    if folder.exists() and not folder.is_dir():
        raise PipelineError(f"{folder} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-check.{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise PipelineError(f"cannot write to {folder}: {error.strerror or error}") from None


def current_manifest(out: Path = OUT_DIR, device: str = "cpu") -> dict | None:
    """The manifest of `out` if it holds every output of the current code, verified; else None."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("tree_key") != tree_key(device, None):
        return None
    for entry in manifest["files"]:
        if read_verified(Path(out) / entry["path"], entry["sha256"]) is None:
            return None
    return manifest


def ensure_built(out: Path = OUT_DIR, device: str = "cpu") -> dict:
    """What the MkDocs build calls: serve current outputs, or regenerate them in a subprocess.

    The subprocess always imports the figure code afresh, so `mkdocs serve` never draws with a
    stale module, and the MkDocs process itself never loads torch.
    """
    manifest = current_manifest(out, device)
    if manifest is not None:
        return manifest
    # Bytecode goes to the cache, not into figures_src/, which `mkdocs serve` watches.
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(CACHE_DIR, "pycache").resolve()))
    command = [sys.executable, "-m", "figures_src", "build", "--out", str(out), "--device", device]
    if subprocess.run(command, env=env).returncode != 0:
        raise FigureFailed("figure generation failed (see the figure named above)")
    manifest = current_manifest(out, device)
    if manifest is None:
        raise FigureFailed(f"figure generation left incomplete outputs in {out}")
    return manifest


def published(manifest: dict) -> list[dict]:
    """Manifest entries that the site serves as files (fragments are included into pages)."""
    return [entry for entry in manifest["files"] if not entry["path"].endswith(FRAGMENT_SUFFIX)]
