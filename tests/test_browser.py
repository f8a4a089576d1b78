"""Every page in a real browser (Debian's chromium driven by Playwright), in both colour schemes."""

from __future__ import annotations

import io
import itertools
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import urlopen

import pytest
from conftest import ROOT, ciede2000, contrast_ratio, lab, nav_urls
from PIL import Image

from figures_src.claims.presentation import ADMONITION
from figures_src.drawing.render import SMALLEST_TEXT
from figures_src.science.catalog import CATALOG

IMAGES = """() => Array.from(document.querySelectorAll("article img"))
  .filter(img => !img.hidden)  // a still that has given way to its video (animations.js): VIDEOS
  .map(img => ({
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
FETCH_STATUSES = """async (sources) => Object.fromEntries(
    await Promise.all(sources.map(async src => [src, (await fetch(src)).status])))"""
TEXT_FLOORS = {1280: 11, 390: 9}  # CSS pixels: the smallest figure text a reader may get, by screen width
# An animation's video is drawn where its still was (docs/javascripts/animations.js), the same size,
# with the same text: the still, just before it, records that text.
DRAWN_IMAGES = """() => Array.from(document.querySelectorAll("article :is(img, video)"))
    .filter(shown => shown.getBoundingClientRect().width > 0 && !shown.closest("table"))
    .map(shown => ({path: new URL((shown.tagName === "VIDEO" ? shown.previousElementSibling : shown).src).pathname,
                    width: shown.getBoundingClientRect().width}))"""
VIDEOS = """() => Array.from(document.querySelectorAll("article video")).map(video => ({
    src: video.currentSrc,
    visible: video.offsetWidth > 0, scheme: video.className.replace("only-", ""), controls: video.controls,
    label: video.getAttribute("aria-label") || "", captioned: !!video.closest("figure")?.querySelector("figcaption"),
}))"""
# Each figure of this build on the page, with the downloads its caption offers (site_hooks/figure_outputs.py).
FIGURE_DOWNLOADS = """() => Array.from(document.querySelectorAll("article figure"))
    .filter(figure => figure.querySelector('img[src*="/figures/"]')).map(figure => {
        const image = figure.querySelector('img[src*="/figures/"]');
        const caption = figure.querySelector("figcaption");
        return {image: new URL(image.src).pathname, alt: image.getAttribute("alt"),
                animated: !!figure.querySelector("video, template.animation"),
                caption: caption && Array.from(caption.children).filter(part => !part.matches(".downloads"))
                    .map(part => part.textContent).join(" "),
                links: Array.from(figure.querySelectorAll("figcaption .downloads a")).map(link => ({
                    path: new URL(link.href).pathname, label: link.textContent,
                    download: link.getAttribute("download"), visible: link.offsetWidth > 0}))};
    })"""
IMAGE_FILES = re.compile(r"\.(png|mp4)(#.*)?$")
# Material's table of contents reads every heading's position as a page loads and whenever its
# height changes; a heading inside content the browser renders only near the screen (CSS
# content-visibility: auto) makes it lay out all of that content, which costs the gallery a third
# of a second of blocked main thread on Lighthouse's phone.
HEADINGS_IN_LAZY_CONTENT = """() => Array.from(document.querySelectorAll("article :is(h2, h3, h4)"))
    .filter(heading => { for (let el = heading.parentElement; el; el = el.parentElement)
        if (getComputedStyle(el).contentVisibility === "auto") return true; return false; })
    .map(heading => heading.id)"""


IMAGES_ON_SCREEN_LOADED = """() => Array.from(document.images).every(img => {
    const box = img.getBoundingClientRect();
    const onScreen = box.width > 0 && box.bottom > 0 && box.top < innerHeight;
    return !onScreen || (img.complete && img.currentSrc);
})"""


def scroll_through(page) -> None:
    """Scroll to the bottom a screen at a time, as a reader does, waiting at each stop for the
    images on screen (lazy, and inside content the browser renders only near the screen)."""
    y = 0
    while y < page.evaluate("document.body.scrollHeight"):  # grows as content is rendered
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_function(IMAGES_ON_SCREEN_LOADED)
        y += 700
    wait_for_quiet_network(page)


def wait_for_quiet_network(page, quiet_ms: int = 150) -> None:
    """Until no request is open and none has started for `quiet_ms`. (Playwright's "networkidle"
    waits a fixed 500 ms; over twenty page visits that was most of their waiting.)"""
    seen = -1
    while page.pending or seen != len(page.requests):
        seen = len(page.requests)
        page.wait_for_timeout(quiet_ms)


TRANSFERRED = """() => [...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource")].reduce((sum, entry) => sum + entry.transferSize, 0)"""
SHOWN_SOURCES = """() => Array.from(document.querySelectorAll("article img"))
    .filter(img => img.offsetWidth > 0).map(img => img.currentSrc.split("#")[0])"""
# Where the browser tests, run with --slow (as CI runs them), leave a screenshot of every page on
# a desktop and a phone in both schemes: what a reviewer looks at before saying a page is done.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS", ROOT / ".cache" / "screenshots"))
# Bytes a first visit may transfer, scrolled to the end, everything included: any page, and the
# pages of the animations (issue 15's budgets, with every animation drawn at twice the density).
PAGE_BUDGET = 2_000_000
PAGE_BUDGETS = {"/dance-moves/": 600_000, "/xor/": 500_000}
SCHEMES = ["light", "dark"]


def open_page(browser, url: str, width: int = 1280, refused: re.Pattern | None = None, **context_options):
    """A page in a fresh browser context (so nothing is cached) on a screen `width` CSS pixels
    wide, with errors collected; requests for URLs that `refused` matches fail."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **context_options)
    context.add_init_script("performance.setResourceTimingBufferSize(10000)")
    if refused:
        context.route(refused, lambda route: route.abort())
    page = context.new_page()
    page.requests, page.pending, page.errors = [], set(), []
    page.on("request", lambda request: (page.requests.append(request.url), page.pending.add(request)))
    for ended in ("requestfinished", "requestfailed"):
        page.on(ended, lambda request: page.pending.discard(request))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url, wait_until="load")
    scroll_through(page)  # which ends when the network is quiet
    return page


def visit(browser, url: str, scheme: str, width: int = 1280, screenshot: bool = False) -> dict:
    """Load a page as a first-time reader, scroll through it so that lazy images load, and report
    what the reader got; with `screenshot`, a picture of the whole page goes to SCREENSHOTS."""
    page = open_page(browser, url, width, color_scheme=scheme)
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = urlparse(url).path.strip("/") or "home"
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
    report = {"images": page.evaluate(IMAGES), "math": page.evaluate(MATH), "shown": page.evaluate(SHOWN_SOURCES),
              "headings_in_lazy_content": page.evaluate(HEADINGS_IN_LAZY_CONTENT),
              "drawn": page.evaluate(DRAWN_IMAGES), "videos": page.evaluate(VIDEOS),
              "downloads": page.evaluate(FIGURE_DOWNLOADS),
              "transferred": page.evaluate(TRANSFERRED), "requests": list(page.requests),
              "errors": page.errors}
    report["image_status"] = page.evaluate(FETCH_STATUSES, [image["src"] for image in report["images"]])
    page.context.close()
    return report


@pytest.fixture(scope="module")
def visits(browser, site_server, request) -> dict:
    """{(page, scheme): report} for every page in both colour schemes (screenshots with --slow)."""
    screenshots = request.config.getoption("--slow")
    return {(path, scheme): visit(browser, site_server + path, scheme, screenshot=screenshots)
            for path in nav_urls() for scheme in SCHEMES}


def test_every_page_loads_cleanly(visits):
    for (path, scheme), report in visits.items():
        where = f"{path} ({scheme})"
        assert report["errors"] == [], where
        outside = [url for url in report["requests"]
                   if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"]
        assert outside == [], where
        assert all(report["math"]), f"{where}: math left untypeset"


def test_no_heading_sits_inside_content_rendered_only_near_the_screen(visits):
    lazy = {path: report["headings_in_lazy_content"] for (path, _), report in visits.items()
            if report["headings_in_lazy_content"]}
    assert lazy == {}


def test_every_image_loads_with_alt_text_caption_and_size(visits):
    for (path, scheme), report in visits.items():
        where = f"{path} ({scheme})"
        for image in report["images"]:
            assert report["image_status"][image["src"]] == 200, f"{where}: {image['src']}"
            assert image["alt"].strip(), f"{where}: {image['src']} has no alt text"
            assert image["captioned"] or image["inTable"], f"{where}: {image['src']} has no caption"
            if image["scheme"]:
                assert image["visible"] == (image["scheme"] == scheme), f"{where}: {image['src']}"
            if image["visible"]:
                assert image["loaded"], f"{where}: {image['src']} did not load"
                # explicit width and height reserve the image's space: no layout shift
                assert image["naturalRatio"] == pytest.approx(image["attributeRatio"], rel=0.02), (
                    f"{where}: {image['src']} lacks width/height attributes matching the file")


def test_no_page_transfers_more_than_its_budget(visits):
    weights = {where: report["transferred"] for where, report in visits.items()}
    assert all(weights.values())  # the measurement works
    heavy = {where: weight for where, weight in weights.items() if weight > PAGE_BUDGETS.get(where[0], PAGE_BUDGET)}
    assert heavy == {}, f"pages over their budgets {PAGE_BUDGETS}, or else {PAGE_BUDGET} bytes"


DOWNLOAD_LABELS = {True: ["GIF", "MP4"], False: ["slide PNG"]}  # by whether the figure is animated


def offered_downloads(visits) -> dict[str, tuple[dict, dict]]:
    """{path of a download: (the figure that offers it, its link)} over every page and scheme."""
    return {link["path"]: (figure, link) for report in visits.values()
            for figure in report["downloads"] for link in figure["links"]}


def test_every_captioned_figure_offers_its_downloads_which_the_page_never_fetches(visits, built_site):
    """A figure offers its slide PNG, an animation its GIF and MP4, at the end of its caption, in
    either scheme; a picture without a caption, or without a slide version (the home page's
    thumbnails, which lead to the gallery's figures), offers none. Every GIF and slide picture the
    build made is offered, and no page loads one by itself."""
    figures = built_site["site"] / "figures"
    for (path, scheme), report in visits.items():
        requested = {urlparse(url).path for url in report["requests"]}
        for figure in report["downloads"]:
            where = f"{path} ({scheme}): {figure['image']}"
            slide = figures / unquote(figure["image"]).split("/figures/", 1)[1].replace("-light.png", "-slide.png")
            offers = figure["caption"] is not None and (figure["animated"] or slide.is_file())
            assert [link["label"] for link in figure["links"]] == (DOWNLOAD_LABELS[figure["animated"]]
                                                                   if offers else []), where
            assert all(link["visible"] for link in figure["links"]), where
            assert not requested & {link["path"] for link in figure["links"]}, where
    made = {f"/figures/{file.relative_to(figures).as_posix()}"
            for pattern in ("*-slide.png", "*.gif") for file in figures.rglob(pattern)}
    assert len(made) > len(CATALOG) and made <= set(offered_downloads(visits))


def test_every_download_is_the_file_its_link_promises(visits, built_site, site_server):
    """Each link's file opens, as what its label says: a GIF that loops forever, an H.264 video, or
    the figure's light picture at twice its size; the GIF and the picture carry the figure's alt
    text, caption and credit."""
    import imageio.v3 as iio

    for path, (figure, link) in offered_downloads(visits).items():
        data = urlopen(site_server + path).read()
        assert link["download"] == path.removeprefix("/figures/").replace("/", "-"), path
        if link["label"] == "GIF":
            with Image.open(io.BytesIO(data)) as image:
                assert (image.format, image.info["loop"]) == ("GIF", 0) and image.n_frames > 1, path
                lines = image.info["comment"].decode().splitlines()
                assert_describes(dict(line.split(": ", 1) for line in lines), figure, path)
        elif link["label"] == "MP4":
            assert iio.immeta(data, extension=".mp4", plugin="FFMPEG")["codec"] == "h264", path
        else:
            light = built_site["site"] / unquote(figure["image"]).lstrip("/")
            with Image.open(io.BytesIO(data)) as slide, Image.open(light) as shown:
                assert slide.size == tuple(round(side * 4 / 3) for side in shown.size), path  # 200 vs 150 dpi
                slide.load()
                assert_describes(slide.text, figure, path)


def assert_describes(text: dict[str, str], figure: dict, path: str) -> None:
    """A download's text: the figure's alt text and caption as the page shows them, and the credit."""
    assert text["Description"] == figure["alt"], path
    assert text["Title"] == " ".join(figure["caption"].split()), path
    assert "STAT 453" in text["Copyright"] and "CC BY 4.0" in text["Copyright"], path
    assert text["Comment"].startswith("Nonlinear activation functions: "), path


@pytest.mark.parametrize("path, label", [("/dance-moves/", "GIF"), ("/xor/", "slide PNG")])
def test_a_click_on_a_download_link_saves_the_file(browser, site_server, built_site, path, label):
    page = open_page(browser, site_server + path)
    link = page.locator("figcaption .downloads a", has_text=label).first
    with page.expect_download() as saving:
        link.click()
    saved = saving.value
    assert saved.suggested_filename == link.get_attribute("download")
    served = built_site["site"] / urlparse(saved.url).path.lstrip("/")
    assert Path(saved.path()).read_bytes() == served.read_bytes()
    page.context.close()


def test_gallery_math_is_typeset(visits):
    math = visits[("/gallery/", "light")]["math"]
    assert len(math) >= 2 * len(CATALOG) and all(math)  # a formula and its derivative per function


def animations_on_pages(site: Path) -> set[str]:
    """The first source (the one Chromium plays) of every animation that a built page offers in
    the light scheme, as a path under figures/."""
    first_source = re.compile(r'<video\b[^>]*\bclass="only-light"[^>]*><source\b[^>]*\bsrc="[^"]*?figures/([^"]+)"')
    return {path for html in site.rglob("*.html") for path in first_source.findall(html.read_text())}


# Scrolled into view, the video plays: its time moves on (each "timeupdate"), within 5 seconds.
PLAYS_WHEN_SHOWN = """video => new Promise(resolve => {
    const playing = () => !video.paused && video.currentTime > 0;
    video.addEventListener("timeupdate", () => { if (playing()) resolve(true); });
    setTimeout(() => resolve(playing()), 5000);
    video.scrollIntoView({block: "center"});
    if (playing()) resolve(true); })"""


def animated_pages(site: Path) -> list[str]:
    return [path for path in nav_urls() if "<video" in (site / path.lstrip("/") / "index.html").read_text()]


def test_every_animation_plays_for_readers_who_do_not_ask_for_reduced_motion(visits, built_site, browser,
                                                                             site_server):
    """In its own scheme only, labelled and captioned as the figures are, with the browser's controls
    (which pause it: WCAG 2.2.2); each plays once shown."""
    expected = animations_on_pages(built_site["site"])
    assert len(expected) >= len(CATALOG)  # a dance move per function at least: the pattern finds them
    for scheme in SCHEMES:
        videos = [video for (_, shown), report in visits.items() if shown == scheme for video in report["videos"]]
        assert all(video["label"].strip() and video["captioned"] and video["controls"] for video in videos)
        visible = [video for video in videos if video["visible"]]
        assert {video["scheme"] for video in visible} == {scheme}
        assert {video["src"].split("/figures/", 1)[1] for video in visible} == {
            path.replace("-light.", f"-{scheme}.") for path in expected}
    still = []
    for path in animated_pages(built_site["site"]):
        page = open_page(browser, site_server + path)
        for video in page.query_selector_all("article video.only-light"):
            if not video.evaluate(PLAYS_WHEN_SHOWN):
                still.append(video.evaluate("video => video.currentSrc"))
        page.context.close()
    assert still == []


def test_no_animation_plays_for_readers_who_ask_for_reduced_motion(browser, built_site, site_server):
    """Every page that offers an animation, loaded by a reader who asks for reduced motion: the
    stills are shown, no video is, and none is even fetched."""
    animated = animated_pages(built_site["site"])
    assert len(animated) >= 3  # the dance moves, XOR and the ReLU family at least
    shown, videos, fetched = [], [], []
    for path in animated:
        page = open_page(browser, site_server + path, reduced_motion="reduce")
        shown += page.evaluate(SHOWN_SOURCES)
        videos += page.evaluate(VIDEOS)
        fetched += [url for url in page.requests if ".mp4" in url]
        page.context.close()
    assert shown and videos == [] and fetched == []
    stills = {source.split("/figures/", 1)[1] for source in shown}
    assert {path.split(".", 1)[0] + ".png" for path in animations_on_pages(built_site["site"])} <= stills


def test_turning_reduced_motion_on_brings_the_stills_back(browser, site_server):
    page = open_page(browser, site_server + "/xor/")
    assert page.evaluate(VIDEOS)
    page.emulate_media(reduced_motion="reduce")
    page.wait_for_function("() => !document.querySelector('article video')")
    assert [image["src"].rsplit("/", 1)[1] for image in page.evaluate(IMAGES)
            if image["visible"] and "training" in image["src"]] == ["training-light.png#only-light"]
    page.context.close()


STILL_BACK_AND_LOADED = """name => !document.querySelector("article video.only-light")
    && Array.from(document.querySelectorAll("article img")).some(img => img.src.includes(name)
        && !img.hidden && img.offsetWidth > 0 && img.complete && img.naturalWidth > 0)"""


def test_an_animation_falls_back_to_h264_and_then_to_its_still(browser, site_server):
    """A browser that cannot play AV1 (here: whose AV1 requests fail) plays the H.264 video; one
    that can play neither sees the still, loaded."""
    without_av1 = open_page(browser, site_server + "/xor/", refused=re.compile(r"\.av1\.mp4$"))
    video = without_av1.query_selector("article video.only-light")
    assert video.evaluate(PLAYS_WHEN_SHOWN)
    assert video.evaluate("video => video.currentSrc").endswith("/figures/xor/training-light.h264.mp4")
    without_av1.context.close()
    without_video = open_page(browser, site_server + "/xor/", refused=re.compile(r"\.mp4$"))
    # the still comes back once every source has failed, and then loads: a failure here is a timeout
    without_video.wait_for_function(STILL_BACK_AND_LOADED, arg="training-light.png")
    videos, images = without_video.evaluate(VIDEOS), without_video.evaluate(IMAGES)
    without_video.context.close()
    assert [video for video in videos if video["visible"]] == []
    assert [(image["src"].rsplit("/", 1)[1], image["loaded"]) for image in images
            if image["visible"] and "training" in image["src"]] == [("training-light.png#only-light", True)]


@pytest.mark.parametrize("error, poster", [("NotAllowedError", "training-light.png"), ("AbortError", "")])
def test_a_video_the_browser_will_not_start_shows_its_still_as_poster(browser, site_server, error, poster):
    """Where the browser refuses to start a video on its own (some phones' power saving), its still
    is its poster; a start cut short by the script's own pause (scrolled past) fetches nothing."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.playsRefused = 0; HTMLMediaElement.prototype.play = () => "
                            f"(window.playsRefused++, Promise.reject(new DOMException('not started', '{error}')))")
    page = context.new_page()
    page.goto(site_server + "/xor/")
    video = page.wait_for_selector("article video.only-light", state="attached")
    video.scroll_into_view_if_needed()
    page.wait_for_function("() => window.playsRefused > 0")  # the page asked; its answer to the
    # refusal ran in the same turn of the event loop, before this next evaluation
    assert video.evaluate("video => video.poster.split('/').pop()") == poster
    context.close()


# Resolves when an IntersectionObserver made now sees the video near the screen (the margin of
# animations.js's). Observers are told in the order they were made, in one task: by then the
# page's own observer has had its word on the video, and would have restarted it.
SEEN_NEAR_THE_SCREEN = """() => new Promise(resolve => new IntersectionObserver((entries, observer) => {
    if (entries.some(entry => entry.isIntersecting)) { observer.disconnect(); resolve(); }
}, {rootMargin: "300px"}).observe(document.querySelector("video.only-light")))"""


def test_an_animation_rests_off_screen_and_a_reader_s_pause_holds(browser, site_server):
    """The XOR page's video plays near the screen, pauses when scrolled far away and plays again
    on return; paused by the reader (as its controls do), it stays paused when scrolled back."""
    page = open_page(browser, site_server + "/xor/")
    paused = "() => document.querySelector('video.only-light').paused"

    def scroll_to(video_shown: bool) -> None:
        page.evaluate("shown => shown ? document.querySelector('video.only-light').scrollIntoView()"
                      " : window.scrollTo(0, 0)", video_shown)
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))")

    scroll_to(True)
    page.wait_for_function(f"() => !({paused})()")  # plays: a failure here is a timeout
    scroll_to(False)
    page.wait_for_function(paused)
    scroll_to(True)
    page.wait_for_function(f"() => !({paused})()")
    page.evaluate("() => document.querySelector('video.only-light').pause()")
    scroll_to(False)
    scroll_to(True)
    page.evaluate(SEEN_NEAR_THE_SCREEN)  # after the page's own observer has seen it back
    assert page.evaluate(paused)
    page.context.close()


