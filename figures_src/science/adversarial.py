"""Adversarial examples and adversarial training, on stacks of small networks.

The data are scikit-learn's 8×8 handwritten digits (they ship inside the package, nothing is
downloaded), scaled to [0, 1]. Attacks are L-infinity PGD: repeated signed-gradient steps, each
projected back into the ε-box around the input and into the valid pixel range.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn
from torch.nn import functional as F

from figures_src.science.catalog import by_slug
from figures_src.science.training import ModelStack

SPLIT_SEED = 0
TEST_SHARE = 0.25


def digits() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Train and test features (N, 64) in [0, 1], and labels; a fixed random 75/25 split."""
    from sklearn.datasets import load_digits  # imported here: only this experiment needs it

    data = load_digits()
    x = torch.tensor(data.data, dtype=torch.get_default_dtype()) / 16.0
    y = torch.tensor(data.target, dtype=torch.int64)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(SPLIT_SEED))
    cut = int(len(y) * (1 - TEST_SHARE))
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


class _ReLUWithSmoothGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: float) -> torch.Tensor:
        ctx.save_for_backward(x)
        ctx.beta = beta
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        (x,) = ctx.saved_tensors
        return grad * torch.sigmoid(ctx.beta * x), None


class ReLUSmoothBackward(nn.Module):
    """ReLU going forward, the derivative of softplus(βx)/β going backward: the paper's ablation
    of a smooth gradient without a smooth function."""

    def __init__(self, beta: float = 10.0):
        super().__init__()
        self.beta = beta

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ReLUWithSmoothGradient.apply(x, self.beta)


def make_activation(name: str) -> nn.Module:
    return ReLUSmoothBackward() if name == "relu-smooth-backward" else by_slug(name).build()


# Two hidden layers of this many units. At 128 the page's experiment was the build's longest
# figure (43 of 147 s of figure work); at 64 it takes about half that, reads the digits as well
# (98 % clean), and every verdict on the page came out the same (measured on 2026-12-05).
HIDDEN_UNITS = 64


def digit_mlp(name: str, width: int = HIDDEN_UNITS) -> nn.Sequential:
    return nn.Sequential(nn.Linear(64, width), make_activation(name), nn.Linear(width, width),
                         make_activation(name), nn.Linear(width, 10))


@dataclass(frozen=True)
class Attack:
    epsilon: float
    steps: int
    step_size: float
    restarts: int = 1
    random_start: bool = True


