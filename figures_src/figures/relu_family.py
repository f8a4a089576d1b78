"""Figures and numbers of the ReLU family page: dying units, the leaky slope, PReLU, SELU. The
experiments themselves are in science/relu_experiments.py."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from torch import nn

from figures_src.drawing import render
from figures_src.drawing.panels import (decision_regions, function_band, panel, panel_grid, scatter_classes,
                                        square_grid)
from figures_src.drawing.style import FIGURE_SIZE, Theme
from figures_src.figures import FigureJob
from figures_src.science.catalog import by_slug
from figures_src.science.data import spirals
from figures_src.science.relu_experiments import (BIAS_SHIFT, COMMON_SLOPES, COUNT_EVERY, DYING,
                                                  DYING_FUNCTIONS, DYING_MODELS, ELU_ALPHAS, KERAS_SLOPE,
                                                  LARGE_STEP_AFTER, LARGE_STEP_BEFORE, LARGE_STEP_RATE,
                                                  PRELU_START, PYTORCH_SLOPE, RESCUE_SLOPES, SEEDS, SLOPES,
                                                  SLOPE_EVERY, STACK_DEPTH, STACK_FUNCTIONS, STACK_WIDTH,
                                                  SWEEP, UPHEAVAL, derivative_jump_at_zero, dying_run,
                                                  large_step_epochs, large_step_run, layer_statistics,
                                                  prelu_slopes, sweep_run)
from figures_src.science.stats import quoted, share_over_seeds, spread
from figures_src.science.summaries import as_json, example_summary, summary
from figures_src.science.training import Run, predict


def dying_title(name: str) -> str:
    """A dying model's activation as a table shows it: "Leaky ReLU, slope 0.3"."""
    slug = name.removesuffix("-shifted")
    slope = slug.removeprefix("leaky-relu-")
    return f"{by_slug('leaky-relu').title}, slope {slope}" if slope != slug else by_slug(slug).title


# ---------------------------------------------------------------- drawing


def draw_dying(theme: Theme, run: Run, inactive: torch.Tensor):
    """Inactive share of each hidden layer's units over training, biases shifted."""
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.6), sharey=True, layout="constrained")
    epochs = torch.tensor(counted_epochs(inactive.shape[0]))
    for layer, ax in enumerate(axes):
        for slug in DYING_FUNCTIONS:
            share = 100 * inactive[:, run.rows(f"{slug}-shifted"), layer].float().mean(-1)
            function_band(ax, theme, epochs, share, slug)
        ax.set(title=f"hidden layer {layer + 1}", xlabel="epoch")
    axes[0].set_ylabel("units inactive on every point (%)")
    axes[1].legend()
    return fig


