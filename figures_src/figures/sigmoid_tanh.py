"""Figures and numbers of the sigmoid, tanh and hardtanh page: shapes, saturation, signs."""

from __future__ import annotations

from functools import cache

import matplotlib.pyplot as plt
import torch
from torch.nn import functional as F

from figures_src import render
from figures_src.catalog import by_slug, evaluate
from figures_src.data import xor_data
from figures_src.models import DEEP_LAYERS, DEEP_WIDTH, deep_mlp
from figures_src.registry import Figure
from figures_src.style import FIGURE_SIZE, Theme
from figures_src.summaries import as_json
from figures_src.training import Run, Settings, train_stack

S_SHAPED = ("sigmoid", "tanh", "hardtanh")
DEEP = ("sigmoid", "tanh", "relu")
SEEDS = tuple(range(10))
DEEP_TRAINING = Settings(epochs=300, learning_rate=0.1, seeds=SEEDS)
DEEP_POINTS = 250  # the first 250 XOR points: a small task, quick to train ten layers on
# The zig-zag experiment: one neuron, two incoming weights, per-example SGD.
TARGET = (1.0, -1.0)
ZIGZAG_STEPS, ZIGZAG_RATE, CLOSE_ENOUGH = 400, 0.5, 0.1


def colour(theme: Theme, slug: str) -> str:
    return {"sigmoid": theme.derivative, "tanh": theme.function, "hardtanh": "#59a14f",
            "relu": "#e15759"}[slug]


def draw_curves(theme: Theme):
    x = torch.linspace(-4, 4, 801, dtype=torch.float64)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.4), layout="constrained")
    for slug in S_SHAPED:
        y, dy = evaluate(by_slug(slug), x)
        left.plot(x, y, color=colour(theme, slug), linewidth=2, label=by_slug(slug).title)
        right.plot(x, dy, color=colour(theme, slug), linewidth=2, label=by_slug(slug).title)
    left.plot(x[::25], 2 * torch.sigmoid(2 * x[::25]) - 1, "o", color=theme.foreground, markersize=3,
              label=r"$2\,\sigma(2x) - 1$")
    for bound in (0.25, 1.0):
        right.axhline(bound, color=theme.foreground, linewidth=0.8, linestyle=":")
        right.text(-4, bound + 0.03, f"max {bound:g}", color=theme.foreground, fontsize=8)
    left.set(title="$f(x)$", xlabel="$x$")
    right.set(title="$f'(x)$ from autograd", xlabel="$x$", ylim=(-0.05, 1.15))
    left.legend(fontsize=8)
    return fig


def draw_saturation(theme: Theme):
    x = torch.linspace(-10, 10, 2001, dtype=torch.float64)
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    for slug in ("sigmoid", "tanh"):
        _, dy = evaluate(by_slug(slug), x)
        ax.semilogy(x, dy, color=colour(theme, slug), linewidth=2, label=by_slug(slug).title)
    ax.axhline(1e-2, color=theme.foreground, linewidth=0.8, linestyle=":")
    ax.text(-10, 1.3e-2, "1 % of tanh's largest slope", color=theme.foreground, fontsize=8)
    ax.set(xlabel="$x$", ylabel="$f'(x)$ (log scale)", ylim=(1e-5, 2))
    ax.legend()
    return fig


@cache
def deep_gradients() -> dict[str, torch.Tensor]:
    """Gradient norm of each layer's weights at initialisation: {slug: (seeds, layers)}."""
    x, y = xor_data()
    x, y = x[:DEEP_POINTS], y[:DEEP_POINTS]
    norms = {}
    for slug in DEEP:
        rows = []
        for seed in SEEDS:
            torch.manual_seed(seed)
            model = deep_mlp(slug)
            F.cross_entropy(model(x), y).backward()
            rows.append([model[2 * layer].weight.grad.norm() for layer in range(DEEP_LAYERS)])
        norms[slug] = torch.tensor(rows)
    return norms


@cache
def deep_training(device: str) -> Run:
    x, y = xor_data()
    return train_stack(DEEP, deep_mlp, x[:DEEP_POINTS], y[:DEEP_POINTS], DEEP_TRAINING, device)


def draw_gradients(theme: Theme, norms: dict[str, torch.Tensor]):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    layers = torch.arange(1, DEEP_LAYERS + 1)
    for slug, values in norms.items():
        ax.semilogy(layers, values.mean(0), marker="o", color=colour(theme, slug), linewidth=2,
                    label=by_slug(slug).title)
        ax.fill_between(layers, values.min(0).values, values.max(0).values, color=colour(theme, slug),
                        alpha=0.15, linewidth=0)
    ax.set(xlabel="layer (1 = next to the input)", ylabel="gradient norm of the weights",
           xticks=layers)
    ax.legend()
    return fig


def draw_training(theme: Theme, run: Run):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    epochs = torch.arange(run.losses.shape[0])
    for slug in DEEP:
        curves = run.losses[:, run.stack.rows(slug)]
        ax.plot(epochs, curves.mean(1), color=colour(theme, slug), linewidth=2, label=by_slug(slug).title)
        ax.fill_between(epochs, curves.min(1).values, curves.max(1).values, color=colour(theme, slug),
                        alpha=0.15, linewidth=0)
    ax.set(xlabel="epoch (one full-batch SGD step)", ylabel="cross-entropy loss")
    ax.legend()
    return fig


