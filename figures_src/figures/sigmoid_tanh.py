"""Figures and numbers of the sigmoid, tanh and hardtanh page, one section per heading of
docs/sigmoid-tanh.md: shapes and slopes, saturation in deep networks, sign combinations, and
the difference in practice (shallow or deep, few steps or many)."""

from __future__ import annotations

from functools import cache

import matplotlib.pyplot as plt
import torch
from torch.nn import functional as F

from figures_src.drawing import render
from figures_src.drawing.panels import function_band
from figures_src.drawing.style import FIGURE_SIZE, Theme
from figures_src.figures import FigureJob
from figures_src.science.catalog import by_slug, evaluate
from figures_src.science.data import xor_data
from figures_src.science.models import DEEP_LAYERS, DEEP_WIDTH, deep_mlp, xor_model
from figures_src.science.summaries import as_json, summary
from figures_src.science.training import Run, Settings, train_stack

S_SHAPED = ("sigmoid", "tanh", "hardtanh")
COMPARED = ("sigmoid", "tanh", "relu")
SEEDS = tuple(range(10))


# %% Two S-shapes, one of them steeper


def draw_curves(theme: Theme):
    x = torch.linspace(-4, 4, 801, dtype=torch.float64)
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 4.2), layout="constrained")
    for slug in S_SHAPED:
        y, dy = evaluate(by_slug(slug), x)
        left.plot(x, y, color=theme.colour(slug), linewidth=2, label=by_slug(slug).title)
        right.plot(x, dy, color=theme.colour(slug), linewidth=2, label=by_slug(slug).title)
    left.plot(x[::25], 2 * torch.sigmoid(2 * x[::25]) - 1, "o", color=theme.foreground, markersize=3,
              label=r"$2\,\sigma(2x) - 1$")
    for bound in (0.25, 1.0):
        right.axhline(bound, color=theme.foreground, linewidth=0.8, linestyle=":")
        right.text(-4, bound + 0.03, f"max {bound:g}", color=theme.foreground)
    left.set(title="$f(x)$", xlabel="$x$")
    right.set(title="$f'(x)$ from autograd", xlabel="$x$", ylim=(-0.05, 1.15))
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig


def draw_saturation(theme: Theme, crossing: float):
    x = torch.linspace(-10, 10, 2001, dtype=torch.float64)
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    for slug in ("sigmoid", "tanh"):
        _, dy = evaluate(by_slug(slug), x)
        ax.semilogy(x, dy, color=theme.colour(slug), linewidth=2, label=by_slug(slug).title)
    render.readable_log_ticks(ax.yaxis)
    ax.axhline(1e-2, color=theme.foreground, linewidth=0.8, linestyle=":")
    ax.text(-10, 1.3e-2, "1 % of tanh's largest slope", color=theme.foreground)
    for side in (-crossing, crossing):
        ax.axvline(side, color=theme.grid, linewidth=1.5, zorder=0)
    ax.text(crossing + 0.2, 1.2, f"|x| = {crossing:.2f}: tanh's slope\nfalls below the sigmoid's",
            color=theme.foreground, va="top")
    ax.set(xlabel="$x$", ylabel="$f'(x)$ (log scale)", ylim=(1e-5, 2))
    ax.legend(loc="lower center")
    return fig


def mean_slope(slope: torch.Tensor, x: torch.Tensor) -> float:
    """The slope averaged over standard-normal inputs, where a unit's input lies at the start of
    training (x must span the normal density: [-10, 10] leaves out less than 1e-22), by the
    trapezoidal rule."""
    density = torch.exp(-x**2 / 2) / (2 * torch.pi) ** 0.5
    return float(torch.trapezoid(density * slope, x))


def shapes() -> dict[str, bytes]:
    x = torch.linspace(-10, 10, 200_001, dtype=torch.float64)  # steps of 1e-4
    slopes = {slug: evaluate(by_slug(slug), x)[1] for slug in ("sigmoid", "tanh")}
    hardtanh, hardtanh_slope = evaluate(by_slug("hardtanh"), x)
    steeper = slopes["tanh"] > slopes["sigmoid"]
    crossing = float(x[steeper].abs().max())  # tanh's slope is the larger one inside ±crossing
    numbers = {
        "identity_max_difference": float((torch.tanh(x) - (2 * torch.sigmoid(2 * x) - 1)).abs().max()),
        "largest_slope": {slug: float(dy.max()) for slug, dy in slopes.items()},
        "at_zero": {slug: dict(zip(("value", "slope"), map(float, evaluate(by_slug(slug), torch.zeros(1)))))
                    for slug in slopes},
        "tanh_steeper_within": crossing,
        # beyond this |x| the slope is below 1 % of tanh's largest
        "saturated_beyond": {slug: float(x[dy >= 0.01].abs().max()) for slug, dy in slopes.items()},
        "slope_at_10": {slug: float(dy[-1]) for slug, dy in slopes.items()},
        "mean_slope_normal": {slug: mean_slope(dy, x) for slug, dy in slopes.items()},
        # hardtanh beside tanh: how far apart the curves get, and where hardtanh is flat
        "hardtanh": {"largest_difference_from_tanh": float((hardtanh - torch.tanh(x)).abs().max()),
                     "slope_at_zero": float(hardtanh_slope[x.abs().argmin()]),
                     "sloped_within": float(x[hardtanh_slope != 0].abs().max()),
                     "flat_slope": float(hardtanh_slope[x.abs() > 1].abs().max())},
    }
    return {**render.themed("sigmoid-tanh/curves", draw_curves),
            **render.themed("sigmoid-tanh/saturation", lambda theme: draw_saturation(theme, crossing)),
            "sigmoid-tanh/shapes.json": as_json(numbers)}


