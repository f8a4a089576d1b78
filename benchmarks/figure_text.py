"""How large the smallest text of every figure is drawn, on a desktop and on a phone.

    python benchmarks/figure_text.py [--site site]

Serves a built site, opens every page of the nav at 1280 and 390 CSS pixels wide (Chromium driven
by Playwright), and for every figure on it takes the width the page draws it at and the height of
its smallest text, which the figure code records in the file (figures_src/render.py,
SMALLEST_TEXT, in the file's pixels). Prints a Markdown table of the figures whose text is under
the floor (11 CSS pixels on the desktop, 9 on the phone) and a summary line; exits with status 1
if there is any. (The Reproduce page's thumbnails are previews that open full size: not counted.)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROME, CHROME_ARGS, nav_urls, serving  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from figures_src.render import SMALLEST_TEXT  # noqa: E402

IMAGE_FILES = re.compile(r"\.(png|gif)(#.*)?$")
FLOORS = {1280: 11, 390: 9}  # CSS pixels: the smallest figure text a reader may get, by screen width
DRAWN_IMAGES = """() => Array.from(document.querySelectorAll("article img"))
    .filter(img => img.getBoundingClientRect().width > 0 && !img.closest("table"))
    .map(img => ({path: new URL(img.src).pathname, width: img.getBoundingClientRect().width}))"""


def smallest_text(file: Path) -> tuple[float, int] | None:
    """The height of the smallest text in an image file, in its pixels, and the file's width;
    None for a picture without text."""
    with Image.open(file) as image:
        gif_comment = image.info.get("comment", b"").decode()  # "smallest-text-px=12.5"
        recorded = image.info.get(SMALLEST_TEXT) or gif_comment.removeprefix(f"{SMALLEST_TEXT}=")
        return (float(recorded), image.width) if recorded else None


def drawn_sizes(site: Path) -> dict[str, dict[int, float]]:
    """{figure file: {screen width: CSS pixels of its smallest text as drawn}}."""
    sizes = {}
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_ARGS)
        for screen_width in FLOORS:
            for page_url in nav_urls():
                context = browser.new_context(viewport={"width": screen_width, "height": 900})
                page = context.new_page()
                # the layout reserves each image's space from its width and height attributes:
                # the pictures themselves need not load
                page.route(IMAGE_FILES, lambda route: route.abort())
                page.goto(url + page_url, wait_until="domcontentloaded")
                for image in page.evaluate(DRAWN_IMAGES):
                    file = site / unquote(image["path"]).lstrip("/")
                    if text := smallest_text(file):
                        name = file.relative_to(site / "figures").as_posix()
                        sizes.setdefault(name, {})[screen_width] = text[0] * image["width"] / text[1]
                context.close()
        browser.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    site = parser.parse_args().site
    if not (site / "index.html").is_file():
        sys.exit(f"no built site in {site}: run `mkdocs build --strict` first")
    sizes = drawn_sizes(site)
    small = {name: drawn for name, drawn in sizes.items()
             if any(drawn[width] < floor for width, floor in FLOORS.items() if width in drawn)}
    print("| figure | smallest text, desktop (CSS px) | on a phone |")
    print("|---|---|---|")
    for name, drawn in sorted(small.items()):
        print(f"| {name} | " + " | ".join(f"{drawn[width]:.1f}" if width in drawn else "–" for width in FLOORS) + " |")
    print(f"\n{len(sizes) - len(small)} of {len(sizes)} figures meet the floors "
          f"({FLOORS[1280]} CSS px at 1280 px, {FLOORS[390]} at 390 px)")
    sys.exit(1 if small else 0)


if __name__ == "__main__":
    main()
