"""Turns matplotlib figures into bytes that are identical on every run."""

from __future__ import annotations

import io
from typing import Callable

import matplotlib

matplotlib.use("Agg")  # no display, and the same rasteriser everywhere

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from PIL import Image  # noqa: E402

from figures_src.style import PNG_COLOURS, THEMES, Theme, rc_params  # noqa: E402

# Dates and software versions would change the bytes from run to run.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}


def encode(fig: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata=_METADATA[fmt])
    plt.close(fig)
    return with_palette(buffer.getvalue()) if fmt == "png" else buffer.getvalue()


def with_palette(png: bytes) -> bytes:
    """Re-encode a PNG with a small palette (no dithering, so the result is deterministic)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    indexed = image.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    indexed.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def themed(stem: str, draw: Callable[[Theme], Figure], fmt: str = "png") -> dict[str, bytes]:
    """Draw one figure in every theme: {"<stem>-light.png": ..., "<stem>-dark.png": ...}."""
    files = {}
    for theme in THEMES:
        with matplotlib.rc_context(rc_params(theme)):
            files[f"{stem}-{theme.name}.{fmt}"] = encode(draw(theme), fmt)
    return files
