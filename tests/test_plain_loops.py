"""Published training numbers reproduced by plain loops written here, where the pages' notebooks
do not already do it.

The site trains its networks stacked, many at once (figures_src/training.py). The pages'
notebooks (notebooks/, run by tests/test_notebooks.py) are the plain, one-network-at-a-time
version of every page's experiments, and their test compares each seed's numbers with the
page's. What they leave out is checked here, each network trained alone by loops in this file
(one nn.Sequential with torch.optim.SGD; Adam and minibatches on the adversarial page, as there),
with only the data and the model definitions from the project: the XOR page's networks to a
tighter loss and the steps its training animation quotes, and every seed of the adversarial
experiment (its notebook trains the first by default). Every network must end within the
per-network tolerance the README states for its figure, and every number a page quotes over
seeds must come back within the precision the page states for it (its 95 % interval).

The networks are independent, so they are trained by one worker process per core, each with one
thread, as the build computes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from figures_src.adversarial import (EVALUATION_STREAM, ORDER_STREAM, STREAMS, TRAINING_STREAM, digit_mlp,
                                     digits)
from figures_src.data import xor_data
from figures_src.figures import smooth_adversarial, xor
from figures_src.models import xor_model
from figures_src.stats import format_interval
from test_notebooks import off_its_stated_precision  # the precision check the notebooks' test makes

pytestmark = pytest.mark.slow  # every network trained again, one at a time: run with --slow


WORKERS = os.cpu_count() or 1


@pytest.fixture(scope="module")
def workers():
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no forked torch threads
    with ProcessPoolExecutor(WORKERS, mp_context=context, initializer=torch.set_num_threads,
                             initargs=(1,)) as pool:
        yield pool


def each(pool: ProcessPoolExecutor, train, names, seeds, *settings) -> dict[str, list]:
    """train(name, seed, *settings) for every name and seed, in the workers: {name: [per seed]}."""
    jobs = [(name, seed) for name in names for seed in seeds]
    chunk = max(1, len(jobs) // (8 * WORKERS))  # many quick jobs travel to the workers in batches
    results = iter(pool.map(train, *zip(*jobs), *([value] * len(jobs) for value in settings), chunksize=chunk))
    return {name: [next(results) for _ in seeds] for name in names}


def published(built_site, name: str) -> dict:
    return json.loads((built_site["out"] / f"{name}.json").read_text())


def seeded(build, name: str, seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return build(name)


def sgd(model: nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int, learning_rate: float):
    """Full-batch SGD; the loss and training accuracy before each step and after the last."""
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    losses, accuracies = [], []
    for step in range(epochs + 1):
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        losses.append(loss.item())
        accuracies.append(float((logits.argmax(-1) == y).float().mean()))
        if step < epochs:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return losses, accuracies


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return float((model(x).argmax(-1) == y).float().mean())


def assert_reproduced(summary: dict, values: list[float], tolerance: float, what: str,
                      scale: float = 100) -> None:
    """Each seed within `tolerance` of its published value, and the number the page quotes
    (mean and 95 % interval) within the precision it states."""
    for seed, (published_value, value) in enumerate(zip(summary["per_seed"], values, strict=True)):
        assert abs(published_value - value) <= tolerance, f"{what}, seed {seed}: {published_value} vs {value}"
    assert off_its_stated_precision(values, summary, scale) is None, f"{what}: {format_interval(values, scale)}"


# ---------------------------------------------------------------- XOR


def xor_network(name: str, seed: int) -> tuple[list[float], list[float]]:
    x, y = xor_data()
    return sgd(seeded(xor_model, name, seed), x, y, xor.SETTINGS.epochs, xor.SETTINGS.learning_rate)


def test_xor_page(built_site, workers):
    numbers, animated = published(built_site, "xor/results"), published(built_site, "xor/training")
    seeds = numbers["settings"]["seeds"]
    trained = each(workers, xor_network, numbers["models"], seeds)
    for name, model_numbers in numbers["models"].items():
        runs = trained[name]
        assert_reproduced(model_numbers["final_loss"], [losses[-1] for losses, _ in runs], 1e-5, f"{name} loss", 1)
        assert_reproduced(model_numbers["accuracy"], [accuracies[-1] for _, accuracies in runs], 0, f"{name} accuracy")
        if name in animated["accuracy"]:  # the training animation's network, and its caption's number
            curve = runs[seeds.index(animated["seed"])][1]
            passes_90 = next((step for step, value in enumerate(curve) if value >= 0.9), None)
            assert passes_90 == animated["accuracy"][name]["steps_to_90_percent"], name


# ---------------------------------------------------------------- smooth activations, adversarial training


def attack_once(model: nn.Module, x: torch.Tensor, y: torch.Tensor, attack, generator: torch.Generator,
                fooled: torch.Tensor | None = None) -> torch.Tensor:
    """One run of L-infinity PGD from a random start against one network: where its last step
    lands. Marks in `fooled` every example the network misread at a point before a step."""
    delta = (torch.rand(x.shape, generator=generator) * 2 - 1) * attack.epsilon
    delta = (x + delta).clamp(0, 1) - x
    for _ in range(attack.steps):
        delta.requires_grad_(True)
        logits = model(x + delta)
        if fooled is not None:
            fooled |= logits.argmax(-1) != y
        loss = F.cross_entropy(logits, y, reduction="none").sum()
        (gradient,) = torch.autograd.grad(loss, delta)
        delta = (delta.detach() + attack.step_size * gradient.sign()).clamp(-attack.epsilon, attack.epsilon)
        delta = (x + delta).clamp(0, 1) - x
    return x + delta


def pgd_fooled(model: nn.Module, x: torch.Tensor, y: torch.Tensor, attack, generator: torch.Generator) -> torch.Tensor:
    """Whether the network misread each example clean or at any point of any restart."""
    with torch.no_grad():
        fooled = model(x).argmax(-1) != y
    for _ in range(attack.restarts):
        adversarial = attack_once(model, x, y, attack, generator, fooled)
        with torch.no_grad():
            fooled |= model(adversarial).argmax(-1) != y
    return fooled


def digit_network(name: str, seed: int, preset_name: str, adversarial: bool) -> tuple[list[bool], list[bool]]:
    """Which test digits one network reads correctly clean and under attack, trained as the
    page's experiment trains it (adversarially, or on clean digits only)."""
    preset = smooth_adversarial.PRESETS[preset_name]
    attack = preset.training_attack() if adversarial else None
    x, y, test_x, test_y = digits()
    model = seeded(digit_mlp, name, seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=preset.learning_rate)
    order = torch.Generator().manual_seed(STREAMS * seed + ORDER_STREAM)
    starts = torch.Generator().manual_seed(STREAMS * seed + TRAINING_STREAM)
    for _ in range(preset.epochs):
        for batch in torch.randperm(len(y), generator=order).split(preset.batch_size):
            inputs = x[batch] if attack is None else attack_once(model, x[batch], y[batch], attack, starts).detach()
            loss = F.cross_entropy(model(inputs), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    if name == smooth_adversarial.ABLATION:  # attacked with ReLU's own gradient, as on the page
        relu = digit_mlp("relu")
        relu.load_state_dict(model.state_dict())
        model = relu
    evaluation = torch.Generator().manual_seed(STREAMS * seed + EVALUATION_STREAM)
    with torch.no_grad():
        clean = model(test_x).argmax(-1) == test_y
    return clean.tolist(), (~pgd_fooled(model, test_x, test_y, preset.evaluation_attack(), evaluation)).tolist()


def share(outcomes: list[bool]) -> float:
    return sum(outcomes) / len(outcomes)


def test_smooth_adversarial_page(built_site, workers):
    numbers = published(built_site, "smooth-adversarial/experiment")
    undefended = published(built_site, "smooth-adversarial/undefended")
    preset = numbers["preset"]
    # sign(gradient) turns the rounding differences of a batched and a single matrix product into
    # whole steps, and 100 epochs of them move a network's answers on a few digits (measured: its
    # accuracy by 3 digits of 450, its answers on 5): allow 5 digits of accuracy, and 10 digits
    # answered differently
    tolerance = 5 / preset["test_points"] + 1e-6
    seeds = range(preset["seeds"])
    adversarially = each(workers, digit_network, numbers["models"], seeds, preset["name"], True)
    cleanly = each(workers, digit_network, ("relu",), seeds, preset["name"], False)
    for name, model_numbers, runs in [*((name, numbers["models"][name], runs) for name, runs in adversarially.items()),
                                      ("relu trained on clean digits", undefended, cleanly["relu"])]:
        for index, kind in enumerate(("clean", "robust")):
            outcomes = [run[index] for run in runs]
            assert_reproduced(model_numbers[kind], [share(seed) for seed in outcomes], tolerance, f"{name} {kind} accuracy")
            assert_same_digits(model_numbers[kind], outcomes, 10, f"{name} {kind}")


def assert_same_digits(summary: dict, outcomes: list[list[bool]], allowed: int, what: str) -> None:
    """The published outcomes, digit by digit (what the page's paired intervals are computed
    from), differ from the plain loops' on at most `allowed` digits per seed."""
    for seed, (published_row, row) in enumerate(zip(summary["per_example"], outcomes, strict=True)):
        differing = sum(outcome != str(int(plain)) for outcome, plain in zip(published_row, row, strict=True))
        assert differing <= allowed, f"{what}, seed {seed}: {differing} digits differ"
