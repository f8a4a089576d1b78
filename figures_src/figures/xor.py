"""Figures and numbers of the XOR page: which models can bend a decision boundary.

One job trains every network once (about a second) and draws and quotes everything that shows
them; the training animation trains its two models again, keeping a snapshot of every epoch.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from figures_src.drawing import render
from figures_src.drawing.panels import band, decision_regions, panel, panel_grid, scatter_classes, square_grid
from figures_src.drawing.style import Theme
from figures_src.figures import FigureJob
from figures_src.science.catalog import CATALOG
from figures_src.science.data import xor_data
from figures_src.science.models import XOR_HIDDEN, XOR_MODELS, fold_linear_mlp, xor_model
from figures_src.science.stats import quoted
from figures_src.science.summaries import as_json, summary
from figures_src.science.training import Run, Settings, predict, train_stack

SETTINGS = Settings()
SHOWN_SEED = SETTINGS.seeds[0]  # the seed whose networks the pictures show
TITLES = {"logistic-regression": "Logistic regression", "linear": "MLP, no activation"} | {
    activation.slug: f"MLP, {activation.title}" for activation in CATALOG}
GRID_STEP = 0.02  # as in the lecture's notebook
LIMIT = 2.6  # the plotted square, in standardised units
ANIMATED = ("linear", "relu")


def trained(device: str, names: tuple[str, ...] = XOR_MODELS, snapshot_every: int = 0) -> Run:
    return train_stack(names, xor_model, *xor_data(), SETTINGS, device, snapshot_every)


def grid() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    return square_grid(LIMIT, GRID_STEP)


# ---------------------------------------------------------------- drawing


def regions(ax, theme: Theme, labels: torch.Tensor) -> None:
    """Filled decision regions of one model, data on top."""
    gx, gy, _ = grid()
    decision_regions(ax, theme, (gx, gy), labels, *xor_data())
    ax.set(xticks=[-2, 0, 2], yticks=[-2, 0, 2])


def draw_data(theme: Theme):
    fig, ax = plt.subplots(figsize=(4.6, 4.3), layout="constrained")
    scatter_classes(ax, theme, *xor_data())
    ax.set(xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), aspect="equal", xlabel="x₁", ylabel="x₂")
    fig.legend(loc="outside upper center", markerscale=2, ncols=2)
    return fig


def panel_cells(run: Run, names: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """A region panel per model, its name and training accuracy (over all seeds) as caption."""
    return [(f"{TITLES[name]}: its decision regions on the XOR data (seed {SHOWN_SEED}), the data points "
             f"on top", f"xor/regions/{name}.png",
             f"{TITLES[name]}: {quoted(run.accuracies[run.rows(name)].tolist(), '%')}") for name in names]


def draw_loss_curves(theme: Theme, run: Run):
    fig, ax = plt.subplots(figsize=(6.4, 4.6), layout="constrained")  # room for the legend below
    epochs = torch.arange(run.losses.shape[0])
    highlighted = {"logistic-regression": "--", "linear": ":", "sigmoid": "-.", "tanh": "-", "relu": "-"}
    colours = {"logistic-regression": theme.foreground, "linear": theme.foreground,
               **{slug: theme.colour(slug) for slug in ("sigmoid", "tanh", "relu")}}
    for name in XOR_MODELS:
        curves = run.losses[:, run.rows(name)]
        mean, std = curves.mean(1), curves.std(1)
        if name in highlighted:
            band(ax, epochs, mean, mean - std, mean + std, colours[name], linestyle=highlighted[name],
                 linewidth=2, label=TITLES[name])
        else:
            ax.plot(epochs, mean, color=theme.neutral, linewidth=0.8, zorder=0)
    ax.plot([], [], color=theme.neutral, linewidth=0.8, label="other activations")
    ax.set(xlabel="epoch (one full-batch SGD step)", ylabel="cross-entropy loss")
    fig.legend(loc="outside lower center", ncols=2)
    return fig


def draw_folded(theme: Theme, folded: torch.nn.Linear, labels: torch.Tensor):
    fig, ax = plt.subplots(figsize=(4.6, 4.8), layout="constrained")
    regions(ax, theme, labels)
    with torch.no_grad():
        (w0, w1), b = (folded.weight[1] - folded.weight[0]).tolist(), float(folded.bias[1] - folded.bias[0])
    xs = torch.tensor([-LIMIT, LIMIT])
    ax.plot(xs, -(w0 * xs + b) / w1, color=theme.foreground, linewidth=2, linestyle="--",
            label="boundary of the folded layer $Wx + b$")
    fig.legend(loc="outside lower center", markerscale=2)
    ax.set_title("MLP without activation, folded")
    return fig


# ---------------------------------------------------------------- outputs


def data_plot() -> dict[str, bytes]:
    return render.themed("xor/data", draw_data)


THREE_MODELS = ("logistic-regression", "linear", "relu")
EVERY_ACTIVATION = tuple(a.slug for a in CATALOG)


def region_panels(run: Run, labels: torch.Tensor) -> dict[str, bytes]:
    """A panel per model shown (the ReLU MLP's serves both grids) and the two grids' Markdown."""
    files = {}
    for name in dict.fromkeys(THREE_MODELS + EVERY_ACTIVATION):
        shown = labels[run.member(name, SHOWN_SEED)]
        files.update(render.themed(f"xor/regions/{name}",
                                   lambda theme: panel(lambda ax: regions(ax, theme, shown))))
    files["xor/three-models.md"] = panel_grid(panel_cells(run, THREE_MODELS)).encode()
    files["xor/every-activation.md"] = panel_grid(panel_cells(run, EVERY_ACTIVATION)).encode()
    return files


def loss_curves(run: Run) -> dict[str, bytes]:
    return render.themed("xor/loss-curves", lambda theme: draw_loss_curves(theme, run))


def folded_layer(run: Run) -> dict[str, bytes]:
    mlp = run.model("linear", SHOWN_SEED)
    with torch.no_grad():
        labels = mlp(grid()[2]).argmax(-1)
    folded = fold_linear_mlp(mlp)
    return render.themed("xor/folded", lambda theme: draw_folded(theme, folded, labels))


def shown_regions(run: Run) -> list[torch.Tensor]:
    """The predicted class on the grid of each animated model's shown seed, after every epoch:
    computed once, and drawn in each scheme."""
    shown = [run.member(name, SHOWN_SEED) for name in ANIMATED]
    return [predict(stack, grid()[2])[shown] for stack in run.replay()]


def training_frames(run: Run, labels: list[torch.Tensor], theme: Theme):
    """The decision regions of the animated models after every epoch, one frame each."""
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.9), layout="constrained")
    for index, epoch_labels in enumerate(labels):
        for ax, name, shown_labels in zip(axes, ANIMATED, epoch_labels):
            ax.clear()
            regions(ax, theme, shown_labels)
            loss = float(run.losses[index, run.member(name, SHOWN_SEED)])
            ax.set_title(f"{TITLES[name]}\nepoch {index:2d}, loss {loss:.3f}")
        yield fig


def training_animation(device: str) -> dict[str, bytes]:
    run = trained(device, ANIMATED, snapshot_every=1)
    labels = shown_regions(run)
    frames = len(run.losses)
    durations = [250] * (frames - 1) + [2000]  # hold the trained state before looping
    accuracy = {name: run.accuracy_curve[:, run.member(name, SHOWN_SEED)] for name in ANIMATED}
    numbers = {name: {"start": float(curve[0]), "end": float(curve[-1]),
                      "steps_to_90_percent": next((step for step, value in enumerate(curve) if value >= 0.9), None)}
               for name, curve in accuracy.items()}
    return {**render.themed_animation("xor/training", lambda theme: training_frames(run, labels, theme), durations),
            "xor/training.json": as_json({"seed": SHOWN_SEED, "accuracy": numbers})}


def results(run: Run) -> dict[str, bytes]:
    """The numbers the page quotes, and the table it shows."""
    models = {}
    for name in XOR_MODELS:
        rows = run.rows(name)
        models[name] = {"title": TITLES[name], "accuracy": summary(run.accuracies[rows]),
                        "final_loss": summary(run.losses[-1, rows])}
    x, _ = xor_data()
    mlp = run.model("linear", SHOWN_SEED)
    folded = fold_linear_mlp(mlp)
    with torch.no_grad():
        difference = float((mlp(x) - folded(x)).abs().max())
    accuracy = {name: run.accuracies[run.rows(name)] for name in XOR_MODELS}
    numbers = {
        "settings": {"epochs": SETTINGS.epochs, "learning_rate": SETTINGS.learning_rate,
                     "seeds": list(SETTINGS.seeds), "hidden_units": XOR_HIDDEN, "points": len(x),
                     "models": len(XOR_MODELS), "models_trained": len(run.accuracies)},
        "models": models,
        "folded": {"max_abs_difference": difference},
        "best_line_accuracy": best_line_accuracy(*xor_data()),
        # paired by seed: each seed starts both models from the same first-layer weights
        "compared": {f"relu_minus_{name}": summary(accuracy["relu"] - accuracy[name])
                     for name in ("sigmoid", "tanh")},
    }
    return {"xor/results.json": as_json(numbers),
            "xor/results-table.md": results_table(models).encode()}


def results_table(models: dict) -> str:
    lines = ["| Model | Training accuracy | Range over the seeds | Final loss |", "|---|---|---|---|"]
    for numbers in models.values():
        accuracy, loss = numbers["accuracy"], numbers["final_loss"]
        lines.append(f"| {numbers['title']} | {quoted(accuracy['per_seed'], '%')} "
                     f"| {100 * accuracy['min']:.1f} to {100 * accuracy['max']:.1f} % "
                     f"| {quoted(loss['per_seed'])} |")
    return "\n".join(lines) + "\n"


@torch.no_grad()
def best_line_accuracy(x: torch.Tensor, y: torch.Tensor, chunk: int = 4096) -> float:
    """The most any straight line can get right on (x, y), over-estimated by at most 2 points.

    In the plane an optimal line can be moved until it passes through two data points, so it is
    enough to try every line through two points, both ways round, counting the two points on it
    as right: exact up to those two.
    """
    pairs = torch.combinations(torch.arange(len(x)), 2)
    best = 0
    for part in pairs.split(chunk):
        first, second = x[part[:, 0]], x[part[:, 1]]
        normal = torch.stack([second[:, 1] - first[:, 1], first[:, 0] - second[:, 0]], dim=1)
        side = normal @ x.T - (normal * first).sum(1, keepdim=True)  # (lines, points)
        right = ((side > 0) == y.bool()).sum(1), ((side < 0) == y.bool()).sum(1)
        best = max(best, int(torch.maximum(*right).max()))
    return (best + 2) / len(x)


def experiment(device: str) -> dict[str, bytes]:
    """Every picture and number of the trained networks, from one training run."""
    run = trained(device)
    labels = predict(run.stack, grid()[2])
    return {**region_panels(run, labels), **loss_curves(run),
            **folded_layer(run), **results(run)}


# ---------------------------------------------------------------- the work each function asks for

# Primitive operations that a math library computes with a series or a table, each worth many
# additions and multiplications; the others (compare, select, add, multiply, divide) take one
# instruction or a few.
TRANSCENDENTAL = ("exp", "expm1", "log", "log1p", "tanh", "erf", "erfc", "sin", "cos", "pow", "sqrt", "rsqrt")


def primitive_operations(activation) -> list[str] | None:
    """The primitive operations of the function's forward pass, as PyTorch's own reference
    implementation (torch._refs) writes it, traced on a small input; None where PyTorch has no
    reference implementation for it (it stays one opaque kernel)."""
    from torch._prims.context import TorchRefsMode
    from torch.fx.experimental.proxy_tensor import make_fx

    module = activation.build()
    with TorchRefsMode():
        graph = make_fx(lambda x: module(x))(torch.randn(4)).graph
    names = [str(node.target) for node in graph.nodes if node.op == "call_function"]
    if not all(name.startswith("prims.") for name in names):
        return None
    return [name.removeprefix("prims.").removesuffix(".default") for name in names]


def operations() -> dict[str, bytes]:
    """Counted, not timed: a timing depends on the machine (and where moving memory dominates,
    the difference vanishes), a count of operations does not."""
    counts = {}
    for activation in CATALOG:
        names = primitive_operations(activation)
        if names is not None:
            counts[activation.slug] = {"operations": len(names), "names": names,
                                       "transcendental": sum(name in TRANSCENDENTAL for name in names)}
    return {"xor/operations.json": as_json({"transcendental_kinds": list(TRANSCENDENTAL), "functions": counts})}


FIGURES = [
    FigureJob("xor-data", data_plot),
    FigureJob("xor-experiment", experiment),
    FigureJob("xor-training-animation", training_animation),
    FigureJob("xor-operations", operations),
]
