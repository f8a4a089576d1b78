"""MkDocs hook: math typeset by KaTeX while the site builds, served without any script.

pymdownx.arithmatex marks each formula (`<span class="arithmatex">\\(...\\)</span>`, or a `div`
with `\\[...\\]` for display math). Each finished page has its formulas replaced by KaTeX's HTML
and MathML, rendered by one Node process (katex_render.js) per build: `mkdocs serve` loads the
hooks afresh for every rebuild, so nothing may outlive a build. The site serves only KaTeX's
stylesheet and fonts (installed by `npm ci`). Math is typeset after the search plugin has read
the page, so search still sees the TeX source. A formula KaTeX cannot parse fails the build,
naming the page.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
RENDERER = Path(__file__).with_name("katex_render.js")
FORMULA = re.compile(r'<(span|div) class="arithmatex">\s*\\[(\[](.*?)\\[)\]]\s*</\1>', re.DOTALL)


class KatexRenderer:
    """A running `node katex_render.js`, asked one formula at a time."""

    def __init__(self):
        node = shutil.which("node")
        if node is None:
            raise PluginError("Node.js is missing: the build typesets math with KaTeX (see README)")
        self.process = subprocess.Popen([node, str(RENDERER)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def render(self, tex: str, display: bool) -> str:
        self.process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline() or '{"error": "KaTeX stopped"}')
        if "error" in answer:
            raise ValueError(answer["error"])
        return answer["html"]

    def close(self):
        self.process.stdin.close()
        self.process.wait()


renderer: KatexRenderer | None = None


def on_files(files, config):
    if not KATEX_DIST.is_dir():
        raise PluginError(f"KaTeX is missing from {KATEX_DIST}: run `npm ci` first")
    fonts = [f"fonts/{font.name}" for font in sorted((KATEX_DIST / "fonts").glob("*.woff2"))]
    for relative in ["katex.min.css", *fonts]:
        files.append(File.generated(config, f"assets/katex/{relative}",
                                    abs_src_path=str(KATEX_DIST / relative)))
    return files


def on_post_page(output, page, config):
    global renderer
    if "arithmatex" not in output:
        return output
    renderer = renderer or KatexRenderer()

    def typeset(match: re.Match) -> str:
        tag, tex = match[1], html.unescape(match[2])
        try:
            rendered = renderer.render(tex, display=tag == "div")
        except ValueError as error:
            raise PluginError(f"{page.file.src_uri}: cannot typeset {tex!r}: {error}") from None
        return f'<{tag} class="arithmatex">{rendered}</{tag}>'

    return FORMULA.sub(typeset, output)


def on_post_build(config):
    global renderer
    if renderer is not None:
        renderer.close()
        renderer = None


def on_build_error(error):
    on_post_build(None)
