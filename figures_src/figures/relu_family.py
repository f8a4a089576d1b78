"""Figures and numbers of the ReLU family page: dying units, the leaky slope, PReLU, SELU."""

from __future__ import annotations

import math
from functools import cache

import matplotlib.pyplot as plt
import torch
from torch import nn

from figures_src import render
from figures_src.catalog import by_slug
from figures_src.data import spirals
from figures_src.models import spiral_mlp
from figures_src.registry import Figure
from figures_src.style import DISPLAY_DPI, FIGURE_SIZE, Theme
from figures_src.summaries import as_json, summary
from figures_src.training import ActivationGroup, ModelStack, Run, Settings, train_stack

SEEDS = tuple(range(10))
TEST_SEED = 2  # a second draw of the spirals, for held-out accuracy
# Dying units: every hidden bias starts this far below PyTorch's default, and the step is large.
DYING = Settings(epochs=300, learning_rate=1.0, seeds=SEEDS)
BIAS_SHIFT = -0.6
FRACTION_EVERY = 5  # epochs between two counts of inactive units
DYING_FUNCTIONS = ("relu", "leaky-relu", "elu")
# The leaky slope as a hyperparameter, and PReLU learning it.
SLOPES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5)
SWEEP = Settings(epochs=400, learning_rate=0.2, seeds=SEEDS)
PYTORCH_SLOPE, KERAS_SLOPE = 0.01, 0.3
# Self-normalisation.
STACK_DEPTH, STACK_WIDTH, STACK_SAMPLES = 30, 256, 2000
STACK_FUNCTIONS = ("selu", "elu", "relu")


def dying_model(name: str) -> nn.Sequential:
    """`relu` or `relu-shifted`, and so on for each function of DYING_FUNCTIONS."""
    slug, shifted = name.removesuffix("-shifted"), name.endswith("-shifted")
    return spiral_mlp(by_slug(slug).build, bias_shift=BIAS_SHIFT if shifted else 0.0)


def sweep_model(name: str) -> nn.Sequential:
    """`prelu`, or a leaky ReLU named by its slope."""
    if name == "prelu":
        return spiral_mlp(nn.PReLU)
    return spiral_mlp(lambda: nn.LeakyReLU(float(name)))


@cache
def dying_run(device: str) -> tuple[Run, torch.Tensor]:
    """The run, and the fraction of hidden units inactive on every training point, per epoch."""
    x, y = spirals()
    names = DYING_FUNCTIONS + tuple(f"{slug}-shifted" for slug in DYING_FUNCTIONS)
    run = train_stack(names, dying_model, x, y, DYING, device, keep_snapshots=True)
    fractions = []
    for snapshot in run.snapshots[::FRACTION_EVERY]:
        run.stack.load_state_dict(snapshot)
        fractions.append(inactive_fraction(run.stack, x))
    return run, torch.stack(fractions)


@torch.no_grad()
def inactive_fraction(stack: ModelStack, x: torch.Tensor) -> torch.Tensor:
    """Per member: the share of hidden units whose input is <= 0 for every point of x.

    For ReLU such a unit outputs 0 and gets no gradient from any point: it is dead. Leaky ReLU
    and ELU units in that state still pass a gradient, so they can come back.
    """
    shares = []
    for part in stack.parts:
        h, inactive = x, []
        for layer in part.layers:
            if isinstance(layer, ActivationGroup):
                inactive.append((h <= 0).all(dim=1))
            h = layer(h)
        shares.append(torch.cat(inactive, dim=1).float().mean(1))
    return torch.cat(shares)


@cache
def sweep_run(device: str) -> tuple[Run, torch.Tensor]:
    """The run (with a snapshot per epoch, for PReLU's slopes) and held-out accuracy per member."""
    names = tuple(str(slope) for slope in SLOPES) + ("prelu",)
    run = train_stack(names, sweep_model, *spirals(), SWEEP, device, keep_snapshots=True)
    test_x, test_y = spirals(seed=TEST_SEED)
    with torch.no_grad():
        test_accuracy = (run.stack(test_x).argmax(-1) == test_y).float().mean(1)
    return run, test_accuracy


def prelu_slopes(run: Run) -> torch.Tensor:
    """PReLU's learned slope per epoch, seed and layer: (epochs + 1, seeds, 2)."""
    part = run.stack.parts[-1]
    names = [f"layers.{index}.stacked.weight" for index, layer in enumerate(part.layers)
             if isinstance(layer, ActivationGroup)]
    index = len(run.stack.parts) - 1
    return torch.stack([torch.stack([snapshot[f"parts.{index}.{name}"].flatten().cpu() for name in names], 1)
                        for snapshot in run.snapshots])


