"""The sigmoid and tanh page's claims: one judge per claim of the ledger (ledger.py), named after it."""

from __future__ import annotations


from figures_src.claims.evidence import Finding, Results, ratio
from figures_src.claims.rules import STEPS, CONFIRMED, CONTRADICTED, ORDERS, PLAIN, POINTS, QUALIFIED, Ruler
from figures_src.science.stats import (below_power_of_ten, difference, family_level, format_interval,
                                       interval, log_interval, paired, percent, points, rounding_level,
                                       spread)
from figures_src.tolerances import (AHEAD, CHANCE_BAND, FLOAT64_ROUNDING, MINOR, NOT_SLIGHT, SATURATED,
                                    SLIGHTLY_SMALLER, VANISHED, ZERO_CENTRED)


def sigmoid_saturates(results: Results, ruler: Ruler) -> Finding:
    shapes = results("sigmoid-tanh/shapes")
    beyond, at_10 = shapes["saturated_beyond"]["sigmoid"], shapes["slope_at_10"]["sigmoid"]
    return Finding(CONFIRMED if ruler.below("σ′(10)", at_10, SATURATED, ORDERS) else CONTRADICTED,
                   f"σ′ < 0.01 for |x| > {beyond:.2f}, and σ′(10) = {at_10:.1e}.")


def tanh_is_sigmoid_shaped(results: Results, ruler: Ruler) -> Finding:
    error = results("sigmoid-tanh/shapes")["identity_max_difference"]
    holds = not ruler.above("the largest difference between the two sides", rounding_level(error), FLOAT64_ROUNDING, ORDERS)
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"The largest difference between tanh(x) and 2σ(2x) − 1 is {below_power_of_ten(error)}.")


def hardtanh_like_tanh(results: Results, ruler: Ruler) -> Finding:
    hardtanh, models = results("sigmoid-tanh/shapes")["hardtanh"], results("xor/results")["models"]
    shaped = [ruler.exactly("hardtanh's slope at 0", hardtanh["slope_at_zero"], 1),
              ruler.exactly("hardtanh's largest slope beyond |x| = 1", hardtanh["flat_slope"], 0)]
    gap = difference(models["hardtanh"]["accuracy"], models["tanh"]["accuracy"])
    alike = ruler.within("hardtanh minus tanh, XOR accuracy after 25 steps", spread(gap), -MINOR, MINOR)
    verdict = CONTRADICTED if not all(shaped) else CONFIRMED if alike else QUALIFIED
    return Finding(verdict, f"Hardtanh's slope is {hardtanh['slope_at_zero']:g} at 0 and "
                            f"{hardtanh['flat_slope']:g} beyond |x| = 1; the two curves are at most "
                            f"{hardtanh['largest_difference_from_tanh']:.2f} apart (at |x| = 1). On XOR after "
                            f"25 steps: hardtanh {percent(models['hardtanh']['accuracy'])}, tanh "
                            f"{percent(models['tanh']['accuracy'])}; hardtanh minus tanh {points(gap)}.")


def tanh_zero_centred(results: Results, ruler: Ruler) -> Finding:
    at_zero, moments = results("sigmoid-tanh/shapes")["at_zero"], results("gallery/normal-moments")

    def centred(slug: str, name: str) -> bool:
        offset = abs(moments[slug]["mean"]) / moments[slug]["std"]
        return not ruler.above(f"{name}'s mean output over its standard deviation", offset, ZERO_CENTRED, ORDERS)

    values = [ruler.exactly("tanh(0)", at_zero["tanh"]["value"], 0),
              ruler.exactly("σ(0)", at_zero["sigmoid"]["value"], 0.5)]
    holds = all(values) and centred("tanh", "tanh") and not centred("sigmoid", "the sigmoid")
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"tanh(0) = {at_zero['tanh']['value']:g}, σ(0) = {at_zero['sigmoid']['value']:g}; "
                   f"mean output for standard-normal inputs: tanh {abs(moments['tanh']['mean']):.2f}, "
                   f"sigmoid {moments['sigmoid']['mean']:.2f}.")


