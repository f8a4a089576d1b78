"""The dance moves page: a stick figure whose arms are the graph of an activation function.

The shoulders sit at the origin of the function's coordinates, the left arm is the graph over
x in [-ARM, 0] and the right arm over [0, ARM], so every pose is exact by construction. Legs and
head move with the beat. Original work, after the idea of Sefik Ilkin Serengil's picture.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Circle

from figures_src.drawing import render
from figures_src.drawing.panels import panel_grid
from figures_src.drawing.style import TEXT_SIZE, Theme
from figures_src.figures import FigureJob
from figures_src.science.catalog import CATALOG, Activation, by_slug

ARM = 2.0  # how far each arm reaches along x
ARM_POINTS = 81
FRAME_MS = 60  # 16.7 frames a second
BEAT_FRAMES = 16  # one loop of a single move
HOLD_FRAMES, BLEND_FRAMES = 8, 5  # the routine: each move held, then blended into the next
SIZE = (3.2, 3.0)  # inches of the dancer
LABELS_HEIGHT = 0.75  # inches below the dancer in the routine, for the function's name and formula
LIMITS = ((-2.6, 2.6), (-4.6, 3.2))


def arm_points(activation: Activation) -> tuple[torch.Tensor, torch.Tensor]:
    """Points of the graph over [-ARM, ARM]: both arms, shoulders at (0, f(0)) ~ origin."""
    x = torch.linspace(-ARM, ARM, ARM_POINTS, dtype=torch.float64)
    with torch.no_grad():
        y = activation.build().double()(x)
    return x, y


def body(phase: float) -> dict:
    """Head, torso and legs at a point of the beat (phase in [0, 1))."""
    bounce = 0.12 * math.sin(2 * math.pi * phase)
    step = 0.35 * math.sin(2 * math.pi * phase)
    hips = (0.0, -2.0 + bounce)
    return {"head": (0.0, 0.75 + bounce), "neck": (0.0, 0.35 + bounce), "hips": hips,
            "feet": ((-0.6 - step, -4.2), (0.6 - step, -4.2)),
            "knees": ((-0.45 - 0.5 * step, -3.1 + bounce), (0.45 - 0.5 * step, -3.1 + bounce))}


class Dancer:
    """One figure, updated in place frame after frame (much faster than redrawing)."""

    def __init__(self, theme: Theme, labelled: bool = False):
        """`labelled`: room below the dancer for the function's name and formula, which the
        routine needs as its moves change; on the page, a single move's name is the text under it."""
        self.theme = theme
        height = SIZE[1] + (LABELS_HEIGHT if labelled else 0)
        self.fig = plt.figure(figsize=(SIZE[0], height))
        self.ax = self.fig.add_axes((0, 1 - SIZE[1] / height, 1, SIZE[1] / height))
        self.ax.set(xlim=LIMITS[0], ylim=LIMITS[1], aspect="equal")
        self.ax.axis("off")
        ink = dict(color=theme.foreground, linewidth=3, solid_capstyle="round")
        (self.arms,) = self.ax.plot([], [], linewidth=4, solid_capstyle="round",
                                    zorder=3)  # over the body: the pose is the point
        (self.torso,) = self.ax.plot([], [], **ink)
        (self.legs,) = self.ax.plot([], [], **ink)
        self.head = Circle((0, 0), 0.38, fill=False, edgecolor=theme.foreground, linewidth=3)
        self.ax.add_patch(self.head)
        self.labels = [self.fig.text(0.5, y, "", ha="center", fontsize=size, color=theme.foreground)
                       for y, size in ((0.1, TEXT_SIZE), (0.025, TEXT_SIZE))] if labelled else []

    def pose(self, x: torch.Tensor, y: torch.Tensor, phase: float, activation: Activation,
             named: bool = True):
        """The figure with its arms shaped (x, y), in the colour of `activation`, and, if the
        dancer is labelled, that function's name and formula below unless `named` is false
        (between two moves)."""
        parts = body(phase)
        self.arms.set_data(x, y)
        self.arms.set_color(self.theme.colour(activation.slug))
        self.torso.set_data(*zip(parts["neck"], (0, 0), parts["hips"]))
        (left_foot, right_foot), (left_knee, right_knee) = parts["feet"], parts["knees"]
        self.legs.set_data(*zip(left_foot, left_knee, parts["hips"], right_knee, right_foot))
        self.head.center = parts["head"]
        for label, text in zip(self.labels, (activation.title, activation.formula_short)):
            label.set_text(text if named else "")
        return self.fig


def single_move(activation: Activation, theme: Theme):
    dancer = Dancer(theme)
    x, y = arm_points(activation)
    for frame in range(BEAT_FRAMES):
        yield dancer.pose(x, y, frame / BEAT_FRAMES, activation)


def routine(theme: Theme):
    """Every move in catalogue order, each blended into the next, the last into the first."""
    dancer = Dancer(theme, labelled=True)
    poses = [arm_points(activation) for activation in CATALOG]
    frame = 0
    for index, activation in enumerate(CATALOG):
        (x, y), (_, following) = poses[index], poses[(index + 1) % len(poses)]
        for _ in range(HOLD_FRAMES):
            yield dancer.pose(x, y, frame / BEAT_FRAMES % 1, activation)
            frame += 1
        for step in range(1, BLEND_FRAMES + 1):
            t = 0.5 - 0.5 * math.cos(math.pi * step / (BLEND_FRAMES + 1))  # ease in and out
            yield dancer.pose(x, (1 - t) * y + t * following, frame / BEAT_FRAMES % 1, activation,
                              named=False)
            frame += 1


def key_frame(activation: Activation, theme: Theme):
    """The pose at the top of the beat: the static picture for readers who prefer no motion."""
    return Dancer(theme).pose(*arm_points(activation), 0.25, activation)


def move(slug: str) -> dict[str, bytes]:
    activation = by_slug(slug)
    files = render.themed_animation(f"dance/{slug}", lambda theme: single_move(activation, theme),
                                    [FRAME_MS] * BEAT_FRAMES, still_frame=None)
    # the still is the animation's: its downloads are the GIF and the video, not a slide picture
    files.update(render.themed(f"dance/{slug}", lambda theme: key_frame(activation, theme), slides=False))
    return files


def full_routine() -> dict[str, bytes]:
    frames = len(CATALOG) * (HOLD_FRAMES + BLEND_FRAMES)
    return render.themed_animation("dance/routine", routine, [FRAME_MS] * frames, still_frame=0)


def moves_fragment() -> str:
    """The page's grid of every move, generated from the catalogue."""
    return panel_grid([(f"Stick figure dancing {a.title}: its arms are the graph of the function from x = "
                        f"-{ARM:g} to {ARM:g}", f"dance/{a.slug}.mp4", f"[{a.title}](gallery.md#{a.slug})")
                       for a in CATALOG])


def moves_grid() -> dict[str, bytes]:
    return {"dance/moves.md": moves_fragment().encode()}


FIGURES = [FigureJob(f"dance-{a.slug}", move, {"slug": a.slug}) for a in CATALOG] + [
    FigureJob("dance-routine", full_routine), FigureJob("dance-moves-grid", moves_grid)]
