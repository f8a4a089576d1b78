"""Figures and tables of the gallery page: one plot of f and f' per catalogue entry."""

from __future__ import annotations

import matplotlib.pyplot as plt

from figures_src.drawing import render
from figures_src.drawing.style import FIGURE_SIZE, TEXT_SIZE, Theme
from figures_src.figures import FigureJob
from figures_src.science.catalog import CATALOG, Activation, break_at_kinks, by_slug, evaluate, normal_moments, plot_grid
from figures_src.science.summaries import as_json


# Every plot of the gallery has the same margins (room for the widest tick labels), so that they
# line up on the page. Fixed margins draw in half the time of a layout engine (72 ms, not 131 ms,
# a plot), plain labels a little faster than mathtext, and a title placed at the top of the axes
# (where matplotlib would find room for it anyway) spares it measuring every tick label to see
# whether the title clears them (20 ms a plot): that keeps `mkdocs serve` quick when this module
# is edited.
MARGINS = {"left": 0.105, "right": 0.97, "bottom": 0.14, "top": 0.93}


def draw_activation(activation: Activation, theme: Theme):
    x = plot_grid(activation)
    y, dy = evaluate(activation, x)
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, gridspec_kw=MARGINS)
    ax.axhline(0, color=theme.foreground, linewidth=0.6)
    ax.axvline(0, color=theme.foreground, linewidth=0.6)
    ax.plot(x, y, color=theme.colour(activation.slug), linewidth=2.2, label="f(x)")
    ax.plot(x, break_at_kinks(x, dy, activation.kinks), color=theme.foreground, linewidth=1.8,
            linestyle="--", label="f′(x), from autograd")
    ax.set_xlim(*activation.x_range)
    ax.set_xlabel("x")
    ax.set_title(f"{activation.title}: {activation.torch_call}", fontsize=TEXT_SIZE, y=1.0)
    ax.legend(loc="upper left", frameon=True)
    return fig


def activation_plot(slug: str) -> dict[str, bytes]:
    activation = by_slug(slug)
    return render.themed(f"gallery/{slug}", lambda theme: draw_activation(activation, theme))


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def number(value: float) -> str:
    return f"{value:.4g}"


def activation_section(activation: Activation) -> str:
    low, high = activation.x_range
    alt = (f"{activation.title} (solid line) and its derivative from autograd (dashed line) "
           f"for x from {number(low)} to {number(high)}")
    defaults = ", ".join(f"`{key}={value!r}`" for key, value in activation.defaults.items()) or "none"
    lines = [
        f"## {activation.title} {{#{activation.slug}}}",
        "",
        '<div class="activation" markdown>',
        "",
        f"$$\n{activation.formula}\n$$",
        "",
        f"$$\n{activation.derivative_formula}\n$$",
        "",
        f"![{alt}](figures/gallery/{activation.slug}.png)",
        "/// caption",
        f"{activation.title}: the function and its derivative, computed by "
        f"`{activation.torch_call}` and autograd.",
        "///",
        "",
        f"In PyTorch: `{activation.torch_call}`, constructor defaults {defaults}. "
        f"Range ${activation.range_latex}$, $f'(0) = {number(activation.slope_at_zero)}$ "
        f"in PyTorch, largest $\\lvert f' \\rvert = {number(activation.max_slope)}$.",
    ]
    if activation.note:
        lines += ["", activation.note]
    lines += ["", "</div>"]
    return "\n".join(lines) + "\n"


PROPERTY_HEADER = (
    "| Function | Range | Negative outputs | Mean output for $x \\sim \\mathcal{N}(0, 1)$ | Zero-centred "
    "| Monotonic | Smooth (C¹) | Saturates | $f'(0)$ | largest $\\lvert f' \\rvert$ |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n"
)


def property_row(activation: Activation, mean: float) -> str:
    cells = [
        f"[{activation.title}](#{activation.slug})",
        f"${activation.range_latex}$",
        yes_no(activation.output_range[0] < 0),
        f"{mean:.2f}".replace("-0.00", "0.00"),
        yes_no(activation.zero_centred),
        yes_no(activation.monotonic),
        yes_no(activation.smooth),
        activation.saturates,
        number(activation.slope_at_zero),
        number(activation.max_slope),
    ]
    return "| " + " | ".join(cells) + " |\n"


def gallery_text() -> dict[str, bytes]:
    sections = "\n".join(activation_section(activation) for activation in CATALOG)
    moments = {activation.slug: dict(zip(("mean", "std"), normal_moments(activation))) for activation in CATALOG}
    table = PROPERTY_HEADER + "".join(property_row(a, moments[a.slug]["mean"]) for a in CATALOG)
    return {"gallery/activations.md": sections.encode(), "gallery/properties.md": table.encode(),
            "gallery/normal-moments.json": as_json(moments)}


FIGURES = [
    FigureJob(f"activation-{activation.slug}", activation_plot, {"slug": activation.slug})
    for activation in CATALOG
] + [FigureJob("gallery-text", gallery_text)]
