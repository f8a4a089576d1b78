"""Figures of the home page: every catalogue entry at a glance, a grid of small plots
(figures_src/drawing/panels.py), each function's name under its plot a link to its gallery section."""

from __future__ import annotations

from figures_src.drawing import render
from figures_src.drawing.panels import panel, panel_grid
from figures_src.drawing.style import Theme
from figures_src.figures import FigureJob
from figures_src.science.catalog import CATALOG, Activation, break_at_kinks, evaluate, plot_grid

OVERVIEW_SIZE = (2.4, 1.8)  # inches: shown 240 x 180 CSS pixels, a third of the page's width
OVERVIEW_MARGINS = {"left": 0.16, "right": 0.97, "bottom": 0.15, "top": 0.96}


def draw_function(ax, activation: Activation, theme: Theme) -> None:
    x = plot_grid(activation, points=161)
    y, dy = evaluate(activation, x)
    ax.axhline(0, color=theme.foreground, linewidth=0.5)
    ax.axvline(0, color=theme.foreground, linewidth=0.5)
    ax.plot(x, y, color=theme.colour(activation.slug), linewidth=2)
    ax.plot(x, break_at_kinks(x, dy, activation.kinks), color=theme.foreground, linewidth=1.2, linestyle="--")
    ax.set_xlim(*activation.x_range)


def overview_cell(activation: Activation) -> tuple[str, str, str]:
    low, high = activation.x_range
    return (f"{activation.title} (solid line) and its derivative from autograd (dashed line) for x "
            f"from {low:g} to {high:g}", f"index/{activation.slug}.png",
            f"[{activation.title}](gallery.md#{activation.slug})")


def overview() -> dict[str, bytes]:
    files = {}
    for activation in CATALOG:  # no slide versions: each thumbnail leads to the gallery's figure, which has one
        files.update(render.themed(f"index/{activation.slug}", lambda theme: panel(
            lambda ax: draw_function(ax, activation, theme), OVERVIEW_SIZE, OVERVIEW_MARGINS), slides=False))
    files["index/overview.md"] = panel_grid([overview_cell(activation) for activation in CATALOG]).encode()
    return files


FIGURES = [FigureJob("activation-overview", overview)]
