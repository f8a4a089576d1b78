"""Figures and numbers of the smooth adversarial training page.

The paper's numbers are redrawn from the citation; the experiment is run by the build: the same
small network adversarially trained with ReLU and with each smooth approximation, then attacked
harder than it was trained.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cache

import matplotlib.pyplot as plt
import torch

from figures_src.drawing import render
from figures_src.drawing.panels import band
from figures_src.drawing.style import TEXT_SIZE, Theme
from figures_src.figures import FigureJob
from figures_src.science.adversarial import (EVALUATION_STREAM, HIDDEN_UNITS, Attack, attacker_strength, digit_mlp,
                                             digits, member_generators, pgd, reads_correctly, train_minibatches, withstands)
from figures_src.science.catalog import by_slug, evaluate
from figures_src.science.stats import difference, percent, points
from figures_src.science.summaries import as_json, example_summary
from figures_src.science.training import ModelStack

SMOOTH = ("softplus", "parametric-softplus", "silu", "gelu", "elu", "smooth-relu")
ABLATION = "relu-smooth-backward"
NAMES = ("relu",) + SMOOTH + (ABLATION,)
LABELS = {slug: by_slug(slug).title for slug in ("relu",) + SMOOTH} | {
    ABLATION: "ReLU, smooth backward"}
# Xie, Tan, Gong, Yuille and Le (2020), Smooth Adversarial Training, arXiv:2006.14536.
# ResNet-50 on ImageNet, read from the paper's summary figure: (robustness %, accuracy %).
PAPER_RESULTS = {"relu": (33.0, 68.8), "parametric-softplus": (38.7, 68.8), "softplus": (40.0, 68.4),
                 "smooth-relu": (40.3, 69.4), "elu": (41.7, 69.2), "gelu": (41.7, 69.9),
                 "silu": (42.3, 69.7)}


@dataclass(frozen=True)
class Preset:
    seeds: int
    epochs: int
    epsilon: float = 0.1  # in pixel units of [0, 1]: 1.6 of the digits' 16 grey levels
    hidden_units: int = HIDDEN_UNITS
    batch_size: int = 128
    learning_rate: float = 1e-3
    eval_steps: int = 20
    eval_restarts: int = 3

    def network(self, name: str) -> torch.nn.Sequential:
        """The digit classifier with the activation `name`, at this preset's width."""
        return digit_mlp(name, self.hidden_units)

    def training_attack(self) -> Attack:
        """As in the paper: one PGD step with a random start (step 1.25 ε, as in "fast" training)."""
        return Attack(self.epsilon, steps=1, step_size=1.25 * self.epsilon)

    def evaluation_attack(self) -> Attack:
        """Stronger than training: many smaller steps and several random restarts."""
        return Attack(self.epsilon, steps=self.eval_steps, step_size=self.epsilon / 4,
                      restarts=self.eval_restarts)

    def yardstick_attack(self) -> Attack:
        """What the training attack is measured against: the evaluation attack, one restart."""
        return replace(self.evaluation_attack(), restarts=1)

    def strength_epochs(self) -> list[int]:
        """When the attacker's strength is measured: often early, when it changes fast."""
        return sorted({epoch for epoch in (1, 2, 5, 10, 20, 50) if epoch < self.epochs} | {self.epochs})


PRESETS = {"default": Preset(seeds=3, epochs=100), "full": Preset(seeds=10, epochs=100)}
STRENGTH_DIGITS = 256  # training digits the attacker's strength is measured on (the first of the split)


