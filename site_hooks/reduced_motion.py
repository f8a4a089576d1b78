"""MkDocs hook: every animation has a still for readers whose system asks for reduced motion.

The figure code writes the still of `X.gif` as `X.png` (figures_src/render.py, `themed_gif`).
Each GIF image on a page becomes a `<picture>` that offers the still to
`prefers-reduced-motion: reduce`; a GIF without its still fails the build, naming both files.
"""

import posixpath
import re

from mkdocs.exceptions import PluginError

GIF_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="(?P<stem>[^"#]+)\.gif(?:#[^"]*)?"[^>]*>')


def on_page_content(html, page, config, files):
    published = {file.dest_uri for file in files}
    page_folder = posixpath.dirname(page.file.dest_uri)

    def offer_still(match: re.Match) -> str:
        still = match["stem"] + ".png"
        if posixpath.normpath(posixpath.join(page_folder, still)) not in published:
            raise PluginError(f"{page.file.src_uri}: the animation {match['stem']}.gif has no "
                              f"still {still} for readers who ask for reduced motion")
        source = f'<source srcset="{still}" media="(prefers-reduced-motion: reduce)">'
        return f"<picture>{source}{match[0]}</picture>"

    return GIF_IMAGE.sub(offer_still, html)
