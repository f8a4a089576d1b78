"""Shared fixtures: a site built from an empty cache, and throwaway copies of the package."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
import yaml

from figures_src.engine.starter import Starter

ROOT = Path(__file__).resolve().parent.parent
# Material and ProperDocs print banners about MkDocs 2 unless told not to.
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# Debian's chromium; CHROME_PATH (Lighthouse's variable) names another Chromium-based browser.
CHROME = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium calls Google's servers on start, which the tests would count.
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true",
                     help="also run the checks marked slow (Lighthouse, axe, the plain-loop re-runs); CI does")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a check that takes minutes; run with --slow (CI runs them all)")
    # What the tests compute themselves, they compute as the build does: float64, one thread.
    from figures_src.engine.runner import fixed_numerics

    fixed_numerics()


def pytest_collection_modifyitems(config, items):
    """Without --slow, the slow checks are left out of the run (and the report says how many)."""
    if config.getoption("--slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


def pytest_report_header(config):
    if not config.getoption("--slow"):
        return "slow checks (Lighthouse, axe, plain-loop re-runs) left out: `pytest --slow` runs them too, as CI does"


def nav_pages() -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in order."""
    # mkdocs.yml uses !ENV, which safe_load does not know: read it with that tag ignored
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=loader)
    return [next(iter(item.values())) for item in config["nav"]]


def page_url(page: str) -> str:
    """The URL path of a page of the nav: "index.md" -> "/", "xor.md" -> "/xor/"."""
    return "/" if page == "index.md" else f"/{page.removesuffix('.md')}/"


def nav_urls() -> list[str]:
    return [page_url(page) for page in nav_pages()]


def figures_env(cache: Path, out: Path | None = None, pythonpath: Path | None = None) -> dict:
    env = dict(os.environ, **QUIET_MKDOCS, FIGURES_CACHE=str(cache),
               FIGURES_OUT=str(out or cache / "out"))
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


# The tests' own warm starter: torch imported once for the session, a forked child per command
# that reads the figure code afresh from disk, as under `mkdocs serve` (figures_src/engine/starter.py).
STARTER = Starter(ROOT / ".cache" / "figures")


def run_cli(*args: str, cache: Path, out: Path | None = None, cwd: Path = ROOT,
            pythonpath: Path | None = None, fresh: bool = False) -> subprocess.CompletedProcess:
    """`python -m figures_src <args>` with its output captured: in a new interpreter if `fresh`,
    else through the warm starter, which spares the two or three seconds of importing torch."""
    env = figures_env(cache, out, pythonpath)
    if fresh:
        return subprocess.run([sys.executable, "-m", "figures_src", *args], cwd=cwd, env=env,
                              capture_output=True, text=True)
    with tempfile.TemporaryDirectory() as folder:
        stdout, stderr = Path(folder, "stdout"), Path(folder, "stderr")
        status = STARTER.run(list(args), env, cwd, stdout, stderr)
        return subprocess.CompletedProcess(args, status, stdout.read_text(), stderr.read_text())


def video_frames(path: Path) -> tuple[list, float]:
    """A video's frames as decoded (RGB arrays, held frames repeated) and its frame rate."""
    import imageio.v3 as iio

    return list(iio.imread(path, plugin="FFMPEG", index=None)), iio.immeta(path, plugin="FFMPEG")["fps"]


def read_manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def made(manifest: dict) -> set[str]:
    """Names of the figures a run made rather than took from the cache."""
    return {e["figure"] for e in manifest["files"] if e["figure"] and not e["cached"]}


# A figure cache (a folder holding objects/) that the tests' site build starts from, copied, instead
# of an empty one: the GitHub workflow names the cache its own build step restored and completed.
SEED_CACHE = os.environ.get("FIGURES_TEST_CACHE")