@cache
def experiment(preset_name: str, device: str) -> dict:
    preset = PRESETS[preset_name]
    x, y, test_x, test_y = (tensor.to(device) for tensor in digits())
    seeds = tuple(range(preset.seeds))
    stack = ModelStack(NAMES, seeds, preset.network).to(device)
    strength = {}

    def measure_strength(epoch: int) -> None:
        if epoch in preset.strength_epochs():
            strength[epoch] = attacker_strength(stack, x[:STRENGTH_DIGITS], y[:STRENGTH_DIGITS],
                                                preset.training_attack(), preset.yardstick_attack()).cpu()

    train_minibatches(stack, x, y, preset.training_attack(), preset.epochs, preset.batch_size,
                      preset.learning_rate, measure_strength)
    test_x, test_y = test_x.cpu(), test_y.cpu()
    attacked = as_attacked(stack.cpu(), preset)
    clean = reads_correctly(attacked, test_x, test_y)
    robust = withstands(attacked, test_x, test_y, preset.evaluation_attack())
    rows = {name: attacked.rows(name) for name in NAMES}
    models = {name: {"label": LABELS[name], "clean": example_summary(clean[rows[name]]),
                     "robust": example_summary(robust[rows[name]])} for name in NAMES}
    return {"preset": {"name": preset_name, **asdict(preset),
                       "training_attack": asdict(preset.training_attack()),
                       "evaluation_attack": asdict(preset.evaluation_attack()),
                       "train_points": len(y), "test_points": len(test_y)},
            "models": models,
            "most_robust": max(models.values(), key=lambda model: model["robust"]["mean"])["label"],
            "attacker_strength": strength_numbers(strength, rows, preset)}


def strength_numbers(strength: dict[int, torch.Tensor], rows: dict[str, list[int]], preset: Preset) -> dict:
    """The attacker's strength per model: at each epoch measured, and at the end of training,
    where each digit's part in it is kept for the paired comparisons of the claims."""
    at_end = {name: example_summary(strength[preset.epochs][rows[name]]) for name in NAMES}
    smooth_at_end = [at_end[name]["mean"] for name in SMOOTH]
    return {"digits": STRENGTH_DIGITS, "yardstick_attack": asdict(preset.yardstick_attack()),
            "epochs": list(strength),
            "models": {name: [example_summary(strength[epoch][rows[name]], keep_examples=False) for epoch in strength]
                       for name in NAMES},
            "at_end": at_end, "smooth_at_end_range": [min(smooth_at_end), max(smooth_at_end)]}


def as_attacked(stack: ModelStack, preset: Preset) -> ModelStack:
    """The trained stack as the evaluation attacks it: the ablation's networks compute ReLU, so
    they are attacked with ReLU's own gradient, not the smooth one they were trained with."""
    attacked = ModelStack(stack.names, stack.seeds, lambda name: preset.network("relu" if name == ABLATION else name))
    attacked.load_state_dict(stack.state_dict())
    return attacked


def undefended(preset_name: str, device: str) -> ModelStack:
    """ReLU networks trained on clean digits only, one per seed of the preset, from the same
    initial weights as the experiment's ReLU networks: the attack's first victims."""
    preset = PRESETS[preset_name]
    x, y, _, _ = (tensor.to(device) for tensor in digits())
    stack = ModelStack(("relu",), tuple(range(preset.seeds)), preset.network).to(device)
    train_minibatches(stack, x, y, None, preset.epochs, preset.batch_size, preset.learning_rate)
    return stack.cpu()


# ---------------------------------------------------------------- drawing


def draw_example(theme: Theme, panels: list[tuple[torch.Tensor, str, tuple[float, float]]]):
    """The digit, the perturbation and the attacked digit. The perturbation has a colour scale:
    its grey levels mean pixel changes from -epsilon to +epsilon, not the digits' ink."""
    fig, axes = plt.subplots(1, 3, figsize=(6.4, 2.9), layout="constrained")
    for ax, (image, title, (low, high)) in zip(axes, panels):
        shown = ax.imshow(image.view(8, 8), cmap="gray_r" if theme.name == "light" else "gray",
                          vmin=low, vmax=high)
        ax.set_title(title, fontsize=TEXT_SIZE)
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
        if low < 0:
            scale = fig.colorbar(shown, ax=ax, ticks=[low, 0, high], shrink=0.85, aspect=15)
            scale.ax.set_yticklabels([f"{low:+g}".replace("-", "\u2212"), "0", f"{high:+g}"])
            scale.outline.set_edgecolor(theme.foreground)
    return fig