@torch.no_grad()
def layer_statistics(slug: str) -> torch.Tensor:
    """Mean and variance of the activations after each of STACK_DEPTH layers: (depth, 2).

    LeCun normal weights (standard deviation 1/sqrt(fan_in)) and zero biases, inputs N(0, 1):
    the set-up under which SELU is derived to keep mean 0 and variance 1.
    """
    generator = torch.Generator().manual_seed(0)
    h = torch.randn(STACK_SAMPLES, STACK_WIDTH, generator=generator)
    function = by_slug(slug).build()
    statistics = []
    for _ in range(STACK_DEPTH):
        weight = torch.randn(STACK_WIDTH, STACK_WIDTH, generator=generator) / math.sqrt(STACK_WIDTH)
        h = function(h @ weight.T)
        statistics.append((float(h.mean()), float(h.var())))
    return torch.tensor(statistics)


# ---------------------------------------------------------------- drawing

def colour(theme: Theme, slug: str) -> str:
    return {"relu": theme.function, "leaky-relu": theme.derivative, "elu": "#59a14f",
            "selu": "#e15759"}[slug]


def draw_dying(theme: Theme, run: Run, fractions: torch.Tensor):
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.4), sharey=True, layout="constrained")
    epochs = FRACTION_EVERY * torch.arange(fractions.shape[0])
    for ax, suffix, title in ((axes[0], "", "PyTorch's default initialisation"),
                              (axes[1], "-shifted", f"hidden biases shifted by {BIAS_SHIFT}")):
        for slug in DYING_FUNCTIONS:
            share = fractions[:, run.stack.rows(slug + suffix)]
            ax.plot(epochs, 100 * share.mean(1), color=colour(theme, slug), linewidth=2,
                    label=by_slug(slug).title)
            ax.fill_between(epochs, 100 * share.min(1).values, 100 * share.max(1).values,
                            color=colour(theme, slug), alpha=0.15, linewidth=0)
        ax.set(title=title, xlabel="epoch")
    axes[0].set_ylabel("hidden units inactive on every point (%)")
    axes[1].legend()
    return fig


def draw_slopes(theme: Theme, run: Run, test_accuracy: torch.Tensor):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    means = [float(test_accuracy[run.stack.rows(str(s))].mean()) for s in SLOPES]
    stds = [float(test_accuracy[run.stack.rows(str(s))].std()) for s in SLOPES]
    ax.errorbar(SLOPES, [100 * m for m in means], yerr=[100 * s for s in stds], color=theme.function,
                marker="o", capsize=4, linewidth=2, label="leaky ReLU, mean ± std over 10 seeds")
    prelu = test_accuracy[run.stack.rows("prelu")]
    ax.axhline(100 * float(prelu.mean()), color=theme.derivative, linestyle="--", linewidth=1.5,
               label="PReLU (slope learned)")
    for slope, name in ((PYTORCH_SLOPE, "PyTorch default"), (KERAS_SLOPE, "Keras default")):
        ax.axvline(slope, color=theme.grid, linewidth=2, zorder=0)
        ax.text(slope, 0.55, f" {name}\n {slope}", color=theme.foreground, fontsize=8,
                transform=ax.get_xaxis_transform())
    ax.set(xlabel="negative slope", ylabel="held-out accuracy (%)")
    ax.legend(loc="lower left", fontsize=8)
    return fig


def draw_prelu(theme: Theme, slopes: torch.Tensor):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    epochs = torch.arange(slopes.shape[0])
    for layer, style in ((0, "-"), (1, "--")):
        for seed in range(slopes.shape[1]):
            ax.plot(epochs, slopes[:, seed, layer], style, color=theme.function if layer == 0 else theme.derivative,
                    linewidth=1, alpha=0.7, label=f"hidden layer {layer + 1}" if seed == 0 else None)
    ax.axhline(0.25, color=theme.foreground, linewidth=0.8, linestyle=":")
    ax.set(xlabel="epoch", ylabel="learned negative slope $a$")
    ax.legend()
    return fig


def draw_stack(theme: Theme, statistics: dict[str, torch.Tensor]):
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.4), layout="constrained")
    layers = torch.arange(1, STACK_DEPTH + 1)
    for slug, values in statistics.items():
        for ax, column in zip(axes, (0, 1)):
            ax.plot(layers, values[:, column], color=colour(theme, slug), linewidth=2, marker=".",
                    label=by_slug(slug).title)
    axes[0].axhline(0, color=theme.foreground, linewidth=0.8, linestyle=":")
    axes[1].axhline(1, color=theme.foreground, linewidth=0.8, linestyle=":")
    axes[0].set(xlabel="layer", ylabel="mean of the activations")
    axes[1].set(xlabel="layer", ylabel="variance of the activations", yscale="log")
    axes[1].legend()
    return fig


# ---------------------------------------------------------------- outputs


def dying_units(device: str) -> dict[str, bytes]:
    run, fractions = dying_run(device)
    names = dict.fromkeys(name for name, _ in run.stack.members)
    numbers = {
        "settings": {"epochs": DYING.epochs, "learning_rate": DYING.learning_rate,
                     "bias_shift": BIAS_SHIFT, "seeds": len(SEEDS)},
        "models": {name: {"inactive_start": summary(fractions[0, run.stack.rows(name)]),
                          "inactive_end": summary(fractions[-1, run.stack.rows(name)]),
                          "accuracy": summary(run.accuracies[run.stack.rows(name)])}
                   for name in names},
    }
    return {**render.themed("relu-family/dying", lambda theme: draw_dying(theme, run, fractions)),
            "relu-family/dying.json": as_json(numbers)}


