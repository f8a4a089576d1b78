"""Figures and numbers of the smooth adversarial training page.

The paper's numbers are redrawn from the citation; the experiment is run by the build: the same
small network adversarially trained with ReLU and with each smooth approximation, then attacked
harder than it was trained.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache

import matplotlib.pyplot as plt
import torch

from figures_src import render
from figures_src.adversarial import (EVALUATION_STREAM, Attack, clean_accuracy, digit_mlp, digits, pgd,
                                     member_generators, robust_accuracy, train_minibatches)
from figures_src.catalog import by_slug, evaluate
from figures_src.registry import Figure
from figures_src.style import FIGURE_SIZE, Theme
from figures_src.stats import interval, quoted
from figures_src.summaries import as_json, summary
from figures_src.training import ModelStack

SMOOTH = ("softplus", "parametric-softplus", "silu", "gelu", "elu", "smooth-relu")
ABLATION = "relu-smooth-backward"
NAMES = ("relu",) + SMOOTH + (ABLATION,)
LABELS = {slug: by_slug(slug).title for slug in ("relu",) + SMOOTH} | {
    ABLATION: "ReLU, smooth backward"}
PAPER = "Xie, Tan, Gong, Yuille and Le (2020), Smooth Adversarial Training, arXiv:2006.14536"
# ResNet-50 on ImageNet, read from the paper's summary figure: (robustness %, accuracy %).
PAPER_RESULTS = {"ReLU": (33.0, 68.8), "Parametric Softplus": (38.7, 68.8), "Softplus": (40.0, 68.4),
                 "SmoothReLU": (40.3, 69.4), "ELU": (41.7, 69.2), "GELU": (41.7, 69.9),
                 "SiLU": (42.3, 69.7)}


@dataclass(frozen=True)
class Preset:
    seeds: int
    epochs: int
    epsilon: float = 0.1  # in pixel units of [0, 1]: 1.6 of the digits' 16 grey levels
    batch_size: int = 128
    learning_rate: float = 1e-3
    eval_steps: int = 20
    eval_restarts: int = 3

    def training_attack(self) -> Attack:
        """As in the paper: one PGD step with a random start (step 1.25 ε, as in "fast" training)."""
        return Attack(self.epsilon, steps=1, step_size=1.25 * self.epsilon)

    def evaluation_attack(self) -> Attack:
        """Stronger than training: many smaller steps and several random restarts."""
        return Attack(self.epsilon, steps=self.eval_steps, step_size=self.epsilon / 4,
                      restarts=self.eval_restarts)


PRESETS = {"default": Preset(seeds=3, epochs=30), "full": Preset(seeds=10, epochs=100)}


@cache
def experiment(preset_name: str, device: str) -> dict:
    preset = PRESETS[preset_name]
    x, y, test_x, test_y = (tensor.to(device) for tensor in digits())
    seeds = tuple(range(preset.seeds))
    stack = ModelStack(NAMES, seeds, digit_mlp).to(device)
    train_minibatches(stack, x, y, preset.training_attack(), preset.epochs, preset.batch_size,
                      preset.learning_rate)
    undefended = ModelStack(("relu",), seeds, digit_mlp).to(device)  # the same start, clean training
    train_minibatches(undefended, x, y, None, preset.epochs, preset.batch_size, preset.learning_rate)
    test_x, test_y = test_x.cpu(), test_y.cpu()
    attacked = as_attacked(stack.cpu(), seeds)
    clean = clean_accuracy(attacked, test_x, test_y)
    robust = robust_accuracy(attacked, test_x, test_y, preset.evaluation_attack())
    undefended_clean = clean_accuracy(undefended.cpu(), test_x, test_y)
    undefended_robust = robust_accuracy(undefended, test_x, test_y, preset.evaluation_attack())
    rows = {name: attacked.rows(name) for name in NAMES}
    relu_robust = float(robust[rows["relu"]].mean())
    most_robust = max(NAMES, key=lambda name: float(robust[rows[name]].mean()))
    return {"preset": {"name": preset_name, **asdict(preset),
                       "training_attack": asdict(preset.training_attack()),
                       "evaluation_attack": asdict(preset.evaluation_attack()),
                       "train_points": len(y), "test_points": len(test_y)},
            "models": {name: {"label": LABELS[name], "clean": summary(clean[rows[name]]),
                              "robust": summary(robust[rows[name]])} for name in NAMES},
            "undefended": {"clean": summary(undefended_clean), "robust": summary(undefended_robust)},
            "most_robust": LABELS[most_robust],
            # what drawing another set of test digits alone would change (binomial standard error)
            "relu_robust_test_sampling_error": (relu_robust * (1 - relu_robust) / len(test_y)) ** 0.5,
            # paired by seed: the same initial weights, minibatch order and random starts
            "compared": {
                "clean_cost_of_adversarial_training": summary(undefended_clean - clean[rows["relu"]]),
                **{f"{name}_minus_relu": {"robust": summary(robust[rows[name]] - robust[rows["relu"]]),
                                          "clean": summary(clean[rows[name]] - clean[rows["relu"]])}
                   for name in SMOOTH + (ABLATION,)}}}


def as_attacked(stack: ModelStack, seeds: tuple[int, ...]) -> ModelStack:
    """The trained stack as the evaluation attacks it: the ablation's networks compute ReLU, so
    they are attacked with ReLU's own gradient, not the smooth one they were trained with."""
    attacked = ModelStack(NAMES, seeds, lambda name: digit_mlp("relu" if name == ABLATION else name))
    attacked.load_state_dict(stack.state_dict())
    return attacked


