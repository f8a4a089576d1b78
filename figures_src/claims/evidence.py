"""What every judge works with: the build's JSON results, the Finding it returns, and the
evidence's page text that more than one topic writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping

from figures_src.science.stats import log_interval, scientific


@dataclass(frozen=True)
class Finding:
    verdict: str
    evidence: str  # Markdown: the numbers, with their intervals


class Results:
    """The JSON outputs of one build, by name without the suffix: results("xor/results")."""

    def __init__(self, files: Mapping[str, bytes]):
        self.files = files

    def __call__(self, name: str) -> dict:
        return json.loads(self.files[f"{name}.json"])



def ratio(numbers: dict) -> str:
    """A ratio over seeds: its geometric mean and 95 % interval on a log scale, and its range,
    each to one significant digit (a tiny one as a multiple of a power of ten)."""
    spread = log_interval(numbers["per_seed"])
    return (f"about {scientific(spread.mean)} (95 % interval {scientific(spread.low)} to {scientific(spread.high)}, "
            f"on a log scale; seeds from {scientific(numbers['min'])} to {scientific(numbers['max'])})")

