"""Small pictures that a page shows side by side, and what several pages draw in them: decision
regions, and a number measured over seeds as a line with its spread as a band.

A grid of panels reflows with the screen (three columns on a desktop, two on a phone; the CSS is
docs/stylesheets/extra.css, `.grid.panels`), and each panel's title is page text under it, so
that no panel carries a title too small to read. Pages: the home page's overview, the XOR
decision regions, the ReLU family's spirals, the dance moves.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from figures_src.drawing.style import Theme
from figures_src.science.catalog import by_slug

PANEL_SIZE = (2.2, 2.2)  # inches: shown 220 CSS pixels wide, a third of a desktop page
PANEL_MARGINS = {"left": 0.15, "right": 0.97, "bottom": 0.11, "top": 0.97}  # the same in every panel
TICK_SIZE = 10  # points: 13 CSS pixels at a third of a desktop page, 10 or more on a phone
CLASS_MARKERS = ("s", "o", "^")  # squares, dots, triangles: classes told apart without colour
BAND_ALPHA = 0.15  # light enough that the lines over bands, and bands that overlap, stay readable


def panel_grid(cells: list[tuple[str, str, str]], attributes: str = "") -> str:
    """Markdown for a grid of panels, from (alt text, figure path as in figures/, caption) each,
    every image with these attributes (e.g. "{ .off-glb }"); the site's figure markup makes each
    image's light and dark pair."""
    markdown = [f"![{alt}](figures/{path}){attributes}\n/// caption\n{caption}\n///\n"
                for alt, path, caption in cells]
    return '<div class="grid panels" markdown>\n\n' + "\n".join(markdown) + "\n</div>\n"


def square_grid(limit: float, step: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Grid coordinates over [-limit, limit]², and the same points as a (points, 2) tensor."""
    axis = torch.arange(-limit, limit + step / 2, step)
    gx, gy = torch.meshgrid(axis, axis, indexing="xy")
    return gx, gy, torch.stack([gx.flatten(), gy.flatten()], dim=1)


def scatter_classes(ax, theme: Theme, x: torch.Tensor, y: torch.Tensor, size: float = 9) -> None:
    for label, marker in zip(range(int(y.max()) + 1), CLASS_MARKERS):
        points = x[y == label]
        ax.scatter(points[:, 0], points[:, 1], s=size, marker=marker, color=theme.classes[label],
                   edgecolors="none", label=f"class {label}")


def decision_regions(ax, theme: Theme, grid: tuple[torch.Tensor, torch.Tensor], labels: torch.Tensor,
                     x: torch.Tensor, y: torch.Tensor) -> None:
    """One classifier's regions (`labels`: its class at each grid point), the data on top."""
    gx, gy = grid
    classes = int(y.max()) + 1
    ax.contourf(gx, gy, labels.view(gx.shape).float(), levels=[c - 0.5 for c in range(classes + 1)],
                colors=theme.regions[:classes])
    scatter_classes(ax, theme, x, y)
    ax.set(xlim=(float(gx.min()), float(gx.max())), ylim=(float(gy.min()), float(gy.max())), aspect="equal")
    ax.grid(False)


def panel(draw, size: tuple[float, float] = PANEL_SIZE, margins: dict = PANEL_MARGINS) -> plt.Figure:
    """A small figure with fixed margins (so that panels line up), drawn by `draw(ax)`, its
    ticks at TICK_SIZE."""
    fig, ax = plt.subplots(figsize=size, gridspec_kw=margins)
    draw(ax)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.locator_params(nbins=4)
    return fig


def band(ax, x, mean, low, high, color, **line) -> None:
    """A mean as a line, and its spread from `low` to `high` as a band of the same colour under
    it; `line` styles and labels the line."""
    ax.plot(x, mean, color=color, **line)
    ax.fill_between(x, low, high, color=color, alpha=BAND_ALPHA, linewidth=0)


def seed_range(values: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The mean over seeds (the columns of `values`), and the smallest and largest value."""
    return values.mean(1), values.min(1).values, values.max(1).values


def function_band(ax, theme: Theme, x, values: torch.Tensor, slug: str, **line) -> None:
    """One catalogue function's values over seeds (columns): their mean in its colour, labelled
    with its name, and their range as a band."""
    band(ax, x, *seed_range(values), theme.colour(slug), linewidth=2, label=by_slug(slug).title, **line)