def line_style(theme: Theme, name: str) -> dict:
    """One look per model on this page: each function in its colour (the same on every page), ReLU
    thick, the ablation (ReLU with a smooth backward pass) dashed in ReLU's colour."""
    if name in ("relu", ABLATION):
        return dict(color=theme.colour("relu"), linewidth=2.6 if name == "relu" else 1.8,
                    linestyle="--" if name == ABLATION else "-", label=LABELS[name])
    return dict(color=theme.colour(name), linewidth=1.6, label=LABELS[name])


def draw_functions(theme: Theme):
    x = torch.linspace(-3, 3, 601, dtype=torch.float64)
    fig, (forward, backward) = plt.subplots(1, 2, figsize=(6.4, 3.8), layout="constrained")
    for slug in ("relu",) + SMOOTH:
        y, dy = evaluate(by_slug(slug), x)
        style = line_style(theme, slug)
        forward.plot(x, y, **style)
        backward.plot(x, dy, **style)
    forward.set(title="forward pass: $f(x)$", xlabel="$x$", ylim=(-1.2, 3))
    backward.set(title="backward pass: $f'(x)$", xlabel="$x$", ylim=(-0.2, 1.25))
    fig.legend(*forward.get_legend_handles_labels(), loc="outside lower center", ncols=4,
               handlelength=1.2, handletextpad=0.3, columnspacing=0.8)
    return fig


CHART_SIZE = (6.4, 4.6)  # inches: the site's width, taller for a legend of three rows below


def accuracy_chart(ax, theme: Theme, points: dict[str, tuple], xlabel: str, ylabel: str) -> None:
    """Clean accuracy against robustness, as in the paper's summary figure: a point per model
    (keyed by its name on this page) in its colour, ReLU's square, and a legend below."""
    for name, (robust, clean, robust_err, clean_err) in points.items():
        style = line_style(theme, name)
        ax.errorbar(robust, clean, xerr=robust_err, yerr=clean_err, fmt="s" if name == "relu" else "o",
                    color=style["color"], label=style["label"], capsize=3, markersize=8,
                    markerfacecolor="none" if name == ABLATION else style["color"])
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.margins(0.1)
    ax.figure.legend(loc="outside lower center", ncols=3, handletextpad=0.3, columnspacing=1)


def draw_paper(theme: Theme):
    fig, ax = plt.subplots(figsize=CHART_SIZE, layout="constrained")
    points = {name: (robust, clean, 0, 0) for name, (robust, clean) in PAPER_RESULTS.items()}
    accuracy_chart(ax, theme, points, "robustness under PGD attack (%)", "clean accuracy (%)")
    ax.set_title("ResNet-50 on ImageNet, as reported by Xie et al. (2020)", fontsize=TEXT_SIZE)
    return fig


def mean_and_error(numbers: dict) -> tuple[float, float]:
    """A measured share (a summary), in percent: its mean and the half-width of its 95 % interval."""
    low, high = numbers["ci95"]
    return 100 * numbers["mean"], 100 * (high - low) / 2


def draw_experiment(theme: Theme, numbers: dict):
    fig, ax = plt.subplots(figsize=CHART_SIZE, layout="constrained")
    points = {}
    for name, model in numbers["models"].items():
        (robust, robust_error), (clean, clean_error) = map(mean_and_error, (model["robust"], model["clean"]))
        points[name] = (robust, clean, robust_error, clean_error)
    accuracy_chart(ax, theme, points, "robust accuracy under PGD-20, 3 restarts (%)", "clean accuracy (%)")
    ax.set_title("two-layer MLP on 8×8 digits, measured by this build", fontsize=TEXT_SIZE)
    return fig


def draw_strength(theme: Theme, numbers: dict):
    """The attacker's strength during training: the mean over seeds, with its 95 % interval (over
    seeds and digits) as a band."""
    strength = numbers["attacker_strength"]
    fig, ax = plt.subplots(figsize=CHART_SIZE, layout="constrained")
    for name, per_epoch in strength["models"].items():
        band(ax, strength["epochs"], [epoch["mean"] for epoch in per_epoch],
             *zip(*(epoch["ci95"] for epoch in per_epoch)), marker="o", markersize=3, **line_style(theme, name))
    ax.set_xscale("log")
    ax.set_xticks(strength["epochs"], [str(epoch) for epoch in strength["epochs"]])
    ax.minorticks_off()
    ax.set(xlabel="epochs of adversarial training", ylabel="share of PGD-20's loss gain")
    ax.set_title("what the one-step training attack reaches of a strong attack's effect", fontsize=TEXT_SIZE)
    fig.legend(loc="outside lower center", ncols=3, handletextpad=0.3, columnspacing=1)
    return fig