def smallest_text(file: Path) -> tuple[float, int] | None:
    """The height of the smallest text in an image file, in its pixels, as the figure code recorded
    it (figures_src/drawing/render.py), and the file's width; None for a picture without text."""
    with Image.open(file) as image:
        recorded = image.info.get(SMALLEST_TEXT)
        return (float(recorded), image.width) if recorded else None


def drawn_images(browser, url: str, screen_width: int) -> list[dict]:
    """The figures a page draws on a screen this wide: their paths and drawn widths."""
    context = browser.new_context(viewport={"width": screen_width, "height": 900})
    page = context.new_page()
    # the layout reserves each image's space from its width and height: the files need not load
    page.route(IMAGE_FILES, lambda route: route.abort())
    page.goto(url, wait_until="domcontentloaded")
    drawn = page.evaluate(DRAWN_IMAGES)
    context.close()
    return drawn


def drawn_text_sizes(drawn: list[dict], site: Path) -> dict[str, float]:
    """{figure file under figures/: CSS pixels of its smallest text as drawn}. (Tables hold the
    Reproduce page's thumbnails: previews that open full size, not counted.)"""
    sizes = {}
    for image in drawn:
        file = site / unquote(image["path"]).lstrip("/")
        if text := smallest_text(file):
            sizes[file.relative_to(site / "figures").as_posix()] = text[0] * image["width"] / text[1]
    return sizes


