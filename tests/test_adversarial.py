"""The attack is real, and the ablation changes only the backward pass."""

from __future__ import annotations

import json

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from figures_src.figures import smooth_adversarial
from figures_src.science.adversarial import (STREAMS, STRENGTH_STREAM, Attack, ReLUSmoothBackward, attacker_strength,
                                             digit_mlp, digits, fgsm, member_generators, pgd, reads_correctly,
                                             withstands)
from figures_src.science.training import ModelStack

EPSILON = 0.1


@pytest.fixture(scope="module")
def data():
    return digits()


@pytest.fixture(scope="module")
def undefended():
    """The page's networks trained on clean digits (one per seed of the default preset)."""
    return smooth_adversarial.undefended("default", "cpu")


def robust_accuracy(stack, x, y, attack) -> float:
    """The first network's robust accuracy."""
    return float(withstands(stack, x, y, attack)[0].float().mean())


def test_digits_are_a_real_split_in_the_unit_range(data):
    x, y, test_x, test_y = data
    assert x.shape[1] == 64 and len(x) + len(test_x) == 1797
    assert float(x.min()) == 0.0 and float(x.max()) == 1.0
    assert set(y.tolist()) == set(test_y.tolist()) == set(range(10))


def test_pgd_breaks_an_undefended_network(data, undefended):
    _, _, test_x, test_y = data
    clean = float(reads_correctly(undefended, test_x, test_y)[0].float().mean())
    robust = robust_accuracy(undefended, test_x, test_y, Attack(EPSILON, 20, EPSILON / 4, 3))
    assert clean > 0.9
    assert robust < clean - 0.3


def test_perturbations_stay_within_epsilon_and_the_pixel_range(data, undefended):
    _, _, test_x, test_y = data
    adversarial, _ = pgd(undefended, test_x, test_y, Attack(EPSILON, 10, EPSILON / 2, 2),
                         member_generators(undefended, 0))
    change = adversarial[0] - test_x
    assert float(change.abs().max()) <= EPSILON + 1e-6
    assert float(change.abs().max()) > EPSILON / 2  # it did move
    assert float(adversarial.min()) >= 0.0 and float(adversarial.max()) <= 1.0


def test_pgd_is_at_least_as_strong_as_fgsm(data, undefended):
    _, _, test_x, test_y = data
    after_fgsm = robust_accuracy(undefended, test_x, test_y, fgsm(EPSILON))
    after_pgd = robust_accuracy(undefended, test_x, test_y, Attack(EPSILON, 20, EPSILON / 4, 3))
    assert after_pgd <= after_fgsm


class Band(nn.Module):
    """A one-pixel "network" that reads class 1 in a narrow band of the pixel around 0.57 and
    class 0 elsewhere: an attack stepping through the band overshoots it."""

    members = [("band", 0)]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        inside = 1 - 40 * (x[..., 0] - 0.57).abs()
        return torch.stack([torch.zeros_like(inside), inside], dim=-1)


def test_a_digit_counts_as_fooled_if_misread_anywhere_the_attack_went():
    """From 0.50 (read as 0), two steps of 0.06 go to 0.56 (misread) and on to 0.62 (read as 0
    again): the input is not robust, though the last step alone would say it is."""
    x, label = torch.tensor([[0.50]]), torch.tensor([0])
    attack = Attack(epsilon=0.15, steps=2, step_size=0.06, random_start=False)
    adversarial, fooled = pgd(Band(), x, label, attack, [torch.Generator()])
    assert float(adversarial[0, 0, 0]) == pytest.approx(0.62)
    assert Band()(adversarial).argmax(-1).tolist() == [[0]]
    assert fooled.tolist() == [[True]]


def test_smooth_backward_relu_changes_only_the_gradient():
    x = torch.linspace(-3, 3, 601, requires_grad=True)
    smooth = ReLUSmoothBackward(beta=10.0)
    assert torch.equal(smooth(x), torch.relu(x))
    (gradient,) = torch.autograd.grad(smooth(x).sum(), x)
    torch.testing.assert_close(gradient, torch.sigmoid(10 * x.detach()))
    (relu_gradient,) = torch.autograd.grad(torch.relu(x).sum(), x)
    assert not torch.allclose(gradient, relu_gradient)


def test_ablation_network_computes_what_the_relu_network_computes():
    torch.manual_seed(0)
    ablation = digit_mlp("relu-smooth-backward")
    relu = digit_mlp("relu")
    relu.load_state_dict(ablation.state_dict())
    inputs = torch.rand(32, 64)
    assert torch.equal(ablation(inputs), relu(inputs))
    labels = torch.randint(0, 10, (32,))
    for model in (ablation, relu):
        nn.functional.cross_entropy(model(inputs), labels).backward()
    assert not torch.allclose(ablation[0].weight.grad, relu[0].weight.grad)


