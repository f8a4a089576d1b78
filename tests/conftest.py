"""Shared fixtures: a site built from an empty cache, and throwaway copies of the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Material and ProperDocs print banners about MkDocs 2 unless told not to.
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def figures_env(cache: Path, out: Path | None = None, pythonpath: Path | None = None) -> dict:
    env = dict(os.environ, **QUIET_MKDOCS, FIGURES_CACHE=str(cache),
               FIGURES_OUT=str(out or cache / "out"))
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def run_cli(*args: str, cache: Path, out: Path | None = None, cwd: Path = ROOT,
            pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "figures_src", *args], cwd=cwd,
                          env=figures_env(cache, out, pythonpath), capture_output=True, text=True)


def read_manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def made(manifest: dict) -> set[str]:
    """Names of the figures a run made rather than took from the cache."""
    return {e["figure"] for e in manifest["files"] if e["figure"] and not e["cached"]}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> dict:
    """`mkdocs build --strict` from an empty figure cache, as CI and a fresh clone do."""
    work = tmp_path_factory.mktemp("site-build")
    cache, site = work / "cache", work / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env=figures_env(cache), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {"cache": cache, "out": cache / "out", "site": site, "log": result.stderr}


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project (docs, figure code, MkDocs set-up) that a test may edit.

    Run commands in it with it on PYTHONPATH, so that its figures_src is the one imported.
    """
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "figures_src", "site_hooks"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project
