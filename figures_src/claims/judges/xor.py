"""The XOR page's claims: one judge per claim of the ledger (ledger.py), named after it."""

from __future__ import annotations


from figures_src.claims.evidence import Finding, Results
from figures_src.claims.rules import (OPERATIONS, CONFIRMED, CONTRADICTED, INCONCLUSIVE, ORDERS, PERCENT,
                                      PLAIN, QUALIFIED, Ruler)
from figures_src.science.stats import below_power_of_ten, interval, percent, rounding_level
from figures_src.tolerances import FOLDED_ROUNDING, SOLVED


def span(numbers: dict, decimals: int, scale: float = 1) -> str:
    """The range of a quantity over seeds, or its one value when every seed agrees."""
    low, high = (f"{scale * numbers[end]:.{decimals}f}" for end in ("min", "max"))
    return f"{low} on every seed" if low == high else f"{low} to {high}"


def best_line(results: Results) -> float:
    return results("xor/results")["best_line_accuracy"]


def linear_mlp_is_linear(results: Results, ruler: Ruler) -> Finding:
    xor = results("xor/results")
    folded, linear = xor["folded"]["max_abs_difference"], xor["models"]["linear"]["accuracy"]
    same = not ruler.above("the folded layer's largest change of a logit", rounding_level(folded), FOLDED_ROUNDING, ORDERS)
    straight = not ruler.above("the linear MLP's best seed", linear["max"], best_line(results))
    verdict = CONFIRMED if same and straight else CONTRADICTED
    return Finding(verdict, f"Multiplied out, the trained MLP's logits change by {below_power_of_ten(folded)}; "
                            f"its accuracy, {percent(linear)}, stays below the "
                            f"{100 * best_line(results):.1f} % that the best straight line reaches.")


def logistic_regression_is_linear(results: Results, ruler: Ruler) -> Finding:
    accuracy = results("xor/results")["models"]["logistic-regression"]["accuracy"]
    above = ruler.above("logistic regression's best seed", accuracy["max"], best_line(results))
    verdict = CONTRADICTED if above else CONFIRMED
    return Finding(verdict, f"Logistic regression: {percent(accuracy)}, at most "
                            f"{100 * accuracy['max']:.1f} % on one seed; the best straight line: "
                            f"{100 * best_line(results):.1f} %.")


def both_solve_xor(results: Results, ruler: Ruler) -> Finding:
    accuracy = results("xor/results")["models"]["relu"]["accuracy"]
    every_seed = ruler.above("the ReLU MLP's worst seed", accuracy["min"], best_line(results))
    solved = ruler.above("the ReLU MLP's mean accuracy", interval(accuracy["per_seed"]), SOLVED) and every_seed
    return Finding(CONFIRMED if solved else CONTRADICTED,
                   f"ReLU MLP: {percent(accuracy)}, its worst seed {100 * accuracy['min']:.1f} %, "
                   f"against {100 * best_line(results):.1f} % for the best straight line.")


def xor_results_reproduce(results: Results, ruler: Ruler) -> Finding:
    models = results("xor/results")["models"]
    checks = [  # (what, the notebook's value, the decimals it reports, the summary over seeds here, unit)
        ("the MLP without activation's loss", 0.693, 3, models["linear"]["final_loss"], PLAIN),
        ("the ReLU MLP's loss", 0.36, 2, models["relu"]["final_loss"], PLAIN),
        ("the ReLU MLP's accuracy", 0.99, 2, models["relu"]["accuracy"], PERCENT)]
    inside = []
    for what, reported, decimals, numbers, unit in checks:
        # the seeds' range must reach into the values that round to the reported one
        half = 0.5 * 10 ** -decimals
        inside.append(not ruler.above(f"{what}, lowest seed", numbers["min"], reported + half, unit)
                      and not ruler.below(f"{what}, highest seed", numbers["max"], reported - half, unit))
    inside = all(inside)
    loss, relu_loss, relu = (numbers for _, _, _, numbers, _ in checks)
    return Finding(CONFIRMED if inside else CONTRADICTED,
                   f"Over the seeds: MLP without activation, loss {span(loss, 4)}; ReLU MLP, loss "
                   f"{span(relu_loss, 2)} and accuracy {span(relu, 1, 100)} %.")


def any_nonlinearity_solves_xor(results: Results, ruler: Ruler) -> Finding:
    models = results("xor/results")["models"]
    budget = results("sigmoid-tanh/budget")
    nonlinear = {name: model for name, model in models.items() if name not in ("logistic-regression", "linear")}

    def title(name: str) -> str:
        return models[name]["title"].removeprefix("MLP, ")

    lagging = [name for name, model in nonlinear.items()
               if not ruler.above(f"{title(name)}, 25 steps", interval(model["accuracy"]["per_seed"]), best_line(results))]
    long_steps = budget["settings"]["epochs"]
    retrained = {name: budget[name][f"accuracy_after_{long_steps}"] for name in lagging if name in budget}
    caught_up = [ruler.above(f"{title(name)}, {long_steps} steps", interval(s["per_seed"]), best_line(results))
                 for name, s in retrained.items()]
    if not lagging:
        verdict = CONFIRMED
    elif len(retrained) < len(lagging):
        verdict = INCONCLUSIVE
    else:
        verdict = QUALIFIED if all(caught_up) else CONTRADICTED

    behind = "; ".join(f"{title(name)}, {percent(models[name]['accuracy'])}" for name in lagging)
    later = "; ".join(f"{title(name)} after {long_steps} steps: {percent(s)}" for name, s in retrained.items())
    return Finding(verdict, f"Within 25 steps, {len(nonlinear) - len(lagging)} of {len(nonlinear)} "
                            f"activations have their 95 % interval above the best straight line "
                            f"({100 * best_line(results):.1f} %)"
                            + (f"; not yet: {behind}. {later}." if lagging else "."))


def relu_fast_to_compute(results: Results, ruler: Ruler) -> Finding:
    counted = results("xor/operations")["functions"]
    relu = counted["relu"]
    rivals = ("sigmoid", "tanh")
    simple = [ruler.below("ReLU's transcendental operations", relu["transcendental"], 0.5, OPERATIONS)]
    simple += [ruler.above(f"{slug}'s transcendental operations", counted[slug]["transcendental"], 0.5, OPERATIONS)
               for slug in rivals]

    def written(slug: str) -> str:
        return f"{slug} {counted[slug]['operations']} ({', '.join(counted[slug]['names'])})"

    smooth = sorted(slug for slug, numbers in counted.items() if numbers["transcendental"])
    return Finding(CONFIRMED if all(simple) else CONTRADICTED,
                   "Primitive operations per input, forward pass: " + "; ".join(map(written, ("relu", *rivals)))
                   + f". Of the {len(counted)} catalogue functions that trace to primitive operations, "
                     f"{len(smooth)} need a transcendental one.")
