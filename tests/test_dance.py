"""The dance moves: videos at a steady pace and exact poses (budgets: test_audits.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from matplotlib.colors import to_rgb

from figures_src.drawing import render
from figures_src.drawing.style import LIGHT, VIDEO_ENCODERS
from figures_src.figures import dance_moves
from figures_src.science.catalog import CATALOG

from conftest import video_frames

ENTRIES = pytest.mark.parametrize("activation", CATALOG, ids=lambda a: a.slug)


def test_every_move_plays_at_the_configured_pace(built_site):
    """Light scheme, first encoding: the dark scheme is drawn by the same code, and the other
    encodings show the same frames (test_pipeline.py)."""
    first_suffix = next(iter(VIDEO_ENCODERS))
    for activation in CATALOG:
        frames, rate = video_frames(built_site["out"] / "dance" / f"{activation.slug}-light.{first_suffix}")
        assert len(frames) == dance_moves.BEAT_FRAMES
        assert rate == pytest.approx(1000 / dance_moves.FRAME_MS, rel=1e-3) and rate >= 15


def test_routine_goes_through_every_move(built_site):
    frames, rate = video_frames(built_site["out"] / "dance" / "routine-light.av1.mp4")
    assert len(frames) == len(CATALOG) * (dance_moves.HOLD_FRAMES + dance_moves.BLEND_FRAMES)
    assert rate == pytest.approx(1000 / dance_moves.FRAME_MS, rel=1e-3)


def graph(activation) -> tuple[torch.Tensor, torch.Tensor]:
    """The function's graph over the arms' span, from PyTorch's own module (not the drawing code:
    a pose drawn from the wrong function, or from its derivative, must not pass)."""
    x = torch.linspace(-dance_moves.ARM, dance_moves.ARM, 200, dtype=torch.float64)
    with torch.no_grad():
        return x, activation.build().double()(x)


@ENTRIES
def test_key_frame_arms_lie_on_the_functions_graph(activation):
    figure = dance_moves.key_frame(activation, LIGHT)
    axes = figure.axes[0]
    pixels = np.asarray(render.pixels(figure), dtype=float) / 255
    x, y = graph(activation)
    height = pixels.shape[0]
    arm_colour = np.array(to_rgb(LIGHT.colour(activation.slug)))  # each function dances in its colour
    for column, row in axes.transData.transform(np.stack([x.numpy(), y.numpy()], axis=1))[::4]:
        column, row = int(round(column)), int(round(height - row))
        patch = pixels[row - 1:row + 2, column - 1:column + 2]  # one pixel of tolerance
        distance = np.abs(patch - arm_colour).sum(axis=-1).min()
        assert distance < 0.15, f"no arm at ({column}, {row})"


def test_arm_test_would_notice_a_wrong_pose():
    relu, sigmoid = (next(a for a in CATALOG if a.slug == slug) for slug in ("relu", "sigmoid"))
    figure = dance_moves.key_frame(relu, LIGHT)
    axes = figure.axes[0]
    pixels = np.asarray(render.pixels(figure), dtype=float) / 255
    x, y = graph(sigmoid)
    arm_colour = np.array(to_rgb(LIGHT.colour("relu")))
    misses = 0
    for column, row in axes.transData.transform(np.stack([x.numpy(), y.numpy()], axis=1))[::4]:
        column, row = int(round(column)), int(round(pixels.shape[0] - row))
        misses += np.abs(pixels[row - 1:row + 2, column - 1:column + 2] - arm_colour).sum(axis=-1).min() >= 0.15
    assert misses > 5
