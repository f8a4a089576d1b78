"""The registry of figure jobs: each page module in figures_src/figures lists its FigureJobs
(defined in figures/__init__.py, which is part of every figure's cache key; the engine's own code
is not)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Iterable

from figures_src import figures
from figures_src.figures import FigureJob


class PipelineError(Exception):
    """Bad input: the CLI reports it on one line and exits with status 2."""


def discover() -> list[FigureJob]:
    """Every FigureJob of every page module, in page order (imports the figure code)."""
    found: list[FigureJob] = []
    for page in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"{figures.__name__}.{page.name}")
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