def undefended() -> ModelStack:
    """One ReLU network trained on clean digits only: the attack's first victim."""
    x, y, _, _ = digits()
    stack = ModelStack(("relu",), (0,), digit_mlp)
    preset = PRESETS["default"]
    train_minibatches(stack, x, y, None, preset.epochs, preset.batch_size, preset.learning_rate)
    return stack


# ---------------------------------------------------------------- drawing


def draw_example(theme: Theme, panels: list[tuple[torch.Tensor, str, tuple[float, float]]]):
    fig, axes = plt.subplots(1, 3, figsize=(7.2, 2.9), layout="constrained")
    for ax, (image, title, (low, high)) in zip(axes, panels):
        ax.imshow(image.view(8, 8), cmap="gray_r" if theme.name == "light" else "gray", vmin=low, vmax=high)
        ax.set_title(title, fontsize=9)
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
    return fig


def draw_functions(theme: Theme):
    x = torch.linspace(-3, 3, 601, dtype=torch.float64)
    fig, (forward, backward) = plt.subplots(1, 2, figsize=(8.4, 3.6), layout="constrained")
    colours = plt.get_cmap("tab10").colors
    for index, slug in enumerate(("relu",) + SMOOTH):
        y, dy = evaluate(by_slug(slug), x)
        style = dict(color=theme.foreground if slug == "relu" else colours[index],
                     linewidth=3 if slug == "relu" else 1.6, label=by_slug(slug).title)
        forward.plot(x, y, **style)
        backward.plot(x, dy, **style)
    forward.set(title="forward pass: $f(x)$", xlabel="$x$", ylim=(-1.2, 3))
    backward.set(title="backward pass: $f'(x)$", xlabel="$x$", ylim=(-0.2, 1.25))
    backward.legend(fontsize=7, loc="upper left")
    return fig


def accuracy_chart(ax, theme: Theme, points: dict[str, tuple], xlabel: str, ylabel: str) -> None:
    """Clean accuracy against robustness, as in the paper's summary figure; ReLU stands out."""
    for label, (robust, clean, robust_err, clean_err) in points.items():
        is_relu = label == "ReLU"
        ax.errorbar(robust, clean, xerr=robust_err, yerr=clean_err, fmt="s" if is_relu else "o",
                    color=theme.derivative if is_relu else theme.function, capsize=3, markersize=7)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.margins(0.15)
    ax.figure.canvas.draw()  # lay the figure out, so that label sizes on screen are final
    label_apart(ax, [(label, robust, clean) for label, (robust, clean, _, _) in points.items()],
                theme.foreground)


# Where a label may go round its point (offset in points, alignment), in order of preference.
LABEL_PLACES = [((6, 4), "left"), ((6, -12), "left"), ((-6, 4), "right"), ((-6, -12), "right")]


def label_apart(ax, labels: list[tuple[str, float, float]], colour: str) -> None:
    """Label points, each in the first of LABEL_PLACES that overlaps no label placed before it
    (the measured points move with the training, so no fixed placement would do)."""
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    for label, x, y in labels:
        for offset, alignment in LABEL_PLACES:
            text = ax.annotate(label, (x, y), textcoords="offset points", xytext=offset,
                               ha=alignment, fontsize=8, color=colour)
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed) or offset == LABEL_PLACES[-1][0]:
                break
            text.remove()
        placed.append(box)