# %% Saturation and vanishing gradients: ten layers on the first 250 XOR points

DEEP_TRAINING = Settings(epochs=300, learning_rate=0.1, seeds=SEEDS)
DEEP_POINTS = 250  # a small task, quick to train ten layers on


def deep_task() -> tuple[torch.Tensor, torch.Tensor]:
    x, y = xor_data()
    return x[:DEEP_POINTS], y[:DEEP_POINTS]


@cache
def deep_gradients() -> dict[str, torch.Tensor]:
    """Gradient norm of each layer's weights at initialisation: {slug: (seeds, layers)}."""
    x, y = deep_task()
    norms = {}
    for slug in COMPARED:
        rows = []
        for seed in SEEDS:
            torch.manual_seed(seed)
            model = deep_mlp(slug)
            F.cross_entropy(model(x), y).backward()
            rows.append([model[2 * layer].weight.grad.norm() for layer in range(DEEP_LAYERS)])
        norms[slug] = torch.tensor(rows)
    return norms


def draw_gradients(theme: Theme, norms: dict[str, torch.Tensor]):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    layers = torch.arange(1, DEEP_LAYERS + 1)
    for slug, values in norms.items():
        function_band(ax, theme, layers, values.T, slug, marker="o")
    ax.set_yscale("log")
    render.readable_log_ticks(ax.yaxis)
    ax.set(xlabel="layer (1 = next to the input)", ylabel="gradient norm of the weights",
           xticks=layers)
    ax.legend()
    return fig


def draw_training(theme: Theme, run: Run):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    epochs = torch.arange(run.losses.shape[0])
    for slug in COMPARED:
        function_band(ax, theme, epochs, run.losses[:, run.rows(slug)], slug)
    ax.set(xlabel="epoch (one full-batch SGD step)", ylabel="cross-entropy loss")
    ax.legend()
    return fig


def vanishing_gradients(device: str) -> dict[str, bytes]:
    norms = deep_gradients()
    x, y = deep_task()
    run = train_stack(COMPARED, deep_mlp, x, y, DEEP_TRAINING, device)
    numbers = {
        "layers": DEEP_LAYERS, "width": DEEP_WIDTH, "points": DEEP_POINTS, "seeds": len(SEEDS),
        "epochs": DEEP_TRAINING.epochs, "learning_rate": DEEP_TRAINING.learning_rate,
        "majority_class_share": float(y.bincount().max() / len(y)),
        "first_layer_gradient": {slug: summary(values[:, 0]) for slug, values in norms.items()},
        "last_layer_gradient": {slug: summary(values[:, -1]) for slug, values in norms.items()},
        # how much of the last layer's gradient reaches the first, per seed
        "first_over_last": {slug: summary(values[:, 0] / values[:, -1]) for slug, values in norms.items()},
        "final_loss": {slug: summary(run.losses[-1, run.rows(slug)]) for slug in COMPARED},
        "accuracy": {slug: summary(run.accuracies[run.rows(slug)]) for slug in COMPARED},
    }
    return {**render.themed("sigmoid-tanh/gradients", lambda theme: draw_gradients(theme, norms)),
            **render.themed("sigmoid-tanh/deep-training", lambda theme: draw_training(theme, run)),
            "sigmoid-tanh/deep.json": as_json(numbers)}


# %% Zero-centred outputs and sign combinations: one neuron, two weights, per-example SGD

TARGET = (1.0, -1.0)
# The control: weights that must move together. If sigmoid inputs are slower towards TARGET only
# because they are smaller or less varied than tanh's, they are slower towards CONTROL too; if it
# is their one sign, the handicap is TARGET's alone.
CONTROL = (1.0, 1.0)
ZIGZAG_STEPS, ZIGZAG_RATE, CLOSE_ENOUGH = 400, 0.5, 0.1


def zigzag(slug: str, seed: int, target: tuple[float, float] = TARGET) -> torch.Tensor:
    """Weights of one linear neuron learning `target` from inputs passed through `slug`.

    Per-example SGD on the squared error. The gradient for one example is (error) * input, so
    when every input is positive (sigmoid) both weights must move in the same direction at each
    step, while TARGET needs one to grow and the other to shrink: the path zig-zags.
    """
    generator = torch.Generator().manual_seed(seed)
    function = by_slug(slug).build()
    inputs = function(torch.randn(ZIGZAG_STEPS, 2, generator=generator))
    target = torch.tensor(target)
    weights = [torch.zeros(2)]
    for a in inputs:
        error = weights[-1] @ a - target @ a
        weights.append(weights[-1] - ZIGZAG_RATE * error * a)
    return torch.stack(weights)


