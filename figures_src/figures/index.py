"""Figures of the home page: every catalogue entry at a glance."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt

from figures_src import render
from figures_src.catalog import CATALOG, evaluate, plot_grid
from figures_src.registry import FigureJob
from figures_src.style import Theme

COLUMNS = 6


def draw_overview(theme: Theme):
    rows = math.ceil(len(CATALOG) / COLUMNS)
    fig, axes = plt.subplots(rows, COLUMNS, figsize=(13, 2.3 * rows), layout="constrained")
    for ax, activation in zip(axes.flat, CATALOG):
        x = plot_grid(activation, points=161)
        y, dy = evaluate(activation, x)
        ax.axhline(0, color=theme.foreground, linewidth=0.5)
        ax.axvline(0, color=theme.foreground, linewidth=0.5)
        ax.plot(x, y, color=theme.function, linewidth=1.8)
        ax.plot(x, dy, color=theme.derivative, linewidth=1.2, linestyle="--")
        ax.set_title(activation.title, fontsize=10)
        ax.tick_params(labelsize=8)
    legend_axes = axes.flat[len(CATALOG)]
    legend_axes.axis("off")
    legend_axes.plot([], [], color=theme.function, linewidth=1.8, label="$f(x)$")
    legend_axes.plot([], [], color=theme.derivative, linewidth=1.2, linestyle="--",
                     label="$f'(x)$, autograd")
    legend_axes.legend(loc="center", frameon=False)
    for ax in list(axes.flat)[len(CATALOG) + 1:]:
        ax.axis("off")
    return fig


def overview() -> dict[str, bytes]:
    return render.themed("index/overview", draw_overview)


FIGURES = [FigureJob("activation-overview", overview)]
