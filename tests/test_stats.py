"""Intervals and honest decimals, checked against SciPy, against values worked out by hand, and by
simulation: an interval must hold the true value as often as it says."""

from __future__ import annotations

import random

import pytest
from scipy import stats as scipy_stats

from figures_src.science.stats import (share_over_seeds, crossed, decisive_count, difference, family_level, format_interval,
                                       interval, measurement, paired, supported_decimals, t_quantile)


@pytest.mark.parametrize("degrees_of_freedom", [1, 2, 3, 5, 9, 19, 29, 30, 31, 45, 100, 1000])
def test_t_quantile_matches_scipy(degrees_of_freedom):
    assert t_quantile(degrees_of_freedom) == pytest.approx(scipy_stats.t.ppf(0.975, degrees_of_freedom), abs=1e-3)


@pytest.mark.parametrize("degrees_of_freedom", [1, 2, 9, 29, 200])
@pytest.mark.parametrize("comparisons", [2, 6, 10])
def test_a_familys_wider_quantile_matches_scipy(degrees_of_freedom, comparisons):
    level = family_level(comparisons)
    assert level == pytest.approx(1 - 0.05 / comparisons)
    expected = scipy_stats.t.ppf(1 - (1 - level) / 2, degrees_of_freedom)
    assert t_quantile(degrees_of_freedom, level) == pytest.approx(expected, rel=1e-9)
    values = [0.91, 0.93, 0.9, 0.95]
    wide, narrow = interval(values, level), interval(values)
    assert wide.low < narrow.low and wide.high > narrow.high and wide.mean == narrow.mean


@pytest.mark.parametrize("trials", range(1, 21))
def test_the_sign_tests_decisive_count_matches_scipys_exact_binomial_test(trials):
    """The fewest seeds out of `trials` that must favour one side for the exact two-sided test to
    reject chance at 5 %; one fewer must not."""
    needed = decisive_count(trials)
    if needed <= trials:
        assert scipy_stats.binomtest(needed, trials).pvalue <= 0.05
    assert scipy_stats.binomtest(needed - 1, trials).pvalue > 0.05


def test_seeds_at_chance_are_counted_apart_from_the_others():
    """A mean ± t over seeds that learned and seeds that never left chance describes neither."""
    learned = [0.96, 0.97, 0.95, 0.98, 0.97, 0.96, 0.97, 0.98]
    text = share_over_seeds(learned + [0.333, 0.34], chance=1 / 3)
    assert text == f"{format_interval(learned, 100, '%', 1)} on 8 seeds, 2 of 10 at chance (33 %)"
    assert share_over_seeds(learned, chance=1 / 3) == format_interval(learned, 100, "%", 1)
    # an interval that would pass 100 %: the median and the range instead
    assert share_over_seeds([0.96, 0.95, 0.94, 0.96, 0.98, 0.94, 1.0, 0.99, 0.45, 0.91]) == \
        "median 95.5 %, from 45.0 to 100.0 % over the seeds"


def test_interval_matches_scipys_t_interval():
    generator = random.Random(0)
    for size in (2, 3, 10, 40):
        values = [generator.gauss(0.9, 0.05) for _ in range(size)]
        expected = scipy_stats.t.interval(0.95, size - 1, loc=scipy_stats.tmean(values),
                                          scale=scipy_stats.sem(values))
        spread = interval(values)
        assert (spread.low, spread.high) == pytest.approx(expected, abs=1e-4)


def test_paired_interval_is_the_interval_of_the_differences():
    a, b = [0.9, 0.8, 0.7], [0.85, 0.8, 0.6]
    spread, expected = paired(a, b), interval([0.05, 0.0, 0.1])
    assert (spread.low, spread.mean, spread.high) == pytest.approx((expected.low, expected.mean, expected.high))
    with pytest.raises(ValueError):
        paired(a, b[:2])


@pytest.mark.parametrize("half_width, decimals", [(0.3, 1), (0.14, 2), (0.25, 1), (3.0, 0), (12.0, 0),
                                                   (0.0004, 4), (0.0951, 2), (1.0, 1)])
def test_decimals_end_at_the_first_significant_digit_of_the_half_width(half_width, decimals):
    assert supported_decimals(half_width) == decimals