def steps_to_target(path: torch.Tensor, target: tuple[float, float] = TARGET) -> int:
    """The first step after which the weights are within CLOSE_ENOUGH of the target."""
    arrived = ((path - torch.tensor(target)).norm(dim=1) < CLOSE_ENOUGH).nonzero()
    if not len(arrived):
        raise ValueError(f"the neuron did not come within {CLOSE_ENOUGH} in {ZIGZAG_STEPS} steps")
    return int(arrived[0])


def same_sign_share(path: torch.Tensor) -> float:
    """Among the steps on the way to the target that move both weights, the share that moves
    them in the same direction. (Once there, the error is zero and steps do not move at all.)"""
    steps = path[: steps_to_target(path) + 1].diff(dim=0)
    product = steps[:, 0] * steps[:, 1]
    return float((product > 0).sum() / (product != 0).sum())


def draw_zigzag(theme: Theme, paths: dict[str, torch.Tensor]):
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.8), sharex=True, sharey=True, layout="constrained")
    for ax, (slug, path) in zip(axes, paths.items()):
        shown = path[:60]
        ax.plot(shown[:, 0], shown[:, 1], "-o", color=theme.colour(slug), markersize=2.5, linewidth=1.2)
        ax.plot(*TARGET, "*", color=theme.foreground, markersize=12, label="target weights")
        ax.plot(0, 0, "s", color=theme.foreground, markersize=5, label="start")
        kind = "all positive" if slug == "sigmoid" else "both signs"
        ax.set(title=f"{slug} inputs ({kind})", xlabel="w₁", aspect="equal")
    axes[0].set_ylabel("w₂")
    axes[1].legend(loc="upper right")
    return fig


def sign_combinations() -> dict[str, bytes]:
    paths = {slug: [zigzag(slug, seed) for seed in SEEDS] for slug in ("sigmoid", "tanh")}
    control = {slug: [float(steps_to_target(zigzag(slug, seed, CONTROL), CONTROL)) for seed in SEEDS] for slug in paths}
    numbers = {"settings": {"steps": ZIGZAG_STEPS, "learning_rate": ZIGZAG_RATE, "seeds": len(SEEDS),
                            "close_enough": CLOSE_ENOUGH, "target": list(TARGET), "control_target": list(CONTROL)},
               **{slug: {"same_sign_share": summary(torch.tensor([same_sign_share(p) for p in runs])),
                         "steps_to_target": summary(torch.tensor([float(steps_to_target(p)) for p in runs])),
                         "steps_to_control": summary(torch.tensor(control[slug]))}
                  for slug, runs in paths.items()}}
    first = {slug: runs[0] for slug, runs in paths.items()}
    return {**render.themed("sigmoid-tanh/zigzag", lambda theme: draw_zigzag(theme, first)),
            "sigmoid-tanh/zigzag.json": as_json(numbers)}


# %% In practice: the lecture's shallow XOR network given a longer budget

LONG_BUDGET = Settings(epochs=1000, learning_rate=0.1)  # the lecture's set-up, 40 times the steps
SHORT_BUDGET = 25  # the lecture's


def draw_budget(theme: Theme, run: Run):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    steps = torch.arange(1, run.losses.shape[0] + 1)  # from 1, for the log axis
    for slug in COMPARED:
        function_band(ax, theme, steps, run.losses[:, run.rows(slug)], slug)
    ax.axvline(SHORT_BUDGET + 1, color=theme.foreground, linewidth=0.8, linestyle=":")
    ax.text(SHORT_BUDGET + 2, 0.05, "the lecture's\n25 steps", color=theme.foreground)
    ax.set(xscale="log", xlabel="full-batch SGD steps (log scale)", ylabel="cross-entropy loss",
           ylim=(0, 0.75))
    render.readable_log_ticks(ax.xaxis)
    ax.legend(loc="lower left")
    return fig


def training_budget(device: str) -> dict[str, bytes]:
    run = train_stack(COMPARED, xor_model, *xor_data(), LONG_BUDGET, device)
    numbers = {"settings": {"epochs": LONG_BUDGET.epochs, "learning_rate": LONG_BUDGET.learning_rate,
                            "seeds": len(LONG_BUDGET.seeds), "short_budget": SHORT_BUDGET},
               **{slug: {f"{name}_after_{steps}": summary(curve[steps, run.rows(slug)])
                         for steps in (SHORT_BUDGET, LONG_BUDGET.epochs)
                         for name, curve in (("accuracy", run.accuracy_curve), ("loss", run.losses))}
                  for slug in COMPARED}}
    return {**render.themed("sigmoid-tanh/budget", lambda theme: draw_budget(theme, run)),
            "sigmoid-tanh/budget.json": as_json(numbers)}


FIGURES = [
    FigureJob("sigmoid-tanh-shapes", shapes),
    FigureJob("sigmoid-tanh-vanishing-gradients", vanishing_gradients),
    FigureJob("sigmoid-tanh-sign-combinations", sign_combinations),
    FigureJob("sigmoid-tanh-budget", training_budget),
]
