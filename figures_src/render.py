"""Turns matplotlib figures into bytes that are identical on every run."""

from __future__ import annotations

import io
from typing import Callable, Iterable, Sequence

import matplotlib

matplotlib.use("Agg")  # no display, and the same rasteriser everywhere

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from PIL import Image  # noqa: E402

from figures_src.style import GIF_COLOURS, PNG_COLOURS, THEMES, Theme, rc_params  # noqa: E402

def encode(fig: Figure) -> bytes:
    """A finished figure as a PNG with a small palette (matplotlib's own PNG is full colour),
    drawn at the saving resolution as savefig would, without encoding a PNG only to decode it."""
    saving_dpi = matplotlib.rcParams["savefig.dpi"]
    fig.set_dpi(fig.dpi if saving_dpi == "figure" else saving_dpi)
    image = pixels(fig)
    plt.close(fig)
    return png(image)


def pixels(fig: Figure) -> Image.Image:
    """The figure as it is drawn now, rasterised as an RGB image (an animation frame)."""
    fig.canvas.draw()
    return Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba()).convert("RGB")


def gif(frames: Sequence[Image.Image], durations_ms: Sequence[int]) -> bytes:
    """A looping GIF whose frames share one palette, without dithering.

    One palette (taken from all frames at once) keeps colours steady between frames and makes the
    file about half the size of per-frame palettes; no dithering keeps the bytes reproducible.
    """
    width, height = frames[0].size
    montage = Image.new("RGB", (width, height * len(frames)))
    for index, frame in enumerate(frames):
        montage.paste(frame, (0, height * index))
    palette = montage.quantize(GIF_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    indexed = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    buffer = io.BytesIO()
    indexed[0].save(buffer, format="GIF", save_all=True, append_images=indexed[1:],
                    duration=list(durations_ms), loop=0, optimize=False, disposal=1)
    return buffer.getvalue()


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


def png(image: Image.Image) -> bytes:
    """An RGB image as a PNG with a small palette (no dithering, so the bytes are deterministic)."""
    indexed = image.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    indexed.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def themed(stem: str, draw: Callable[[Theme], Figure]) -> dict[str, bytes]:
    """Draw one figure in every theme: {"<stem>-light.png": ..., "<stem>-dark.png": ...}."""
    files = {}
    for theme in THEMES:
        with matplotlib.rc_context(rc_params(theme)):
            files[f"{stem}-{theme.name}.png"] = encode(draw(theme))
    return files