def draw_large_step(theme: Theme, inactive: torch.Tensor, rows: dict[str, list[int]]):
    """Inactive share of each hidden layer's units over training, one large step at its epoch."""
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 4.0), sharey=True, layout="constrained")
    epochs = torch.tensor(large_step_epochs())
    for layer, ax in enumerate(axes):
        ax.axvline(LARGE_STEP_BEFORE, color=theme.foreground, linewidth=1, linestyle=":")
        for slug in DYING_FUNCTIONS:
            function_band(ax, theme, epochs, 100 * inactive[:, rows[slug], layer].float().mean(-1), slug)
        ax.set(title=f"hidden layer {layer + 1}", xlabel="epoch")
    axes[0].set_ylabel("units inactive on every point (%)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
    return fig


def counted_epochs(counts: int) -> list[int]:
    """The epochs at which inactive units were counted (see training.train's snapshots)."""
    return [min(COUNT_EVERY * index, DYING.epochs) for index in range(counts)]


def draw_slopes(theme: Theme, run: Run, correct: torch.Tensor):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    spreads = [spread(correct[run.rows(str(s))].int().tolist()) for s in SLOPES]
    ax.errorbar(SLOPES, [100 * s.mean for s in spreads], yerr=[100 * s.half_width for s in spreads],
                color=theme.colour("leaky-relu"), marker="o", capsize=4, linewidth=2,
                label=f"leaky ReLU, mean and 95 % interval ({len(SEEDS)} seeds, held-out points)")
    prelu = spread(correct[run.rows("prelu")].int().tolist())
    ax.axhspan(100 * prelu.low, 100 * prelu.high, color=theme.colour("prelu"), alpha=0.2, linewidth=0)
    ax.axhline(100 * prelu.mean, color=theme.colour("prelu"), linestyle="--", linewidth=1.5,
               label="PReLU (slope learned), mean and 95 % interval")
    for slope, name in ((PYTORCH_SLOPE, "PyTorch default"), (KERAS_SLOPE, "Keras default")):
        ax.axvline(slope, color=theme.grid, linewidth=2, zorder=0)
        ax.text(slope, 0.55, f" {name}\n {slope}", color=theme.foreground,
                transform=ax.get_xaxis_transform())
    ax.set(xlabel="negative slope", ylabel="held-out accuracy (%)")
    ax.legend(loc="lower left")
    return fig


def draw_prelu(theme: Theme, slopes: torch.Tensor):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    epochs = SLOPE_EVERY * torch.arange(slopes.shape[0])
    for layer, style in ((0, "-"), (1, "--")):
        for seed in range(slopes.shape[1]):
            ax.plot(epochs, slopes[:, seed, layer], style, color=theme.function if layer == 0 else theme.derivative,
                    linewidth=1, alpha=0.7, label=f"hidden layer {layer + 1}" if seed == 0 else None)
    ax.axhline(PRELU_START, color=theme.foreground, linewidth=0.8, linestyle=":")
    ax.set(xlabel="epoch", ylabel="learned negative slope $a$")
    ax.legend()
    return fig


def draw_stack(theme: Theme, statistics: dict[str, torch.Tensor]):
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.6), layout="constrained")
    layers = torch.arange(1, STACK_DEPTH + 1)
    for slug, values in statistics.items():
        for ax, column in zip(axes, (0, 1)):
            ax.plot(layers, values[:, column], color=theme.colour(slug), linewidth=2, marker=".",
                    label=by_slug(slug).title)
    axes[0].axhline(0, color=theme.foreground, linewidth=0.8, linestyle=":")
    axes[1].axhline(1, color=theme.foreground, linewidth=0.8, linestyle=":")
    axes[0].set(xlabel="layer", ylabel="mean of the activations")
    axes[1].set(xlabel="layer", ylabel="variance of the activations", yscale="log")
    render.readable_log_ticks(axes[1].yaxis)
    axes[1].legend()
    return fig


# ---------------------------------------------------------------- outputs


def layer_changes(inactive: torch.Tensor) -> dict:
    """For one model's seeds (counts, seeds, units) of one layer: the share of units inactive at
    the start and at the end, and how many of the units inactive at the start were active at the
    end (revived), counted over all seeds."""
    start, end = inactive[0], inactive[-1]
    return {"inactive_start": summary(start.float().mean(-1)), "inactive_end": summary(end.float().mean(-1)),
            "revived": {"units": int((start & ~end).sum()), "of": int(start.sum())},
            "died": {"units": int((~start & end).sum()), "of": int((~start).sum())}}


