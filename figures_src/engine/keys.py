"""Cache keys: what really determines the bytes of a figure, hashed.

A figure's key hashes its module's syntax tree and those of the project modules it imports, its
parameters, the versions of the libraries that draw it, and the numeric backend that computes it:
the processor's kind and the CPU kernels PyTorch picked for it, and the device (with the GPU's
name and CUDA release) when the figure takes one. Pages show only what every backend agrees on,
but the bytes of a figure differ in the last bits from one backend to another, and outputs made on
different machines must never mix in one cache.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Iterable

from figures_src.engine.cache import sha256, write_atomic
from figures_src.figures import NOTEBOOKS_DIR, FigureJob

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # figures_src/
# Libraries whose release can change the bytes of a figure (scikit-learn: the digits it ships).
KEYED_LIBRARIES = ("torch", "numpy", "matplotlib", "pillow", "imageio", "imageio-ffmpeg", "scikit-learn")
# Variables that make PyTorch or its maths library (MKL) pick other kernels on the same processor.
NUMERIC_VARIABLES = ("ATEN_CPU_CAPABILITY", "MKL_CBWR", "MKL_ENABLE_INSTRUCTIONS")


def module_path(module_name: str) -> Path:
    relative = module_name.split(".")[1:]
    package = PACKAGE_DIR.joinpath(*relative)
    return package / "__init__.py" if package.is_dir() else package.with_suffix(".py")


@functools.lru_cache(maxsize=None)
def read_module(source: str) -> tuple[str, tuple[str, ...]]:
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
    return sha256(ast.dump(tree).encode()), tuple(sorted(named))


# What read_module finds is also kept on disk between builds, in the figure cache, by the
# checksum of each module's text: a build after an edit parses only the edited modules. (Parsing
# every module took a fifth of a second: under `mkdocs serve`, a third of what a build of cached
# figures costs.) The entries hold only for the Python that parsed them and this file's code.
MEMO_VALID_FOR = sha256(f"{sys.version}\n{Path(__file__).read_text()}".encode())


def load_memo(path: Path | None) -> dict[str, list]:
    """{checksum of a module's text: [digest, names it imports]}, as a previous build left it;
    empty if there is no such file, or it is damaged, of another shape, or for other code."""
    try:
        memo = json.loads(path.read_text())
        entries = memo["modules"]
        sound = memo["valid_for"] == MEMO_VALID_FOR and all(
            isinstance(digest, str) and isinstance(named, list) and all(isinstance(n, str) for n in named)
            for digest, named in entries.values())
    except (AttributeError, OSError, TypeError, ValueError, KeyError):
        return {}
    return entries if sound else {}


def save_memo(path: Path | None, entries: dict[str, list]) -> None:
    if path is None:
        return
    with contextlib.suppress(OSError):  # only a head start for the next build
        write_atomic(path, json.dumps({"valid_for": MEMO_VALID_FOR, "modules": entries}).encode())


def source_closure(module_name: str, known: dict[str, list] | None = None,
                   used: dict[str, list] | None = None) -> dict[str, str]:
    """Digest of the syntax tree of a module and of every project module it reaches: taken from
    `known` (see load_memo) where it holds the module's text, and noted in `used`.

    Hashing the tree rather than the text means that editing a comment regenerates nothing.
    """
    known, used = known or {}, {} if used is None else used
    digests: dict[str, str] = {}
    pending = [module_name]
    while pending:
        name = pending.pop()
        if name in digests:
            continue
        source = module_path(name).read_text()
        checksum = sha256(source.encode())
        if checksum not in used:
            used[checksum] = known.get(checksum) or list(read_module(source))
        digests[name], named = used[checksum]
        # `from figures_src import x` names x, which is a module only if its file exists
        pending += [imported for imported in named if module_path(imported).exists()]
    return dict(sorted(digests.items()))


def library_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in KEYED_LIBRARIES}


def numeric_variables() -> dict[str, str]:
    return {name: os.environ[name] for name in NUMERIC_VARIABLES if name in os.environ}


def numeric_backend(device: str | None = None) -> dict:
    """What decides the last bits of a computation: the processor's architecture, the CPU kernels
    PyTorch runs on it (AVX512, AVX2, DEFAULT for scalar code, ...) and the variables that choose
    other kernels, and, for `device` "cuda", the GPU and CUDA release. Imports torch: figure keys
    are computed after the figure code is imported."""
    import torch

    backend = {"machine": platform.machine(), "cpu_capability": torch.backends.cpu.get_cpu_capability(),
               "variables": numeric_variables()}
    if device == "cuda":
        backend |= {"gpu": torch.cuda.get_device_name(), "cuda": torch.version.cuda}
    return backend


def cpu_signature() -> dict:
    """What decides which CPU kernels PyTorch picks, read without importing torch (a warm build
    never does): the architecture, the instruction sets the processor reports, and the variables
    that choose other kernels. Coarser than numeric_backend(): two processors with the same
    kernels but other instruction sets differ here, and their figures' keys still agree."""
    flags = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")):  # x86, ARM
                flags = " ".join(sorted(set(line.partition(":")[2].split())))
                break
    return {"machine": platform.machine(), "instruction_sets": sha256(flags.encode()),
            "variables": numeric_variables()}


def figure_keys(figures: list[FigureJob], device: str, memo_path: Path | None = None) -> list[str]:
    """The cache key of each figure; the figures of one module share its source closure, read once.
    With `memo_path`, what parsing the modules found is kept there for the next build."""
    versions = library_versions()
    backends = {kind: numeric_backend(kind) for kind in {"cpu", device}}
    known, used = load_memo(memo_path), {}
    closures: dict[str, dict[str, str]] = {}
    keys = []
    for figure in figures:
        module = figure.make.__module__
        if module not in closures:
            closures[module] = source_closure(module, known, used)
        ingredients = {
            "figure": figure.name,
            "function": figure.source,
            "params": figure.params,
            "sources": closures[module],
            "numerics": backends[device if figure.takes_device else "cpu"],
            "device": device if figure.takes_device else None,
            "versions": versions,
        }
        keys.append(sha256(json.dumps(ingredients, sort_keys=True).encode()))
    if used != known:  # new modules' entries in, entries of texts no longer read out
        save_memo(memo_path, used)
    return keys


def tree_key(device: str, names: Iterable[str] | None) -> str:
    """Changes whenever any output could change: all figure code and notebooks, versions,
    device, the processor's kernels (cpu_signature), selection.

    Coarser than figure_keys but computable without importing the figure code: it is what lets
    a warm build serve its outputs without loading torch.
    """
    sources = {
        str(path.relative_to(PACKAGE_DIR.parent)): sha256(path.read_bytes())
        for path in sorted([*PACKAGE_DIR.rglob("*.py"), *NOTEBOOKS_DIR.glob("*.py")])
    }
    ingredients = {"sources": sources, "versions": library_versions(), "device": device,
                   "cpu": cpu_signature(), "only": sorted(names or [])}
    return sha256(json.dumps(ingredients, sort_keys=True).encode())
