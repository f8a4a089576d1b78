"""Numbers measured over seeds: their 95 % interval, and the decimals that interval supports.

A mean over ten seeds is quoted as "98.9 ± 0.3 %": the ± is the half-width of the 95 %
confidence interval of the mean (Student's t), and the mean is rounded to the interval's first
significant digit (two when that digit is 1), so it shows no digit the seeds do not agree on.

A measurement is either one value per seed, or a table of seeds × test examples (1 where a
network handled the example correctly, 0 where not; or differences of such tables, paired by seed
and example). A table's interval also counts that the test examples are a sample: another draw of
them would give other numbers, however many seeds were run.

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

    def scaled(self, factor: float) -> Interval:
        return Interval(factor * self.mean, factor * self.low, factor * self.high, self.n)


def interval(values: Sequence[float]) -> Interval:
    if len(values) < 2:
        raise ValueError("an interval needs at least two measurements")
    mean = fmean(values)
    half = t_quantile(len(values) - 1) * stdev(values) / math.sqrt(len(values))
    return Interval(mean, mean - half, mean + half, len(values))


def crossed(table: Sequence[Sequence[float]]) -> Interval:
    """The mean of a seeds × test-examples table and its 95 % interval, counting both sources of
    noise: the seeds (Student's t over the rows' means) and the sampling of the test examples
    (normal over the columns' means, as a bootstrap over examples would give). Their half-widths
    add in quadrature. Each part also holds the seed-by-example interaction, which is thereby
    counted twice: the interval errs on the wide side."""
    if len(table) < 2:
        raise ValueError("an interval needs at least two seeds")
    if len({len(row) for row in table}) != 1:
        raise ValueError("every seed needs a value for every example")
    seeds = interval([fmean(row) for row in table])
    columns = [fmean(column) for column in zip(*table)]
    examples = Z_975 * stdev(columns) / math.sqrt(len(columns))
    half = math.hypot(seeds.half_width, examples)
    return Interval(seeds.mean, seeds.mean - half, seeds.mean + half, len(table))


def is_table(measurements: Sequence) -> bool:
    return isinstance(measurements[0], Sequence)


def spread(measurements: Sequence) -> Interval:
    """The 95 % interval of a measurement: over seeds, or over seeds and test examples."""
    return crossed(measurements) if is_table(measurements) else interval(measurements)


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


def superscript(exponent: int) -> str:
    return "".join("⁻⁰¹²³⁴⁵⁶⁷⁸⁹"[0 if c == "-" else int(c) + 1] for c in str(exponent))


def rounding_level(value: float) -> float:
    """The power of ten just above a number that is rounding error (0 stays 0). Its own digits
    are noise, which another processor's kernels change: pages quote the bound, and rules
    compare the bound with their lines."""
    return 0.0 if value == 0 else 10.0 ** (math.floor(math.log10(abs(value))) + 1)


def below_power_of_ten(value: float) -> str:
    """Rounding error as page text: "below 10⁻¹⁵", or "exactly 0"."""
    level = rounding_level(value)
    return "exactly 0" if level == 0 else f"below 10{superscript(round(math.log10(level)))}"


def shown(value: float, decimals: int) -> str:
    return f"{round(value, decimals) + 0.0:.{decimals}f}"  # + 0.0: a value that rounds to zero shows no sign


def format_interval(measurements: Sequence, scale: float = 1.0, unit: str = "",
                    max_decimals: int = 3) -> str:
    """ "98.9 ± 0.3 %" for a measurement: nothing is quoted past the precision its interval
    supports. When every seed shows the same number at `max_decimals`, "51.6 % on every seed"
    (a table: when every entry is the same)."""
    suffix = f" {unit}" if unit else ""
    if not is_table(measurements):
        values = {shown(scale * value, max_decimals) for value in measurements}
        if len(values) == 1:
            return f"{values.pop()}{suffix} on every seed"
    else:
        values = {value for row in measurements for value in row}
        if len(values) == 1:
            return f"{shown(scale * values.pop(), max_decimals)}{suffix} on every seed and example"
    quoted_spread = spread(measurements).scaled(scale)
    if quoted_spread.half_width == 0:  # a table whose rows and columns all average alike
        return f"{shown(quoted_spread.mean, max_decimals)} ± 0{suffix}"
    decimals = supported_decimals(quoted_spread.half_width)
    return f"{shown(quoted_spread.mean, decimals)} ± {quoted_spread.half_width:.{decimals}f}{suffix}"


def quoted(measurements: Sequence, unit: str = "", max_decimals: int | None = None) -> str:
    """A measurement as page text: shares in percent (unit "%"), differences of shares in
    percentage points (unit "points"), anything else as it is."""
    share = unit in ("%", "points")
    decimals = max_decimals if max_decimals is not None else 1 if share else 3
    return format_interval(measurements, 100 if share else 1, unit, decimals)


# ---------------------------------------------------------------- reading summaries (summaries.py)


def measurement(summary: dict) -> list:
    """What a summary measured: its table of seeds × test examples when it kept one (0/1
    outcomes are kept as strings), else its values per seed."""
    if "per_example" in summary:
        return [[int(outcome) for outcome in row] if isinstance(row, str) else row
                for row in summary["per_example"]]
    return summary["per_seed"]


def difference(a: dict, b: dict) -> list:
    """a − b, paired seed by seed (and example by example when both kept their tables); both
    summaries cover the same seeds, which share their initial weights."""
    if "per_example" in a and "per_example" in b:
        return [[x - y for x, y in zip(row_a, row_b, strict=True)]
                for row_a, row_b in zip(measurement(a), measurement(b), strict=True)]
    return [x - y for x, y in zip(a["per_seed"], b["per_seed"], strict=True)]


def percent(summary: dict) -> str:
    """A share as page text, in percent with its interval."""
    return quoted(measurement(summary), "%")


def points(measurements: Sequence) -> str:
    """A difference of shares as page text, in percentage points with its interval."""
    return quoted(measurements, "points")
