"""Running figure jobs: each from the cache or made anew, in worker processes when there are
several."""

from __future__ import annotations

import multiprocessing
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Callable

from figures_src.engine.cache import Cache
from figures_src.engine.keys import figure_keys
from figures_src.engine.registry import PipelineError
from figures_src.figures import FigureJob


# Workers are forked on Linux: they start at once, with torch and matplotlib already imported.
# That is safe because the parent has computed nothing with torch yet (no thread pool to inherit);
# elsewhere (macOS) forking such a process can crash, so workers start afresh there.
WORKER_START = "fork" if sys.platform.startswith("linux") else "spawn"


class FigureFailed(Exception):
    """A figure function raised; the message names the figure and holds its traceback."""


@dataclass
class Result:
    figure: FigureJob
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


def make_files(figure: FigureJob, device: str) -> tuple[dict[str, bytes], float]:
    """Run one figure function; runs in a worker process when jobs > 1."""
    fixed_numerics()
    started = time.perf_counter()
    kwargs = dict(figure.params, **({"device": device} if figure.takes_device else {}))
    try:
        files = figure.make(**kwargs)
    except Exception:
        raise FigureFailed(f"figure {figure.name!r} failed:\n{traceback.format_exc()}") from None
    return files, time.perf_counter() - started


def fixed_numerics() -> None:
    """Figures compute with one thread and in float64, so that their numbers do not depend on the
    machine that makes them.

    A sum split over threads is added up in another order, which changes the last bits of a
    result with the number of cores: one thread gives the same numbers for any core count and
    any --jobs (parallel workers share the cores anyway). PyTorch's CPU kernels (AVX-512, AVX2 or
    scalar, picked by the processor), another BLAS or a GPU round differently in the last bits
    too, from the first random draw of a weight on, and training amplifies that: in float32 it
    moved accuracies by a test point, a learned slope by 0.08 and one verdict past its line. In
    float64 the same differences start about 10⁹ times smaller and stay below every digit a page
    shows (tests/test_numeric_backends.py builds the site under other kernels and compares).
    Pages that show float32 itself (the PyTorch API page) ask for it by name."""
    import torch

    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)


def run(figures: list[FigureJob], device: str, cache: Cache, jobs: int, force: bool,
        progress: Callable[[Result, int], None]) -> list[Result]:
    """Each figure from the cache or made anew; `progress(result, total)` hears of each one."""
    results: dict[str, Result] = {}
    to_make: list[tuple[FigureJob, str]] = []
    for figure, key in zip(figures, figure_keys(figures, device, cache.syntax_memo)):
        hit = None if force else cache.load(key)
        if hit is None:
            to_make.append((figure, key))
        else:
            results[figure.name] = Result(figure, key, hit[0], hit[1], cached=True)
            progress(results[figure.name], len(figures))

    failures: list[str] = []

    def finish(figure: FigureJob, key: str, made: tuple[dict[str, bytes], float]) -> None:
        files, seconds = made
        cache.store(key, files, seconds)
        results[figure.name] = Result(figure, key, files, seconds, cached=False)
        progress(results[figure.name], len(figures))

    # Figures that train networks (they take a device) take longest: start them first, so that a
    # parallel build does not end with one worker still training and the others idle.
    to_make.sort(key=lambda item: not item[0].takes_device)
    # The first failure stops the run: figures not yet started are never started (those already
    # running finish and are cached), so a broken figure is reported in seconds, not minutes.
    if jobs <= 1 or len(to_make) <= 1:
        for figure, key in to_make:
            try:
                finish(figure, key, make_files(figure, device))
            except FigureFailed as failure:
                failures.append(str(failure))
                break
    else:
        context = multiprocessing.get_context(WORKER_START)
        with ProcessPoolExecutor(min(jobs, len(to_make)), mp_context=context) as pool:
            pending = {pool.submit(make_files, figure, device): (figure, key)
                       for figure, key in to_make}
            for future in as_completed(pending):
                if future.cancelled():
                    continue
                try:
                    finish(*pending[future], future.result())
                except FigureFailed as failure:
                    failures.append(str(failure))
                    for waiting in pending:
                        waiting.cancel()
    if failures:
        raise FigureFailed("\n".join(failures))
    return [results[figure.name] for figure in figures]
