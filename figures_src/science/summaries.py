"""How figure modules write the numbers that pages quote."""

from __future__ import annotations

import json

import torch

from figures_src.science.stats import crossed, interval


def summary(values: torch.Tensor) -> dict:
    """One quantity over seeds: every value, its mean with the 95 % interval of the mean, its
    standard deviation and extremes. Pages quote it with the precision the interval supports."""
    per_seed = values.tolist()
    spread = interval(per_seed)
    return {"mean": spread.mean, "ci95": [spread.low, spread.high], "std": float(values.std()),
            "min": float(values.min()), "max": float(values.max()), "per_seed": per_seed}


def example_summary(table: torch.Tensor, keep_examples: bool = True) -> dict:
    """A quantity measured per test example (seeds × examples): whether each was handled
    correctly (booleans), or each example's part in a share (floats). Summarised as its mean
    per seed, with an interval that also counts the sampling of the examples (stats.crossed).
    The table itself is kept, so that readers can pair two models example by example
    (stats.difference): booleans as a string of 0s and 1s per seed, floats to 6 decimals."""
    rows = table.tolist()
    spread = crossed(rows)
    kept = {}
    if keep_examples:
        kept = {"per_example": ["".join(str(int(value)) for value in row) for row in rows]
                if table.dtype == torch.bool else [[round(value, 6) for value in row] for row in rows]}
    return {**summary(table.double().mean(1)), "ci95": [spread.low, spread.high], **kept}


def as_json(numbers: dict) -> bytes:
    return json.dumps(numbers, indent=1).encode()