def assert_text_large_enough(drawn: list[dict], site: Path, floor: float) -> None:
    sizes = drawn_text_sizes(drawn, site)
    assert len(sizes) > 3 * len(CATALOG)  # the measurement finds the figures (every grid panel has text)
    assert {name: round(size, 1) for name, size in sizes.items() if size < floor} == {}


def test_text_in_every_figure_is_large_enough_to_read_on_a_desktop(visits, built_site):
    drawn = [image for (_, scheme), report in visits.items() if scheme == "light" for image in report["drawn"]]
    assert_text_large_enough(drawn, built_site["site"], TEXT_FLOORS[1280])


def test_text_in_every_figure_is_large_enough_to_read_on_a_phone(browser, site_server, built_site):
    drawn = [image for url in nav_urls() for image in drawn_images(browser, site_server + url, 390)]
    assert_text_large_enough(drawn, built_site["site"], TEXT_FLOORS[390])


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_on_a_phone_loads_its_figures(browser, site_server, built_site, scheme):
    """Every page on a 390-pixel phone, scrolled to the end: no errors, every figure of the scheme
    loaded, text in every figure at least the phone's floor (and a screenshot in SCREENSHOTS)."""
    for url in nav_urls():
        report = visit(browser, site_server + url, scheme, width=390, screenshot=True)
        assert report["errors"] == [], url
        shown = [image for image in report["images"] if image["visible"]]
        assert all(image["loaded"] for image in shown), url
        sizes = drawn_text_sizes(report["drawn"], built_site["site"])
        assert {name: size for name, size in sizes.items() if size < TEXT_FLOORS[390]} == {}, url


