"""The networks of the lecture: its two-hidden-layer perceptron, and the XOR models."""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable

import torch
from torch import nn
from torch.nn import functional as F

from figures_src.science.catalog import CATALOG, by_slug


# --8<-- [start:class_based]
class MultilayerPerceptron(nn.Module):
    def __init__(self, num_features, num_hidden_1, num_hidden_2, num_classes):
        super().__init__()
        self.linear_1 = nn.Linear(num_features, num_hidden_1)
        self.linear_2 = nn.Linear(num_hidden_1, num_hidden_2)
        self.linear_out = nn.Linear(num_hidden_2, num_classes)

    def forward(self, x):
        out = F.relu(self.linear_1(x))
        out = F.relu(self.linear_2(out))
        logits = self.linear_out(out)
        log_probas = F.log_softmax(logits, dim=1)
        return logits, log_probas
# --8<-- [end:class_based]


# --8<-- [start:sequential]
def sequential_perceptron(num_features, num_hidden_1, num_hidden_2, num_classes):
    # Naming the layers like the class's attributes gives both the same state_dict keys.
    return nn.Sequential(OrderedDict(
        linear_1=nn.Linear(num_features, num_hidden_1),
        relu_1=nn.ReLU(),
        linear_2=nn.Linear(num_hidden_1, num_hidden_2),
        relu_2=nn.ReLU(),
        linear_out=nn.Linear(num_hidden_2, num_classes),
    ))
# --8<-- [end:sequential]


XOR_HIDDEN = 50


# --8<-- [start:xor_models]
def xor_mlp(activation: nn.Module) -> nn.Sequential:
    """The lecture's XOR network: one hidden layer of 50 units."""
    return nn.Sequential(nn.Linear(2, XOR_HIDDEN), activation, nn.Linear(XOR_HIDDEN, 2))


def logistic_regression() -> nn.Linear:
    """No hidden layer: two outputs and softmax, i.e. logistic regression for two classes."""
    return nn.Linear(2, 2)
# --8<-- [end:xor_models]


def xor_model(name: str) -> nn.Module:
    """A fresh XOR model by name: logistic-regression, linear, or a catalogue slug."""
    if name == "logistic-regression":
        return logistic_regression()
    if name == "linear":
        return xor_mlp(nn.Identity())
    return xor_mlp(by_slug(name).build())


XOR_MODELS = ("logistic-regression", "linear") + tuple(a.slug for a in CATALOG)


# --8<-- [start:fold]
def fold_linear_mlp(mlp: nn.Sequential) -> nn.Linear:
    """W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2): a linear MLP is one linear layer."""
    first, identity, last = mlp
    if not isinstance(identity, nn.Identity):  # an exception, not an assert: python -O drops asserts
        raise ValueError(f"only an MLP without activation folds, not one with {type(identity).__name__}")
    folded = nn.Linear(first.in_features, last.out_features)
    with torch.no_grad():
        folded.weight.copy_(last.weight @ first.weight)
        folded.bias.copy_(last.weight @ first.bias + last.bias)
    return folded
# --8<-- [end:fold]


DEEP_LAYERS, DEEP_WIDTH = 10, 32


def deep_mlp(slug: str, layers: int = DEEP_LAYERS, width: int = DEEP_WIDTH) -> nn.Sequential:
    """`layers` hidden layers of `width` units with one catalogue activation, for two classes.

    Glorot (Xavier) normal weights and zero biases, the usual start for sigmoid and tanh nets.
    """
    modules, fan_in = [], 2
    for _ in range(layers):
        linear = nn.Linear(fan_in, width)
        nn.init.xavier_normal_(linear.weight)
        nn.init.zeros_(linear.bias)
        modules += [linear, by_slug(slug).build()]
        fan_in = width
    return nn.Sequential(*modules, nn.Linear(width, 2))


def spiral_mlp(make_activation: Callable[[], nn.Module], width: int = 32,
               bias_shift: float = 0.0) -> nn.Sequential:
    """Two hidden layers for the three-armed spirals; `bias_shift` moves every hidden bias."""
    first, second = nn.Linear(2, width), nn.Linear(width, width)
    with torch.no_grad():
        first.bias.add_(bias_shift)
        second.bias.add_(bias_shift)
    return nn.Sequential(first, make_activation(), second, make_activation(), nn.Linear(width, 3))
