"""The figure build: the selected figure jobs from the cache or made anew, written with their
manifest into the output folder.

Data flow: each page module in figures_src/figures lists its FigureJobs (registry.py); a job's
cache key (keys.py) hashes what really determines its bytes; the runner (runner.py) takes each
from the cache (cache.py) or makes it, in worker processes; the outputs are copied into an output
folder with a manifest.json, the figure index and the claims' verdicts (manifest.py).
What MkDocs calls to get current outputs is in on_demand.py.

This module imports only the standard library and those small modules, so that a warm MkDocs
build can check its outputs without loading torch or matplotlib.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Callable, Iterable

from figures_src.engine.cache import Cache
from figures_src.engine.keys import numeric_backend, tree_key
from figures_src.engine.manifest import write_outputs
from figures_src.engine.registry import PipelineError, discover, select
from figures_src.engine.runner import Result, resolve_device, run

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
