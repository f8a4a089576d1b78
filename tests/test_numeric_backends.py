"""The same site on every machine: built again under another numeric backend, the site publishes
the same verdicts and the same page text, numbers included.

The second build runs PyTorch's scalar CPU kernels (ATEN_CPU_CAPABILITY=default) on one thread,
where the first ran the kernels this processor gets by default (AVX-512 or AVX2 on an x86 CI
machine). From the first random draw of a weight on, every network then trains from numbers that
differ in their last bits. (The scalar kernels leave matrix products to MKL, which picks its own
kernels; a whole build that also forces MKL's compatible code path, MKL_CBWR=COMPATIBLE, costs
40 s more, so the suite runs only the one chaotic experiment under it.) The second build shares
the first build's figure cache: the cache keys hold the kernels, so nothing made under one may be
served under the other, and every figure is made again. A GPU build, where a device is lent
(`--device cuda`), is compared the same way.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import torch
from conftest import build_site, figures_env, nav_pages, page_url, read_manifest

from figures_src.claims import rules

SCALAR_KERNELS = {"ATEN_CPU_CAPABILITY": "default", "OMP_NUM_THREADS": "1"}
# The scalar kernels with MKL's most conservative code path too: as far from this processor's
# default arithmetic as one machine can go.
FARTHEST_KERNELS = dict(SCALAR_KERNELS, MKL_CBWR="COMPATIBLE")
# Two paths "have not parted" while their losses agree to a millionth: the large step alone leaves
# them a few parts in 10⁸ apart, and a chaotic run goes from there to 10⁻³ within a few epochs.
NOT_PARTED = 1e-6


class PageText(HTMLParser):
    """The words a reader meets on a page: the article's text, with the alt text and labels of its
    images and videos (figures' alt texts quote numbers too). Scripts and styles are not text."""

    SKIPPED = {"script", "style", "template"}
    LABELS = ("alt", "aria-label", "title")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.inside_article = 0
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside_article += 1
        if tag in self.SKIPPED:
            self.skipping += 1
        if self.inside_article and not self.skipping:
            for name, value in attrs:
                if name in self.LABELS and value:
                    self.words += value.split()

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside_article -= 1
        if tag in self.SKIPPED:
            self.skipping -= 1

    def handle_data(self, data):
        if self.inside_article and not self.skipping:
            self.words += data.split()


def page_words(site: Path, page: str) -> list[str]:
    parser = PageText()
    parser.feed((site / page_url(page).lstrip("/") / "index.html").read_text())
    return parser.words


def differing_spans(first: list[str], second: list[str], context: int = 6) -> list[str]:
    """Each stretch of words where two versions of a page differ, with a few words around it."""
    spans = []
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    for tag, a, b, c, d in matcher.get_opcodes():
        if tag != "equal":
            before = " ".join(first[max(0, a - context):a])
            spans.append(f"…{before} [{' '.join(first[a:b])} → {' '.join(second[c:d])}] "
                         f"{' '.join(first[b:b + context])}…")
    return spans


def side_by_side(first_out: Path, second_out: Path) -> dict[str, dict]:
    """Two builds' verdicts claim by claim, with the first's margins and the moves (rules.compared)."""
    return rules.compared(*(json.loads((out / "claims" / "verdicts.json").read_text())
                            for out in (first_out, second_out)))


def verdict_differences(first_out: Path, second_out: Path) -> list[str]:
    """Each claim whose verdict differs between two builds' outputs, with both verdicts, the first
    build's margin and how far the second moved the evidence (per kind of distance)."""
    return [f"claim {id!r}: {row['verdicts'][0]} in the first build, {row['verdicts'][1]} in the second; "
            f"margin {row['margin']}, moved {row['spread']}"
            for id, row in side_by_side(first_out, second_out).items() if row["verdicts"][0] != row["verdicts"][1]]


def differences(first: dict, second: dict) -> list[str]:
    """What differs between two built sites (each {"out", "site"}): verdicts and page text, each
    difference named with both values (and, for a verdict, its margin and the move)."""
    found = verdict_differences(first["out"], second["out"])
    for page in nav_pages():
        spans = differing_spans(page_words(first["site"], page), page_words(second["site"], page))
        found += [f"{page}: {span}" for span in spans]
    return found


def report(first: dict, second: dict) -> str:
    """Every measured claim's margin and how far the second backend moved its evidence."""
    lines = []
    for id, row in side_by_side(first["out"], second["out"]).items():
        cells = [f"{rules.significant(margin) if math.isfinite(margin) else 'unbounded'} {unit or 'plain'} "
                 f"(moved {rules.significant(row['spread'].get(unit, 0.0))})"
                 for unit, margin in row["margin"].items()]
        if cells:
            lines.append(f"{id}: {row['verdicts'][0]}; margin {'; '.join(cells)}")
    return "\n".join(lines)


LARGE_STEP_RUN = """
import sys, torch
from figures_src.engine.runner import fixed_numerics
from figures_src.science.relu_experiments import large_step_run
fixed_numerics()  # as the build trains: one thread, float64
before, after, inactive = large_step_run("cpu")
torch.save({"losses": torch.cat([before.losses, after.losses]), "inactive": inactive}, sys.argv[1])
"""


def large_step_under(env: dict, path: Path) -> dict:
    subprocess.run([sys.executable, "-c", LARGE_STEP_RUN, str(path)], env=env, check=True)
    return torch.load(path)


def test_the_large_step_run_stops_before_its_networks_turn_chaotic(tmp_path):
    """The one experiment that turns chaotic (relu_experiments.LARGE_STEP_AFTER): under the
    farthest kernels every network follows the same path, epoch by epoch, and every count of dead
    units is the same — so the page's counts do not depend on the machine that builds it."""
    default = large_step_under(dict(os.environ), tmp_path / "default.pt")
    farthest = large_step_under(dict(os.environ, **FARTHEST_KERNELS), tmp_path / "farthest.pt")
    parted = ((farthest["losses"] - default["losses"]).abs() / default["losses"].abs()).amax(dim=0)
    assert parted.max() < NOT_PARTED, (
        f"members whose paths parted: {(parted >= NOT_PARTED).nonzero().flatten().tolist()}")
    differing = (farthest["inactive"] != default["inactive"]).flatten(2).any(-1).nonzero().tolist()
    assert not differing, f"(count, member) whose dead units differ: {differing}"


@pytest.fixture(scope="session")
def scalar_kernel_site(built_site, tmp_path_factory):
    """The site built again with PyTorch's scalar kernels on one thread, from the first build's
    cache (made under the default kernels)."""
    first = read_manifest(built_site["out"])["numerics"]
    if first["cpu_capability"] == "DEFAULT":
        pytest.skip("this processor already runs PyTorch's scalar kernels: there is no second CPU backend to compare")
    work = tmp_path_factory.mktemp("scalar-kernels")
    out, site = work / "out", work / "site"
    env = dict(figures_env(built_site["cache"], out), **SCALAR_KERNELS)
    result = build_site(env, site)
    if result.returncode != 0:  # a flipped verdict stops the build on the page that states it
        flipped = verdict_differences(built_site["out"], out) if (out / "claims" / "verdicts.json").exists() else []
        pytest.fail("the site built with the scalar kernels failed:\n" + "\n".join(flipped) + "\n"
                    + result.stderr[-3000:], pytrace=False)
    return {"out": out, "site": site}


@pytest.mark.slow
def test_the_scalar_kernels_make_every_figure_anew_under_their_own_keys(built_site, scalar_kernel_site):
    """Outputs of different kernels never mix: the shared cache served none of the first build's."""
    first, second = (read_manifest(built["out"]) for built in (built_site, scalar_kernel_site))
    assert second["numerics"]["cpu_capability"] == "DEFAULT" != first["numerics"]["cpu_capability"]
    keys = {entry["key"] for entry in first["files"] if entry["figure"]}
    made_here = [entry for entry in second["files"] if entry["figure"]]
    assert made_here and all(not entry["cached"] and entry["key"] not in keys for entry in made_here)


@pytest.mark.slow
def test_the_scalar_kernels_publish_the_same_verdicts_and_page_text(built_site, scalar_kernel_site):
    found = differences(built_site, scalar_kernel_site)
    print(report(built_site, scalar_kernel_site))
    assert not found, f"{len(found)} differences between the two backends:\n" + "\n".join(found)


@pytest.mark.slow
def test_a_gpu_build_publishes_the_same_verdicts_and_page_text(built_site, tmp_path):
    """Where a CUDA device is lent, the figures that train are made on it and compared."""
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here: the GPU build is compared only where one is lent")
    out, site = tmp_path / "out", tmp_path / "site"
    env = dict(figures_env(built_site["cache"], out), FIGURES_DEVICE="cuda")
    result = build_site(env, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_manifest(out)["numerics"].get("gpu")
    found = differences(built_site, {"out": out, "site": site})
    assert not found, f"{len(found)} differences between the CPU and the GPU:\n" + "\n".join(found)
