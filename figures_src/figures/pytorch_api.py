"""Numbers and figures of the PyTorch API page: two ways to write one network, and the loss."""

from __future__ import annotations

import contextlib
import math

import matplotlib.pyplot as plt
import torch
from torch.nn import functional as F

from figures_src.drawing import render
from figures_src.drawing.style import FIGURE_SIZE, Theme
from figures_src.figures import FigureJob
from figures_src.science.models import MultilayerPerceptron, sequential_perceptron
from figures_src.science.summaries import as_json

SIZES = dict(num_features=784, num_hidden_1=128, num_hidden_2=256, num_classes=10)  # MNIST-sized
EXAMPLE_LOGITS = [2.0, 1.0, 0.1]
GAPS = [10, 50, 87, 90, 100, 103, 104, 110, 1000]  # logit of the winning class minus the other's


@contextlib.contextmanager
def as_users_meet_it():
    """PyTorch as its users meet it, in float32, its default dtype: this page is about float32
    itself (the build otherwise computes in float64, runner.fixed_numerics)."""
    build_dtype = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        yield
    finally:
        torch.set_default_dtype(build_dtype)


def same_network_two_ways() -> dict:
    # --8<-- [start:share_state_dict]
    torch.manual_seed(123)
    class_based = MultilayerPerceptron(**SIZES)
    sequential = sequential_perceptron(**SIZES)
    sequential.load_state_dict(class_based.state_dict())  # same keys, so it loads as is

    features = torch.randn(8, SIZES["num_features"])
    with torch.no_grad():
        logits, log_probas = class_based(features)
        difference = (logits - sequential(features)).abs().max()
    # --8<-- [end:share_state_dict]
    return {"keys": list(class_based.state_dict()), "max_abs_difference": float(difference),
            "parameters": sum(p.numel() for p in class_based.parameters()),
            "log_probas_match": bool(torch.allclose(log_probas, F.log_softmax(logits, dim=1)))}


def softmax_example() -> dict:
    logits = torch.tensor([EXAMPLE_LOGITS])
    return {"logits": EXAMPLE_LOGITS,
            "softmax": F.softmax(logits, dim=1)[0].tolist(),
            "log_softmax": F.log_softmax(logits, dim=1)[0].tolist()}


def two_losses() -> dict:
    torch.manual_seed(0)
    logits, targets = 3 * torch.randn(16, 10), torch.randint(0, 10, (16,))
    # --8<-- [start:two_losses]
    loss_a = F.cross_entropy(logits, targets)
    loss_b = F.nll_loss(F.log_softmax(logits, dim=1), targets)
    # --8<-- [end:two_losses]
    return {"cross_entropy": float(loss_a), "nll_of_log_softmax": float(loss_b),
            "difference": float((loss_a - loss_b).abs())}


def exact_log_probability(gap: float) -> float:
    """log softmax of the losing class of the logits (gap, 0), in double precision."""
    return -gap - math.log1p(math.exp(-gap))


def losing_class(gap: float) -> dict:
    """log p of the losing class in float32, the naive way and with log_softmax."""
    logits = torch.tensor([[float(gap), 0.0]], dtype=torch.float32)
    naive = float(torch.log(F.softmax(logits, dim=1))[0, 1])
    stable = float(F.log_softmax(logits, dim=1)[0, 1])
    return {"gap": gap, "exact": exact_log_probability(gap), "log_of_softmax": naive,
            "log_softmax": stable}


def draw_stability(theme: Theme):
    gaps = torch.arange(1, 121, dtype=torch.float64)
    rows = [losing_class(float(gap)) for gap in gaps]
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    for key, colour, style, label in (("log_of_softmax", theme.derivative, "-", "torch.log(F.softmax(z))"),
                                      ("log_softmax", theme.function, "--", "F.log_softmax(z)")):
        error = [abs(row[key] - row["exact"]) / abs(row["exact"]) for row in rows]
        ax.semilogy(gaps, [max(e, 1e-10) for e in error], style, color=colour, linewidth=2, label=label)
    render.readable_log_ticks(ax.yaxis)
    infinite = [row["gap"] for row in rows if math.isinf(row["log_of_softmax"])]
    ax.axvspan(infinite[0], gaps[-1], color=theme.derivative, alpha=0.15, linewidth=0)
    ax.text(infinite[0] + 1, 1e-2, "log(0) = −inf", color=theme.foreground)
    ax.set(xlabel="logit gap z₁ − z₂ (float32)", ylabel="relative error of log p(class 2)",
           ylim=(5e-11, 10))
    ax.legend(loc="upper left")
    return fig


def stability_plot() -> dict[str, bytes]:
    with as_users_meet_it():
        return render.themed("pytorch-api/log-softmax", draw_stability)


def results() -> dict[str, bytes]:
    with as_users_meet_it():
        numbers = {"two_ways": same_network_two_ways(), "softmax": softmax_example(),
                   "losses": two_losses(), "stability": [losing_class(gap) for gap in GAPS]}
    table = ["| logit gap | exact (float64) | `torch.log(F.softmax(z))` | `F.log_softmax(z)` |",
             "|---|---|---|---|"]
    for row in numbers["stability"]:
        table.append(f"| {row['gap']} | {row['exact']:.6g} | {row['log_of_softmax']:.6g} | "
                     f"{row['log_softmax']:.6g} |")
    return {"pytorch-api/results.json": as_json(numbers),
            "pytorch-api/stability-table.md": ("\n".join(table) + "\n").encode()}


FIGURES = [FigureJob("pytorch-api-results", results), FigureJob("pytorch-api-log-softmax", stability_plot)]
