"""MkDocs hook: pages include the figure outputs of this very build, or the build stops.

- Included Markdown (`--8<-- "xor/results-table.md"`) is read from the folder the figure step
  writes to, pipeline.OUT_DIR (FIGURES_OUT, else $FIGURES_CACHE/out, else .cache/figures/out):
  decided in one place, so images, quoted numbers and included tables always come from one run.
- A page that calls result() or claim() without `render_macros: true` in its front matter would
  ship the call as text: the build fails, naming the page.
"""

import re

from mkdocs.exceptions import PluginError

from figures_src import pipeline

MACRO_CALL = re.compile(r"\{\{[^}]*\b(?:result|claim)\(|\{%-?\s*call\s+claim\(")


def on_config(config):
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(pipeline.OUT_DIR), *snippets.get("base_path", [])]
    return config


def on_page_markdown(markdown, page, **kwargs):
    if not page.meta.get("render_macros") and MACRO_CALL.search(markdown):
        raise PluginError(f"{page.file.src_uri} calls result() or claim() but does not set "
                          f"'render_macros: true' in its front matter: the call would be shown as text")
    return markdown
