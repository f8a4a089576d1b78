"""How a claim's decision rule compares its evidence with its lines, and how far the evidence
stands from each: the verdict's margin.

A rule draws lines ("the 95 % interval of the difference lies above zero", "no seed scores above
the best straight line", "within ±3 points"). A judge asks a Ruler each of its questions; the
ruler answers it and remembers the line and where the evidence stood: the interval's end that
decides the comparison, or a single value. A verdict is only as good as its margin, the smallest of those
distances: a change of numeric backend (another CPU, a GPU) moves the evidence a little, and a
margin smaller than that move is no decision at all (tests/test_numeric_backends.py measures it).

Standard library only, like the claims' ledger and judges that use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from figures_src.science.stats import Interval, significant, spread, superscript
from figures_src.tolerances import LEVEL

CONFIRMED, QUALIFIED, CONTRADICTED, INCONCLUSIVE, NOT_TESTED = (
    "confirmed", "qualified", "contradicted", "inconclusive", "not tested")
VERDICTS = {  # what each verdict means, for the claims page
    CONFIRMED: "the measurement agrees with the claim as stated",
    QUALIFIED: "it holds only under the conditions given",
    CONTRADICTED: "the measurement goes against it",
    INCONCLUSIVE: "tested, but the spread of the measurement allows no decision either way",
    NOT_TESTED: "nothing this site builds can test it; the reason is given",
}


@dataclass(frozen=True)
class Unit:
    """How the evidence of a line is measured, and how its distance from the line is written."""

    name: str  # the distance's unit: "points", "units", ...
    scale: float = 1.0  # evidence values times this are in the unit (shares to percentage points)
    logarithmic: bool = False  # a ratio or an error: its distance counts orders of magnitude
    suffix: str = ""  # how a line's value is written, after the number ("%" for a share)
    counted: bool = False  # whole numbers, compared with a line halfway between two of them
    exact: bool = False  # an identity the computation holds exactly, or not at all

    def distance(self, value: float, line: float) -> float:
        if self.exact:
            return math.inf if value == line else 0.0
        if self.logarithmic:
            return abs(math.log10(value / line)) if value > 0 else math.inf
        if self.counted:  # how many would have to change for the count to cross the line
            return abs(value - line) + 0.5
        return self.scale * abs(value - line)

    def show(self, line: float, relation: str = "above") -> str:
        """A line's value as page text: "95 %", "−3 points", "10⁻³", "more than 0", "fewer than 1"."""
        if self.counted:
            return f"fewer than {math.ceil(line):g}" if relation == "below" else f"more than {math.floor(line):g}"
        if self.exact:
            return f"{line:g}"
        if self.logarithmic:
            exponent = round(math.log10(line))
            if 10.0 ** exponent == line:
                return f"10{superscript(exponent)}"
            return f"{line:g}"
        number = f"{round(self.scale * line, 4 if self.scale == 1 else 1):g}".replace("-", "−")
        return f"{number} {self.suffix or self.name}".rstrip()


PERCENT = Unit("points", 100, suffix="%")  # a share: its distance from a line in percentage points
POINTS = Unit("points", 100)  # a difference of shares, in percentage points
UNITS = Unit("units", counted=True)  # hidden units, counted: "more than k" is a line at k + 0.5
SEED_COUNT = Unit("seeds", counted=True)  # seeds, counted as units are
ORDERS = Unit("orders of magnitude", logarithmic=True)  # a ratio or an error far from 1
PLAIN = Unit("")  # a number in its own terms
EXACT = Unit("exact", exact=True)  # a value that holds an identity to the last bit, or fails it
STEPS = Unit("steps")  # training steps
OPERATIONS = Unit("operations", counted=True)  # primitive operations, counted


@dataclass(frozen=True)
class Line:
    """One line a rule drew, and where the evidence stood when it was compared with it."""

    what: str  # the evidence, in words: "Softplus minus ReLU, clean accuracy"
    value: float  # the interval's end that decides the comparison, or the single value compared
    line: float
    unit: Unit
    relation: str = "within"  # what the rule asks of the evidence: "above", "below", "within", ...

    @property
    def distance(self) -> float:
        return self.unit.distance(self.value, self.line)

    def as_record(self) -> dict:
        return {"what": self.what, "value": self.value, "line": self.line, "unit": self.unit.name,
                "distance": self.distance, "shown": self.unit.show(self.line, self.relation),
                "counted": self.unit.counted}


Measured = Interval | float