def slopes(device: str) -> dict[str, bytes]:
    """The leaky slope swept, and PReLU learning it: one training run, two figures."""
    run, test_accuracy = sweep_run(device)
    learned = prelu_slopes(run)
    means = {slope: float(test_accuracy[run.stack.rows(str(slope))].mean()) for slope in SLOPES}
    small = [mean for slope, mean in means.items() if slope <= 0.1]
    numbers = {
        "settings": {"epochs": SWEEP.epochs, "learning_rate": SWEEP.learning_rate, "seeds": len(SEEDS)},
        "slopes": {str(slope): summary(test_accuracy[run.stack.rows(str(slope))]) for slope in SLOPES},
        "prelu": summary(test_accuracy[run.stack.rows("prelu")]),
        "best_slope": str(max(means, key=means.get)),
        "spread_up_to_0_1": max(small) - min(small),
        "pytorch_minus_keras": means[PYTORCH_SLOPE] - means[KERAS_SLOPE],
        "learned": {"start": float(learned[0].mean()), "layer_1": summary(learned[-1, :, 0]),
                    "layer_2": summary(learned[-1, :, 1])},
    }
    return {**render.themed("relu-family/slope-sweep", lambda theme: draw_slopes(theme, run, test_accuracy)),
            **render.themed("relu-family/prelu", lambda theme: draw_prelu(theme, learned)),
            "relu-family/slopes.json": as_json(numbers)}


def self_normalising() -> dict[str, bytes]:
    statistics = {slug: layer_statistics(slug) for slug in STACK_FUNCTIONS}
    numbers = {slug: {"depth": STACK_DEPTH, "width": STACK_WIDTH,
                      "last_mean": float(values[-1, 0]), "last_variance": float(values[-1, 1]),
                      "largest_mean_offset": float(values[:, 0].abs().max()),
                      "smallest_variance": float(values[:, 1].min()),
                      "largest_variance": float(values[:, 1].max())}
               for slug, values in statistics.items()}
    return {**render.themed("relu-family/self-normalising", lambda theme: draw_stack(theme, statistics)),
            "relu-family/self-normalising.json": as_json(numbers)}


STEPS = 24  # per direction; the animation plays forwards, then backwards, at 12 frames a second
ANIMATIONS = {  # file stem: (catalogue entry, module for a parameter value, range, parameter)
    "leaky-slope": ("leaky-relu", nn.LeakyReLU, (0.0, 1.0), "slope"),
    "elu-alpha": ("elu", nn.ELU, (0.1, 2.0), "α"),
    "softplus-beta": ("softplus", nn.Softplus, (0.5, 20.0), "β"),
}


def parameter_values(stem: str) -> list[float]:
    low, high = ANIMATIONS[stem][2]
    if stem == "softplus-beta":  # β grows geometrically: each doubling takes as long
        values = [low * (high / low) ** (i / (STEPS - 1)) for i in range(STEPS)]
    else:
        values = [low + (high - low) * i / (STEPS - 1) for i in range(STEPS)]
    return values + values[-2:0:-1]  # and back again, for a seamless loop


def parameter_animation(stem: str) -> dict[str, bytes]:
    slug, family, _, label = ANIMATIONS[stem]
    values = parameter_values(stem)
    x = torch.linspace(-3, 3, 301)

    def frames(theme: Theme):
        fig, ax = plt.subplots(figsize=(4.8, 3.2), dpi=DISPLAY_DPI)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.1, top=0.9)  # fixed: frames align
        ax.plot(x, torch.relu(x), color=theme.grid, linewidth=4, label="ReLU")
        (curve,) = ax.plot([], [], color=theme.function, linewidth=2.5)
        ax.set(xlim=(-3, 3), ylim=(-2.2, 3), title=f"{by_slug(slug).title}: {family.__name__}({label})")
        legend_label = ax.text(0.03, 0.8, "", transform=ax.transAxes, color=theme.function)
        ax.legend(loc="upper left")
        for value in values:
            with torch.no_grad():
                curve.set_data(x, family(value)(x))
            legend_label.set_text(f"{label} = {value:.2f}")
            yield fig

    # Readers who ask for reduced motion see the middle of the forward sweep.
    return render.themed_gif(f"relu-family/{stem}", frames, [83] * len(values), still_frame=STEPS // 2)


FIGURES = [
    Figure("relu-family-dying", dying_units),
    Figure("relu-family-slopes", slopes),
    Figure("relu-family-self-normalising", self_normalising),
    *(Figure(f"relu-family-animation-{stem}", parameter_animation, {"stem": stem}) for stem in ANIMATIONS),
]
