"""The real MkDocs build: strict from an empty cache, warm without torch, pages as generated."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from conftest import ROOT, figures_env, read_manifest

from figures_src.catalog import CATALOG

WARM_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True))
print(sorted(m for m in ("torch", "matplotlib", "numpy") if m in sys.modules))
"""


def nav_pages() -> list[str]:
    # mkdocs.yml uses !ENV, which safe_load does not know: read it with that tag ignored
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=loader)
    return [next(iter(item.values())) for item in config["nav"]]


def page_html(site, page: str) -> str:
    folder = "" if page == "index.md" else page.removesuffix(".md") + "/"
    return (site / folder / "index.html").read_text()


def test_strict_build_from_an_empty_cache_made_every_figure(built_site):
    assert "WARNING" not in built_site["log"]
    manifest = read_manifest(built_site["out"])
    assert all(not entry["cached"] for entry in manifest["files"])  # the cache really was empty
    assert (built_site["site"] / "figures" / "gallery" / "relu-light.png").is_file()


def test_nav_has_the_lecture_pages_in_order_and_each_was_built(built_site):
    pages = nav_pages()
    assert pages[:8] == ["index.md", "pytorch-api.md", "xor.md", "sigmoid-tanh.md", "relu-family.md",
                         "smooth-adversarial.md", "dance-moves.md", "reproduce.md"]
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


def test_math_and_fonts_are_served_by_the_site(built_site):
    site = built_site["site"]
    assert (site / "assets" / "katex" / "katex.min.js").is_file()
    css = (site / "assets" / "katex" / "katex.min.css").read_text()
    for font in re.findall(r"url\((fonts/[^)]+\.woff2)\)", css):
        assert (site / "assets" / "katex" / font).is_file()
    for html in site.rglob("*.html"):
        assert "fonts.googleapis" not in html.read_text()