class Ruler:
    """Answers a rule's comparisons and remembers each line with the evidence's distance from it."""

    def __init__(self):
        self.lines: list[Line] = []

    def draw(self, what: str, measured: Measured, line: float, unit: Unit, relation: str = "within") -> None:
        """Keep the line and the evidence's end that decides the comparison: for "above" an
        interval's low end, for "below" its high end (the other end could cross the line and
        change nothing), otherwise the end nearest the line."""
        if not isinstance(measured, Interval):
            decisive = measured
        elif relation == "above":
            decisive = measured.low
        elif relation == "below":
            decisive = measured.high
        else:
            decisive = min((measured.low, measured.high), key=lambda end: unit.distance(end, line))
        self.lines.append(Line(what, decisive, line, unit, relation))

    def above(self, what: str, measured: Measured, line: float, unit: Unit = PERCENT) -> bool:
        """Whether the value, or the whole interval, lies above the line."""
        self.draw(what, measured, line, unit, "above")
        return (measured.low if isinstance(measured, Interval) else measured) > line

    def below(self, what: str, measured: Measured, line: float, unit: Unit = PERCENT) -> bool:
        """Whether the value, or the whole interval, lies below the line."""
        self.draw(what, measured, line, unit, "below")
        return (measured.high if isinstance(measured, Interval) else measured) < line

    def within(self, what: str, measured: Interval, low: float, high: float, unit: Unit = POINTS) -> bool:
        """Whether the whole interval lies between the two lines."""
        self.draw(what, measured, low, unit, "above")
        self.draw(what, measured, high, unit, "below")
        return measured.within(low, high)

    def exactly(self, what: str, value: float, expected: float) -> bool:
        """Whether a computation holds an identity to the last bit (no margin: it holds or not)."""
        self.draw(what, value, expected, EXACT, "exactly")
        return value == expected

    def includes(self, what: str, measured: Interval, point: float, unit: Unit = PERCENT) -> bool:
        """Whether the interval holds the point."""
        self.draw(what, measured, point, unit, "includes")
        return measured.low <= point <= measured.high

    def sign(self, what: str, measurements: Sequence, unit: Unit = POINTS, level: float = LEVEL) -> int:
        """+1 when the 95 % interval of a difference (stats.spread; or one at `level`, for a
        family) lies above zero, −1 below, 0 when it holds zero."""
        measured = spread(measurements, level)
        self.draw(what, measured, 0, unit, "sign")  # either end may flip it: the nearer one decides
        return 1 if measured.low > 0 else -1 if measured.high < 0 else 0

    def margin(self) -> list[Line]:
        """The line the evidence came nearest, for each kind of distance (points, units, ...)."""
        nearest: dict[str, Line] = {}
        for line in self.lines:
            kind = line.unit.name
            if kind not in nearest or line.distance < nearest[kind].distance:
                nearest[kind] = line
        return list(nearest.values())


def most(signs: list[int]) -> str:
    """The verdict on "these (as a kind) do better than B" from a family's signs of A − B: more
    than half better and none worse confirms it, more than half worse and none better
    contradicts it; anything else leaves the kind undecided, whatever one member does (the page
    names the members that differ)."""
    if signs.count(1) > len(signs) / 2 and -1 not in signs:
        return CONFIRMED
    if signs.count(-1) > len(signs) / 2 and 1 not in signs:
        return CONTRADICTED
    return INCONCLUSIVE


def direction(signs: list[int]) -> str:
    """The verdict on "A does better than B" from the signs of A − B in several comparisons:
    better somewhere and worse nowhere confirms it; worse somewhere and better nowhere
    contradicts it; both qualify it; no difference anywhere leaves it open."""
    if 1 in signs:
        return QUALIFIED if -1 in signs else CONFIRMED
    return CONTRADICTED if -1 in signs else INCONCLUSIVE


def margin_text(lines: list[dict]) -> str:
    """A verdict's margin as page text (its lines as in verdicts.json): the distance from the
    nearest line of each kind, what stood there, and the line."""
    parts = []
    for line in lines:
        if line["unit"] == EXACT.name:
            parts.append(f"none needed ({line['what']}: an identity, which holds to the last bit or not at all)")
        elif math.isinf(line["distance"]):
            parts.append(f"unbounded ({line['what']} is exactly 0, against {line['shown']})")
        elif line.get("counted"):  # whole units, seeds, operations
            count, noun = round(line["distance"]), line["unit"].removesuffix("s")
            parts.append(f"{count} {noun}{'s' if count != 1 else ''} ({line['what']}, against {line['shown']})")
        else:
            unit = f" {line['unit']}" if line["unit"] else ""
            parts.append(f"{significant(line['distance'])}{unit} ({line['what']}, against {line['shown']})")
    return "; ".join(parts)


def compared(a: dict[str, dict], b: dict[str, dict]) -> dict[str, dict]:
    """Two builds' verdicts (verdicts.json) side by side, claim by claim: both verdicts, the margin
    of the first (its nearest line of each kind), and the spread between them: for each kind of
    distance, the most any line's distance moved from one build to the other. A verdict holds on
    both machines with room to spare when its margin is well above its spread."""
    rows = {}
    for id, record in a.items():
        other = b.get(id, {"verdict": None, "lines": []})
        pairs = list(zip(record.get("lines", []), other.get("lines", [])))
        matched = len(pairs) == len(record.get("lines", [])) == len(other["lines"]) and all(
            x["what"] == y["what"] for x, y in pairs)
        spread: dict[str, float] = {}
        for x, y in pairs if matched else []:
            moved = 0.0 if x["distance"] == y["distance"] else abs(x["distance"] - y["distance"])
            spread[x["unit"]] = max(spread.get(x["unit"], 0.0), moved)
        rows[id] = {"verdicts": (record["verdict"], other["verdict"]), "lines_match": matched,
                    "margin": {line["unit"]: line["distance"] for line in record.get("margin", [])},
                    "spread": spread}
    return rows