def losses(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of every member on every example: logits (M, N, classes) → (M, N)."""
    return F.cross_entropy(logits.transpose(1, 2), y.expand(logits.shape[0], -1), reduction="none")


def per_example_loss(stack: ModelStack, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of every member on every example: x (M, N, F) → (M, N)."""
    return losses(stack(x), y)


STREAMS = 1000  # room for this many separate random streams per seed
# the random starts of the training attacks, of the evaluation attacks, the order of the
# minibatches, and the random starts of the attacks that measure the attacker's strength
TRAINING_STREAM, EVALUATION_STREAM, ORDER_STREAM, STRENGTH_STREAM = 0, 1, 2, 3


def member_generators(stack: ModelStack, stream: int) -> list[torch.Generator]:
    """One random stream per member (the attacks' random starts, or the order of the minibatches),
    seeded by the member's seed.

    Members that share a seed draw the same numbers (a paired comparison), and a network trained
    on its own, one at a time, draws exactly what it drew inside the stack.
    """
    return [torch.Generator().manual_seed(STREAMS * seed + stream) for _, seed in stack.members]


def as_members(stack: ModelStack, x: torch.Tensor) -> torch.Tensor:
    """Examples for every member (M, N, F): shared ones (N, F) repeated, each member's own kept."""
    return x if x.dim() == 3 else x.expand(len(stack.members), -1, -1)


def perturb(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, attack: Attack,
            generators: list[torch.Generator],
            watch: Callable[[torch.Tensor], None] = lambda logits: None) -> torch.Tensor:
    """One run of the attack against every member, member m drawing its random start from
    generators[m]: the adversarial inputs (M, N, F) where its last step lands. watch(logits) sees
    the members' outputs at every point before a step."""
    clean = as_members(stack, x)
    delta = torch.zeros_like(clean)
    if attack.random_start:
        # drawn on the CPU, so a seed gives the same start on every device
        uniform = torch.stack([torch.rand(clean.shape[1:], generator=g) for g in generators])
        delta = (uniform * 2 - 1).to(x.device) * attack.epsilon
    delta = (clean + delta).clamp(0, 1) - clean
    for _ in range(attack.steps):
        delta.requires_grad_(True)
        logits = stack(clean + delta)
        watch(logits.detach())
        (gradient,) = torch.autograd.grad(losses(logits, y).sum(), delta)
        delta = (delta.detach() + attack.step_size * gradient.sign()).clamp(-attack.epsilon, attack.epsilon)
        delta = (clean + delta).clamp(0, 1) - clean  # stay a valid image
    return clean + delta


def pgd(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, attack: Attack,
        generators: list[torch.Generator]) -> tuple[torch.Tensor, torch.Tensor]:
    """Attack every member on every example with every restart, member m drawing its random
    starts from generators[m]. The examples are shared, x (N, F) and y (N), or each member's own,
    (M, N, F) and (M, N).

    Returns the adversarial inputs (M, N, F) of the strongest restart per example, and whether
    the member misread the example anywhere the attack went (M, N): clean, at a random start, or
    after any step of any restart. A step of PGD can overshoot a misread input and come back, so
    the last step alone would count some fooled digits as robust.
    """
    clean = as_members(stack, x)
    strongest, strongest_loss = clean.clone(), torch.full(clean.shape[:2], -torch.inf, device=x.device)
    with torch.no_grad():
        fooled = stack(clean).argmax(-1) != y

    def watch(logits: torch.Tensor) -> None:
        fooled.logical_or_(logits.argmax(-1) != y)

    for _ in range(attack.restarts):
        adversarial = perturb(stack, clean, y, attack, generators, watch)
        with torch.no_grad():
            logits = stack(adversarial)
            watch(logits)
            loss = losses(logits, y)
            stronger = loss > strongest_loss
            strongest[stronger], strongest_loss[stronger] = adversarial[stronger], loss[stronger]
    return strongest, fooled


def fgsm(epsilon: float) -> Attack:
    """The fast gradient sign method: one full step from the clean input."""
    return Attack(epsilon, steps=1, step_size=epsilon, restarts=1, random_start=False)


def train_minibatches(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, attack: Attack | None,
                      epochs: int, batch_size: int, learning_rate: float,
                      after_epoch: Callable[[int], None] = lambda epoch: None) -> None:
    """Adam on minibatches, every member at once. With an attack, each minibatch is replaced by
    adversarial examples made fresh against the current weights: adversarial training.
    Each member draws the order of its minibatches from its seed, so members sharing a seed see
    the same minibatches and other seeds see others. after_epoch(epoch) is called after each
    epoch (counted from 1), to measure the networks as they train."""
    orders = member_generators(stack, ORDER_STREAM)
    starts = member_generators(stack, TRAINING_STREAM)
    optimizer = torch.optim.Adam(stack.parameters(), lr=learning_rate, foreach=True)
    for epoch in range(epochs):
        shuffles = torch.stack([torch.randperm(len(y), generator=order) for order in orders]).to(x.device)
        for batch in shuffles.split(batch_size, dim=1):  # (M, B): member m's examples
            inputs, labels = x[batch], y[batch]
            if attack is not None:
                inputs = perturb(stack, inputs, labels, attack, starts)
            loss = per_example_loss(stack, inputs, labels).mean(1).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        after_epoch(epoch + 1)


@torch.no_grad()
def reads_correctly(stack: ModelStack, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Which examples each member classifies correctly (M, N)."""
    return stack(x).argmax(-1) == y


def withstands(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, attack: Attack) -> torch.Tensor:
    """Which examples each member reads correctly clean and everywhere every restart of the
    attack went (M, N): its robust accuracy is their share."""
    _, fooled = pgd(stack, x, y, attack, member_generators(stack, EVALUATION_STREAM))
    return ~fooled


def loss_gain(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, attack: Attack,
              generators: list[torch.Generator]) -> torch.Tensor:
    """How much one run of the attack raises each member's loss on each example (M, N)."""
    adversarial = perturb(stack, x, y, attack, generators)
    with torch.no_grad():
        return per_example_loss(stack, adversarial, y) - per_example_loss(stack, as_members(stack, x), y)


def attacker_strength(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, weak: Attack,
                      strong: Attack) -> torch.Tensor:
    """The share of the strong attack's loss gain that the weak one reaches, as each example's
    part in it (M, N): member m's row averages exactly to its share, mean(weak gain) / mean(strong
    gain), and the rows' spread over examples is what drawing other examples would change in it
    (the delta method for a ratio of means), so stats.crossed can count it.

    With the training attack as the weak one, the share measures how well adversarial training's
    inner maximisation does its job on each network: the paper's argument is that ReLU's gradient
    makes it worse. Each member draws the random starts from its seed, the weak attack's first."""
    generators = member_generators(stack, STRENGTH_STREAM)
    weak_gain = loss_gain(stack, x, y, weak, generators)
    strong_gain = loss_gain(stack, x, y, strong, generators)
    share = weak_gain.mean(1, keepdim=True) / strong_gain.mean(1, keepdim=True)
    return share + (weak_gain - share * strong_gain) / strong_gain.mean(1, keepdim=True)
