"""One module per page of the site. Each module lists its figures in FIGURES, a list of
FigureJob; the engine (figures_src/engine/registry.py) finds them.

Standard library only: the MkDocs process reads this without importing torch.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# The pages' notebooks, percent scripts (notebooks.py serves them; their text is in every build's key).
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"


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
