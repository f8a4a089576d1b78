"""Turns matplotlib figures into bytes that are identical on every run.

Each picture records the height of the smallest text drawn in it, in the file's pixels (PNG text
chunk SMALLEST_TEXT): with the width a page shows the file at, that gives the size a reader sees,
which tests/test_browser.py holds to a floor on a desktop and on a phone (an animation's still
stands for its video, which has the same text at the same size on the page).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
from fractions import Fraction
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

from figures_src.drawing.style import (ANIMATION_DPI, DPI, GIF_COLOURS, GIF_SUFFIX, PNG_COLOURS,  # noqa: E402
                                       SLIDE_DPI, SLIDE_SUFFIX, SLIDE_THEME, THEMES, VIDEO_ENCODERS, Theme,
                                       rc_params)


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


def encode(fig: Figure, dpi: float | None = None) -> bytes:
    """A finished figure as a PNG with a small palette (matplotlib's own PNG is full colour),
    drawn at `dpi`, else at the saving resolution as savefig would, without encoding a PNG only to
    decode it. The figure stays open: it can be drawn again at another resolution."""
    saving_dpi = matplotlib.rcParams["savefig.dpi"]
    fig.set_dpi(dpi or (fig.dpi if saving_dpi == "figure" else saving_dpi))
    return png(pixels(fig))


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


def drawn(figures: Iterable[Figure], dpi: float = ANIMATION_DPI, still_frame: int | None = None,
          ) -> tuple[list[Image.Image], Image.Image | None]:
    """An animation's frames, each figure rasterised as it is yielded (usually one figure updated
    in place, several times faster than a new figure per frame), at `dpi`; and the frame at
    index `still_frame` drawn again at the stills' DPI, or None."""
    images, still = [], None
    for fig in figures:
        if len(images) == still_frame:
            fig.set_dpi(DPI)
            still = pixels(fig)
        fig.set_dpi(dpi)
        images.append(pixels(fig))
    plt.close("all")
    return images, still


# The GIF palette is taken from a nearest-neighbour shrink of every frame to a quarter of its width
# and height (one pixel in 16). Measured on the dance routine (221 frames), the whole GIF takes
# about 2 s, not 9 as with the palette taken from whole frames, and is as close to them (a mean
# error of 0.05 levels against 0.04).
PALETTE_SAMPLING = 4


def commonest_colour(pixels: np.ndarray) -> np.ndarray:
    """The colour most of these RGB pixels have: in a figure, its background."""
    colours, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    return colours[counts.argmax()]


def pixel_words(image: Image.Image) -> np.ndarray:
    """Each pixel of an RGB image as one 32-bit number: four times quicker to compare than its
    three channels."""
    return np.asarray(image.convert("RGBX")).view(np.uint32)[..., 0]


