"""Every page in a real browser (Debian's chromium driven by Playwright), in both colour schemes."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium calls Google's servers on start, which this test would count.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

IMAGES = """() => Array.from(document.querySelectorAll("article img")).map(img => ({
    src: img.currentSrc || img.src,
    visible: img.offsetWidth > 0 && getComputedStyle(img).display !== "none",
    loaded: img.complete && img.naturalWidth > 0,
    naturalRatio: img.naturalWidth / img.naturalHeight,
    attributeRatio: img.getAttribute("width") / img.getAttribute("height"),
    alt: img.getAttribute("alt") || "",
    captioned: !!img.closest("figure")?.querySelector("figcaption"),
    inTable: !!img.closest("table"),
    scheme: img.src.includes("#only-dark") ? "dark" : img.src.includes("#only-light") ? "light" : null,
}))"""
MATH = """() => Array.from(document.querySelectorAll(".arithmatex")).map(el => !!el.querySelector(".katex"))"""
FETCH_STATUS = """async (src) => (await fetch(src)).status"""


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=built_site["site"])
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def site_pages(site) -> list[str]:
    pages = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    return ["/" if page == "." else f"/{page}/" for page in pages]


def scroll_through(page) -> None:
    """Scroll to the bottom step by step, so that lazy images load, and wait for them."""
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 900, 700):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every(img => img.loading !== 'lazy' "
                           "|| img.offsetWidth === 0 || (img.complete && img.currentSrc))")


def visit(browser, url: str, scheme: str) -> dict:
    """Load a page, scroll through it so lazy images load, and report what the reader got."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    scroll_through(page)
    report = {"images": page.evaluate(IMAGES), "math": page.evaluate(MATH),
              "requests": requests, "errors": errors}
    report["image_status"] = {image["src"]: page.evaluate(FETCH_STATUS, image["src"])
                              for image in report["images"]}
    context.close()
    return report


def test_site_has_every_page(built_site):
    assert len(site_pages(built_site["site"])) >= 9


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_cleanly(browser, server, built_site, scheme):
    pages = site_pages(built_site["site"])
    for path in pages:
        report = visit(browser, server + path, scheme)
        where = f"{path} ({scheme})"
        assert report["errors"] == [], where
        outside = [url for url in report["requests"]
                   if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"]
        assert outside == [], where
        assert all(report["math"]), f"{where}: math left untypeset"
        for image in report["images"]:
            assert report["image_status"][image["src"]] == 200, f"{where}: {image['src']}"
            assert image["alt"].strip(), f"{where}: {image['src']} has no alt text"
            assert image["captioned"] or image["inTable"], f"{where}: {image['src']} has no caption"
            if image["scheme"]:
                assert image["visible"] == (image["scheme"] == scheme), f"{where}: {image['src']}"
            if image["visible"]:
                assert image["loaded"], f"{where}: {image['src']} did not load"
                assert image["naturalRatio"] == pytest.approx(image["attributeRatio"], rel=0.02), (
                    f"{where}: {image['src']} width/height attributes do not match the file")


def test_gallery_math_is_typeset(browser, server):
    report = visit(browser, server + "/gallery/", "light")
    assert len(report["math"]) >= 2 * 17 and all(report["math"])


ANIMATION_SOURCES = """() => Array.from(document.querySelectorAll("picture img"))
    .filter(img => img.offsetWidth > 0).map(img => img.currentSrc.split("#")[0])"""


@pytest.mark.parametrize("motion, suffix", [("no-preference", ".gif"), ("reduce", ".png")])
def test_animations_respect_reduced_motion(browser, server, motion, suffix):
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(server + "/dance-moves/", wait_until="networkidle")
    scroll_through(page)
    sources = page.evaluate(ANIMATION_SOURCES)
    assert len(sources) >= 18
    assert all(source.endswith(suffix) for source in sources), sources
    context.close()


def test_palette_toggle_swaps_the_figures(browser, server):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(server + "/", wait_until="networkidle")
    dark_figure = page.locator('img[src*="overview-dark"]')
    assert not dark_figure.is_visible()
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    dark_figure.wait_for(state="visible")
    assert not page.locator('img[src*="overview-light"]').is_visible()
    context.close()