def results_table(numbers: dict) -> str:
    lines = ["| Activation | Clean accuracy | Robust accuracy | Robust, minus ReLU's (paired) |",
             "|---|---|---|---|"]
    relu = numbers["models"]["relu"]
    for name, model in numbers["models"].items():
        gap = points(difference(model["robust"], relu["robust"])) if name != "relu" else ""
        lines.append(f"| {model['label']} | {percent(model['clean'])} | {percent(model['robust'])} | {gap} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- outputs


def output_folder(preset: str) -> str:
    """The default preset's outputs are the page's; another preset's go in a folder of its own."""
    return "smooth-adversarial" if preset == "default" else f"smooth-adversarial/{preset}"


def undefended_outputs(preset: str, device: str) -> dict[str, bytes]:
    """The clean-trained networks under attack, and one of their test digits, attacked."""
    settings = PRESETS[preset]
    stack = undefended(preset, device)
    _, _, test_x, test_y = digits()
    attack = settings.evaluation_attack()
    adversarial, fooled = pgd(stack, test_x, test_y, attack, member_generators(stack, EVALUATION_STREAM))
    clean = reads_correctly(stack, test_x, test_y)
    with torch.no_grad():  # the example: the first seed's network, its first digit read correctly
        adversarial_prediction = stack(adversarial[0]).argmax(-1)[0]  # and misread where the attack ends
    index = int((clean[0] & (adversarial_prediction != test_y)).nonzero()[0])
    original, attacked = test_x[index], adversarial[0, index]
    epsilon = attack.epsilon
    panels = [(original, f"a {int(test_y[index])},\npredicted {int(test_y[index])}", (0, 1)),
              (attacked - original, f"perturbation,\nat most ±{epsilon}", (-epsilon, epsilon)),
              (attacked, f"attacked,\npredicted {int(adversarial_prediction[index])}", (0, 1))]
    numbers = {"preset": {"name": preset, "seeds": settings.seeds, "epochs": settings.epochs},
               "epsilon": epsilon, "clean": example_summary(clean), "robust": example_summary(~fooled),
               "example": {"digit": int(test_y[index]), "fooled_into": int(adversarial_prediction[index])}}
    folder = output_folder(preset)
    return {**render.themed(f"{folder}/example", lambda theme: draw_example(theme, panels)),
            f"{folder}/undefended.json": as_json(numbers)}


def functions() -> dict[str, bytes]:
    return render.themed("smooth-adversarial/functions", draw_functions)


def paper_chart() -> dict[str, bytes]:
    return render.themed("smooth-adversarial/paper", draw_paper)


def experiment_outputs(preset: str, device: str) -> dict[str, bytes]:
    numbers = experiment(preset, device)
    folder = output_folder(preset)
    return {**render.themed(f"{folder}/experiment", lambda theme: draw_experiment(theme, numbers)),
            **render.themed(f"{folder}/attacker-strength", lambda theme: draw_strength(theme, numbers)),
            f"{folder}/experiment.json": as_json(numbers),
            f"{folder}/experiment-table.md": results_table(numbers).encode()}


FIGURES = [
    FigureJob("smooth-adversarial-undefended", undefended_outputs, {"preset": "default"}),
    FigureJob("smooth-adversarial-functions", functions),
    FigureJob("smooth-adversarial-paper", paper_chart),
    FigureJob("smooth-adversarial-experiment", experiment_outputs, {"preset": "default"}),
    FigureJob("smooth-adversarial-experiment-full", experiment_outputs, {"preset": "full"}, on_demand=True),
    FigureJob("smooth-adversarial-undefended-full", undefended_outputs, {"preset": "full"}, on_demand=True),
]
