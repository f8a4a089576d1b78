"""How figure modules write the numbers that pages quote."""

from __future__ import annotations

import json

import torch


def summary(values: torch.Tensor) -> dict:
    """Mean, standard deviation, extremes and every value, of one quantity over seeds."""
    return {"mean": float(values.mean()), "std": float(values.std()), "min": float(values.min()),
            "max": float(values.max()), "per_seed": values.tolist()}


def as_json(numbers: dict) -> bytes:
    return json.dumps(numbers, indent=1).encode()
