"""The ReLU family page's experiments: units that die (from a shifted start, and after one large
update), the leaky slope swept and PReLU learning it, on the spirals; and activations through a
deep stack, for SELU's self-normalisation. figures/relu_family.py draws them and writes their
numbers; the notebooks re-run them one network at a time."""

from __future__ import annotations

import math
from dataclasses import replace

import torch
from torch import nn

from figures_src.science.catalog import by_slug
from figures_src.science.data import spirals
from figures_src.science.models import spiral_mlp
from figures_src.science.training import ModelStack, Run, Settings, train, train_stack

SEEDS = tuple(range(10))
TEST_SEED = 2  # a second draw of the spirals, for held-out accuracy
# Dying units: every hidden bias starts this far below PyTorch's default. The step is small
# enough for the run to be repeatable: with steps of 1.0 float rounding alone (batched, one
# network at a time, float64) moved the accuracies by tens of points.
DYING = Settings(epochs=600, learning_rate=0.3, seeds=SEEDS)
BIAS_SHIFT = -0.6
COUNT_EVERY = 10  # epochs between two counts of inactive units
DYING_FUNCTIONS = ("relu", "leaky-relu", "elu")
# The lecture: a network that "doesn't perform very well" won't be rescued by another leaky slope.
# The shifted start is such a network; these slopes, with PyTorch's default 0.01, span the common
# ones up to Keras's 0.3.
RESCUE_SLOPES = (0.1, 0.3)
# From PyTorch's default start only ReLU and leaky ReLU are needed (ELU's units barely die there).
DYING_MODELS = (("relu", "leaky-relu") + tuple(f"{slug}-shifted" for slug in DYING_FUNCTIONS)
                + tuple(f"leaky-relu-{slope}-shifted" for slope in RESCUE_SLOPES))
# Units killed by large updates, one way to the lecture's weights "somehow updated" for good: from
# PyTorch's default initialisation, LARGE_STEP_BEFORE epochs at DYING's learning rate, one step at
# LARGE_STEP_RATE, then LARGE_STEP_AFTER epochs at DYING's rate again. The step throws the loss up
# to hundreds, and the updates that follow it, at the usual rate but with gradients that large,
# are large too: most of the dying is over UPHEAVAL epochs after the step. Training stops
# LARGE_STEP_AFTER epochs after the step because a few of the thirty networks (ReLU seeds 5 and 7,
# leaky ReLU seed 7) then turn chaotic: their float64 paths, which the step leaves a few parts in
# 10⁸ apart between one processor's kernels and another's, stay that close for about 30 epochs,
# then part (10⁻⁶ by epoch 38, 10⁻³ by 40, tenths by 150), and so, from about epoch 55, do their
# dead units. Measured between four back-ends (AVX-512, the scalar kernels on one thread, MKL's
# compatible and AVX2 code paths); tests/test_numeric_backends.py compares two of them epoch by
# epoch. Stopping at 20 leaves a margin of about 15 epochs for processors whose paths part sooner.
LARGE_STEP_BEFORE, LARGE_STEP_AFTER = 50, 20
LARGE_STEP_RATE = 300.0  # a thousand times DYING's
UPHEAVAL = 10
# The leaky slope as a hyperparameter, and PReLU learning it.
SLOPES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5)
COMMON_SLOPES = (0.01, 0.05, 0.1, 0.2, 0.3)  # from PyTorch's default to Keras's
SWEEP = Settings(epochs=400, learning_rate=0.2, seeds=SEEDS)
SLOPE_EVERY = 5  # epochs between two readings of PReLU's slopes
PYTORCH_SLOPE = by_slug("leaky-relu").defaults["negative_slope"]
KERAS_SLOPE = 0.3  # the slope of Keras's LeakyReLU layer (a fact about Keras; see the page)
PRELU_START = by_slug("prelu").defaults["init"]
# Self-normalisation.
STACK_DEPTH, STACK_WIDTH, STACK_SAMPLES = 30, 256, 2000
STACK_FUNCTIONS = ("selu", "elu", "relu")
ELU_ALPHAS = (0.5, 1.0, 2.0)  # PyTorch's default, and one either side