def zigzag(slug: str, seed: int = 0) -> torch.Tensor:
    """Weights of one linear neuron learning TARGET from inputs passed through `slug`.

    Per-example SGD on the squared error. The gradient for one example is (error) * input, so
    when every input is positive (sigmoid) both weights must move in the same direction at each
    step, while TARGET needs one to grow and the other to shrink: the path zig-zags.
    """
    generator = torch.Generator().manual_seed(seed)
    function = by_slug(slug).build()
    inputs = function(torch.randn(ZIGZAG_STEPS, 2, generator=generator))
    target = torch.tensor(TARGET)
    weights = [torch.zeros(2)]
    for a in inputs:
        error = weights[-1] @ a - target @ a
        weights.append(weights[-1] - ZIGZAG_RATE * error * a)
    return torch.stack(weights)


def zigzag_numbers(path: torch.Tensor) -> dict:
    steps = path.diff(dim=0)
    same_sign = ((steps[:, 0] * steps[:, 1]) > 0).float().mean()
    distance = (path - torch.tensor(TARGET)).norm(dim=1)
    arrived = (distance < CLOSE_ENOUGH).nonzero()
    return {"same_sign_steps": float(same_sign),
            "steps_to_target": int(arrived[0]) if len(arrived) else None,
            "final_distance": float(distance[-1])}


def draw_zigzag(theme: Theme, paths: dict[str, torch.Tensor]):
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.8), sharex=True, sharey=True, layout="constrained")
    for ax, (slug, path) in zip(axes, paths.items()):
        shown = path[:60]
        ax.plot(shown[:, 0], shown[:, 1], "-o", color=colour(theme, slug), markersize=2.5, linewidth=1.2)
        ax.plot(*TARGET, "*", color=theme.foreground, markersize=12, label="target weights")
        ax.plot(0, 0, "s", color=theme.foreground, markersize=5, label="start")
        kind = "all positive" if slug == "sigmoid" else "zero-centred"
        ax.set(title=f"{slug} inputs ({kind})", xlabel="$w_1$", aspect="equal")
    axes[0].set_ylabel("$w_2$")
    axes[1].legend(loc="upper right", fontsize=8)
    return fig


# ---------------------------------------------------------------- outputs


def shapes() -> dict[str, bytes]:
    x = torch.linspace(-10, 10, 20001, dtype=torch.float64)
    slopes = {slug: evaluate(by_slug(slug), x)[1] for slug in ("sigmoid", "tanh")}
    numbers = {
        "identity_max_difference": float((torch.tanh(x) - (2 * torch.sigmoid(2 * x) - 1)).abs().max()),
        "largest_slope": {slug: float(dy.max()) for slug, dy in slopes.items()},
        # beyond this |x| the slope is below 1 % of tanh's largest
        "saturated_beyond": {slug: float(x[dy >= 0.01].abs().max()) for slug, dy in slopes.items()},
    }
    return {**render.themed("sigmoid-tanh/curves", draw_curves),
            **render.themed("sigmoid-tanh/saturation", draw_saturation),
            "sigmoid-tanh/shapes.json": as_json(numbers)}


def vanishing_gradients(device: str) -> dict[str, bytes]:
    norms, run = deep_gradients(), deep_training(device)
    first = {slug: float(values[:, 0].mean()) for slug, values in norms.items()}
    numbers = {
        "layers": DEEP_LAYERS, "width": DEEP_WIDTH, "points": DEEP_POINTS, "seeds": len(SEEDS),
        "epochs": DEEP_TRAINING.epochs, "learning_rate": DEEP_TRAINING.learning_rate,
        "first_layer_gradient": first,
        "last_layer_gradient": {slug: float(values[:, -1].mean()) for slug, values in norms.items()},
        "relu_over_sigmoid_first_layer": first["relu"] / first["sigmoid"],
        "final_loss": {slug: float(run.losses[-1, run.stack.rows(slug)].mean()) for slug in DEEP},
        "accuracy": {slug: float(run.accuracies[run.stack.rows(slug)].mean()) for slug in DEEP},
    }
    return {**render.themed("sigmoid-tanh/gradients", lambda theme: draw_gradients(theme, norms)),
            **render.themed("sigmoid-tanh/deep-training", lambda theme: draw_training(theme, run)),
            "sigmoid-tanh/deep.json": as_json(numbers)}


def sign_combinations() -> dict[str, bytes]:
    paths = {slug: zigzag(slug) for slug in ("sigmoid", "tanh")}
    numbers = {"settings": {"steps": ZIGZAG_STEPS, "learning_rate": ZIGZAG_RATE,
                            "close_enough": CLOSE_ENOUGH, "target": list(TARGET)},
               **{slug: zigzag_numbers(path) for slug, path in paths.items()}}
    return {**render.themed("sigmoid-tanh/zigzag", lambda theme: draw_zigzag(theme, paths)),
            "sigmoid-tanh/zigzag.json": as_json(numbers)}


FIGURES = [
    Figure("sigmoid-tanh-shapes", shapes),
    Figure("sigmoid-tanh-vanishing-gradients", vanishing_gradients),
    Figure("sigmoid-tanh-sign-combinations", sign_combinations),
]
