"""Turns matplotlib figures into bytes that are identical on every run.

Each image file records the height of the smallest text drawn in it, in the file's pixels (PNG
text chunk or GIF comment SMALLEST_TEXT): with the width a page shows the file at, that gives the
size a reader sees, which tests/test_browser.py holds to a floor on a desktop and on a phone.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from typing import Callable, Iterable, Sequence

import matplotlib

matplotlib.use("Agg")  # no display, and the same rasteriser everywhere

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402

import imageio.v3 as iio  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, PngImagePlugin  # noqa: E402

from figures_src.style import GIF_COLOURS, PNG_COLOURS, THEMES, Theme, rc_params  # noqa: E402


def power_of_ten(value: float, _position=None) -> str:
    """A log axis's tick label in full-size characters: "0.01", "1", "1000", "1e−8". Matplotlib's
    own label, 10 with a raised exponent, draws the exponent at 70 % of the text size, too small
    to read on a phone."""
    exponent = round(math.log10(value)) if value > 0 else 0
    if -2 <= exponent <= 3:
        return f"{10.0 ** exponent:g}"
    return f"1e{exponent}".replace("-", "\u2212")


def readable_log_ticks(axis) -> None:
    """Label a log axis's decades with power_of_ten, and its minor ticks not at all."""
    axis.set_major_formatter(FuncFormatter(power_of_ten))
    axis.set_minor_formatter(NullFormatter())


def encode(fig: Figure) -> bytes:
    """A finished figure as a PNG with a small palette (matplotlib's own PNG is full colour),
    drawn at the saving resolution as savefig would, without encoding a PNG only to decode it."""
    saving_dpi = matplotlib.rcParams["savefig.dpi"]
    fig.set_dpi(fig.dpi if saving_dpi == "figure" else saving_dpi)
    image = pixels(fig)
    plt.close(fig)
    return png(image)


SMALLEST_TEXT = "smallest-text-px"
SCRIPT_SHRINK = 0.7  # mathtext draws sub- and superscripts at this share of the size (its SHRINK_FACTOR)


@contextlib.contextmanager
def text_sizes_recorded(sizes: list[float]):
    """While drawing, note the height in pixels of every piece of text drawn on the canvas."""
    draw_text = RendererAgg.draw_text

    def recording(renderer, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip() and 0 <= x <= renderer.width and 0 <= y <= renderer.height:
            scripts = ismath and re.search(r"[_^]", s)
            sizes.append(prop.get_size_in_points() * renderer.dpi / 72 * (SCRIPT_SHRINK if scripts else 1))
        return draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)

    RendererAgg.draw_text = recording
    try:
        yield
    finally:
        RendererAgg.draw_text = draw_text


def pixels(fig: Figure) -> Image.Image:
    """The figure as it is drawn now, rasterised as an RGB image (an animation frame), with the
    height of its smallest text in pixels in its info (none if it has no text)."""
    sizes = []
    with text_sizes_recorded(sizes):
        fig.canvas.draw()
    image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba()).convert("RGB")
    if sizes:
        image.info[SMALLEST_TEXT] = min(sizes)
    return image


def smallest_text(images: Sequence[Image.Image]) -> str | None:
    """The smallest text of these images (an animation's frames), as the file records it."""
    sizes = [image.info[SMALLEST_TEXT] for image in images if SMALLEST_TEXT in image.info]
    return f"{min(sizes):.1f}" if sizes else None


def gif(frames: Sequence[Image.Image], durations_ms: Sequence[int]) -> bytes:
    """A looping GIF whose frames share one palette, without dithering, written by imageio.

    One palette (taken from all frames at once) keeps colours steady between frames and makes the
    file about half the size of per-frame palettes; handed to the writer once, it is the file's
    only colour table (Pillow, given frames alone, repeats it in every frame after the first:
    a tenth of a dance move's bytes). No dithering keeps the bytes reproducible.
    """
    width, height = frames[0].size
    montage = Image.new("RGB", (width, height * len(frames)))
    for index, frame in enumerate(frames):
        montage.paste(frame, (0, height * index))
    palette = montage.quantize(GIF_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    indexed = np.stack([np.asarray(frame.quantize(palette=palette, dither=Image.Dither.NONE)) for frame in frames])
    comment = {"comment": f"{SMALLEST_TEXT}={size}"} if (size := smallest_text(frames)) else {}
    return iio.imwrite("<bytes>", indexed, extension=".gif", plugin="pillow", mode="P",
                       palette=bytes(palette.getpalette()), duration=list(durations_ms), loop=0,
                       optimize=False, disposal=1, **comment)


def themed_gif(stem: str, frames: Callable[[Theme], Iterable[Figure]],
               durations_ms: Sequence[int], still_frame: int | None = -1) -> dict[str, bytes]:
    """An animation in every theme, and its still for readers who ask for reduced motion:
    {"<stem>-light.gif": ..., "<stem>-light.png": ..., "<stem>-dark.gif": ..., ...}.

    `frames(theme)` yields a figure per frame, usually one figure updated in place, which is
    several times faster than drawing a new figure for every frame. The still is the frame at
    index `still_frame`; with None the caller writes a still of its own under the same name
    (site_hooks/reduced_motion.py serves it in place of the animation).
    """
    files = {}
    for theme in THEMES:
        with matplotlib.rc_context(rc_params(theme)):
            images = [pixels(fig) for fig in frames(theme)]
            plt.close("all")
        files[f"{stem}-{theme.name}.gif"] = gif(images, durations_ms)
        if still_frame is not None:
            files[f"{stem}-{theme.name}.png"] = png(images[still_frame])
    return files


# zlib's level 8 makes a plot's PNG 1.6 % larger than level 9 (Pillow's optimize), in less than
# half the time: 12 ms, not 28, of the 150 ms it takes to draw and save a gallery plot.
PNG_COMPRESSION = 8


def png(image: Image.Image) -> bytes:
    """An RGB image as a PNG with a small palette (no dithering, so the bytes are deterministic)."""
    indexed = image.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    text = PngImagePlugin.PngInfo()
    if size := smallest_text([image]):
        text.add_text(SMALLEST_TEXT, size)
    buffer = io.BytesIO()
    indexed.save(buffer, format="png", compress_level=PNG_COMPRESSION, pnginfo=text)
    return buffer.getvalue()


def themed(stem: str, draw: Callable[[Theme], Figure]) -> dict[str, bytes]:
    """Draw one figure in every theme: {"<stem>-light.png": ..., "<stem>-dark.png": ...}."""
    files = {}
    for theme in THEMES:
        with matplotlib.rc_context(rc_params(theme)):
            files[f"{stem}-{theme.name}.png"] = encode(draw(theme))
    return files
