"""Cache keys: what really determines the bytes of a figure, hashed.

A figure's key hashes its module's syntax tree and those of the project modules it imports, its
parameters, the device when it takes one, and the versions of the libraries that draw it.
"""

from __future__ import annotations

import ast
import functools
import json
from importlib import metadata
from pathlib import Path
from typing import Iterable

from figures_src.cache import sha256
from figures_src.registry import FigureJob

PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose release can change the bytes of a figure.
KEYED_LIBRARIES = ("torch", "numpy", "matplotlib", "pillow")


def module_path(module_name: str) -> Path:
    relative = module_name.split(".")[1:]
    package = PACKAGE_DIR.joinpath(*relative)
    return package / "__init__.py" if package.is_dir() else package.with_suffix(".py")


@functools.lru_cache(maxsize=None)
def read_module(source: str) -> tuple[str, frozenset[str]]:
    """The digest of a module's syntax tree and the figures_src names it imports.

    Remembered by source text (so never stale): the figures of a build share most of their
    modules, and parsing each module once instead of once per figure saves seconds a build.
    """
    tree = ast.parse(source)
    named = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("figures_src"):
            named.add(node.module)
            # `from figures_src import render` names a module, not an attribute
            named |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names if alias.name.startswith("figures_src")}
    return sha256(ast.dump(tree).encode()), frozenset(named)


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
        digests[name], named = read_module(module_path(name).read_text())
        # `from figures_src import x` names x, which is a module only if its file exists
        pending += [imported for imported in named if module_path(imported).exists()]
    return dict(sorted(digests.items()))


def library_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in KEYED_LIBRARIES}


def figure_keys(figures: list[FigureJob], device: str) -> list[str]:
    """The cache key of each figure; the figures of one module share its source closure, read once."""
    versions = library_versions()
    closures: dict[str, dict[str, str]] = {}
    keys = []
    for figure in figures:
        module = figure.make.__module__
        if module not in closures:
            closures[module] = source_closure(module)
        ingredients = {
            "figure": figure.name,
            "function": figure.source,
            "params": figure.params,
            "sources": closures[module],
            "device": device if figure.takes_device else None,
            "versions": versions,
        }
        keys.append(sha256(json.dumps(ingredients, sort_keys=True).encode()))
    return keys


def tree_key(device: str, names: Iterable[str] | None) -> str:
    """Changes whenever any output could change: all figure code, versions, device, selection.

    Coarser than figure_keys but computable without importing the figure code: it is what lets
    a warm build serve its outputs without loading torch.
    """
    sources = {
        str(path.relative_to(PACKAGE_DIR)): sha256(path.read_bytes())
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
    }
    ingredients = {"sources": sources, "versions": library_versions(), "device": device,
                   "only": sorted(names or [])}
    return sha256(json.dumps(ingredients, sort_keys=True).encode())