def average_slopes(results: Results) -> dict[str, float]:
    """Each function's slope averaged over standard-normal inputs: the one measure by which both
    claims about the two slopes are read."""
    return results("sigmoid-tanh/shapes")["mean_slope_normal"]


def tanh_larger_gradients(results: Results, ruler: Ruler) -> Finding:
    shapes, slopes = results("sigmoid-tanh/shapes"), average_slopes(results)
    larger = ruler.above("tanh's average slope over the sigmoid's", slopes["tanh"] / slopes["sigmoid"], 1, ORDERS)
    everywhere = not ruler.below("the |x| up to which tanh′ is the larger", shapes["tanh_steeper_within"], 10, PLAIN)
    return Finding(CONTRADICTED if not larger else CONFIRMED if everywhere else QUALIFIED,
                   f"Averaged over standard-normal inputs, tanh′ is {slopes['tanh']:.3f} and σ′ "
                   f"{slopes['sigmoid']:.3f}; at 0 they are {shapes['largest_slope']['tanh']:g} and "
                   f"{shapes['largest_slope']['sigmoid']:g}. "
                   + (f"Only for |x| > {shapes['tanh_steeper_within']:.2f}, where tanh saturates first, is tanh′ "
                      "the smaller." if shapes["tanh_steeper_within"] < 10 else "tanh′ is the larger everywhere."))


def sigmoid_slope_slightly_smaller(results: Results, ruler: Ruler) -> Finding:
    slopes, steepest = average_slopes(results), results("sigmoid-tanh/shapes")["largest_slope"]
    share = slopes["sigmoid"] / slopes["tanh"]
    what = "the sigmoid's average slope as a share of tanh's"
    verdict = (CONTRADICTED if ruler.below(what, share, NOT_SLIGHT) else
               QUALIFIED if ruler.below(what, share, SLIGHTLY_SMALLER) else CONFIRMED)
    return Finding(verdict, f"Averaged over standard-normal inputs, σ′ is {slopes['sigmoid']:.3f} and tanh′ "
                            f"{slopes['tanh']:.3f}: the sigmoid's is {100 * share:.0f} % of tanh's "
                            f"(at 0, where both are steepest, {100 * steepest['sigmoid'] / steepest['tanh']:.0f} %).")


def sigmoid_gradients_vanish(results: Results, ruler: Ruler) -> Finding:
    deep = results("sigmoid-tanh/deep")
    first_over_last, accuracy = deep["first_over_last"]["sigmoid"], deep["accuracy"]["sigmoid"]
    vanishes = ruler.below("the sigmoid's first layer over its last", log_interval(first_over_last["per_seed"]), VANISHED, ORDERS)
    learned = ruler.above("the sigmoid network's best seed", accuracy["max"], deep["majority_class_share"] + CHANCE_BAND)
    holds = vanishes and not learned
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"First layer's gradient norm over the last layer's: {ratio(first_over_last)}; "
                   f"after {deep['epochs']} steps the network scores {percent(accuracy)}, the share of "
                   f"the majority class being {100 * deep['majority_class_share']:.1f} %.")


def tanh_saturates_too(results: Results, ruler: Ruler) -> Finding:
    shapes, deep = results("sigmoid-tanh/shapes"), results("sigmoid-tanh/deep")
    first_over_last = deep["first_over_last"]["tanh"]
    vanishes = ruler.below("tanh's first layer over its last", log_interval(first_over_last["per_seed"]), VANISHED, ORDERS)
    return Finding(CONFIRMED if vanishes else QUALIFIED,
                   f"tanh′ < 0.01 for |x| > {shapes['saturated_beyond']['tanh']:.2f}, sooner than the "
                   f"sigmoid; yet with Glorot-normal weights the first layer's gradient norm over the "
                   f"last layer's is {ratio(first_over_last)}, and the network learns ({percent(deep['accuracy']['tanh'])} "
                   f"after {deep['epochs']} steps).")


