"""What the benchmarks that look at a built site share: the site's folder from the command line
(--site, default site/), served as GitHub Pages serves it, and a Chromium to open it with (the
tests' own helpers, from tests/)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROME, CHROME_ARGS, serving  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


@contextlib.contextmanager
def served_site(description: str) -> Iterator[tuple[Path, str, object]]:
    """(site folder, its URL, a launched browser); stops with one line if no site is built."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    site = parser.parse_args().site
    if not (site / "index.html").is_file():
        sys.exit(f"no built site in {site}: run `mkdocs build --strict` first")
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_ARGS)
        try:
            yield site, url, browser
        finally:
            browser.close()
