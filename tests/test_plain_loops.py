"""Every published training number, reproduced by a plain loop.

The site trains its networks stacked, many at once (figures_src/training.py). Here each network is
trained alone, one nn.Sequential at a time with torch.optim.SGD (Adam and minibatches on the
adversarial page, as there), by loops written in this file; only the data and the model
definitions come from the project. Every network must end within the per-network tolerance the
README states for its figure, and every number a page quotes over seeds must come back within the
precision the page states for it (its 95 % interval).

The networks are independent, so they are trained by one worker process per core, each with one
thread, as the build computes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from statistics import fmean

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from figures_src.adversarial import (EVALUATION_STREAM, ORDER_STREAM, STREAMS, TRAINING_STREAM, digit_mlp,
                                     digits)
from figures_src.data import spirals, xor_data
from figures_src.figures import relu_family, sigmoid_tanh, smooth_adversarial, xor
from figures_src.models import deep_mlp, xor_model
from figures_src.stats import format_interval, measurement, spread

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
    published = measurement(summary)  # what the page quotes: over seeds, or seeds and test digits
    quoted = format_interval(published, scale, max_decimals=3)
    if quoted.endswith("on every seed"):
        assert format_interval(values, scale, max_decimals=3) == quoted, what
    else:
        stated = spread(published)
        assert abs(fmean(values) - stated.mean) <= stated.half_width, f"{what}: {quoted} vs {scale * fmean(values):.4g}"


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


# ---------------------------------------------------------------- sigmoid and tanh


def deep_network(slug: str, seed: int, points: int, epochs: int, learning_rate: float) -> tuple[float, float, float]:
    """The first layer's gradient norm at initialisation, then the final loss and accuracy."""
    x, y = (tensor[:points] for tensor in xor_data())
    model = seeded(deep_mlp, slug, seed)
    F.cross_entropy(model(x), y).backward()
    first_layer_gradient = float(next(layer for layer in model if isinstance(layer, nn.Linear)).weight.grad.norm())
    losses, accuracies = sgd(seeded(deep_mlp, slug, seed), x, y, epochs, learning_rate)
    return first_layer_gradient, losses[-1], accuracies[-1]


def budget_network(slug: str, seed: int, epochs: int, learning_rate: float) -> list[float]:
    x, y = xor_data()
    return sgd(seeded(xor_model, slug, seed), x, y, epochs, learning_rate)[1]


def test_sigmoid_tanh_page(built_site, workers):
    deep, budget = published(built_site, "sigmoid-tanh/deep"), published(built_site, "sigmoid-tanh/budget")
    settings = budget["settings"]
    deep_runs = each(workers, deep_network, sigmoid_tanh.COMPARED, range(deep["seeds"]), deep["points"],
                     deep["epochs"], deep["learning_rate"])
    curves = each(workers, budget_network, sigmoid_tanh.COMPARED, sigmoid_tanh.LONG_BUDGET.seeds,
                  settings["epochs"], settings["learning_rate"])
    for slug in sigmoid_tanh.COMPARED:
        runs = deep_runs[slug]
        gradients = [gradient for gradient, _, _ in runs]
        assert_reproduced(deep["first_layer_gradient"][slug], gradients, 1e-6 * max(gradients),
                          f"{slug} first-layer gradient", 1)
        assert_reproduced(deep["final_loss"][slug], [loss for _, loss, _ in runs], 1e-3, f"deep {slug} loss", 1)
        assert_reproduced(deep["accuracy"][slug], [accuracy for _, _, accuracy in runs],
                          1 / deep["points"] + 1e-6, f"deep {slug} accuracy")

        for steps in (settings["short_budget"], settings["epochs"]):
            assert_reproduced(budget[slug][f"accuracy_after_{steps}"], [curve[steps] for curve in curves[slug]],
                              1 / len(xor_data()[1]) + 1e-6, f"{slug} accuracy after {steps} steps")


# ---------------------------------------------------------------- the ReLU family


