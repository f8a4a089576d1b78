"""Numbers measured over seeds: their 95 % interval, and the decimals that interval supports.

A mean over ten seeds is quoted as "98.9 ± 0.3 %": the ± is the half-width of the 95 %
confidence interval of the mean (Student's t), and the mean is rounded to the interval's first
significant digit (two when that digit is 1), so it shows no digit the seeds do not agree on.

Standard library only: the claims catalogue decides its verdicts with it in a warm MkDocs build,
which never imports torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean, stdev
from typing import Sequence

# Two-sided 95 % quantiles of Student's t distribution, for 1 to 30 degrees of freedom.
T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)
Z_975 = 1.959964


def t_quantile(degrees_of_freedom: int) -> float:
    """The 97.5 % quantile of Student's t: the table above, then Fisher's expansion (to 1e-3)."""
    if degrees_of_freedom <= len(T_975):
        return T_975[degrees_of_freedom - 1]
    z, df = Z_975, degrees_of_freedom
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Interval:
    """A mean and its 95 % confidence interval over n independent measurements."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def above(self, threshold: float) -> bool:
        return self.low > threshold

    def below(self, threshold: float) -> bool:
        return self.high < threshold

    def within(self, low: float, high: float) -> bool:
        return low <= self.low and self.high <= high


def interval(values: Sequence[float]) -> Interval:
    if len(values) < 2:
        raise ValueError("an interval needs at least two measurements")
    mean = fmean(values)
    half = t_quantile(len(values) - 1) * stdev(values) / math.sqrt(len(values))
    return Interval(mean, mean - half, mean + half, len(values))


def paired(a: Sequence[float], b: Sequence[float]) -> Interval:
    """The interval of a − b over seeds that share their initial weights (a paired comparison)."""
    if len(a) != len(b):
        raise ValueError(f"paired measurements differ in number: {len(a)} and {len(b)}")
    return interval([x - y for x, y in zip(a, b)])


def supported_decimals(half_width: float) -> int:
    """Decimals up to the first significant digit of the half-width (the second when it is 1)."""
    exponent = math.floor(math.log10(half_width))
    if round(half_width / 10**exponent) < 2:  # 0.14 -> "0.14", not "0.1"
        exponent -= 1
    return max(0, -exponent)


def format_interval(values: Sequence[float], scale: float = 1.0, unit: str = "",
                    max_decimals: int = 3) -> str:
    """ "98.9 ± 0.3 %" for values over seeds: nothing is quoted past the precision its spread
    supports. When every seed shows the same number at `max_decimals`, "51.6 % on every seed"."""
    scaled = [scale * value for value in values]
    suffix = f" {unit}" if unit else ""
    shown = {f"{round(value, max_decimals) + 0.0:.{max_decimals}f}" for value in scaled}  # + 0.0: no "-0.0"
    if len(shown) == 1:
        return f"{shown.pop()}{suffix} on every seed"
    spread = interval(scaled)
    decimals = supported_decimals(spread.half_width)
    mean = round(spread.mean, decimals) + 0.0  # + 0.0: a mean that rounds to zero shows no sign
    return f"{mean:.{decimals}f} ± {spread.half_width:.{decimals}f}{suffix}"


def quoted(values: Sequence[float], unit: str = "", max_decimals: int | None = None) -> str:
    """Values over seeds as page text: shares in percent (unit "%"), differences of shares in
    percentage points (unit "points"), anything else as it is."""
    share = unit in ("%", "points")
    decimals = max_decimals if max_decimals is not None else 1 if share else 3
    return format_interval(values, 100 if share else 1, unit, decimals)
