"""Every image file records the height of its smallest text (figures_src/drawing/render.py), from which
benchmarks/figure_text.py measures the size a reader gets on a desktop and on a phone."""

from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
from PIL import Image

from figures_src.drawing import render
from figures_src.drawing.style import LIGHT, rc_params


def drawn(*texts: tuple[float, float, str, float]) -> Image.Image:
    """A 2 x 1 inch figure at the site's resolution with these texts (x, y in figure coordinates,
    text, size in points), as its PNG file."""
    with matplotlib.rc_context(rc_params(LIGHT)):
        fig = plt.figure(figsize=(2, 1))
        for x, y, text, size in texts:
            fig.text(x, y, text, fontsize=size)
        image = Image.open(io.BytesIO(render.encode(fig)))
        plt.close(fig)
        return image


def test_the_smallest_text_drawn_is_recorded_in_pixels_of_the_file():
    image = drawn((0.1, 0.5, "nine points", 9), (0.7, 0.5, "twelve", 12))
    assert image.info["smallest-text-px"] == f"{9 * 150 / 72:.1f}"  # 150 pixels per inch


def test_subscripts_count_at_the_size_mathtext_draws_them():
    image = drawn((0.1, 0.5, "nine points", 9), (0.7, 0.5, "$x_1$", 10))
    assert image.info["smallest-text-px"] == f"{0.7 * 10 * 150 / 72:.1f}"


def test_text_off_the_canvas_and_pictures_without_text_record_nothing_small():
    assert drawn((0.1, 0.5, "nine points", 9), (2.5, 0.5, "outside", 4)).info["smallest-text-px"] == "18.8"
    assert "smallest-text-px" not in drawn().info
