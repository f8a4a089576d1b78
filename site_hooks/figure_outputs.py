"""MkDocs hook: pages include the figure outputs of this very build, or the build stops.

- Included Markdown (`--8<-- "xor/results-table.md"`) is read from the folder the figure step
  writes to, pipeline.OUT_DIR (FIGURES_OUT, else $FIGURES_CACHE/out, else .cache/figures/out):
  decided in one place, so images, quoted numbers and included tables always come from one run.
- A page that calls result() or claim() without `render_macros: true` in its front matter would
  ship the call as text: the build fails, naming the page.
- A figure is written once, as Markdown, with its caption in a caption block:

      ![What the figure shows](figures/xor/data.png)
      /// caption
      The XOR data.
      ///

  and becomes the pair the page shows, figures/xor/data-light.png for the default scheme and
  figures/xor/data-dark.png for slate, each with the width and height at which its file is shown
  (from the manifest), so that the page reserves its space before it loads. An image of
  figures/... that this build did not make fails the build, naming the page.
- An animation is written as an image of figures/NAME.mp4 and becomes, for each scheme, its
  still (NAME-light.png, what readers see who ask for reduced motion or run no scripts) and,
  in an inert <template> beside it, its video with a source per encoding the figure code writes
  (style.VIDEO_ENCODERS). docs/javascripts/animations.js puts the video in the still's place.
"""

import copy
import posixpath
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError

from figures_src.drawing.style import VIDEO_ENCODERS, css_size
from figures_src.engine import pipeline
from figures_src.engine.manifest import read_manifest

FIGURES = "figures/"
SCHEMES = ("light", "dark")
ANIMATION = "mp4"  # the suffix by which a page asks for an animation
MADE: set[str] = set()  # every path under figures/ that this build made, from its manifest
PIXELS: dict[str, list[int]] = {}  # published picture: [width, height], from this build's manifest
CONVERTING = {"page": "", "folder": ""}  # the page being converted (for error messages) and its folder in the site

MACRO_CALL = re.compile(r"\{\{[^}]*\b(?:result|claim)\(|\{%-?\s*call\s+claim\(")


class FigureMarkup(Treeprocessor):
    """Each image of figures/NAME.EXT becomes NAME-light.EXT#only-light and NAME-dark.EXT#only-dark
    (or stays one image where the build made one file), sized from the manifest. A width given
    on the page (e.g. a thumbnail's) is kept and the height follows the file's shape."""

    def run(self, root):
        for parent in list(root.iter()):
            for index in reversed(range(len(parent))):
                image = parent[index]
                if image.tag == "img" and image.get("src", "").startswith(FIGURES):
                    parent[index:index + 1] = self.shown(image)

    def shown(self, image) -> list:
        path = image.get("src").removeprefix(FIGURES)
        stem, dot, suffix = path.rpartition(".")
        if suffix == ANIMATION:
            shown = [element for scheme in SCHEMES for element in self.animation(image, stem, scheme)]
            shown[-1].tail = image.tail
            return shown
        pair = {scheme: f"{stem}-{scheme}{dot}{suffix}" for scheme in SCHEMES}
        if all(variant in PIXELS for variant in pair.values()):
            images = [copy.deepcopy(image) for _ in SCHEMES]
            for variant, scheme, copied in zip(pair.values(), SCHEMES, images):
                copied.set("src", f"{FIGURES}{variant}#only-{scheme}")
                self.size(copied, variant)
            images[0].tail = None
            return images
        if path in PIXELS:
            self.size(image, path)
            return [image]
        raise PluginError(f"{CONVERTING['page']}: {FIGURES}{path} is not a figure this build made "
                          f"(nor its -light and -dark pair); figures_src/figures/ lists them")

    def animation(self, image, stem: str, scheme: str) -> list:
        """The still of one scheme, and the template of its video."""
        still_path, videos = f"{stem}-{scheme}.png", [f"{stem}-{scheme}.{suffix}" for suffix in VIDEO_ENCODERS]
        if missing := [path for path in (still_path, *videos) if path not in MADE]:
            raise PluginError(f"{CONVERTING['page']}: the animation {FIGURES}{stem}.{ANIMATION} lacks "
                              f"{', '.join(missing)}, which this build did not make")
        still = copy.deepcopy(image)
        still.set("src", f"{FIGURES}{still_path}#only-{scheme}")
        still.set("class", " ".join(filter(None, [still.get("class"), "off-glb"])))  # a video has no lightbox
        self.size(still, still_path)
        still.tail = None
        template = etree.Element("template", {"class": "animation"})
        video = etree.SubElement(template, "video", {
            "class": f"only-{scheme}", "width": still.get("width"), "height": still.get("height"),
            "aria-label": image.get("alt", ""), "muted": "", "loop": "", "playsinline": "", "controls": "",
            "preload": "none"})
        for path, (_, _, declared) in zip(videos, VIDEO_ENCODERS.values()):
            # MkDocs makes the links of images relative to the page, not those of sources
            url = posixpath.relpath(FIGURES + path, CONVERTING["folder"] or ".")
            etree.SubElement(video, "source", {"src": url, "type": declared})
        return [still, template]

    def size(self, image, path: str) -> None:
        width, height = css_size(PIXELS[path])
        if image.get("width"):
            height = round(int(image.get("width")) * height / width)
            width = int(image.get("width"))
        image.set("width", str(width))
        image.set("height", str(height))


class FigureMarkupExtension(Extension):
    def extendMarkdown(self, md):
        # before MkDocs' own tree processor (priority 0) makes figures/... relative to the page
        md.treeprocessors.register(FigureMarkup(md), "figure_markup", 5)


def on_config(config):
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(pipeline.OUT_DIR), *snippets.get("base_path", [])]
    config.markdown_extensions.append(FigureMarkupExtension())
    return config


def on_files(files, config):
    """Hooks run after plugins: the figure step (gen-files) has written this build's manifest."""
    manifest = read_manifest(pipeline.OUT_DIR) or {"files": []}
    MADE.clear()
    MADE.update(entry["path"] for entry in manifest["files"])
    PIXELS.clear()
    PIXELS.update({entry["path"]: entry["pixels"] for entry in manifest["files"] if "pixels" in entry})
    return files


def on_page_markdown(markdown, page, **kwargs):
    CONVERTING["page"] = page.file.src_uri
    CONVERTING["folder"] = posixpath.dirname(page.file.dest_uri)
    if not page.meta.get("render_macros") and MACRO_CALL.search(markdown):
        raise PluginError(f"{page.file.src_uri} calls result() or claim() but does not set "
                          f"'render_macros: true' in its front matter: the call would be shown as text")
    return markdown
