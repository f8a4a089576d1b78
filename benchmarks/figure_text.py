"""How large the smallest text of every figure is drawn, on a desktop and on a phone.

    python benchmarks/figure_text.py [--site site]

Serves a built site and opens every page of the nav at 1280 and 390 CSS pixels wide (Chromium
driven by Playwright). For every figure it multiplies the height of its smallest text, which the
figure code records in the file (figures_src/drawing/render.py, SMALLEST_TEXT), by the width the page
draws the figure at over the file's width: the size a reader gets. Prints a Markdown table of the
smallest sizes per page and screen; tests/test_browser.py, whose helpers this script uses, holds
every figure to the floors (11 CSS pixels on the desktop, 9 on the phone).
"""

from __future__ import annotations

from served_site import served_site  # first: it puts tests/ on the path

from conftest import nav_urls
from test_browser import TEXT_FLOORS, drawn_images, drawn_text_sizes


def main() -> None:
    rows = []
    with served_site(__doc__.splitlines()[0]) as (site, url, browser):
        for page in nav_urls():
            sizes = {width: drawn_text_sizes(drawn_images(browser, url + page, width), site) for width in TEXT_FLOORS}
            if sizes[1280]:
                smallest = {width: min(sizes[width].items(), key=lambda item: item[1]) for width in TEXT_FLOORS}
                rows.append(f"| `{page}` | {len(sizes[1280])} | "
                            + " | ".join(f"{size:.1f} ({name})" for name, size in smallest.values()) + " |")
    print("| page | figures with text | smallest, 1280 px (CSS px) | smallest, 390 px |")
    print("|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
