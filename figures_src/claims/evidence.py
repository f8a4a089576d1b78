"""What every judge works with: the build's JSON results, the Finding it returns, and the
evidence's page text that more than one topic writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping

from figures_src.claims.rules import CONFIRMED, CONTRADICTED, INCONCLUSIVE, POINTS, Ruler
from figures_src.science.stats import family_level, log_interval, scientific, spread
from figures_src.tolerances import MINOR


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



def minor_gaps(ruler: Ruler, gaps: dict[str, dict], one_sided: bool = False) -> str:
    """The verdict on "these differ by a minor amount at most" (with `one_sided`, "… are worse by
    a minor amount at most"), for gaps over seeds by what they measure: confirmed when every
    gap's 95 % interval lies within ±MINOR (all must hold: no correction), contradicted when
    some gap's interval at the family level lies beyond it (any one of them could decide:
    stats.family_level), inconclusive otherwise."""
    level = family_level(len(gaps))
    held, broken = [], []
    for what, gap in gaps.items():
        narrow, wide = spread(gap), spread(gap, level)
        if one_sided:
            held.append(ruler.above(what, narrow, -MINOR, POINTS))
            broken.append(ruler.below(f"{what}, family level", wide, -MINOR, POINTS))
        else:
            held.append(ruler.within(what, narrow, -MINOR, MINOR))
            broken.append(ruler.above(f"{what}, family level", wide, MINOR, POINTS)
                          or ruler.below(f"{what}, family level", wide, -MINOR, POINTS))
    return CONFIRMED if all(held) else CONTRADICTED if any(broken) else INCONCLUSIVE


def ratio(numbers: dict) -> str:
    """A ratio over seeds: its geometric mean and 95 % interval on a log scale, and its range,
    each to one significant digit (a tiny one as a multiple of a power of ten)."""
    spread = log_interval(numbers["per_seed"])
    return (f"about {scientific(spread.mean)} (95 % interval {scientific(spread.low)} to {scientific(spread.high)}, "
            f"on a log scale; seeds from {scientific(numbers['min'])} to {scientific(numbers['max'])})")