def test_quoted_numbers_show_no_digit_the_seeds_do_not_agree_on():
    # mean 98 %, standard deviation 1 %, three seeds: half-width 4.303 * 1 / sqrt(3) = 2.48 %
    assert format_interval([0.97, 0.98, 0.99], 100, "%", max_decimals=1) == "98 ± 2 %"
    # mean 0.3575, standard deviation 0.04924, four seeds: half-width 3.182 * 0.04924 / 2 = 0.0783
    assert format_interval([0.30, 0.35, 0.42, 0.36]) == "0.36 ± 0.08"
    # mean 0.51, standard deviation 0.007906, five seeds: half-width 2.776 * 0.007906 / sqrt(5) = 0.0098
    assert format_interval([0.50, 0.51, 0.52, 0.515, 0.505], 100, "%", max_decimals=2) == "51.0 ± 1.0 %"
    assert format_interval([0.516] * 10, 100, "%", max_decimals=1) == "51.6 % on every seed"
    assert format_interval([1e-9, -1e-9, 0.0], 100, "points", max_decimals=1) == "0.0 points on every seed"
    # mean -0.3 points, standard deviation 1.32, three seeds: half-width 4.303 * 1.32 / sqrt(3) = 3.3;
    # the mean shows as 0, without a sign
    assert format_interval([0.007, -0.018, 0.002], 100, "points", max_decimals=1) == "0 ± 3 points"


def test_an_interval_needs_two_seeds():
    with pytest.raises(ValueError):
        interval([0.5])


def simulated_test_set(generator: random.Random, seeds: int, examples: int, seed_spread: float) -> list[list[int]]:
    """Outcomes of `seeds` networks on one draw of test examples: each example has its own
    difficulty (most are nearly always right or nearly always wrong, as real digits are), each
    seed an offset of its own (standard deviation `seed_spread`). The population's accuracy is
    0.8."""
    difficulty = [generator.betavariate(0.4, 0.1) for _ in range(examples)]
    offsets = [generator.gauss(0, seed_spread) for _ in range(seeds)]
    return [[int(generator.random() < p + offset) for p in difficulty] for offset in offsets]


def share_holding(truth: float, intervals: list) -> float:
    return sum(spread.low <= truth <= spread.high for spread in intervals) / len(intervals)


def test_a_test_set_interval_holds_the_true_accuracy_as_often_as_it_says():
    """Over many draws of 450 test examples and 10 seeds, the interval over seeds and examples
    holds the population's accuracy about 95 % of the time (not always: it is not needlessly
    wide). An interval over seeds alone misses it far more often: the seeds share the test
    examples, so their agreement hides how lucky the draw of examples was."""
    generator = random.Random(1)
    tables = [simulated_test_set(generator, 10, 450, 0.005) for _ in range(200)]
    assert 0.92 <= share_holding(0.8, [crossed(table) for table in tables]) <= 0.99
    assert share_holding(0.8, [interval([sum(row) / len(row) for row in table]) for table in tables]) < 0.8


def test_with_three_seeds_that_differ_the_interval_still_holds_the_truth():
    generator = random.Random(2)
    tables = [simulated_test_set(generator, 3, 450, 0.02) for _ in range(200)]
    assert share_holding(0.8, [crossed(table) for table in tables]) >= 0.92


def test_a_crossed_interval_worked_out_by_hand():
    # rows (seeds) 0.75 and 0.75: no seed part; columns 1, 0.5, 0.5, 1: sd 0.288675 over 4
    spread = crossed([[1, 0, 1, 1], [1, 1, 0, 1]])
    assert (spread.mean, spread.half_width) == pytest.approx((0.75, 1.959964 * 0.288675 / 2), abs=1e-6)
    # rows 0.75 and 0.25: t(1) 12.706 × sd 0.353553 / √2; columns 1, 0.5, 0.5, 0: sd 0.408248 over 4
    spread = crossed([[1, 1, 1, 0], [1, 0, 0, 0]])
    seeds, examples = 12.706 * 0.353553 / 2 ** 0.5, 1.959964 * 0.408248 / 2
    assert (spread.mean, spread.half_width) == pytest.approx((0.5, (seeds**2 + examples**2) ** 0.5), abs=1e-5)


def test_a_table_is_quoted_with_its_wider_interval_and_decoded_from_its_summary():
    summary_a = {"per_seed": [0.75, 0.5], "per_example": ["1101", "0101"]}
    summary_b = {"per_seed": [0.5, 0.5], "per_example": ["1001", "0011"]}
    assert measurement(summary_a) == [[1, 1, 0, 1], [0, 1, 0, 1]]
    assert measurement({"per_seed": [0.5, 0.6], "per_example": [[0.4, 0.6], [0.5, 0.7]]}) == [[0.4, 0.6], [0.5, 0.7]]
    assert difference(summary_a, summary_b) == [[0, 1, 0, 0], [0, 1, -1, 0]]
    assert difference({"per_seed": [0.75, 0.5]}, summary_b) == [0.25, 0.0]  # no table: by seed only
    assert crossed(measurement(summary_a)).half_width > interval(summary_a["per_seed"]).half_width
    assert format_interval([[1, 1], [1, 1]], 100, "%", 1) == "100.0 % on every seed and example"
    assert format_interval([[1, 0], [0, 1]], 100, "%", 1) == "50.0 ± 0 %"  # rows and columns alike, entries not
    with pytest.raises(ValueError):
        crossed([[1, 0], [1]])
