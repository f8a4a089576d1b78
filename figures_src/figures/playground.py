"""What the playground page trains in the browser (docs/javascripts/playground/): the lecture's
XOR data, and for every catalogue function the XOR page's seed-123 network, its initial weights
as PyTorch drew them and its losses over the lecture's 25 full-batch SGD steps, trained one
network at a time as the lecture's loop does; the browser must reproduce those losses."""

from __future__ import annotations

import torch

from figures_src.catalog import CATALOG, parameters
from figures_src.data import xor_data
from figures_src.figures.xor import SETTINGS, SHOWN_SEED
from figures_src.registry import FigureJob
from figures_src.summaries import as_json
from figures_src.training import seeded_model, train_one


def reference_network(activation, x: torch.Tensor, y: torch.Tensor) -> dict:
    model = seeded_model(activation.slug, SHOWN_SEED)
    initial = {name: tensor.tolist() for name, tensor in model.state_dict().items()}
    losses = train_one(model, x, y, SETTINGS)
    with torch.no_grad():
        accuracy = float((model(x).argmax(1) == y).float().mean())
    return {"parameters": parameters(activation), "initial": initial, "losses": losses.tolist(),
            "accuracy": accuracy}


def xor_reference() -> dict[str, bytes]:
    x, y = xor_data()
    return {"playground/xor.json": as_json({
        "seed": SHOWN_SEED, "learning_rate": SETTINGS.learning_rate, "epochs": SETTINGS.epochs,
        "x": x.tolist(), "y": y.tolist(),
        "networks": {activation.slug: reference_network(activation, x, y) for activation in CATALOG}})}


FIGURES = [FigureJob("playground-xor", xor_reference)]
