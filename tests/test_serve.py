"""`mkdocs serve`: a figure module edited while serving is redrawn with the edited code, and a
prose edit regenerates nothing. Runs on a copy of the project so the checkout is never touched."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import figures_env

from figures_src.science.catalog import CATALOG

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def wait_for(condition, seconds: float, what: str, poll: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def served_copy(warm_project_copy):
    project = warm_project_copy
    cache = project / ".cache" / "figures"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=figures_env(cache, pythonpath=project),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(url + "/gallery/"), 120, "mkdocs serve to start")
        yield project, cache / "out", url
    finally:
        server.terminate()
        server.wait(timeout=30)


def digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data else None


def test_serve_redraws_edited_figures_and_leaves_prose_edits_alone(served_copy):
    project, out, url = served_copy
    gallery = fetch(url + "/gallery/").decode()
    assert gallery.count('<h2 id="') >= len(CATALOG) + 1  # every catalogue entry and the property table
    relu = digest(fetch(url + "/figures/gallery/relu-light.png"))
    overview = digest(fetch(url + "/figures/index/relu-light.png"))

    # Two edits in a row: the second redraw must use the second edit, not a module kept from the
    # first (the warm starter forks a fresh child that reads figures_src from disk every time).
    module = project / "figures_src" / "figures" / "gallery.py"
    seen = {relu}
    for width in ("5.0", "1.0"):
        module.write_text(re.sub(r'linewidth=[0-9.]+, label="f\(x\)"', f'linewidth={width}, label="f(x)"',
                                 module.read_text()))
        redrawn = wait_for(lambda: (d := digest(fetch(url + "/figures/gallery/relu-light.png"))) not in seen and d,
                           180, f"the figure module edited to linewidth {width} to be redrawn")
        seen.add(redrawn)
    assert digest(fetch(url + "/figures/index/relu-light.png")) == overview
    assert not any(path.suffix == ".pyc" for path in (project / "figures_src").rglob("*"))

    manifest_written = (out / "manifest.json").stat().st_mtime_ns
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nA sentence added while serving.\n")
    wait_for(lambda: b"A sentence added while serving." in (fetch(url + "/") or b""), 60,
             "the prose edit to be served")
    assert (out / "manifest.json").stat().st_mtime_ns == manifest_written  # nothing regenerated
