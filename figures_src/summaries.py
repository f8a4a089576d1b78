"""How figure modules write the numbers that pages quote."""

from __future__ import annotations

import json

import torch

from figures_src.stats import crossed, interval


def summary(values: torch.Tensor) -> dict:
    """One quantity over seeds: every value, its mean with the 95 % interval of the mean, its
    standard deviation and extremes. Pages quote it with the precision the interval supports."""
    per_seed = values.tolist()
    spread = interval(per_seed)
    return {"mean": spread.mean, "ci95": [spread.low, spread.high], "std": float(values.std()),
            "min": float(values.min()), "max": float(values.max()), "per_seed": per_seed}


def outcome_summary(correct: torch.Tensor) -> dict:
    """Which test examples each seed's network handled correctly (seeds × examples, booleans), as
    a summary of its accuracy per seed whose interval also counts the sampling of the test
    examples (stats.crossed). Every outcome is kept, a string of 0s and 1s per seed, so that
    readers can pair two models example by example (stats.difference)."""
    table = correct.int().tolist()
    spread = crossed(table)
    return {**summary(correct.float().mean(1)), "ci95": [spread.low, spread.high],
            "per_example": ["".join(map(str, row)) for row in table]}


def as_json(numbers: dict) -> bytes:
    return json.dumps(numbers, indent=1).encode()
