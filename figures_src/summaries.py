"""How figure modules write the numbers that pages quote."""

from __future__ import annotations

import json

import torch

from figures_src.stats import interval


def summary(values: torch.Tensor) -> dict:
    """One quantity over seeds: every value, its mean with the 95 % interval of the mean, its
    standard deviation and extremes. Pages quote it with the precision the interval supports."""
    per_seed = values.tolist()
    spread = interval(per_seed)
    return {"mean": spread.mean, "ci95": [spread.low, spread.high], "std": float(values.std()),
            "min": float(values.min()), "max": float(values.max()), "per_seed": per_seed}


def as_json(numbers: dict) -> bytes:
    return json.dumps(numbers, indent=1).encode()