def gif(frames: Sequence[Image.Image], durations_ms: Sequence[int]) -> bytes:
    """A GIF that loops forever, its frames sharing one palette, without dithering, written by imageio.

    One palette (taken from all frames at once) keeps colours steady between frames and makes the
    file about half the size of per-frame palettes; handed to the writer once, it is the file's
    only colour table (Pillow, given frames alone, repeats it in every frame after the first:
    a tenth of a dance move's bytes). No dithering keeps the bytes reproducible.

    The background keeps its exact colour, so that a GIF on a white slide has no grey frame: median
    cut gives each entry the mean colour of its box, which for the background's box, holding the
    faint edges of lines too, came out (252, 252, 251); and Pillow maps a colour to an entry near
    it, not always the nearest. So the entry nearest the background becomes the background, and
    every pixel of the background's colour is given that entry.
    """
    sample = np.concatenate([np.asarray(frame.resize((frame.width // PALETTE_SAMPLING, frame.height // PALETTE_SAMPLING),
                                                     Image.Resampling.NEAREST)) for frame in frames])
    palette = Image.fromarray(sample).quantize(GIF_COLOURS, method=Image.Quantize.MEDIANCUT,
                                               dither=Image.Dither.NONE)
    background = commonest_colour(sample[:len(sample) // len(frames)])  # the first frame's
    entries = np.array(palette.getpalette(), dtype=int).reshape(-1, 3)
    entry = int(np.abs(entries - background).sum(axis=1).argmin())
    entries[entry] = background
    palette.putpalette(entries.flatten().tolist())
    background_word = pixel_words(Image.new("RGB", (1, 1), tuple(background)))
    indexed = np.stack([np.where(pixel_words(frame) == background_word, entry,
                                 np.asarray(frame.quantize(palette=palette, dither=Image.Dither.NONE)))
                        for frame in frames]).astype(np.uint8)
    return iio.imwrite("<bytes>", indexed, extension=".gif", plugin="pillow", mode="P",
                       palette=bytes(palette.getpalette()), duration=list(durations_ms), loop=0,
                       optimize=False, disposal=1)


def constant_rate(durations_ms: Sequence[int]) -> tuple[Fraction, list[int]]:
    """A video shows frames at one rate: the rate whose period divides every duration, and how
    many periods each frame is held (a held frame costs a video almost nothing)."""
    period = math.gcd(*durations_ms)
    return Fraction(1000, period), [duration // period for duration in durations_ms]


# One thread (SVT-AV1's lp=1) and bit-exact flags make the bytes the same on every run; no
# metadata, which would carry the writer's version; the index first, so playing starts at once.
REPRODUCIBLE = ["-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
                "-movflags", "+faststart"]
# RGB to YUV as browsers convert back (BT.709, limited range), so that a figure's background
# stays the page's colour. The file states the matrix and the range; ffmpeg 9 leaves the
# primaries and transfer unspecified whatever these flags ask (a setparams filter would set them).
COLOUR = ["-vf", "scale=out_color_matrix=bt709:out_range=tv", "-colorspace", "bt709",
          "-color_primaries", "bt709", "-color_trc", "iec61966-2-1", "-color_range", "tv"]


def video(frames: Sequence[Image.Image], durations_ms: Sequence[int], suffix: str) -> bytes:
    """A looping animation's frames as the video VIDEO_ENCODERS[suffix]."""
    encoder, settings, _ = VIDEO_ENCODERS[suffix]
    return encoded(frames, durations_ms, encoder, settings)


def encoded(frames: Sequence[Image.Image], durations_ms: Sequence[int], encoder: str, settings: list[str],
            extension: str = ".mp4") -> bytes:
    """The frames encoded by one of ffmpeg's encoders in 4:2:0 colour, written by imageio; a frame
    held longer is repeated at the video's constant rate."""
    rate, holds = constant_rate(durations_ms)
    held = np.stack([np.asarray(frame) for frame, hold in zip(frames, holds) for _ in range(hold)])
    os.environ["SVT_LOG"] = "1"  # SVT-AV1 prints its settings to stderr at any ffmpeg log level
    return iio.imwrite("<bytes>", held, extension=extension, plugin="FFMPEG", fps=rate, codec=encoder,
                       quality=None, macro_block_size=2, ffmpeg_log_level="error",
                       output_params=[*settings, *COLOUR, *REPRODUCIBLE])


def themed_animation(stem: str, frames: Callable[[Theme], Iterable[Figure]],
                     durations_ms: Sequence[int], still_frame: int | None = -1) -> dict[str, bytes]:
    """An animation in every theme, as the videos of VIDEO_ENCODERS drawn at ANIMATION_DPI, and its
    still at the stills' DPI: {"<stem>-light.av1.mp4": ..., "<stem>-light.png": ..., ...}; and in
    the slides' theme also as a GIF of the same frames, "<stem>-light.gif".

    `frames(theme)` yields a figure per frame (durations_ms holds each one's duration). The still,
    which readers see who ask for reduced motion or have no scripts, is the frame at index
    `still_frame`; with None the caller writes a still of its own under the same name.
    """
    files = {}
    index = None if still_frame is None else range(len(durations_ms))[still_frame]
    for theme in THEMES:
        with matplotlib.rc_context(rc_params(theme)):
            images, still = drawn(frames(theme), still_frame=index)
        if len(images) != len(durations_ms):
            raise ValueError(f"{stem}: {len(images)} frames but {len(durations_ms)} durations")
        for suffix in VIDEO_ENCODERS:
            files[f"{stem}-{theme.name}.{suffix}"] = video(images, durations_ms, suffix)
        if theme is SLIDE_THEME:
            files[f"{stem}{GIF_SUFFIX}"] = gif(images, durations_ms)
        if still is not None:
            files[f"{stem}-{theme.name}.png"] = png(still)
    return files


# zlib's level 8 makes a plot's PNG 1.6 % larger than level 9 (Pillow's optimize), in less than
# half the time: 12 ms, not 28, of the 150 ms it takes to draw and save a gallery plot.
PNG_COMPRESSION = 8


def png(image: Image.Image) -> bytes:
    """An RGB image as a PNG with a small palette (no dithering, so the bytes are deterministic)."""
    indexed = image.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    text = PngImagePlugin.PngInfo()
    if SMALLEST_TEXT in image.info:
        text.add_text(SMALLEST_TEXT, f"{image.info[SMALLEST_TEXT]:.1f}")
    buffer = io.BytesIO()
    indexed.save(buffer, format="png", compress_level=PNG_COMPRESSION, pnginfo=text)
    return buffer.getvalue()


def themed(stem: str, draw: Callable[[Theme], Figure], slides: bool = True) -> dict[str, bytes]:
    """Draw one figure in every theme: {"<stem>-light.png": ..., "<stem>-dark.png": ...}; and, with
    `slides`, the slides' theme drawn again at SLIDE_DPI, "<stem>-slide.png"."""
    files = {}
    for theme in THEMES:
        with matplotlib.rc_context(rc_params(theme)):
            fig = draw(theme)
            files[f"{stem}-{theme.name}.png"] = encode(fig)
            if slides and theme is SLIDE_THEME:
                files[f"{stem}{SLIDE_SUFFIX}"] = encode(fig, SLIDE_DPI)
            plt.close(fig)
    return files
