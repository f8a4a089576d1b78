"""Audits a built site as its readers get it and prints a Markdown table for benchmarks/README.md.

    python benchmarks/page_audits.py [--site site]

The folder is served as GitHub Pages serves it (text compressed with gzip). For every page of the
nav: Lighthouse's performance, accessibility and best-practices scores (its mobile defaults; one
run, or as in the tests the median of five on a calibrated CPU slowdown where the first run's
performance is under 0.90),
and the bytes a first-time reader transfers with the page scrolled to the end, in the light and
the dark scheme (Chromium driven by Playwright). The thresholds the tests hold these to are in
tests/test_audits.py and tests/test_browser.py, whose helpers this script uses.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from served_site import served_site  # first: it puts tests/ on the path

from conftest import nav_urls
from test_audits import THRESHOLDS, audit
from test_browser import SCHEMES, visit


def main() -> None:
    rows = []
    with served_site(__doc__.splitlines()[0]) as (_, url, browser), tempfile.TemporaryDirectory() as scratch:
        for page in nav_urls():
            _, measured = audit(url + page, Path(scratch))
            weights = [visit(browser, url + page, scheme)["transferred"] for scheme in SCHEMES]
            rows.append((page, measured, weights))
    print("| page | " + " | ".join(THRESHOLDS) + " | " + " | ".join(f"MB, {s}" for s in SCHEMES) + " |")
    print("|---" * (1 + len(THRESHOLDS) + len(SCHEMES)) + "|")
    for page, measured, weights in rows:
        cells = [f"{measured[name]:.2f}" for name in THRESHOLDS] + [f"{w / 1e6:.2f}" for w in weights]
        print(f"| `{page}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
