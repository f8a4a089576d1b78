"""The registry of figure jobs: each page module in figures_src/figures lists its FigureJobs.

Kept apart from the pipeline on purpose: figure modules import FigureJob from here, so this small
module is part of every figure's cache key, and the pipeline's own code is not.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Iterable


class PipelineError(Exception):
    """Bad input: the CLI reports it on one line and exits with status 2."""


@dataclass(frozen=True)
class FigureJob:
    """One call of a figure function: it returns every file of one figure (both colour schemes'
    images, stills, JSON results, Markdown fragments), cached and rebuilt as a unit."""

    name: str
    make: Callable[..., dict[str, bytes]]  # returns {relative path: file bytes}
    params: dict = field(default_factory=dict)  # keyword arguments; must be JSON-serialisable
    on_demand: bool = False  # made only when named with --only (e.g. a preset meant for a GPU)

    @property
    def takes_device(self) -> bool:
        return "device" in inspect.signature(self.make).parameters

    @property
    def source(self) -> str:
        return f"{self.make.__module__}.{self.make.__qualname__}"


def discover() -> list[FigureJob]:
    """Every FigureJob of every page module, in page order (imports the figure code)."""
    from figures_src import figures as pages

    found: list[FigureJob] = []
    for page in pkgutil.iter_modules(pages.__path__):
        module = importlib.import_module(f"{pages.__name__}.{page.name}")
        found += module.FIGURES
    names = [figure.name for figure in found]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise PipelineError(f"figure names used twice: {', '.join(duplicates)}")
    return found


def select(figures: list[FigureJob], names: Iterable[str] | None) -> list[FigureJob]:
    if not names:
        return [figure for figure in figures if not figure.on_demand]
    by_name = {figure.name: figure for figure in figures}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise PipelineError(
            f"unknown figure {', '.join(map(repr, unknown))}; valid names: {', '.join(by_name)}"
        )
    return [by_name[name] for name in dict.fromkeys(names)]