def build_site(env: dict, site: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the checkout into `site`, in the environment given."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> dict:
    """`mkdocs build --strict` from an empty figure cache, as CI and a fresh clone do (or, with
    FIGURES_TEST_CACHE set, from a copy of that cache)."""
    work = tmp_path_factory.mktemp("site-build")
    cache, site = work / "cache", work / "site"
    if SEED_CACHE:
        shutil.copytree(Path(SEED_CACHE) / "objects", cache / "objects")
    result = build_site(figures_env(cache), site)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"cache": cache, "out": cache / "out", "site": site, "log": result.stderr}


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as GitHub Pages does, text compressed with gzip, so that transfer sizes
    and load times measured against it are the readers'."""

    COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix not in self.COMPRESSED or not path.is_file() \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """The folder served like GitHub Pages at http://127.0.0.1:<port> (the URL yielded)."""
    handler = functools.partial(PagesLikeHandler, directory=folder)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def site_server(built_site):
    with serving(built_site["site"]) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project (docs, figure code, MkDocs set-up) that a test may edit.

    Run commands in it with it on PYTHONPATH, so that its figures_src is the one imported.
    """
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "figures_src", "notebooks", "site_hooks", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


@pytest.fixture
def warm_project_copy(built_site, project_copy) -> Path:
    """A project copy whose figure cache (.cache/figures) holds every figure already, whose
    output folder holds the site build's outputs, and whose typeset formulas and compiled
    templates are those of the site build (which, run in the checkout, left them in its .cache):
    until its code is edited, the copy's MkDocs build only verifies them, as a contributor's warm
    build does."""
    figures = project_copy / ".cache" / "figures"
    shutil.copytree(built_site["cache"] / "objects", figures / "objects")
    shutil.copytree(built_site["out"], figures / "out")
    shutil.copy2(ROOT / ".cache" / "katex.json", project_copy / ".cache" / "katex.json")
    shutil.copytree(ROOT / ".cache" / "templates", project_copy / ".cache" / "templates")
    return project_copy


# ---- colour, from its definitions (WCAG 2's relative luminance, CIE L*a*b*, CIE ΔE 2000), not with
# the helpers style.py uses to choose the colours: for test_colours and the browser tests


def linear_rgb(colour: str) -> list[float]:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def contrast_ratio(first: str, second: str) -> float:
    def luminance(colour):
        r, g, b = linear_rgb(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    darker, lighter = sorted(map(luminance, (first, second)))
    return (lighter + 0.05) / (darker + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    r, g, b = linear_rgb(colour)
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29
         for t in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """CIE ΔE 2000 of two L*a*b* colours (Sharma, Wu and Dalal, 2005): closer than CIE76 to what
    a reader sees; saturated greens, which CIE76 puts far apart, come out close, as they look."""
    (L1, a1, b1), (L2, a2, b2) = first, second
    C7 = ((math.hypot(a1, b1) + math.hypot(a2, b2)) / 2) ** 7
    a1, a2 = (a * (1.5 - 0.5 * math.sqrt(C7 / (C7 + 25**7))) for a in (a1, a2))
    C1, C2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = (math.degrees(math.atan2(b, a)) % 360 if C else 0.0 for a, b, C in ((a1, b1, C1), (a2, b2, C2)))
    dh = 0.0 if C1 * C2 == 0 else (h2 - h1 + 180) % 360 - 180
    dL, dC, dH = L2 - L1, C2 - C1, 2 * math.sqrt(C1 * C2) * math.sin(math.radians(dh / 2))
    L, C = (L1 + L2) / 2, (C1 + C2) / 2
    h = h1 + h2 if C1 * C2 == 0 else ((h1 + h2) / 2 + (180 if abs(h1 - h2) > 180 else 0)) % 360
    T = (1 - 0.17 * math.cos(math.radians(h - 30)) + 0.24 * math.cos(math.radians(2 * h))
         + 0.32 * math.cos(math.radians(3 * h + 6)) - 0.20 * math.cos(math.radians(4 * h - 63)))
    SL, SC, SH = 1 + 0.015 * (L - 50) ** 2 / math.sqrt(20 + (L - 50) ** 2), 1 + 0.045 * C, 1 + 0.015 * C * T
    RT = -2 * math.sqrt(C**7 / (C**7 + 25**7)) * math.sin(math.radians(60 * math.exp(-(((h - 275) / 25) ** 2))))
    return math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH))
