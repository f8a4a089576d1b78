"""The real MkDocs build: strict from an empty cache, warm without torch, pages as generated."""

from __future__ import annotations

import io
import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from conftest import ROOT, SEED_CACHE, figures_env, nav_pages, page_url, read_manifest

from figures_src.science.catalog import CATALOG

WARM_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True))
print(sorted(m for m in ("torch", "matplotlib", "numpy") if m in sys.modules))
"""


def page_html(site, page: str) -> str:
    return (site / page_url(page).lstrip("/") / "index.html").read_text()


def test_strict_build_from_an_empty_cache_made_every_figure(built_site):
    assert "WARNING" not in built_site["log"]
    manifest = read_manifest(built_site["out"])
    if SEED_CACHE:
        pytest.skip("FIGURES_TEST_CACHE: the site build started from a cache the workflow made")
    assert all(not entry["cached"] for entry in manifest["files"])  # the cache really was empty
    assert (built_site["site"] / "figures" / "gallery" / "relu-light.png").is_file()


def test_nav_has_the_lecture_pages_in_order_and_each_was_built(built_site):
    """The introduction first, then the lecture's topics in the order the claims catalogue keeps
    them (the lecture's own), and every page in the navigation built."""
    from figures_src.claims.ledger import TOPICS

    pages = nav_pages()
    assert pages[0] == "index.md"
    assert [page for page in pages if page.removesuffix(".md") in TOPICS] == [f"{topic}.md" for topic in TOPICS]
    assert set(pages) == {path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").glob("*.md")}
    for page in pages:
        assert "<h1" in page_html(built_site["site"], page)


def test_warm_build_serves_the_cache_without_importing_torch(built_site, tmp_path):
    result = subprocess.run([sys.executable, "-c", WARM_BUILD, str(tmp_path / "site")], cwd=ROOT,
                            env=figures_env(built_site["cache"]), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert "figures [" not in result.stderr  # no figure was made or even looked up
    assert (tmp_path / "site" / "figures" / "gallery" / "relu-dark.png").is_file()


def test_gallery_has_a_section_and_a_table_row_per_entry(built_site):
    html = page_html(built_site["site"], "gallery.md")
    for activation in CATALOG:
        assert f'id="{activation.slug}"' in html
        assert f"figures/gallery/{activation.slug}-light.png" in html
        assert f"figures/gallery/{activation.slug}-dark.png" in html
    rows = re.findall(r'<tr>\s*<td><a href="#', html)
    assert len(rows) == len(CATALOG)


def test_reproduce_page_lists_every_published_file(built_site):
    html = page_html(built_site["site"], "reproduce.md")
    for png in (built_site["out"]).rglob("*.png"):
        assert f"figures/{png.relative_to(built_site['out']).as_posix()}" in html


def test_every_page_names_the_licences_and_how_to_credit_the_site(built_site):
    """The footer of every page: CC BY 4.0 for the content, MIT for the code, a link to the page
    that explains them, and a credit line that names the site and the lecture (STAT 453, L09)."""
    for html in built_site["site"].rglob("*.html"):
        footer = html.read_text().partition('<div class="md-copyright">')[2].partition("</footer>")[0]
        where = html.relative_to(built_site["site"]).as_posix()
        assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in footer, where
        assert "code under MIT" in footer, where
        link = re.search(r'<a href="([^"]*)">reuse and credit</a>', footer)
        assert link and posixpath.normpath(posixpath.join(posixpath.dirname(f"/{where}"), link[1])) == "/reuse", where
        assert re.search(r"Credit: “Nonlinear activation functions”.*L09.*STAT 453", footer), where
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "Creative Commons Attribution 4.0 International Public License" in content
    assert "Section 3 – License Conditions." in content


def test_a_slide_picture_carries_its_text_and_writing_it_again_changes_nothing():
    from site_hooks.figure_outputs import with_text

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="png")
    text = {"Title": "Decision regions — ReLU", "Description": "Orange and blue regions", "Copyright": "CC BY 4.0"}
    once = with_text(buffer.getvalue(), text)
    assert with_text(once, text) == once
    changed = with_text(once, {"Title": "Another caption"})
    for data, expected in ((once, text), (changed, dict(text, Title="Another caption"))):
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # a damaged chunk (its CRC) would fail here
            assert image.text == expected and image.size == (4, 3)


def test_a_gif_carries_its_text_as_its_comment_and_writing_it_again_changes_nothing():
    from site_hooks.figure_outputs import with_comment

    frames = [Image.new("RGB", (4, 3), colour) for colour in ("white", "red")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="gif", save_all=True, append_images=frames[1:], loop=0, duration=100,
                   comment="an earlier comment")  # which Pillow writes after the loop's extension
    text = {"Title": "The routine — every move", "Description": "A curve\ndancing " * 30}  # over 255 bytes, two lines
    once = with_comment(buffer.getvalue(), text)
    assert with_comment(once, text) == once
    changed = with_comment(once, {"Title": "Another caption"})
    colour_table = 3 << ((buffer.getvalue()[10] & 7) + 1)
    for data, expected in ((once, text), (changed, {"Title": "Another caption"})):
        assert data[13 + colour_table:][:2 + 1 + 11] == b"\x21\xff\x0bNETSCAPE2.0"  # the loop, where readers look
        with Image.open(io.BytesIO(data)) as image:
            assert image.info["comment"].decode() == "\n".join(f"{k}: {' '.join(v.split())}" for k, v in expected.items())
            assert (image.n_frames, image.info["loop"], image.size) == (2, 0, (4, 3))
            image.seek(1)
            assert image.convert("RGB").getpixel((0, 0)) == (255, 0, 0)



def test_math_is_typeset_in_the_build_and_its_fonts_are_served_by_the_site(built_site):
    site = built_site["site"]
    gallery = page_html(site, "gallery.md")
    assert gallery.count('<span class="katex">') >= 2 * len(CATALOG)
    assert "\\(" not in gallery  # no TeX left for a script to typeset
    assert not list(site.rglob("katex*.js"))
    css = (site / "assets" / "katex" / "katex.min.css").read_text()
    for font in re.findall(r"url\((fonts/[^)]+\.woff2)\)", css):
        assert (site / "assets" / "katex" / font).is_file()
    for html in site.rglob("*.html"):
        assert "fonts.googleapis" not in html.read_text()


def build_copy(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          env=figures_env(project / ".cache" / "figures", pythonpath=project),
                          capture_output=True, text=True)


def add_to_page(project: Path, markdown: str) -> None:
    page = project / "docs" / "reproduce.md"
    page.write_text(page.read_text() + "\n\n" + markdown + "\n")


def test_a_formula_katex_cannot_parse_fails_the_build_naming_its_page(warm_project_copy):
    add_to_page(warm_project_copy, "A broken formula: $\\frac{1$.")
    result = build_copy(warm_project_copy)
    assert result.returncode != 0
    assert "reproduce.md: cannot typeset '\\\\frac{1'" in result.stderr


def test_an_animation_the_build_did_not_make_fails_the_build_naming_what_it_lacks(warm_project_copy):
    add_to_page(warm_project_copy, "![The data, moving](figures/xor/data.mp4)\n/// caption\nThe data\n///")
    result = build_copy(warm_project_copy)
    assert result.returncode != 0
    assert ("reproduce.md: the animation figures/xor/data.mp4 lacks xor/data-light.av1.mp4, "
            "xor/data-light.h264.mp4, xor/data-light.gif, which this build did not make") in result.stderr


HAND_WRITTEN_FIGURE_MARKUP = re.compile(r"<figure|<figcaption|#only-(?:light|dark)|-(?:light|dark)\.(?:png|gif|\w+\.mp4)")


def test_no_figure_markup_or_light_and_dark_pair_is_written_by_hand_in_the_pages():
    """Pages write a figure once, as figures/NAME.png and a caption block; site_hooks/
    figure_outputs.py makes the markup, the light and dark pair and their sizes."""
    by_hand = {str(page.relative_to(ROOT)): HAND_WRITTEN_FIGURE_MARKUP.findall(page.read_text())
               for page in (ROOT / "docs").rglob("*.md")}
    assert {page: found for page, found in by_hand.items() if found} == {}


def test_an_image_of_a_figure_the_build_did_not_make_fails_the_build_naming_its_page(warm_project_copy):
    add_to_page(warm_project_copy, "![A plot](figures/xor/no-such-plot.png)")
    result = build_copy(warm_project_copy)
    assert result.returncode != 0
    assert "reproduce.md: figures/xor/no-such-plot.png is not a figure this build made" in result.stderr


def test_an_edited_template_is_compiled_again_despite_the_template_cache(warm_project_copy):
    """site_hooks/template_cache.py keeps compiled templates between builds: an edit must show."""
    assert build_copy(warm_project_copy).returncode == 0  # fills .cache/templates
    assert list((warm_project_copy / ".cache" / "templates").iterdir())
    partial = warm_project_copy / "overrides" / "partials" / "javascripts" / "palette.html"
    partial.write_text(partial.read_text() + "<!-- edited after the first build -->\n")
    result = build_copy(warm_project_copy)
    assert result.returncode == 0, result.stderr
    assert "<!-- edited after the first build -->" in (warm_project_copy / "site" / "index.html").read_text()


def test_typeset_math_is_reused_only_from_a_sound_file_of_the_same_katex(warm_project_copy):
    """site_hooks/katex.py keeps typeset formulas in .cache/katex.json: a damaged file, or one
    written by another KaTeX release, is ignored and every formula typeset again."""
    assert build_copy(warm_project_copy).returncode == 0
    cache = warm_project_copy / ".cache" / "katex.json"
    formulas = json.loads(cache.read_text())["formulas"]
    assert formulas and all("katex" in typeset for typeset in formulas.values())
    for stored in ("{ half-written",  # every formula's HTML replaced, as if an older KaTeX had made it:
                   json.dumps({"made_by": "katex 0.0.1", "formulas": dict.fromkeys(formulas, "OLD KATEX")})):
        cache.write_text(stored)
        result = build_copy(warm_project_copy)
        assert result.returncode == 0, result.stderr
        assert "OLD KATEX" not in (warm_project_copy / "site" / "gallery" / "index.html").read_text()
        assert json.loads(cache.read_text())["formulas"] == formulas  # written afresh, whole