def test_palette_toggle_swaps_the_figures(browser, site_server):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_server + "/", wait_until="networkidle")
    dark_figure = page.locator('img[src*="index/relu-dark"]')
    assert not dark_figure.is_visible()
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    dark_figure.wait_for(state="visible")
    assert not page.locator('img[src*="index/relu-light"]').is_visible()
    context.close()


# Every verdict's box on the claims page, as drawn: the colour of its border and of its title's
# icon, the tint behind its title, its title's text, the icon's image; also a plain admonition's
# icon (Material's note, what a type without styles of its own gets). A verdict the build did not
# reach gets a copy of the page's first claim box with that verdict's type, drawn just as a real one.
VERDICT_BOXES = """(types) => {
    const drawn = box => { const title = box.querySelector(":scope > .admonition-title"),
                                 icon = getComputedStyle(title, "::before");
        return {border: getComputedStyle(box).borderLeftColor, background: getComputedStyle(box).backgroundColor,
                tint: getComputedStyle(title).backgroundColor, text: getComputedStyle(title).color,
                icon: icon.backgroundColor, image: icon.maskImage || icon.webkitMaskImage}; };
    const first = document.querySelector("article .admonition.claim"), plain = first.cloneNode(true);
    plain.className = "admonition"; plain.removeAttribute("id"); first.before(plain);
    const boxes = {plain: drawn(plain)};
    for (const type of types) {
        let box = document.querySelector(`article .admonition.claim.${type}`);
        if (!box) { box = first.cloneNode(true); box.className = `admonition ${type} claim`;
                    box.removeAttribute("id"); first.before(box); }
        boxes[type] = drawn(box);
    }
    return boxes;
}"""


