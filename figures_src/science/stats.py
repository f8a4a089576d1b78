"""Numbers measured over seeds: their 95 % interval, and the decimals that interval supports.

A mean over ten seeds is quoted as "98.9 ± 0.3 %": the ± is the half-width of the 95 %
confidence interval of the mean (Student's t), and the mean is rounded to the interval's first
significant digit (two when that digit is 1), so it shows no digit the seeds do not agree on.

A measurement is either one value per seed, or a table of seeds × test examples (1 where a
network handled the example correctly, 0 where not; or differences of such tables, paired by seed
and example). A table's interval also counts that the test examples are a sample: another draw of
them would give other numbers, however many seeds were run.

Two more tools serve rules that a plain 95 % interval would serve badly. A verdict that rests on a
family of comparisons (five smooth functions against ReLU) takes each interval at a higher level
(family_level, Bonferroni), so that the family holds at 95 % together. An outcome that is
all-or-nothing per seed (a network fits its data or stays at chance) is counted in seeds, and a
difference of such outcomes is judged by the exact sign test (decisive_count), not by a mean ± t.

Standard library only: the claims catalogue decides its verdicts with it in a warm MkDocs build,
which never imports torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist, fmean, median, stdev
from typing import Sequence

# Every interval's confidence, unless a family of comparisons asks for more.
LEVEL = 0.95
# How far above the majority class's share a network that learned nothing may score.
CHANCE_BAND = 0.05

# Two-sided 95 % quantiles of Student's t distribution, for 1 to 30 degrees of freedom.
T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)
Z_975 = 1.959964




def t_quantile(degrees_of_freedom: int, level: float = LEVEL) -> float:
    """The quantile of Student's t that a two-sided interval at `level` reaches. At 95 %: the
    table above, then Fisher's expansion (to 1e-3); at other levels, the t distribution inverted."""
    if level != LEVEL:
        return inverse(lambda t: t_tail(t, degrees_of_freedom), (1 - level) / 2, 0.0, 1e4)
    if degrees_of_freedom <= len(T_975):
        return T_975[degrees_of_freedom - 1]
    z, df = Z_975, degrees_of_freedom
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def t_tail(t: float, degrees_of_freedom: int) -> float:
    """P(T > t) for Student's t, t >= 0: half the regularised incomplete beta I_x(df/2, 1/2)."""
    df = degrees_of_freedom
    return incomplete_beta(df / 2, 0.5, df / (df + t * t)) / 2


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), by its continued fraction (Lentz)."""
    if x <= 0 or x >= 1:
        return 0.0 if x <= 0 else 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast on this side only
        return 1 - incomplete_beta(b, a, 1 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)) / a
    tiny, c, d, f = 1e-300, 1.0, 0.0, 1.0
    for i in range(400):
        m = i // 2
        if i == 0:
            term = 1.0
        elif i % 2 == 0:
            term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + term * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + term / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return front * (f - 1)


def inverse(falling, target: float, low: float, high: float) -> float:
    """Where a decreasing function of one variable reaches `target`, by bisection."""
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if falling(middle) > target else (low, middle)
    return (low + high) / 2


def family_level(comparisons: int) -> float:
    """The confidence each of a family's intervals needs for all of them to hold together at
    95 % (Bonferroni): a verdict that any one comparison can decide must not get `comparisons`
    chances at a false alarm."""
    return 1 - (1 - LEVEL) / comparisons


@dataclass(frozen=True)
class Interval:
    """A mean and its confidence interval (95 %, or `level`) over n independent measurements."""

    mean: float
    low: float
    high: float
    n: int
    level: float = LEVEL

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
        return Interval(factor * self.mean, factor * self.low, factor * self.high, self.n, self.level)


def interval(values: Sequence[float], level: float = LEVEL) -> Interval:
    if len(values) < 2:
        raise ValueError("an interval needs at least two measurements")
    mean = fmean(values)
    half = t_quantile(len(values) - 1, level) * stdev(values) / math.sqrt(len(values))
    return Interval(mean, mean - half, mean + half, len(values), level)


def log_interval(values: Sequence[float], level: float = LEVEL) -> Interval:
    """For positive quantities that spread over orders of magnitude (a gradient's ratio from one
    layer to another): the interval on a log scale, back in the quantity's own terms. Its centre
    is the geometric mean, and it never reaches below zero as a plain interval would."""
    logs = interval([math.log10(value) for value in values], level)
    return Interval(10**logs.mean, 10**logs.low, 10**logs.high, logs.n, level)


def crossed(table: Sequence[Sequence[float]], level: float = LEVEL) -> Interval:
    """The mean of a seeds × test-examples table and its 95 % interval, counting both sources of
    noise: the seeds (Student's t over the rows' means) and the sampling of the test examples
    (normal over the columns' means, as a bootstrap over examples would give). Their half-widths
    add in quadrature. Each part also holds the seed-by-example interaction, which is thereby
    counted twice: the interval errs on the wide side."""
    if len(table) < 2:
        raise ValueError("an interval needs at least two seeds")
    if len({len(row) for row in table}) != 1:
        raise ValueError("every seed needs a value for every example")
    seeds = interval([fmean(row) for row in table], level)
    columns = [fmean(column) for column in zip(*table)]
    z = Z_975 if level == LEVEL else NormalDist().inv_cdf((1 + level) / 2)
    examples = z * stdev(columns) / math.sqrt(len(columns))
    half = math.hypot(seeds.half_width, examples)
    return Interval(seeds.mean, seeds.mean - half, seeds.mean + half, len(table), level)


def binomial_tail(count: int, trials: int) -> float:
    """P(X >= count) for X ~ Binomial(trials, 1/2): how often a fair coin gives that many heads."""
    return sum(math.comb(trials, k) for k in range(count, trials + 1)) / 2**trials


def decisive_count(trials: int, level: float = LEVEL) -> int:
    """The sign test's line: of `trials` seeds that do not tie, how many must favour one side for
    the exact two-sided test to rule out chance at `level` (trials + 1 when no count can)."""
    return next((k for k in range(trials // 2 + 1, trials + 1) if 2 * binomial_tail(k, trials) <= 1 - level),
                trials + 1)




def at_chance(accuracy: float, chance: float) -> bool:
    """Whether a network's accuracy is what answering the majority class (or guessing) scores."""
    return accuracy <= chance + CHANCE_BAND


def share_over_seeds(values: Sequence[float], chance: float | None = None) -> str:
    """A share over seeds as page text: "98.8 ± 0.8 %". Two kinds of spread make a mean ± t
    describe no seed, and are written otherwise. When some seeds stayed at chance (given the
    chance share) and others learned, the seeds at chance are counted apart and the interval is the
    others'. When the interval would reach below 0 % or above 100 %, the seeds' median and range."""
    if chance is not None:
        learned = [value for value in values if not at_chance(value, chance)]
        if 2 <= len(learned) < len(values):
            return (f"{share_over_seeds(learned)} on {len(learned)} seeds, {len(values) - len(learned)} of "
                    f"{len(values)} at chance ({100 * chance:.0f} %)")
    spread = interval(values)
    if spread.low >= 0 and spread.high <= 1 or spread.half_width == 0:
        return quoted(values, "%")
    decimals = 1  # a range's ends as they are: 99.7 % is not 100 %
    return (f"median {shown(100 * median(values), decimals)} %, from {shown(100 * min(values), decimals)} "
            f"to {shown(100 * max(values), decimals)} % over the seeds")


def signs(differences: Sequence[float]) -> tuple[int, int]:
    """Of paired differences over seeds, how many favour the first side and how many the second
    (ties count for neither)."""
    return sum(d > 0 for d in differences), sum(d < 0 for d in differences)


def is_table(measurements: Sequence) -> bool:
    return isinstance(measurements[0], Sequence)


def spread(measurements: Sequence, level: float = LEVEL) -> Interval:
    """The 95 % interval of a measurement (or one at `level`): over seeds, or over seeds and test
    examples."""
    return crossed(measurements, level) if is_table(measurements) else interval(measurements, level)


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


def significant(value: float, digits: int = 2) -> str:
    """A positive number to `digits` significant digits, without an exponent: 0.0034, 0.8, 12, 140."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    decimals = max(0, digits - 1 - math.floor(math.log10(value)))
    return f"{round(value, decimals):.{decimals}f}"


def scientific(value: float) -> str:
    """One significant digit: 0.5, 3, 20, or 2 × 10⁻⁶ below a thousandth."""
    exponent = math.floor(math.log10(value))
    if exponent >= -3:
        return significant(value, 1)
    mantissa = round(value / 10**exponent)
    if mantissa == 10:
        mantissa, exponent = 1, exponent + 1
    return f"{mantissa} × 10{superscript(exponent)}"


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
                    max_decimals: int = 3, level: float = LEVEL) -> str:
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
    quoted_spread = spread(measurements, level).scaled(scale)
    if quoted_spread.half_width == 0:  # a table whose rows and columns all average alike
        return f"{shown(quoted_spread.mean, max_decimals)} ± 0{suffix}"
    decimals = supported_decimals(quoted_spread.half_width)
    return f"{shown(quoted_spread.mean, decimals)} ± {quoted_spread.half_width:.{decimals}f}{suffix}"


def quoted(measurements: Sequence, unit: str = "", max_decimals: int | None = None, level: float = LEVEL) -> str:
    """A measurement as page text: shares in percent (unit "%"), differences of shares in
    percentage points (unit "points"), anything else as it is."""
    share = unit in ("%", "points")
    decimals = max_decimals if max_decimals is not None else 1 if share else 3
    return format_interval(measurements, 100 if share else 1, unit, decimals, level)


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


def points(measurements: Sequence, level: float = LEVEL) -> str:
    """A difference of shares as page text, in percentage points with its interval."""
    return quoted(measurements, "points", level=level)