def draw_paper(theme: Theme):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    points = {label: (robust, clean, 0, 0) for label, (robust, clean) in PAPER_RESULTS.items()}
    accuracy_chart(ax, theme, points, "robustness under PGD attack (%)", "clean accuracy (%)")
    ax.set_title("ResNet-50 on ImageNet, as reported by Xie et al. (2020)", fontsize=10)
    return fig


def mean_and_error(numbers: dict) -> tuple[float, float]:
    """A quantity over seeds, in percent: its mean and the half-width of its 95 % interval."""
    spread = interval(numbers["per_seed"])
    return 100 * spread.mean, 100 * spread.half_width


def draw_experiment(theme: Theme, numbers: dict):
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    points = {}
    for model in numbers["models"].values():
        (robust, robust_error), (clean, clean_error) = map(mean_and_error, (model["robust"], model["clean"]))
        points[model["label"]] = (robust, clean, robust_error, clean_error)
    accuracy_chart(ax, theme, points, "robust accuracy under PGD-20, 3 restarts (%)", "clean accuracy (%)")
    ax.set_title("two-layer MLP on 8×8 digits, measured by this build", fontsize=10)
    return fig


def results_table(numbers: dict) -> str:
    lines = ["| Activation | Clean accuracy | Robust accuracy | Robust, minus ReLU's (paired) |",
             "|---|---|---|---|"]
    for name, model in numbers["models"].items():
        difference = numbers["compared"].get(f"{name}_minus_relu", {}).get("robust")
        gap = quoted(difference["per_seed"], "points") if difference else ""
        lines.append(f"| {model['label']} | {percent(model['clean'])} | {percent(model['robust'])} | {gap} |")
    undefended = numbers["undefended"]
    lines.append(f"| ReLU, trained on clean digits only | {percent(undefended['clean'])} "
                 f"| {percent(undefended['robust'])} | |")
    return "\n".join(lines) + "\n"


def percent(numbers: dict) -> str:
    return quoted(numbers["per_seed"], "%")


# ---------------------------------------------------------------- outputs


def adversarial_example() -> dict[str, bytes]:
    stack = undefended()
    _, _, test_x, test_y = digits()
    attack = PRESETS["default"].evaluation_attack()
    adversarial, fooled = pgd(stack, test_x, test_y, attack, member_generators(stack, EVALUATION_STREAM))
    with torch.no_grad():
        clean_prediction = stack(test_x).argmax(-1)[0]
        adversarial_prediction = stack(adversarial).argmax(-1)[0]
    index = int(((clean_prediction == test_y) & fooled[0]).nonzero()[0])
    original, attacked = test_x[index], adversarial[0, index]
    epsilon = attack.epsilon
    panels = [(original, f"test digit: a {int(test_y[index])}\npredicted {int(clean_prediction[index])}", (0, 1)),
              (attacked - original, f"perturbation, each pixel\nwithin ±{epsilon}", (-epsilon, epsilon)),
              (attacked, f"adversarial digit\npredicted {int(adversarial_prediction[index])}", (0, 1))]
    numbers = {"epsilon": attack.epsilon, "clean_accuracy": float(clean_accuracy(stack, test_x, test_y)[0]),
               "robust_accuracy": float(1 - fooled[0].float().mean()), "digit": int(test_y[index]),
               "fooled_into": int(adversarial_prediction[index])}
    return {**render.themed("smooth-adversarial/example", lambda theme: draw_example(theme, panels)),
            "smooth-adversarial/undefended.json": as_json(numbers)}


def functions() -> dict[str, bytes]:
    return render.themed("smooth-adversarial/functions", draw_functions)


def paper_chart() -> dict[str, bytes]:
    return render.themed("smooth-adversarial/paper", draw_paper)


def experiment_outputs(preset: str, device: str) -> dict[str, bytes]:
    numbers = experiment(preset, device)
    folder = "smooth-adversarial" if preset == "default" else f"smooth-adversarial/{preset}"
    return {**render.themed(f"{folder}/experiment", lambda theme: draw_experiment(theme, numbers)),
            f"{folder}/experiment.json": as_json(numbers),
            f"{folder}/experiment-table.md": results_table(numbers).encode()}


FIGURES = [
    Figure("smooth-adversarial-example", adversarial_example),
    Figure("smooth-adversarial-functions", functions),
    Figure("smooth-adversarial-paper", paper_chart),
    Figure("smooth-adversarial-experiment", experiment_outputs, {"preset": "default"}),
    Figure("smooth-adversarial-experiment-full", experiment_outputs, {"preset": "full"}, on_demand=True),
]
