"""The figure build: the selected figure jobs from the cache or made anew, written with their
manifest into the output folder; and what the MkDocs build calls to get current outputs.

Data flow: each page module in figures_src/figures lists its FigureJobs (registry.py); a job's
cache key (keys.py) hashes what really determines its bytes; the runner (runner.py) takes each
from the cache (cache.py) or makes it, in worker processes; the outputs are copied into an output
folder with a manifest.json, the figure index and the claims' verdicts (manifest.py).

This module imports only the standard library and those small modules, so that a warm MkDocs
build can check its outputs without loading torch or matplotlib.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable

from figures_src.cache import Cache
from figures_src.keys import PACKAGE_DIR, numeric_backend, tree_key
from figures_src.manifest import current_manifest, write_outputs
from figures_src.registry import PipelineError, discover, select
from figures_src.runner import FigureFailed, Result, resolve_device, run
from figures_src.starter import Starter

CACHE_DIR = Path(os.environ.get("FIGURES_CACHE", ".cache/figures"))
OUT_DIR = Path(os.environ.get("FIGURES_OUT", CACHE_DIR / "out"))


def build(names: Iterable[str] | None = None, out: Path = OUT_DIR, device: str = "cpu",
          jobs: int | None = None, force: bool = False, cache: Cache | None = None,
          progress: Callable[[Result, int], None] = lambda result, total: None) -> dict:
    """Make (or take from the cache) the selected figures and write them with their manifest."""
    names = list(names or [])
    cache = cache or Cache(CACHE_DIR)
    for folder in (Path(out), cache.objects):  # first: it takes no import of the figure code
        check_writable(folder)
    key = tree_key(device, names)
    figures = select(discover(), names)
    resolved = resolve_device(device)
    cache.sweep()
    results = run(figures, resolved, cache, jobs or os.cpu_count() or 1, force, progress)
    return write_outputs(results, Path(out), resolved, key, numeric_backend(resolved))


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


def ensure_built(out: Path = OUT_DIR, device: str = "cpu") -> dict:
    """What the MkDocs build calls: serve current outputs, or regenerate them in another process.

    That process always imports the figure code afresh, so `mkdocs serve` never draws with a
    stale module, and the MkDocs process itself never loads torch.
    """
    STARTER.wait()  # under serve, a build started on save may be making these very outputs
    manifest = current_manifest(out, device)
    if manifest is not None:
        return manifest
    if STARTER.build(["build", "--out", str(out), "--device", device]) != 0:
        raise FigureFailed("figure generation failed (see the figure named above)")
    manifest = current_manifest(out, device)
    if manifest is None:
        raise FigureFailed(f"figure generation left incomplete outputs in {out}")
    return manifest


# Under `mkdocs serve` one starter serves every rebuild: it lives as long as the MkDocs process.
STARTER = Starter(CACHE_DIR)


def build_on_save(out: Path = OUT_DIR, device: str = "cpu", poll_seconds: float = 0.05) -> None:
    """Under `mkdocs serve`: start making the figures the moment a figure module is saved.

    MkDocs' own watcher polls every half second and then reloads its configuration before it asks
    for figures; a build started on save is done that much sooner. It is only a head start: the
    rebuild waits for it (STARTER.wait) and then checks the outputs as every build does, making
    them itself if they do not match the code on disk. Its output is dropped (a figure that fails
    is reported by the rebuild's own build), and it runs in a thread for the life of the process.
    """
    def sources() -> dict[str, int]:
        return {str(path): path.stat().st_mtime_ns for path in sorted(PACKAGE_DIR.rglob("*.py"))}

    def watch() -> None:
        seen = sources()
        while True:
            time.sleep(poll_seconds)
            try:
                now = sources()
            except FileNotFoundError:  # a file renamed or removed while looked at
                continue
            if now != seen:
                seen = now
                if current_manifest(out, device) is None:
                    STARTER.build(["build", "--out", str(out), "--device", device], quiet=True)

    threading.Thread(target=watch, name="figures-on-save", daemon=True).start()
