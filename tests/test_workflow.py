"""The publishing workflow is a valid GitHub Actions workflow that does what the README says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def validate(path) -> subprocess.CompletedProcess:
    """Against the GitHub-workflow schema that check-jsonschema ships (no network needed)."""
    # installed beside this Python (the virtual environment), active or not
    command = shutil.which("check-jsonschema", path=Path(sys.executable).parent)
    return subprocess.run([command, "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True)


def test_workflow_matches_the_schema():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1))
    assert validate(broken).returncode != 0


def test_workflow_builds_tests_caches_and_deploys():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML reads the key `on` as true
    assert "cold" in triggers["workflow_dispatch"]["inputs"]
    steps = workflow["jobs"]["build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "scripts/setup.sh" in commands and "mkdocs build --strict" in commands and "pytest --slow" in commands
    test = next(step for step in steps if "pytest" in step.get("run", ""))
    assert test["env"]["FIGURES_TEST_CACHE"] == ".cache/figures"  # the tests reuse the figures just made
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".cache/figures/objects" and "figures_src" in cache["with"]["key"]
    # never restored from a runner whose processor gets other kernels
    backend = "${{ steps.numerics.outputs.backend }}"
    numerics = next(step for step in steps if step.get("id") == "numerics")
    assert "get_cpu_capability()" in numerics["run"]
    assert backend in cache["with"]["key"] and cache["with"]["restore-keys"] == f"figures-{backend}-"
    assert "inputs.cold" in cache["if"]
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


CPU_INDEX = "https://download.pytorch.org/whl/cpu"  # PyTorch's documented index of its CPU-only wheels


def test_workflow_installs_pytorchs_cpu_wheel_and_caches_pips_downloads():
    """On a Linux runner PyPI's torch is the CUDA build (5.6 GB with its NVIDIA libraries): the
    set-up step adds PyTorch's CPU index, whose 2.13.0+cpu satisfies constraints.txt's pin and
    which pip prefers (a local version sorts after its public one); and pip's downloads are
    cached, keyed on the files that pin them."""
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    setup = next(step for step in steps if "scripts/setup.sh" in step.get("run", ""))
    indexes = " ".join(setup.get("env", {}).get(name, "") for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"))
    assert CPU_INDEX in indexes.split()
    assert "torch==2.13.0\n" in (ROOT / "constraints.txt").read_text()  # a public pin: +cpu satisfies it
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"].get("cache") == "pip"
    assert {"constraints.txt", "pyproject.toml"} <= set(python["with"].get("cache-dependency-path", "").split())
    assert steps.index(python) < steps.index(setup)  # the cache is restored before pip runs
