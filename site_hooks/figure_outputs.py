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
- A figure with a caption offers its downloads at the caption's end, links the page never
  follows by itself: a figure its slide version (NAME-slide.png), an animation its GIF
  (NAME-light.gif) and its light H.264 video, the format every player and slide program takes.
  After the build, each slide PNG in the site gets the figure's alt text, caption and credit as
  PNG text, and each GIF as its comment, so that a figure reused on a slide stays described and
  credited.
"""

import copy
import html
import posixpath
import re
import xml.etree.ElementTree as etree
import zlib
from pathlib import Path

import markdown
from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError

from figures_src.drawing.style import GIF_SUFFIX, SLIDE_SUFFIX, SLIDE_THEME, VIDEO_ENCODERS, css_size
from figures_src.engine import pipeline
from figures_src.engine.cache import write_atomic
from figures_src.engine.manifest import read_manifest

FIGURES = "figures/"
SCHEMES = ("light", "dark")
ANIMATION = "mp4"  # the suffix by which a page asks for an animation
MADE: set[str] = set()  # every path under figures/ that this build made, from its manifest
PIXELS: dict[str, list[int]] = {}  # published picture: [width, height], from this build's manifest
CONVERTING = {"page": "", "folder": "", "source": ""}  # the page being converted (for error messages), its
# folder in the site, and how a figure reused from it names its source
DOWNLOAD_TEXT: dict[str, dict[str, str]] = {}  # slide PNG or GIF under figures/: the text the build writes into it
DOWNLOAD_VIDEO = f"{SLIDE_THEME.name}.h264.mp4"  # the animation's video a reader downloads

MACRO_CALL = re.compile(r"\{\{[^}]*\b(?:result|claim)\(|\{%-?\s*call\s+claim\(")


class FigureMarkup(Treeprocessor):
    """Each image of figures/NAME.EXT becomes NAME-light.EXT#only-light and NAME-dark.EXT#only-dark
    (or stays one image where the build made one file), sized from the manifest. A width given
    on the page (e.g. a thumbnail's) is kept and the height follows the file's shape."""

    def run(self, root):
        for figure in root.iter("figure"):
            offer_downloads(figure, self.md)  # from the path the page names, before the images are replaced
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
        needed = dict.fromkeys([still_path, *videos, *downloads(f"{stem}.{ANIMATION}")])
        if missing := [path for path in needed if path not in MADE]:
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


def downloads(path: str) -> dict[str, str]:
    """What a reader may download of the figure a page names figures/PATH: {file: its link text}."""
    stem, _, suffix = path.rpartition(".")
    if suffix == ANIMATION:
        return {f"{stem}{GIF_SUFFIX}": "GIF", f"{stem}-{DOWNLOAD_VIDEO}": "MP4"}
    slide = f"{stem}{SLIDE_SUFFIX}"
    return {slide: "slide PNG"} if slide in MADE else {}


def offer_downloads(figure, md) -> None:
    """Under the caption of a figure of this build, "Download: slide PNG" or "Download: GIF · MP4";
    and the alt text and caption that the slide PNG or the GIF is to carry. A figure without a
    caption, such as a thumbnail in a table, offers none."""
    caption = figure.find("figcaption")
    image = next((image for image in figure.iter("img") if image.get("src", "").startswith(FIGURES)), None)
    if caption is None or image is None or not (offered := downloads(image.get("src").removeprefix(FIGURES))):
        return
    text = plain_text(caption, md)
    line = etree.SubElement(caption, "p", {"class": "downloads", "data-search-exclude": ""})  # not words to search
    line.text = "Download: "
    for position, (file, label) in enumerate(offered.items()):
        link = etree.SubElement(line, "a", {"href": FIGURES + file, "download": file.replace("/", "-")})
        link.text = label
        link.tail = " · " if position < len(offered) - 1 else None
        if file.endswith((SLIDE_SUFFIX, GIF_SUFFIX)):
            DOWNLOAD_TEXT[file] = {"Title": text, "Description": image.get("alt", ""), "Comment": CONVERTING["source"]}


STASHED = re.compile(re.escape(markdown.util.HTML_PLACEHOLDER).replace("%s", r"(\d+)"))


def plain_text(element, md) -> str:
    """An element's text as a reader sees it, on one line: what Markdown keeps aside until the page
    is written (inline code, math) put back, without its tags."""
    def stashed(match: re.Match) -> str:
        kept = md.htmlStash.rawHtmlBlocks[int(match[1])]
        return "".join(kept.itertext()) if isinstance(kept, etree.Element) else re.sub(r"<[^>]+>", "", kept)

    return " ".join(html.unescape(STASHED.sub(stashed, "".join(element.itertext()))).split())


class FigureMarkupExtension(Extension):
    def extendMarkdown(self, md):
        # before MkDocs' own tree processor (priority 0) makes figures/... relative to the page
        md.treeprocessors.register(FigureMarkup(md), "figure_markup", 5)


def on_config(config):
    if not config.extra.get("credit"):
        raise PluginError("mkdocs.yml: extra.credit, the line that says how to credit the site, is missing; "
                          "the footer and every slide picture carry it")
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
    DOWNLOAD_TEXT.clear()
    return files


def on_page_markdown(markdown, page, config, **kwargs):
    CONVERTING["page"] = page.file.src_uri
    CONVERTING["folder"] = posixpath.dirname(page.file.dest_uri)
    CONVERTING["source"] = ", ".join(filter(None, [f"{config.site_name}: {page.title}", page.canonical_url]))
    if not page.meta.get("render_macros") and MACRO_CALL.search(markdown):
        raise PluginError(f"{page.file.src_uri} calls result() or claim() but does not set "
                          f"'render_macros: true' in its front matter: the call would be shown as text")
    return markdown


def on_post_build(config):
    """Each slide PNG and GIF in the site carries its figure's alt text, caption, page and credit."""
    for file, text in DOWNLOAD_TEXT.items():
        path = Path(config.site_dir) / FIGURES / file
        carrying = with_comment if file.endswith(GIF_SUFFIX) else with_text
        write_atomic(path, carrying(path.read_bytes(), {**text, "Copyright": config.extra["credit"]}))


def with_text(png: bytes, text: dict[str, str]) -> bytes:
    """The PNG with an iTXt chunk (UTF-8 text) per keyword before its end, in place of any chunk of
    the same keyword it had: writing the same text twice gives the same bytes."""
    chunks, at = [], 8  # after the signature
    while at < len(png):
        end = at + 12 + int.from_bytes(png[at:at + 4], "big")  # length, type, data, CRC
        chunk, at = png[at:end], end
        if not (chunk[4:8] == b"iTXt" and chunk[8:].split(b"\0", 1)[0].decode("latin-1") in text):
            chunks.append(chunk)
    added = [text_chunk(keyword, value) for keyword, value in text.items()]
    return png[:8] + b"".join(chunks[:-1] + added + chunks[-1:])


def text_chunk(keyword: str, value: str) -> bytes:
    """An uncompressed iTXt chunk: keyword, no compression, no language, the text in UTF-8."""
    data = keyword.encode("latin-1") + b"\0\0\0\0\0" + value.encode()
    return (len(data).to_bytes(4, "big") + b"iTXt" + data
            + zlib.crc32(b"iTXt" + data).to_bytes(4, "big"))


def with_comment(gif: bytes, text: dict[str, str]) -> bytes:
    """The GIF with one comment extension, a "Keyword: value" line per keyword (UTF-8, each value on
    one line), in place of any comment it had: writing twice changes nothing. It goes after the
    application extensions that lead the file, for the looping one (NETSCAPE2.0) is to come right
    after the global colour table."""
    def colour_table(flags: int) -> int:  # its length in bytes, when the flags say there is one
        return 3 << ((flags & 7) + 1) if flags & 0x80 else 0

    def after_sub_blocks(at: int) -> int:  # each sub-block is led by its length; an empty one ends them
        while gif[at]:
            at += 1 + gif[at]
        return at + 1

    start = 13 + colour_table(gif[10])  # header, logical screen, global colours
    kept, at = [], start
    while gif[at] != 0x3B:  # the trailer
        if gif[at] == 0x21:  # an extension: its label, then its sub-blocks
            end = after_sub_blocks(at + 2)
            if gif[at + 1] != 0xFE:  # not a comment
                kept.append(gif[at:end])
        else:  # an image: its descriptor, its own colours, the LZW code size, its sub-blocks
            end = after_sub_blocks(at + 10 + colour_table(gif[at + 9]) + 1)
            kept.append(gif[at:end])
        at = end
    leading = next((index for index, block in enumerate(kept) if block[:2] != b"\x21\xff"), len(kept))
    comment = "\n".join(f"{keyword}: {' '.join(value.split())}" for keyword, value in text.items()).encode()
    blocks = b"".join(bytes([len(piece)]) + piece for piece in (comment[i:i + 255] for i in range(0, len(comment), 255)))
    return (gif[:start] + b"".join(kept[:leading]) + b"\x21\xfe" + blocks + b"\0"
            + b"".join(kept[leading:]) + gif[at:])
