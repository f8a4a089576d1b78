"""The command line: names, one-line errors with exit status 2, a failing figure's exit status 1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from conftest import figures_env, run_cli

from figures_src.science.catalog import CATALOG


def one_line_error(result) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_list_names_a_figure_per_catalogue_entry_and_the_overview(tmp_path):
    result = run_cli("list", cache=tmp_path)
    assert result.returncode == 0
    names = result.stdout.split()
    assert {f"activation-{a.slug}" for a in CATALOG} | {"activation-overview"} <= set(names)
    assert len(names) == len(set(names))


def test_unknown_figure_lists_the_valid_names(tmp_path):
    line = one_line_error(run_cli("build", "--only", "activation-nope", cache=tmp_path))
    assert "activation-nope" in line and "valid names" in line and "activation-relu" in line


@pytest.mark.parametrize("args", [
    ["build", "--jobs", "0"],
    ["build", "--jobs", "two"],
    ["build", "--device", "tpu"],
    ["draw"],
    [],
])
def test_bad_arguments_get_one_line_and_status_2(tmp_path, args):
    one_line_error(run_cli(*args, cache=tmp_path, fresh=True))


def test_out_must_be_a_folder(tmp_path):
    (tmp_path / "file").write_text("")
    line = one_line_error(run_cli("build", "--out", str(tmp_path / "file"), cache=tmp_path, fresh=True))
    assert "not a folder" in line


@pytest.mark.parametrize("where", ["out", "cache"])
@pytest.mark.parametrize("unwritable", ["under-a-file", "/proc/no-such-folder"])
def test_an_unwritable_folder_is_one_line_before_any_figure_is_made(tmp_path, where, unwritable):
    (tmp_path / "file").write_text("")
    folder = tmp_path / "file" / "sub" if unwritable == "under-a-file" else Path(unwritable) / "sub"
    cache, out = tmp_path / "cache", tmp_path / "out"
    result = run_cli("build", "--only", "activation-relu", cache=folder if where == "cache" else cache,
                     out=folder if where == "out" else out, fresh=True)
    line = one_line_error(result)
    assert "cannot write to" in line and str(folder) in line
    assert not list(cache.glob("objects/*")) and not (out / "manifest.json").exists()  # nothing made first


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_cuda_says_so(tmp_path):
    line = one_line_error(run_cli("build", "--device", "cuda", "--only", "activation-relu", cache=tmp_path))
    assert "CUDA" in line


BROKEN_FIGURE = """
from figures_src.figures import FigureJob


def exploding():
    raise ValueError("the axes are upside down")


FIGURES = [FigureJob("broken-figure", exploding)]
"""


def add_broken_figure(project: Path) -> None:
    (project / "figures_src" / "figures" / "broken.py").write_text(BROKEN_FIGURE)


def test_failing_figure_is_named_with_its_traceback_and_status_1(project_copy, tmp_path):
    add_broken_figure(project_copy)
    result = run_cli("build", "--only", "broken-figure", "activation-relu", cache=tmp_path / "cache",
                     out=tmp_path / "out", cwd=project_copy, pythonpath=project_copy)
    assert result.returncode == 1
    assert "'broken-figure' failed" in result.stderr
    assert "Traceback" in result.stderr and "the axes are upside down" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_first_failing_figure_stops_the_build(project_copy, tmp_path, jobs):
    """Figures not started when one fails are never started: the error comes at once."""
    add_broken_figure(project_copy)
    others = [f"activation-{activation.slug}" for activation in CATALOG[:6]]
    result = run_cli("build", "--jobs", jobs, "--only", "broken-figure", *others, cache=tmp_path / "cache",
                     out=tmp_path / "out", cwd=project_copy, pythonpath=project_copy)
    assert result.returncode == 1 and "'broken-figure' failed" in result.stderr
    made = [entry for entry in (tmp_path / "cache" / "objects").iterdir() if not entry.name.startswith(".")]
    # serially nothing after it; in parallel at most what the workers had taken already
    assert len(made) == 0 if jobs == "1" else len(made) < len(others)


def test_failing_figure_fails_the_site_build_and_names_itself(warm_project_copy):
    """With every other figure in the cache, only the broken one is made (and fails)."""
    add_broken_figure(warm_project_copy)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=warm_project_copy,
                            env=figures_env(warm_project_copy / ".cache" / "figures", pythonpath=warm_project_copy),
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "'broken-figure' failed" in result.stderr and "the axes are upside down" in result.stderr
    assert result.stderr.count("Traceback") == 1, result.stderr  # the figure's own, not MkDocs'
    assert result.stderr.strip().splitlines()[-1].startswith("ERROR"), result.stderr  # one short line ends it
    assert not (warm_project_copy / "site" / "index.html").exists()


def test_figures_cache_alone_moves_every_output(warm_project_copy, tmp_path):
    """FIGURES_CACHE without FIGURES_OUT: images, quoted numbers and included tables all come
    from $FIGURES_CACHE/out; a stale table in the default folder is not shipped."""
    moved = tmp_path / "moved"
    shutil.move(warm_project_copy / ".cache" / "figures" / "objects", moved / "objects")
    stale = warm_project_copy / ".cache" / "figures" / "out" / "smooth-adversarial" / "experiment-table.md"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("STALE TABLE\n")
    env = figures_env(moved, pythonpath=warm_project_copy)
    del env["FIGURES_OUT"]
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=warm_project_copy,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (warm_project_copy / "site" / "smooth-adversarial" / "index.html").read_text()
    assert "STALE TABLE" not in page and "Robust accuracy" in page
    assert (moved / "out" / "manifest.json").is_file()


def test_a_page_that_quotes_results_without_rendering_them_fails():
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from site_hooks import figure_outputs

    def page(meta: dict):
        return SimpleNamespace(meta=meta, file=SimpleNamespace(src_uri="notes.md", dest_uri="notes/index.html"),
                               title="Notes", canonical_url=None)

    config = SimpleNamespace(site_name="A site")

    quoting = 'Accuracy: {{ result("xor/results.models.relu.accuracy") | measured("%") }}'
    with pytest.raises(PluginError, match="notes.md.*render_macros"):
        figure_outputs.on_page_markdown(quoting, page({}), config)
    with pytest.raises(PluginError, match="notes.md"):
        figure_outputs.on_page_markdown('{% call claim("x", "confirmed") %}text{% endcall %}', page({}), config)
    assert figure_outputs.on_page_markdown(quoting, page({"render_macros": True}), config) == quoting
    assert figure_outputs.on_page_markdown("Plain $x^{2}$ text.", page({}), config) == "Plain $x^{2}$ text."
