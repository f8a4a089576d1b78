"""MkDocs hook: math typeset by KaTeX while the site builds, served without any script.

pymdownx.arithmatex marks each formula (`<span class="arithmatex">\\(...\\)</span>`, or a `div`
with `\\[...\\]` for display math). Each finished page has its formulas replaced by KaTeX's HTML
and MathML, rendered by one Node process (katex_render.js) per build: `mkdocs serve` loads the
hooks afresh for every rebuild, so nothing may outlive a build. Typeset formulas are kept in
.cache/katex.json, for the KaTeX release and renderer that made them, so that a build whose
formulas are all known (most rebuilds) starts no Node process at all; the file is replaced whole,
never written in place. The site serves only KaTeX's stylesheet and fonts (installed by
`npm ci`). Math is typeset after the search plugin has read
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

from figures_src.engine.cache import sha256, write_atomic

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
# {"inline\n<tex>" or "display\n<tex>": html}: typeset by earlier builds, and used by this one
known: dict[str, str] = {}
used: dict[str, str] = {}


def typeset_cache(config) -> Path:
    return Path(config.config_file_path).parent / ".cache" / "katex.json"


def made_by() -> str:
    """What typesetting depends on: the KaTeX release and this renderer's code."""
    release = json.loads((KATEX_DIST.parent / "package.json").read_text())["version"]
    return f"katex {release}, renderer {sha256(RENDERER.read_bytes())}"


def load_known(path: Path) -> dict[str, str]:
    """Formulas typeset by an earlier build with the same KaTeX and renderer; {} if the file is
    missing, damaged or from another version."""
    try:
        stored = json.loads(path.read_text())
        if stored["made_by"] == made_by() and isinstance(stored["formulas"], dict):
            return stored["formulas"]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return {}


def save_known(path: Path, formulas: dict[str, str]) -> None:
    try:
        write_atomic(path, json.dumps({"made_by": made_by(), "formulas": formulas}).encode())
    except OSError:
        pass  # a read-only checkout typesets every build, as before


def on_files(files, config):
    global known
    if not KATEX_DIST.is_dir():
        raise PluginError(f"KaTeX is missing from {KATEX_DIST}: run `npm ci` first")
    known = load_known(typeset_cache(config))
    used.clear()
    fonts = [f"fonts/{font.name}" for font in sorted((KATEX_DIST / "fonts").glob("*.woff2"))]
    for relative in ["katex.min.css", *fonts]:
        files.append(File.generated(config, f"assets/katex/{relative}",
                                    abs_src_path=str(KATEX_DIST / relative)))
    return files


def on_post_page(output, page, config):
    if "arithmatex" not in output:
        return output

    def typeset(match: re.Match) -> str:
        global renderer
        tag, tex = match[1], html.unescape(match[2])
        key = f"{'display' if tag == 'div' else 'inline'}\n{tex}"
        if key in known:
            used[key] = known[key]
        elif key not in used:
            renderer = renderer or KatexRenderer()
            try:
                used[key] = renderer.render(tex, display=tag == "div")
            except ValueError as error:
                raise PluginError(f"{page.file.src_uri}: cannot typeset {tex!r}: {error}") from None
        return f'<{tag} class="arithmatex">{used[key]}</{tag}>'

    return FORMULA.sub(typeset, output)


def close_renderer() -> None:
    global renderer
    if renderer is not None:
        renderer.close()
        renderer = None


def on_post_build(config):
    close_renderer()
    if used != known:  # new formulas, or some no page uses any more: keep exactly this build's
        save_known(typeset_cache(config), used)


def on_build_error(error):
    close_renderer()
