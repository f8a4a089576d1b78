"""Every published training number, reproduced by a plain loop.

The site trains its networks stacked, many at once (figures_src/training.py). Here each network is
trained alone, one nn.Sequential at a time with torch.optim.SGD (Adam and minibatches on the
adversarial page, as there), by loops written in this file; only the data and the model
definitions come from the project. Every network must end within the per-network tolerance the
README states for its figure, and every number a page quotes over seeds must come back within the
precision the page states for it (its 95 % interval).
"""

from __future__ import annotations

import json
from statistics import fmean

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from figures_src.adversarial import EVALUATION_STREAM, STREAMS, TRAINING_STREAM, digit_mlp, digits
from figures_src.data import spirals, xor_data
from figures_src.figures import relu_family, sigmoid_tanh, smooth_adversarial, xor
from figures_src.models import deep_mlp, xor_model
from figures_src.stats import format_interval, interval


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """As the build computes: one thread, so sums are added in the same order."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


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
    quoted = format_interval(summary["per_seed"], scale, max_decimals=3)
    if quoted.endswith("on every seed"):
        assert format_interval(values, scale, max_decimals=3) == quoted, what
    else:
        spread = interval(summary["per_seed"])
        assert abs(fmean(values) - spread.mean) <= spread.half_width, f"{what}: {quoted} vs {scale * fmean(values):.4g}"


def test_xor_page(built_site):
    numbers, animated = published(built_site, "xor/results"), published(built_site, "xor/training")
    x, y = xor_data()
    settings = xor.SETTINGS
    for name, model_numbers in numbers["models"].items():
        runs = [sgd(seeded(xor_model, name, seed), x, y, settings.epochs, settings.learning_rate)
                for seed in numbers["settings"]["seeds"]]
        assert_reproduced(model_numbers["final_loss"], [losses[-1] for losses, _ in runs], 1e-5, f"{name} loss", 1)
        assert_reproduced(model_numbers["accuracy"], [accuracies[-1] for _, accuracies in runs], 0, f"{name} accuracy")
        if name in animated["accuracy"]:  # the training animation's network, and its caption's number
            curve = runs[numbers["settings"]["seeds"].index(animated["seed"])][1]
            passes_90 = next((step for step, value in enumerate(curve) if value >= 0.9), None)
            assert passes_90 == animated["accuracy"][name]["steps_to_90_percent"], name


def test_sigmoid_tanh_page(built_site):
    deep, budget = published(built_site, "sigmoid-tanh/deep"), published(built_site, "sigmoid-tanh/budget")
    x, y = xor_data()
    deep_x, deep_y = x[:deep["points"]], y[:deep["points"]]
    for slug in sigmoid_tanh.COMPARED:
        gradients = []
        for seed in range(deep["seeds"]):
            model = seeded(deep_mlp, slug, seed)
            F.cross_entropy(model(deep_x), deep_y).backward()
            linear = [layer for layer in model if isinstance(layer, nn.Linear)]
            gradients.append(float(linear[0].weight.grad.norm()))
        assert_reproduced(deep["first_layer_gradient"][slug], gradients, 1e-6 * max(gradients),
                          f"{slug} first-layer gradient", 1)
        runs = [sgd(seeded(deep_mlp, slug, seed), deep_x, deep_y, deep["epochs"], deep["learning_rate"])
                for seed in range(deep["seeds"])]
        assert_reproduced(deep["final_loss"][slug], [losses[-1] for losses, _ in runs], 1e-3, f"deep {slug} loss", 1)
        assert_reproduced(deep["accuracy"][slug], [accuracies[-1] for _, accuracies in runs],
                          1 / len(deep_y) + 1e-6, f"deep {slug} accuracy")

        settings = budget["settings"]
        runs = [sgd(seeded(xor_model, slug, seed), x, y, settings["epochs"], settings["learning_rate"])
                for seed in sigmoid_tanh.LONG_BUDGET.seeds]
        for steps in (settings["short_budget"], settings["epochs"]):
            assert_reproduced(budget[slug][f"accuracy_after_{steps}"], [accuracies[steps] for _, accuracies in runs],
                              1 / len(y) + 1e-6, f"{slug} accuracy after {steps} steps")


def inactive_units(model: nn.Sequential, x: torch.Tensor) -> list[torch.Tensor]:
    """Per hidden layer, which units have an input <= 0 on every point."""
    inactive = []
    with torch.no_grad():
        for layer in model:
            if not isinstance(layer, nn.Linear):
                inactive.append((x <= 0).all(dim=0))
            x = layer(x)
    return inactive


def test_relu_family_page(built_site):
    dying, sweep = published(built_site, "relu-family/dying"), published(built_site, "relu-family/slopes")
    x, y = spirals()
    settings = dying["settings"]
    for name, model_numbers in dying["models"].items():
        shares, accuracies = {"start": [], "end": []}, []
        for seed in range(settings["seeds"]):
            model = seeded(relu_family.dying_model, name, seed)
            shares["start"].append(float(torch.cat(inactive_units(model, x)).float().mean()))
            _, curve = sgd(model, x, y, settings["epochs"], settings["learning_rate"])
            shares["end"].append(float(torch.cat(inactive_units(model, x)).float().mean()))
            accuracies.append(curve[-1])
        assert_reproduced(model_numbers["accuracy"], accuracies, 2 / len(y) + 1e-6, f"{name} accuracy")
        for moment in ("start", "end"):
            assert_reproduced(model_numbers[f"inactive_{moment}"], shares[moment], 1 / 64 + 1e-6,
                              f"{name} inactive at the {moment}")

    test_x, test_y = spirals(seed=relu_family.TEST_SEED)
    settings = sweep["settings"]
    names = {**sweep["slopes"], "prelu": sweep["prelu"]}
    slopes = []
    for name, summary in names.items():
        held_out = []
        for seed in range(settings["seeds"]):
            model = seeded(relu_family.sweep_model, name, seed)
            sgd(model, x, y, settings["epochs"], settings["learning_rate"])
            held_out.append(accuracy(model, test_x, test_y))
            if name == "prelu":
                slopes.append([layer.weight.item() for layer in model if isinstance(layer, nn.PReLU)])
        assert_reproduced(summary, held_out, 1 / len(test_y) + 1e-6, f"slope {name} held-out accuracy")
    # 400 steps amplify rounding in PReLU's slope more than in the accuracy: up to 0.08 on a seed
    for layer in (0, 1):
        assert_reproduced(sweep["learned"][f"layer_{layer + 1}"], [s[layer] for s in slopes], 0.1,
                          f"PReLU slope, layer {layer + 1}", 1)


def pgd(model: nn.Module, x: torch.Tensor, y: torch.Tensor, attack, generator: torch.Generator):
    """L-infinity PGD with random starts against one network: the strongest input found per
    example, and whether any restart fooled the network on it."""
    fooled = torch.zeros(len(y), dtype=torch.bool)
    strongest, strongest_loss = x.clone(), torch.full((len(y),), -torch.inf)
    for _ in range(attack.restarts):
        delta = (torch.rand(x.shape, generator=generator) * 2 - 1) * attack.epsilon
        delta = (x + delta).clamp(0, 1) - x
        for _ in range(attack.steps):
            delta.requires_grad_(True)
            loss = F.cross_entropy(model(x + delta), y, reduction="none").sum()
            (gradient,) = torch.autograd.grad(loss, delta)
            delta = (delta.detach() + attack.step_size * gradient.sign()).clamp(-attack.epsilon, attack.epsilon)
            delta = (x + delta).clamp(0, 1) - x
        with torch.no_grad():
            logits = model(x + delta)
            loss = F.cross_entropy(logits, y, reduction="none")
            fooled |= logits.argmax(-1) != y
            stronger = loss > strongest_loss
            strongest[stronger], strongest_loss[stronger] = (x + delta)[stronger], loss[stronger]
    return strongest, fooled


def test_smooth_adversarial_page(built_site):
    numbers = published(built_site, "smooth-adversarial/experiment")
    preset = smooth_adversarial.PRESETS[numbers["preset"]["name"]]
    x, y, test_x, test_y = digits()

    def adversarially_trained(name: str, seed: int, attack) -> nn.Module:
        model = seeded(digit_mlp, name, seed)
        optimizer = torch.optim.Adam(model.parameters(), lr=preset.learning_rate)
        order = torch.Generator().manual_seed(0)
        starts = torch.Generator().manual_seed(STREAMS * seed + TRAINING_STREAM)
        for _ in range(preset.epochs):
            for batch in torch.randperm(len(y), generator=order).split(preset.batch_size):
                inputs = x[batch] if attack is None else pgd(model, x[batch], y[batch], attack, starts)[0]
                loss = F.cross_entropy(model(inputs), y[batch])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        if name == smooth_adversarial.ABLATION:  # attacked with ReLU's own gradient, as on the page
            relu = digit_mlp("relu")
            relu.load_state_dict(model.state_dict())
            return relu
        return model

    def check(name: str, attack, published_numbers: dict) -> None:
        clean, robust = [], []
        for seed in range(preset.seeds):
            model = adversarially_trained(name, seed, attack)
            clean.append(accuracy(model, test_x, test_y))
            evaluation = torch.Generator().manual_seed(STREAMS * seed + EVALUATION_STREAM)
            robust.append(1 - float(pgd(model, test_x, test_y, preset.evaluation_attack(), evaluation)[1].float().mean()))
        # sign(gradient) turns tiny rounding differences into whole steps: allow two test digits
        tolerance = 2 / len(test_y) + 1e-6
        assert_reproduced(published_numbers["clean"], clean, tolerance, f"{name} clean accuracy")
        assert_reproduced(published_numbers["robust"], robust, tolerance, f"{name} robust accuracy")

    for name, model_numbers in numbers["models"].items():
        check(name, preset.training_attack(), model_numbers)
    check("relu", None, numbers["undefended"])
    # the page's single example network is the first seed of those trained on clean digits
    example = published(built_site, "smooth-adversarial/undefended")
    assert example["clean_accuracy"] == numbers["undefended"]["clean"]["per_seed"][0]
    assert example["robust_accuracy"] == pytest.approx(numbers["undefended"]["robust"]["per_seed"][0], abs=1e-6)
