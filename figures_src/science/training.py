"""Batched training: many small models trained as one, their weights stacked on a model axis.

All models of a page (each architecture and activation, each seed) are trained in one run: the
seeds of each model are stacked, so its linear layers are batched matrix products and its
activation is applied once to all of them; no Python loop runs over single models. Summing the
models' losses gives each model exactly the gradient it would get alone, so SGD or Adam trains
each one exactly as a loop over models would; the tests check that to 1e-5.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable, Iterator

import torch
from torch import nn
from torch.nn import functional as F

from figures_src.science.models import xor_model


@dataclass(frozen=True)
class Settings:
    """The lecture's set-up: full-batch SGD, learning rate 0.1, torch.manual_seed before each model."""

    epochs: int = 25
    learning_rate: float = 0.1
    seeds: tuple[int, ...] = tuple(range(123, 133))


class StackedLinear(nn.Module):
    """M linear layers of one shape: weight (M, out, in), bias (M, out)."""

    def __init__(self, layers: list[nn.Linear]):
        super().__init__()
        self.weight = nn.Parameter(torch.stack([layer.weight.detach() for layer in layers]))
        self.bias = nn.Parameter(torch.stack([layer.bias.detach() for layer in layers]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, in) shared by all models, or (M, N, in), to (M, N, out)."""
        if x.dim() == 2:
            x = x.expand(len(self.weight), -1, -1)
        return torch.baddbmm(self.bias.unsqueeze(1), x, self.weight.transpose(1, 2))

    def stacked_parameters(self) -> dict[str, torch.Tensor]:
        """nn.Linear's parameters by their names, the model axis in front."""
        return {"weight": self.weight, "bias": self.bias}


class ActivationGroup(nn.Module):
    """One kind of activation for a run of models; a learnable one (PReLU) keeps one set of
    parameters per model, applied with torch.func.vmap."""

    def __init__(self, activations: list[nn.Module]):
        super().__init__()
        stacked, _ = torch.func.stack_module_state(activations)
        self.stacked = nn.ParameterDict(
            {name.replace(".", "__"): nn.Parameter(value.detach()) for name, value in stacked.items()})
        self._template = [copy.deepcopy(activations[0])]  # in a list: not a registered submodule

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        template = self._template[0]
        if not self.stacked:
            return template(h)
        call = lambda p, x: torch.func.functional_call(template, p, (x,))  # noqa: E731
        return torch.func.vmap(call)(self.stacked_parameters(), h)

    def stacked_parameters(self) -> dict[str, torch.Tensor]:
        """The activation's parameters by their names (PReLU's "weight"), the model axis in front."""
        return {name.replace("__", "."): value for name, value in self.stacked.items()}


class StackedSequential(nn.Module):
    """M copies of one nn.Sequential architecture: each Linear stacked, each activation grouped."""

    def __init__(self, models: list[nn.Sequential]):
        super().__init__()
        self.layers = nn.ModuleList(
            StackedLinear(list(layers)) if isinstance(layers[0], nn.Linear) else ActivationGroup(list(layers))
            for layers in zip(*models))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return x

    def stacked_parameters(self) -> dict[str, torch.Tensor]:
        """The parameters by their names in one nn.Sequential ("0.weight", ...), model axis in front."""
        return {f"{index}.{name}": value for index, layer in enumerate(self.layers)
                for name, value in layer.stacked_parameters().items()}

    def pre_activations(self, x: torch.Tensor) -> list[torch.Tensor]:
        """What each activation receives from x: one (M, N, units) tensor per activation."""
        received = []
        for layer in self.layers:
            if isinstance(layer, ActivationGroup):
                received.append(x)
            x = layer(x)
        return received


class ModelStack(nn.Module):
    """Many models, one per (name, seed), in `members` order.

    The seeds of one model name form one stack. Stacks of about ten models keep each hidden
    tensor small enough to stay in the CPU's cache, which on a CPU beats one giant stack.
    """

    def __init__(self, names: tuple[str, ...], seeds: tuple[int, ...],
                 build: Callable[[str], nn.Module] = xor_model):
        super().__init__()
        self.names, self.seeds, self.build = names, seeds, build
        self.members = [(name, seed) for name in names for seed in seeds]
        self.parts = nn.ModuleList()
        for name in names:
            models = [seeded_model(name, seed, build) for seed in seeds]
            stack = StackedLinear if isinstance(models[0], nn.Linear) else StackedSequential
            self.parts.append(stack(models))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, features) shared by all, or (M, N, features) one per member, to (M, N, classes)."""
        if x.dim() == 2:
            return torch.cat([part(x) for part in self.parts])
        seeds = len(self.members) // len(self.parts)
        return torch.cat([part(inputs) for part, inputs in zip(self.parts, x.split(seeds))])

    def rows(self, name: str) -> list[int]:
        """Where the seeds of one model name sit among the members."""
        return [index for index, (member, _) in enumerate(self.members) if member == name]

    def member(self, name: str, seed: int) -> int:
        """Where one model sits among the members."""
        return self.members.index((name, seed))

    def stacked_parameters(self, name: str) -> dict[str, torch.Tensor]:
        """The parameters of model `name` by their names in one plain model, its seeds in front."""
        return self.parts[self.names.index(name)].stacked_parameters()

    def model(self, name: str, seed: int) -> nn.Module:
        """One member as the plain model `build` makes, holding that member's weights."""
        model = self.build(name)
        position = self.seeds.index(seed)
        model.load_state_dict({key: value[position] for key, value in self.stacked_parameters(name).items()})
        return model

    def pre_activations(self, x: torch.Tensor) -> list[torch.Tensor]:
        """What each activation of every member receives from x (N, features): per activation
        layer, (M, N, units). Every model must be an nn.Sequential of the same layout."""
        per_part = [part.pre_activations(x) for part in self.parts]
        return [torch.cat(layer) for layer in zip(*per_part)]


