"""What the playground page (docs/playground.md, docs/javascripts/playground/) trains in the
browser, and what the browser must reproduce: the data sets the pages train on, the catalogue as
the browser needs it (titles, the modules' arguments, plot ranges, colours in both schemes), each
data set's set-up as its page trains it, and, for every catalogue function, PyTorch's losses over
the first 25 full-batch SGD steps of that set-up's network, trained one network at a time as the
lecture's loop does. The browser draws its initial weights itself, as torch.manual_seed does."""

from __future__ import annotations

import json
from dataclasses import dataclass

import torch
from torch import nn

from figures_src.drawing.style import THEMES
from figures_src.figures import FigureJob
from figures_src.figures import xor
from figures_src.science import relu_experiments
from figures_src.science.catalog import CATALOG, by_slug, parameters
from figures_src.science.data import spirals, xor_data
from figures_src.science.models import XOR_HIDDEN, spiral_mlp, xor_model
from figures_src.science.training import Settings, seeded_model, train_one

COMPARED_STEPS = 25  # the lecture's XOR budget; PyTorch and the browser, both in float64, agree to 1e-12 over it


@dataclass(frozen=True)
class SetUp:
    """A page's network and training, as the playground's defaults for one data set."""

    page: str
    layers: int
    width: int
    learning_rate: float
    seed: int
    activation: str = "relu"

    def model(self, slug: str) -> nn.Module:
        """The page's own model builder with the catalogue function `slug`."""
        if self.page == "xor":
            return xor_model(slug)
        return spiral_mlp(by_slug(slug).build, width=self.width)


DATA = {  # name: (points and labels, the set-up of the page that trains on them)
    "xor": (xor_data, SetUp("xor", 1, XOR_HIDDEN, xor.SETTINGS.learning_rate, xor.SHOWN_SEED)),
    "spirals": (spirals, SetUp("relu-family", 2, 32, relu_experiments.SWEEP.learning_rate, relu_experiments.SEEDS[0])),
}


def reference_losses(set_up: SetUp, slug: str, x: torch.Tensor, y: torch.Tensor) -> dict:
    model = seeded_model(slug, set_up.seed, set_up.model)
    losses = train_one(model, x, y, Settings(epochs=COMPARED_STEPS, learning_rate=set_up.learning_rate))
    with torch.no_grad():
        accuracy = float((model(x).argmax(1) == y).float().mean())
    return {"losses": losses.tolist(), "accuracy": accuracy}


def data_set(make, set_up: SetUp) -> dict:
    x, y = make()
    return {"x": x.tolist(), "y": y.tolist(), "set_up": vars(set_up),
            "pytorch": {a.slug: reference_losses(set_up, a.slug, x, y) for a in CATALOG}}


def catalogue() -> list[dict]:
    return [{"slug": a.slug, "title": a.title, "parameters": parameters(a), "x_range": a.x_range,
             "colours": {theme.name: theme.colour(a.slug) for theme in THEMES}} for a in CATALOG]


def themes() -> dict:
    return {theme.name: {"background": theme.background, "foreground": theme.foreground, "grid": theme.grid,
                         "derivative": theme.derivative, "classes": theme.classes, "regions": theme.regions}
            for theme in THEMES}


def playground() -> dict[str, bytes]:
    numbers = {"steps_compared": COMPARED_STEPS, "activations": catalogue(), "themes": themes(),
               "data": {name: data_set(make, set_up) for name, (make, set_up) in DATA.items()}}
    return {"playground/playground.json": json.dumps(numbers, separators=(",", ":")).encode()}


FIGURES = [FigureJob("playground", playground)]