def test_the_ablation_is_attacked_with_relus_own_gradient():
    """Trained with a smooth backward pass, the ablation is evaluated as what it computes: in the
    stack the evaluation attacks, its input gradient is that of a ReLU network with its weights."""
    from figures_src.science.training import seeded_model

    names, ablation = smooth_adversarial.NAMES, smooth_adversarial.ABLATION
    trained = ModelStack(names, (0,), digit_mlp)
    relu = digit_mlp("relu")
    relu.load_state_dict(seeded_model(ablation, 0, digit_mlp).state_dict())  # the member's weights
    inputs = torch.rand(16, 64)

    def input_gradient(stack):
        stacked = inputs.expand(len(names), -1, -1).clone().requires_grad_(True)
        row = stack.rows(ablation)[0]
        (gradient,) = torch.autograd.grad(stack(stacked)[row].square().sum(), stacked)
        return gradient[row]

    stacked_inputs = inputs.clone().requires_grad_(True)
    (expected,) = torch.autograd.grad(relu(stacked_inputs).square().sum(), stacked_inputs)
    attacked = smooth_adversarial.as_attacked(trained, smooth_adversarial.PRESETS["default"])
    torch.testing.assert_close(input_gradient(attacked), expected)
    assert not torch.allclose(input_gradient(trained), expected)


def test_members_sharing_a_seed_share_their_random_numbers():
    """The paired comparison on the page rests on this: networks of one seed see the same
    minibatches and are attacked from the same random starts, whatever their activation, and
    other seeds draw other numbers."""
    stack = ModelStack(("relu", "silu"), (0, 1), digit_mlp)
    draws = [torch.rand(3, generator=generator) for generator in member_generators(stack, 0)]
    assert torch.equal(draws[stack.member("relu", 0)], draws[stack.member("silu", 0)])
    assert not torch.equal(draws[stack.member("relu", 0)], draws[stack.member("relu", 1)])


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


def direct_loss_gains(model: nn.Module, x: torch.Tensor, y: torch.Tensor, attack: Attack,
                      generator: torch.Generator) -> torch.Tensor:
    """One run of that one-network attack: how much it raises the cross-entropy of each example."""
    adversarial = attack_once(model, x, y, attack, generator)
    with torch.no_grad():
        return (nn.functional.cross_entropy(model(adversarial), y, reduction="none")
                - nn.functional.cross_entropy(model(x), y, reduction="none"))


def test_attacker_strength_matches_a_direct_computation(data):
    """For each network, the share of PGD-20's loss gain that the one-step training attack
    reaches (the mean of its digits' parts), computed here one network at a time: the weak attack
    draws its random start first, from the network's own seed. The parts' spread over digits
    says how much another draw of digits would change the share: as a bootstrap over digits does."""
    x, y, _, _ = data
    x, y = x[:64], y[:64]
    preset = smooth_adversarial.PRESETS["default"]
    weak, strong = preset.training_attack(), preset.yardstick_attack()
    stack = ModelStack(("relu", "gelu"), (0, 1), digit_mlp)
    parts = attacker_strength(stack, x, y, weak, strong)
    assert parts.shape == (len(stack.members), len(y))
    resamples = torch.randint(0, len(y), (4000, len(y)), generator=torch.Generator().manual_seed(0))
    for member, (name, seed) in enumerate(stack.members):
        torch.manual_seed(seed)
        model = digit_mlp(name)
        generator = torch.Generator().manual_seed(STREAMS * seed + STRENGTH_STREAM)
        weak_gains = direct_loss_gains(model, x, y, weak, generator)
        strong_gains = direct_loss_gains(model, x, y, strong, generator)
        share = float(weak_gains.mean() / strong_gains.mean())
        assert float(parts[member].mean()) == pytest.approx(share, rel=1e-4), (name, seed)
        assert 0 < share < 1
        bootstrap = weak_gains[resamples].mean(1) / strong_gains[resamples].mean(1)
        assert float(parts[member].std() / len(y) ** 0.5) == pytest.approx(float(bootstrap.std()), rel=0.2)


def test_page_quotes_the_experiment_of_this_build(built_site):
    from figures_src.science.stats import measurement, percent

    numbers = json.loads((built_site["out"] / "smooth-adversarial" / "experiment.json").read_text())
    assert numbers["preset"]["seeds"] >= 3
    assert numbers["preset"]["evaluation_attack"]["steps"] > numbers["preset"]["training_attack"]["steps"]
    robust = numbers["models"]["relu"]["robust"]
    assert len(measurement(robust)) == numbers["preset"]["seeds"]  # the page's interval counts the test digits
    assert len(measurement(robust)[0]) == numbers["preset"]["test_points"]
    html = (built_site["site"] / "smooth-adversarial" / "index.html").read_text()
    assert percent(robust) in html


def test_full_preset_is_made_only_on_demand(tmp_path):
    from figures_src.engine.registry import discover, select

    names = [figure.name for figure in select(discover(), None)]
    assert {"smooth-adversarial-experiment", "smooth-adversarial-undefended"} <= set(names)
    assert not {"smooth-adversarial-experiment-full", "smooth-adversarial-undefended-full"} & set(names)