def seeded_model(name: str, seed: int, build: Callable[[str], nn.Module] = xor_model) -> nn.Module:
    torch.manual_seed(seed)  # as the lecture does before each model
    return build(name)


def losses_per_model(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of each model: logits (M, N, C), labels (N,) → (M,)."""
    return F.cross_entropy(logits.transpose(1, 2), y.expand(len(logits), -1), reduction="none").mean(1)


@dataclass
class Run:
    stack: ModelStack
    losses: torch.Tensor  # (epochs + 1, M) on the CPU: before each update, and after the last
    accuracy_curve: torch.Tensor  # (epochs + 1, M) on the CPU: training accuracy, likewise
    snapshots: list[dict]  # if asked for: the state_dict every few updates (see `train`)

    @property
    def accuracies(self) -> torch.Tensor:
        """(M,): training accuracy after the last update."""
        return self.accuracy_curve[-1]

    def rows(self, name: str) -> list[int]:
        """Where the seeds of model `name` sit among the members (columns of `losses`, ...)."""
        return self.stack.rows(name)

    def member(self, name: str, seed: int) -> int:
        """Where one model sits among the members (its column of `losses`, ...)."""
        return self.stack.member(name, seed)

    def model(self, name: str, seed: int) -> nn.Module:
        """One trained model, unstacked: a plain nn.Sequential (or nn.Linear) with its final weights."""
        return self.stack.model(name, seed)

    def history(self, name: str, layer: int, parameter: str) -> torch.Tensor:
        """One parameter of layer `layer` of model `name` at each snapshot: (snapshots, seeds, *shape)."""
        # a copy at each snapshot: replay loads every snapshot into the same tensors
        return torch.stack([stack.stacked_parameters(name)[f"{layer}.{parameter}"].detach().clone()
                            for stack in self.replay()])

    def replay(self) -> Iterator[ModelStack]:
        """The stack as it was at each snapshot in turn (the last snapshot is the final state)."""
        for state in self.snapshots:
            self.stack.load_state_dict(state)
            yield self.stack


def train(stack: ModelStack, x: torch.Tensor, y: torch.Tensor, settings: Settings,
          snapshot_every: int = 0) -> Run:
    """Full-batch SGD on every model at once; with snapshot_every = k, the state_dict is kept
    before the first update, after every k-th, and after the last."""
    optimizer = torch.optim.SGD(stack.parameters(), lr=settings.learning_rate)
    losses, accuracies, snapshots = [], [], []
    for epoch in range(settings.epochs):
        if snapshot_every and epoch % snapshot_every == 0:
            snapshots.append(copy.deepcopy(stack.state_dict()))
        logits = stack(x)
        loss = losses_per_model(logits, y)
        optimizer.zero_grad()
        loss.sum().backward()
        optimizer.step()
        losses.append(loss.detach())
        accuracies.append(accuracy_per_model(logits.detach(), y))
    if snapshot_every:
        snapshots.append(copy.deepcopy(stack.state_dict()))
    with torch.no_grad():
        logits = stack(x)
        losses.append(losses_per_model(logits, y))
        accuracies.append(accuracy_per_model(logits, y))
    return Run(stack, torch.stack(losses).cpu(), torch.stack(accuracies).cpu(), snapshots)


def accuracy_per_model(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Share of correct predictions of each model: logits (M, N, C), labels (N,) → (M,)."""
    return (logits.argmax(-1) == y).float().mean(1)


def train_stack(names: tuple[str, ...], build: Callable[[str], nn.Module], x: torch.Tensor,
                y: torch.Tensor, settings: Settings, device: str = "cpu",
                snapshot_every: int = 0) -> Run:
    """Stack `names` × settings.seeds, train them on `device`, and hand the stack back on the CPU
    (figures are drawn there, whatever trained them)."""
    stack = ModelStack(names, settings.seeds, build).to(device)
    run = train(stack, x.to(device), y.to(device), settings, snapshot_every)
    run.stack.cpu()
    return run


@torch.no_grad()
def predict(stack: ModelStack, points: torch.Tensor, chunk: int = 8192) -> torch.Tensor:
    """Predicted class of every member at every point: (M, P), in chunks to bound memory."""
    return torch.cat([stack(part).argmax(-1) for part in points.split(chunk)], dim=1)


def train_one(model: nn.Module, x: torch.Tensor, y: torch.Tensor, settings: Settings) -> torch.Tensor:
    """The plain loop the batched run replaces: one model, full-batch SGD; losses as in `train`."""
    optimizer = torch.optim.SGD(model.parameters(), lr=settings.learning_rate)
    losses = []
    for _ in range(settings.epochs):
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    with torch.no_grad():
        losses.append(F.cross_entropy(model(x), y))
    return torch.stack(losses)