def inactive_units(model: nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    """Per hidden layer, which units have an input <= 0 on every point."""
    inactive = []
    with torch.no_grad():
        for layer in model:
            if not isinstance(layer, nn.Linear):
                inactive.append((x <= 0).all(dim=0))
            x = layer(x)
    return inactive


def inactive_share(model: nn.Sequential, x: torch.Tensor) -> float:
    """The share of hidden units whose input is <= 0 on every point."""
    return float(torch.cat(inactive_units(model, x)).float().mean())


# After the large step the networks train with huge gradients, and rounding (stacked or alone)
# can change which units die: one network of 30 ended 4 units of 32 apart in one layer.
LARGE_STEP_UNITS = 5


def dying_network(name: str, seed: int, epochs: int, learning_rate: float) -> tuple[float, float, float]:
    """Inactive share at the start and at the end, and the final training accuracy."""
    x, y = spirals()
    model = seeded(relu_family.dying_model, name, seed)
    start = inactive_share(model, x)
    _, accuracies = sgd(model, x, y, epochs, learning_rate)
    return start, inactive_share(model, x), accuracies[-1]


def large_step_network(name: str, seed: int, settings: dict) -> dict:
    """Inactive units per layer just before the large step, `upheaval` epochs after it and at the
    end; the loss just before and just after it."""
    x, y = spirals()
    model = seeded(relu_family.dying_model, name, seed)
    rate, upheaval = settings["learning_rate"], settings["upheaval"]
    losses, _ = sgd(model, x, y, settings["epochs_before"], rate)
    before = inactive_units(model, x)
    sgd(model, x, y, 1, settings["large_step_rate"])
    after_step, _ = sgd(model, x, y, upheaval, rate)
    after = inactive_units(model, x)
    sgd(model, x, y, settings["epochs_after"] - upheaval, rate)
    return {"before": before, "after": after, "end": inactive_units(model, x),
            "loss_before_step": losses[-1], "loss_after_step": after_step[0]}


def sweep_network(name: str, seed: int, epochs: int, learning_rate: float) -> tuple[float, list[float]]:
    """Held-out accuracy, and PReLU's learned slope per layer (none for a fixed slope)."""
    model = seeded(relu_family.sweep_model, name, seed)
    sgd(model, *spirals(), epochs, learning_rate)
    slopes = [layer.weight.item() for layer in model if isinstance(layer, nn.PReLU)]
    return accuracy(model, *spirals(seed=relu_family.TEST_SEED)), slopes


def test_relu_family_page(built_site, workers):
    dying, sweep = published(built_site, "relu-family/dying"), published(built_site, "relu-family/slopes")
    points = len(spirals()[1])
    settings = dying["settings"]
    trained = each(workers, dying_network, dying["models"], range(settings["seeds"]), settings["epochs"],
                   settings["learning_rate"])
    for name, model_numbers in dying["models"].items():
        runs = trained[name]
        for index, moment in enumerate(("start", "end")):
            assert_reproduced(model_numbers[f"inactive_{moment}"], [run[index] for run in runs], 1 / 64 + 1e-6,
                              f"{name} inactive at the {moment}")
        assert_reproduced(model_numbers["accuracy"], [run[2] for run in runs], 2 / points + 1e-6, f"{name} accuracy")

    settings = sweep["settings"]
    runs = each(workers, sweep_network, (*sweep["slopes"], "prelu"), range(settings["seeds"]),
                settings["epochs"], settings["learning_rate"])
    for name, summary in {**sweep["slopes"], "prelu": sweep["prelu"]}.items():
        assert_reproduced(summary, [held_out for held_out, _ in runs[name]], 1 / points + 1e-6,
                          f"slope {name} held-out accuracy")
    # 400 steps amplify rounding in PReLU's slope more than in the accuracy: up to 0.08 on a seed
    for layer in (0, 1):
        assert_reproduced(sweep["learned"][f"layer_{layer + 1}"], [slopes[layer] for _, slopes in runs["prelu"]],
                          0.1, f"PReLU slope, layer {layer + 1}", 1)


def test_relu_family_large_step(built_site, workers):
    stepped = published(built_site, "relu-family/large-step")
    settings = stepped["settings"]
    runs = each(workers, large_step_network, stepped["models"], range(settings["seeds"]), settings)
    for name, model_numbers in stepped["models"].items():
        for layer, numbers in enumerate(model_numbers["layers"]):
            for moment in ("before", "after", "end"):
                shares = [float(run[moment][layer].float().mean()) for run in runs[name]]
                assert_reproduced(numbers[f"inactive_{moment}"], shares, LARGE_STEP_UNITS / 32 + 1e-6,
                                  f"{name} layer {layer + 1} inactive {moment}")
            killed = [~run["before"][layer] & run["after"][layer] for run in runs[name]]
            back = [dead & ~run["end"][layer] for dead, run in zip(killed, runs[name])]
            for count, key in ((killed, "killed"), (back, "back")):
                total = sum(int(units.sum()) for units in count)
                assert abs(total - numbers[key]["units"]) <= LARGE_STEP_UNITS, f"{name} layer {layer + 1} {key}"
        # relative: the large step multiplies rounding by its learning rate (7e-3 measured just after it)
        for moment, tolerance in (("before_step", 1e-4), ("after_step", 2e-2)):
            published_loss = model_numbers[f"loss_{moment}"]
            assert_reproduced(published_loss, [run[f"loss_{moment}"] for run in runs[name]],
                              tolerance * fmean(published_loss["per_seed"]), f"{name} loss {moment}", 1)


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
