"""MkDocs hook: serve KaTeX (installed by `npm ci`) from the site itself, no CDN.

Only the files a page needs are added: the script, its auto-render helper, the stylesheet and
the WOFF2 fonts it references.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

KATEX_DIST = Path(__file__).resolve().parent.parent / "node_modules" / "katex" / "dist"
ASSETS = ["katex.min.js", "katex.min.css", "contrib/auto-render.min.js"]


def on_files(files, config):
    if not KATEX_DIST.is_dir():
        raise PluginError(f"KaTeX is missing from {KATEX_DIST}: run `npm ci` first")
    fonts = [f"fonts/{font.name}" for font in sorted((KATEX_DIST / "fonts").glob("*.woff2"))]
    for relative in ASSETS + fonts:
        files.append(File.generated(config, f"assets/katex/{relative}",
                                    abs_src_path=str(KATEX_DIST / relative)))
    return files