# CIE ΔE 2000 between two verdicts' colours: clearly different. (Material's success and question
# greens, which drew a confirmed claim and an inconclusive one nearly alike, are 10 apart.)
MIN_VERDICT_DIFFERENCE = 20


def colour(css: str, under: str = "#ffffff") -> str:
    """A computed CSS colour, rgb() or rgba(), as #rrggbb: laid over the colour `under`."""
    numbers = [float(n) for n in re.fullmatch(r"rgba?\((.*)\)", css)[1].split(",")]
    alpha = numbers[3] if len(numbers) == 4 else 1.0
    below = [int(under[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(alpha * c + (1 - alpha) * b):02x}" for c, b in zip(numbers[:3], below))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_verdict_has_a_box_of_its_own_colour_and_icon(browser, site_server, scheme):
    """On the claims page, in each scheme: the five verdicts' boxes differ pairwise in colour
    (border and icon, CIE ΔE 2000 at least MIN_VERDICT_DIFFERENCE, and the tint behind the title) and in icon, an
    image inlined in the stylesheet (nothing fetched) and none of them Material's plain note; every
    colour stands out from the page by 3:1 (WCAG 1.4.11) and the title's text from its tint by 4.5:1."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_server + "/claims/", wait_until="load")
    boxes = page.evaluate(VERDICT_BOXES, list(ADMONITION.values()))
    context.close()
    plain = boxes.pop("plain")
    verdicts = {verdict: boxes[type] for verdict, type in ADMONITION.items()}
    page_colour = colour(plain["background"])
    colours = {verdict: colour(box["border"], page_colour) for verdict, box in verdicts.items()}
    tints = {verdict: colour(box["tint"], page_colour) for verdict, box in verdicts.items()}
    assert {verdict: colour(box["icon"], page_colour) for verdict, box in verdicts.items()} == colours
    pairs = list(itertools.combinations(verdicts, 2))
    differences = {(a, b): ciede2000(lab(colours[a]), lab(colours[b])) for a, b in pairs}
    alike = {f"{a} and {b}": (colours[a], colours[b], round(d, 1)) for (a, b), d in differences.items()
             if d < MIN_VERDICT_DIFFERENCE}
    assert alike == {}, f"verdicts drawn in nearly the same colour (CIE ΔE 2000 under {MIN_VERDICT_DIFFERENCE})"
    assert [(a, b) for a, b in pairs if tints[a] == tints[b]] == []
    icons = {verdict: box["image"] for verdict, box in verdicts.items()}
    assert all(icon.startswith('url("data:image/svg+xml') for icon in icons.values()), icons
    assert [f"{a} and {b}" for a, b in pairs if icons[a] == icons[b]] == [], "verdicts with the same icon"
    assert [verdict for verdict, icon in icons.items() if icon == plain["image"]] == []
    faint = {verdict: round(contrast_ratio(c, page_colour), 2) for verdict, c in colours.items()
             if contrast_ratio(c, page_colour) < 3}
    assert faint == {}
    unreadable = {verdict: round(contrast_ratio(colour(box["text"], tints[verdict]), tints[verdict]), 2)
                  for verdict, box in verdicts.items()
                  if contrast_ratio(colour(box["text"], tints[verdict]), tints[verdict]) < 4.5}
    assert unreadable == {}