def sign_combinations(results: Results, ruler: Ruler) -> Finding:
    zigzag = results("sigmoid-tanh/zigzag")
    sigmoid, tanh = zigzag["sigmoid"], zigzag["tanh"]

    def handicap(key: str) -> list[float]:  # sigmoid's steps minus tanh's, seed by seed
        return [a - b for a, b in zip(sigmoid[key]["per_seed"], tanh[key]["per_seed"], strict=True)]

    apart, together = handicap("steps_to_target"), handicap("steps_to_control")
    slower = ruler.above("sigmoid minus tanh inputs, steps to (1, −1)", interval(apart), 0, STEPS)
    by_sign = ruler.above("that handicap minus the one towards (1, 1)",
                          paired(apart, together), 0, STEPS)
    verdict = CONFIRMED if slower and by_sign else QUALIFIED if slower else CONTRADICTED

    def steps(numbers: dict) -> str:
        return format_interval(numbers["per_seed"], max_decimals=0)

    return Finding(verdict,
                   f"Steps to come within {zigzag['settings']['close_enough']} of (1, −1): sigmoid inputs "
                   f"{steps(sigmoid['steps_to_target'])}, tanh inputs {steps(tanh['steps_to_target'])}; "
                   f"of (1, 1): {steps(sigmoid['steps_to_control'])} against {steps(tanh['steps_to_control'])}. "
                   f"Steps towards (1, −1) that move both weights the same way: sigmoid inputs "
                   f"{percent(sigmoid['same_sign_share'])}, tanh inputs {percent(tanh['same_sign_share'])}.")


def accuracy_setups(results: Results) -> dict[str, dict[str, dict]]:
    """Training accuracy of sigmoid, tanh and ReLU in each set-up the site measures: the
    lecture's shallow XOR network after a short and a long budget, and a ten-layer network."""
    budget, deep = results("sigmoid-tanh/budget"), results("sigmoid-tanh/deep")
    short, long = budget["settings"]["short_budget"], budget["settings"]["epochs"]
    slugs = ("sigmoid", "tanh", "relu")
    return {f"shallow, {short} steps": {s: budget[s][f"accuracy_after_{short}"] for s in slugs},
            f"shallow, {long} steps": {s: budget[s][f"accuracy_after_{long}"] for s in slugs},
            f"ten layers, {deep['epochs']} steps": {s: deep["accuracy"][s] for s in slugs}}


def sigmoid_tanh_minor_difference(results: Results, ruler: Ruler) -> Finding:
    gaps = {setup: difference(models["tanh"], models["sigmoid"]) for setup, models in accuracy_setups(results).items()}
    minor = {setup: ruler.within(f"tanh minus sigmoid, {setup}", interval(gap), -MINOR, MINOR)
             for setup, gap in gaps.items()}
    verdict = CONFIRMED if all(minor.values()) else CONTRADICTED if not any(minor.values()) else QUALIFIED
    return Finding(verdict, "tanh minus sigmoid, training accuracy: "
                   + "; ".join(f"{setup}: {points(gap)}" for setup, gap in gaps.items()) + ".")


def relu_better_bang(results: Results, ruler: Ruler) -> Finding:
    setups = accuracy_setups(results)
    comparisons = [(setup, rival) for setup in setups for rival in ("sigmoid", "tanh")]
    level = family_level(len(comparisons))
    ahead, behind, quoted = 0, 0, []
    for setup, rival in comparisons:
        gap = difference(setups[setup]["relu"], setups[setup][rival])
        measured = spread(gap, level)
        ahead += ruler.above(f"ReLU minus {rival}, {setup}", measured, AHEAD, POINTS)
        behind += ruler.below(f"ReLU minus {rival}, {setup}", measured, -AHEAD, POINTS)
        quoted.append(f"{setup}, against {rival}: {points(gap, level)}")
    verdict = CONTRADICTED if behind else CONFIRMED if ahead > len(comparisons) / 2 else QUALIFIED
    return Finding(verdict, "ReLU minus each rival, training accuracy (intervals at "
                   f"{100 * level:.1f} %): " + "; ".join(quoted) + f". Ahead in {ahead} of {len(comparisons)}.")