def dying_model(name: str) -> nn.Sequential:
    """`relu` or `relu-shifted`, and so on for each function of DYING_FUNCTIONS; or
    `leaky-relu-0.3-shifted`, a leaky ReLU with another slope than PyTorch's default."""
    slug, shifted = name.removesuffix("-shifted"), name.endswith("-shifted")
    slope = slug.removeprefix("leaky-relu-")
    build = (lambda: nn.LeakyReLU(float(slope))) if slope != slug else by_slug(slug).build
    return spiral_mlp(build, bias_shift=BIAS_SHIFT if shifted else 0.0)


def sweep_model(name: str) -> nn.Sequential:
    """`prelu`, or a leaky ReLU named by its slope."""
    if name == "prelu":
        return spiral_mlp(nn.PReLU)
    return spiral_mlp(lambda: nn.LeakyReLU(float(name)))


def dying_run(device: str) -> tuple[Run, torch.Tensor]:
    """The run, and which hidden units are inactive on every training point at each count:
    (counts, members, layers, units), a count every COUNT_EVERY epochs and one at the end."""
    x, y = spirals()
    run = train_stack(DYING_MODELS, dying_model, x, y, DYING, device, snapshot_every=COUNT_EVERY)
    return run, torch.stack([inactive_units(stack, x) for stack in run.replay()])


@torch.no_grad()
def inactive_units(stack: ModelStack, x: torch.Tensor) -> torch.Tensor:
    """Per member and hidden layer, the units whose input is <= 0 for every point of x:
    (members, layers, units).

    For ReLU such a unit outputs 0 and gets no gradient from any point. Leaky ReLU and ELU units
    in that state still pass a gradient, so they can come back.
    """
    return torch.stack([(h <= 0).all(dim=1) for h in stack.pre_activations(x)], dim=1)


def large_step_run(device: str) -> tuple[Run, Run, torch.Tensor]:
    """The runs before the large step and after it, for DYING_FUNCTIONS' networks from the default
    initialisation; and which hidden units are inactive on every training point after every
    epoch: (counts, members, layers, units), the step's epoch counted twice, just before the step
    and just after it."""
    x, y = spirals()
    stack = ModelStack(DYING_FUNCTIONS, SEEDS, dying_model).to(device)
    on_device = x.to(device), y.to(device)
    before = train(stack, *on_device, replace(DYING, epochs=LARGE_STEP_BEFORE), snapshot_every=1)
    train(stack, *on_device, replace(DYING, epochs=1, learning_rate=LARGE_STEP_RATE))
    after = train(stack, *on_device, replace(DYING, epochs=LARGE_STEP_AFTER), snapshot_every=1)
    stack.cpu()
    inactive = []
    for state in before.snapshots + after.snapshots:
        stack.load_state_dict(state)
        inactive.append(inactive_units(stack, x))
    return before, after, torch.stack(inactive)


def large_step_epochs() -> list[int]:
    """The epochs of large_step_run's counts: the step's epoch twice, before it and after it."""
    return [*range(LARGE_STEP_BEFORE + 1), *range(LARGE_STEP_BEFORE, LARGE_STEP_BEFORE + LARGE_STEP_AFTER + 1)]


def sweep_run(device: str) -> tuple[Run, torch.Tensor]:
    """The run (with snapshots, for PReLU's slopes) and, per member, which held-out points it
    classifies correctly: (members, points). The held-out points are a sample too, and pages
    count their sampling in every interval of held-out accuracy (stats.crossed)."""
    names = tuple(str(slope) for slope in SLOPES) + ("prelu",)
    run = train_stack(names, sweep_model, *spirals(), SWEEP, device, snapshot_every=SLOPE_EVERY)
    test_x, test_y = spirals(seed=TEST_SEED)
    with torch.no_grad():
        correct = run.stack(test_x).argmax(-1) == test_y
    return run, correct


def prelu_slopes(run: Run) -> torch.Tensor:
    """PReLU's learned slope at each snapshot, per seed and layer: (snapshots, seeds, 2)."""
    model = run.model("prelu", SEEDS[0])  # its layout: which of its layers are PReLU
    layers = [index for index, layer in enumerate(model) if isinstance(layer, nn.PReLU)]
    return torch.cat([run.history("prelu", layer, "weight") for layer in layers], dim=-1)  # weight: one slope


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


def derivative_jump_at_zero(module: nn.Module, side: float = 1e-9) -> float:
    """|f'(0+) − f'(0−)| by autograd just either side of zero, in float64."""
    x = torch.tensor([-side, side], dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(module(x).sum(), x)
    return float((slope[1] - slope[0]).abs())
