"""Figures of the home page: every catalogue entry at a glance.

One small plot per function, shown in a grid that reflows with the screen (three columns on a
desktop, two on a phone); each function's name is page text under its plot, a link to its gallery
section, so that no plot carries a title too small to read.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from figures_src import render
from figures_src.catalog import CATALOG, Activation, break_at_kinks, evaluate, plot_grid
from figures_src.registry import FigureJob
from figures_src.style import Theme

PANEL_SIZE = (2.4, 1.8)  # inches: shown 240 x 180 CSS pixels, a third of the page's width
MARGINS = {"left": 0.16, "right": 0.97, "bottom": 0.15, "top": 0.96}  # the same in every panel
TICK_SIZE = 10  # points: at a third of a desktop page 13 CSS pixels, on a phone 10


def draw_panel(activation: Activation, theme: Theme):
    x = plot_grid(activation, points=161)
    y, dy = evaluate(activation, x)
    fig, ax = plt.subplots(figsize=PANEL_SIZE, gridspec_kw=MARGINS)
    ax.axhline(0, color=theme.foreground, linewidth=0.5)
    ax.axvline(0, color=theme.foreground, linewidth=0.5)
    ax.plot(x, y, color=theme.colour(activation.slug), linewidth=2)
    ax.plot(x, break_at_kinks(x, dy, activation.kinks), color=theme.foreground, linewidth=1.2, linestyle="--")
    ax.set_xlim(*activation.x_range)
    ax.locator_params(nbins=4)
    ax.tick_params(labelsize=TICK_SIZE)
    return fig


def panel_markdown(activation: Activation) -> str:
    low, high = activation.x_range
    return (f"![{activation.title} (solid line) and its derivative from autograd (dashed line) "
            f"for x from {low:g} to {high:g}](figures/index/{activation.slug}.png)\n"
            f"/// caption\n[{activation.title}](gallery.md#{activation.slug})\n///\n")


def overview() -> dict[str, bytes]:
    files = {}
    for activation in CATALOG:
        files.update(render.themed(f"index/{activation.slug}", lambda theme: draw_panel(activation, theme)))
    grid = "\n".join(panel_markdown(activation) for activation in CATALOG)
    files["index/overview.md"] = f'<div class="grid panels" markdown>\n\n{grid}\n</div>\n'.encode()
    return files


FIGURES = [FigureJob("activation-overview", overview)]