def dying_table(numbers: dict) -> str:
    lines = ["| Activation | Biases | Inactive at the start | Inactive at the end | Training accuracy |",
             "|---|---|---|---|---|"]
    for name, model in numbers["models"].items():
        biases = f"shifted by {BIAS_SHIFT}" if name.endswith("-shifted") else "PyTorch's default"
        cells = [share_over_seeds(model[key]["per_seed"]) for key in ("inactive_start", "inactive_end")]
        cells.append(share_over_seeds(model["accuracy"]["per_seed"], numbers["settings"]["chance"]))
        lines.append(f"| {dying_title(name)} | {biases} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def dying_units(device: str) -> dict[str, bytes]:
    run, inactive = dying_run(device)
    models = {}
    for name in DYING_MODELS:
        rows = inactive[:, run.rows(name)]  # (counts, seeds, layers, units)
        models[name] = {"inactive_start": summary(rows[0].flatten(1).float().mean(-1)),
                        "inactive_end": summary(rows[-1].flatten(1).float().mean(-1)),
                        "accuracy": summary(run.accuracies[run.rows(name)]),
                        "layers": [layer_changes(rows[:, :, layer]) for layer in range(rows.shape[2])]}
    accuracy = {name: run.accuracies[run.rows(name)] for name in DYING_MODELS}
    numbers = {
        "settings": {"epochs": DYING.epochs, "learning_rate": DYING.learning_rate,
                     "bias_shift": BIAS_SHIFT, "seeds": len(SEEDS), "count_every": COUNT_EVERY,
                     "rescue_slopes": list(RESCUE_SLOPES),
                     "chance": float(torch.bincount(spirals()[1]).max() / len(spirals()[1]))},
        "models": models,
        # paired by seed: the same initial weights, only the activation differs
        "leaky_minus_relu_shifted": summary(accuracy["leaky-relu-shifted"] - accuracy["relu-shifted"]),
        "elu_minus_relu_shifted": summary(accuracy["elu-shifted"] - accuracy["relu-shifted"]),
    }
    return {**render.themed("relu-family/dying", lambda theme: draw_dying(theme, run, inactive)),
            "relu-family/dying.json": as_json(numbers),
            "relu-family/dying-table.md": dying_table(numbers).encode()}


def step_changes(inactive: torch.Tensor) -> dict:
    """For one model's seeds (counts, seeds, units) of one layer, counted as large_step_run does:
    the share of units inactive on every point just before the step, UPHEAVAL epochs after it and
    at the end; the units killed (active before the step, inactive UPHEAVAL epochs after it), and
    how many of those are active again at the end."""
    before, end = inactive[LARGE_STEP_BEFORE], inactive[-1]
    upheaval = inactive[LARGE_STEP_BEFORE + 1 + UPHEAVAL]  # count LARGE_STEP_BEFORE + 1: just after the step
    killed = ~before & upheaval
    return {"inactive_before": summary(before.float().mean(-1)),
            "inactive_after": summary(upheaval.float().mean(-1)),
            "inactive_end": summary(end.float().mean(-1)),
            "killed": {"units": int(killed.sum()), "of": int((~before).sum())},
            "back": {"units": int((killed & ~end).sum()), "of": int(killed.sum())}}


def large_step(device: str) -> dict[str, bytes]:
    """Units killed by one large update, and which of them come back."""
    before, after, inactive = large_step_run(device)
    rows = {slug: before.rows(slug) for slug in DYING_FUNCTIONS}
    models = {slug: {"layers": [step_changes(inactive[:, rows[slug], layer]) for layer in range(inactive.shape[2])],
                     "loss_before_step": summary(before.losses[-1, rows[slug]]),
                     "loss_after_step": summary(after.losses[0, rows[slug]])}
              for slug in DYING_FUNCTIONS}
    numbers = {"settings": {"epochs_before": LARGE_STEP_BEFORE, "epochs_after": LARGE_STEP_AFTER,
                            "learning_rate": DYING.learning_rate, "large_step_rate": LARGE_STEP_RATE,
                            "upheaval": UPHEAVAL, "seeds": len(SEEDS)},
               "models": models}
    return {**render.themed("relu-family/large-step", lambda theme: draw_large_step(theme, inactive, rows)),
            "relu-family/large-step.json": as_json(numbers)}


def slopes(device: str) -> dict[str, bytes]:
    """The leaky slope swept, and PReLU learning it: one training run, two figures."""
    run, correct = sweep_run(device)
    learned = prelu_slopes(run)
    held_out = {name: correct[run.rows(name)] for name in [str(slope) for slope in SLOPES] + ["prelu"]}
    accuracy = {name: table.double().mean(1) for name, table in held_out.items()}
    common = {str(slope): accuracy[str(slope)] for slope in COMMON_SLOPES}
    best, worst = (pick(common, key=lambda name: float(common[name].mean())) for pick in (max, min))
    fixed = {str(slope): accuracy[str(slope)] for slope in SLOPES}
    best_fixed = max(fixed, key=lambda name: float(fixed[name].mean()))

    def paired(a: str, b: str) -> dict:  # by seed and held-out point
        return example_summary(held_out[a].double() - held_out[b].double(), keep_examples=False)

    numbers = {
        "settings": {"epochs": SWEEP.epochs, "learning_rate": SWEEP.learning_rate, "seeds": len(SEEDS),
                     "pytorch_slope": PYTORCH_SLOPE, "keras_slope": KERAS_SLOPE,
                     "common_slopes": list(COMMON_SLOPES)},
        # held-out accuracy, each point's outcome kept so that claims can pair slopes point by point
        "slopes": {str(slope): example_summary(held_out[str(slope)]) for slope in SLOPES},
        "prelu": example_summary(held_out["prelu"]),
        # differences paired by seed (each seed starts every slope from the same weights) and point
        "compared": {
            "leaky_minus_relu": paired(str(PYTORCH_SLOPE), "0.0"),
            "pytorch_minus_keras": paired(str(PYTORCH_SLOPE), str(KERAS_SLOPE)),
            "best_minus_worst_common": {"best": best, "worst": worst, **paired(best, worst)},
            "prelu_minus_best_fixed": {"best": best_fixed, **paired("prelu", best_fixed)},
        },
        "learned": {"start": float(learned[0].mean()), "layer_1": summary(learned[-1, :, 0]),
                    "layer_2": summary(learned[-1, :, 1])},
    }
    return {**render.themed("relu-family/slope-sweep", lambda theme: draw_slopes(theme, run, correct)),
            **render.themed("relu-family/prelu", lambda theme: draw_prelu(theme, learned)),
            **spiral_panels(run, correct),
            "relu-family/slopes.json": as_json(numbers)}


SPIRAL_LIMIT, SPIRAL_STEP = 2.6, 0.02  # the plotted square, in standardised units, and its grid
SHOWN = {"0.0": "ReLU", str(PYTORCH_SLOPE): f"leaky ReLU, slope {PYTORCH_SLOPE}", "prelu": "PReLU"}


def spiral_panels(run: Run, correct: torch.Tensor) -> dict[str, bytes]:
    """The spirals the networks learn, and the decision regions of three of them (first seed),
    each captioned with its held-out accuracy over all seeds: a grid of panels."""
    x, y = spirals()
    gx, gy, points = square_grid(SPIRAL_LIMIT, SPIRAL_STEP)
    with torch.no_grad():
        labels = predict(run.stack, points)

    def data(ax, theme: Theme) -> None:
        scatter_classes(ax, theme, x, y)
        ax.set(xlim=(-SPIRAL_LIMIT, SPIRAL_LIMIT), ylim=(-SPIRAL_LIMIT, SPIRAL_LIMIT), aspect="equal")

    files = render.themed("relu-family/spirals/data", lambda theme: panel(lambda ax: data(ax, theme)))
    cells = [("The spirals: three interleaved arms of 200 points each, one class per arm, drawn as "
              "squares, dots and triangles", "relu-family/spirals/data.png",
              f"The training data ({len(y)} points)")]
    for name, title in SHOWN.items():
        shown = labels[run.member(name, SEEDS[0])]
        files.update(render.themed(f"relu-family/spirals/{name}", lambda theme: panel(
            lambda ax: decision_regions(ax, theme, (gx, gy), shown, x, y))))
        cells.append((f"Decision regions of the network with {title} on the spirals (seed {SEEDS[0]}), "
                      f"the training points on top", f"relu-family/spirals/{name}.png",
                      f"{title}: {quoted(correct[run.rows(name)].int().tolist(), '%')} held out"))
    files["relu-family/spirals.md"] = panel_grid(cells).encode()
    return files


def self_normalising() -> dict[str, bytes]:
    statistics = {slug: layer_statistics(slug) for slug in STACK_FUNCTIONS}
    numbers = {slug: {"depth": STACK_DEPTH, "width": STACK_WIDTH,
                      "last_mean": float(values[-1, 0]), "last_variance": float(values[-1, 1]),
                      "largest_mean_offset": float(values[:, 0].abs().max()),
                      "smallest_variance": float(values[:, 1].min()),
                      "largest_variance": float(values[:, 1].max())}
               for slug, values in statistics.items()}
    numbers["elu_derivative_jump"] = {str(alpha): derivative_jump_at_zero(nn.ELU(alpha)) for alpha in ELU_ALPHAS}
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
        fig, ax = plt.subplots(figsize=(4.8, 3.2))
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.1, top=0.9)  # fixed: frames align
        ax.plot(x, torch.relu(x), color=theme.colour("relu"), linewidth=3, linestyle=(0, (3, 2)), label="ReLU")
        (curve,) = ax.plot([], [], color=theme.colour(slug), linewidth=2.5)
        ax.set(xlim=(-3, 3), ylim=(-2.2, 3), title=f"{by_slug(slug).title}: {family.__name__}({label})")
        legend_label = ax.text(0.03, 0.8, "", transform=ax.transAxes, color=theme.colour(slug))
        ax.legend(loc="upper left")
        for value in values:
            with torch.no_grad():
                curve.set_data(x, family(value)(x))
            legend_label.set_text(f"{label} = {value:.2f}")
            yield fig

    # Readers who ask for reduced motion see the middle of the forward sweep.
    return render.themed_animation(f"relu-family/{stem}", frames, [83] * len(values), still_frame=STEPS // 2)


FIGURES = [
    FigureJob("relu-family-dying", dying_units),
    FigureJob("relu-family-large-step", large_step),
    FigureJob("relu-family-slopes", slopes),
    FigureJob("relu-family-self-normalising", self_normalising),
    *(FigureJob(f"relu-family-animation-{stem}", parameter_animation, {"stem": stem}) for stem in ANIMATIONS),
]
