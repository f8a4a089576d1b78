"""The smooth-activations page's claims: one judge per claim of the ledger (ledger.py), named after it."""

from __future__ import annotations

from typing import Callable

from figures_src.claims.evidence import Finding, Results, minor_gaps
from figures_src.claims.rules import (CONFIRMED, CONTRADICTED, INCONCLUSIVE, PLAIN, POINTS, Ruler, Unit,
                                      direction, most)
from figures_src.science.stats import difference, family_level, percent, points, quoted
from figures_src.tolerances import FOOLED, LEVEL


def experiment(results: Results) -> dict:
    return results("smooth-adversarial/experiment")


def scale(numbers: dict) -> str:
    """The size of the run behind a page's results (experiment.json or undefended.json)."""
    preset = numbers["preset"]
    return f"{preset['seeds']} seeds, {preset['epochs']} epochs"


def small_changes_fool(results: Results, ruler: Ruler) -> Finding:
    undefended = results("smooth-adversarial/undefended")
    drop = [clean - robust for clean, robust in zip(undefended["clean"]["per_seed"], undefended["robust"]["per_seed"],
                                                    strict=True)]
    fooled = not ruler.below("the attack's smallest cost to a seed's accuracy", min(drop), FOOLED, POINTS)
    return Finding(CONFIRMED if fooled else CONTRADICTED,
                   f"Networks trained on clean digits: {percent(undefended['clean'])} accurate, "
                   f"{percent(undefended['robust'])} under attack ({scale(undefended)}).")


def robustness_costs_accuracy(results: Results, ruler: Ruler) -> Finding:
    relu, undefended = experiment(results)["models"]["relu"], results("smooth-adversarial/undefended")
    cost = difference(undefended["clean"], relu["clean"])
    verdict = {1: CONFIRMED, -1: CONTRADICTED, 0: INCONCLUSIVE}[ruler.sign("clean minus adversarial training", cost)]
    return Finding(verdict, f"Clean accuracy, clean training minus adversarial training: {points(cost)} "
                            f"({scale(undefended)}), while robust accuracy went from "
                            f"{percent(undefended['robust'])} to {percent(relu['robust'])}.")


ABLATION = "relu-smooth-backward"  # ReLU forward, a smooth derivative backward


def smooth_activations(results: Results) -> tuple[str, ...]:
    """The smooth approximations of ReLU that the experiment compared with it."""
    return tuple(name for name in experiment(results)["models"] if name not in ("relu", ABLATION))


def robust_accuracy(numbers: dict, name: str) -> dict:
    return numbers["models"][name]["robust"]


def final_attacker_strength(numbers: dict, name: str) -> dict:
    return numbers["attacker_strength"]["at_end"][name]


def against_relu(results: Results, ruler: Ruler, names: tuple[str, ...], measure: Callable[[dict, str], dict],
                 what: str, unit: str, ruled_in: Unit) -> Finding:
    """The verdict on "these models do better than ReLU" by a measure (a summary of one model's
    results), from the signs of the paired differences: stats.difference pairs them by seed, and
    by test digit where both kept their outcomes. One model is one comparison, judged at 95 %; a
    family of them is judged as a kind (rules.most), each interval at the family's level."""
    numbers = experiment(results)
    level = family_level(len(names))
    gaps = {name: difference(measure(numbers, name), measure(numbers, "relu")) for name in names}
    signs_of = [ruler.sign(f"{numbers['models'][name]['label']} minus ReLU", gap, ruled_in, level)
                for name, gap in gaps.items()]
    verdict = direction(signs_of) if len(names) == 1 else most(signs_of)
    family = f"; intervals at {100 * level:.1f} % each, so that all {len(names)} hold together at 95 %" \
        if len(names) > 1 else ""
    return Finding(verdict, f"{what} minus ReLU's (paired): "
                   + "; ".join(f"{numbers['models'][name]['label']} {quoted(gap, unit, level=level)}"
                               for name, gap in gaps.items())
                   + f" ({scale(experiment(results))}{family}).")


def relu_weakens_the_training_attack(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, smooth_activations(results) + (ABLATION,), final_attacker_strength,
                        "Share of PGD-20's loss gain reached by the training attack", "", PLAIN)


def smooth_activations_more_robust(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, smooth_activations(results), robust_accuracy, "Robust accuracy", "points",
                        POINTS)


def smooth_gradient_is_the_cause(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, (ABLATION,), robust_accuracy, "Robust accuracy", "points", POINTS)


def clean_against_relu(results: Results) -> dict[str, list]:
    """Each smooth function's clean accuracy minus ReLU's, paired by seed and test digit."""
    models = experiment(results)["models"]
    return {name: difference(models[name]["clean"], models["relu"]["clean"]) for name in smooth_activations(results)}


def labelled(results: Results, gaps: dict[str, list], level: float = LEVEL) -> str:
    models = experiment(results)["models"]
    return "; ".join(f"{models[name]['label']} {points(gap, level)}" for name, gap in gaps.items())


def clean_gaps_by_what(results: Results, gaps: dict[str, dict]) -> dict[str, dict]:
    models = experiment(results)["models"]
    return {f"{models[name]['label']} minus ReLU, clean accuracy": gap for name, gap in gaps.items()}


def similar_activations_similar_accuracy(results: Results, ruler: Ruler) -> Finding:
    gaps = clean_against_relu(results)
    verdict = minor_gaps(ruler, clean_gaps_by_what(results, gaps))
    return Finding(verdict, f"Clean accuracy minus ReLU's: {labelled(results, gaps)} ({scale(experiment(results))}).")


def swapping_does_not_hurt(results: Results, ruler: Ruler) -> Finding:
    gaps = clean_against_relu(results)
    verdict = minor_gaps(ruler, clean_gaps_by_what(results, gaps), one_sided=True)
    return Finding(verdict, f"Clean accuracy minus ReLU's: {labelled(results, gaps)} ({scale(experiment(results))}).")
