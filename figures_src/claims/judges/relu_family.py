"""The ReLU family's claims: one judge per claim of the ledger (ledger.py), named after it."""

from __future__ import annotations

from itertools import combinations
from statistics import median

from figures_src.claims.evidence import Finding, Results, minor_gaps, ratio
from figures_src.claims.rules import (CONFIRMED, CONTRADICTED, INCONCLUSIVE, ORDERS, PLAIN, POINTS, QUALIFIED,
                                      SEED_COUNT, UNITS, Ruler, direction)
from figures_src.science.stats import decisive_count, difference, log_interval, points, signs, spread
from figures_src.tolerances import KEPT, MINOR, NO_JUMP, SELU_MEAN, SELU_VARIANCE, SLOPE_MOVED, VANISHED


def relu_keeps_gradient(results: Results, ruler: Ruler) -> Finding:
    ratios = results("sigmoid-tanh/deep")["first_over_last"]
    kept = ruler.within("ReLU's first layer over its last", log_interval(ratios["relu"]["per_seed"]), *KEPT, ORDERS)
    holds = kept and ruler.below("the sigmoid's first layer over its last", log_interval(ratios["sigmoid"]["per_seed"]),
                                 VANISHED, ORDERS)
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"First layer's gradient norm over the last layer's: ReLU {ratio(ratios['relu'])}, "
                   f"sigmoid {ratio(ratios['sigmoid'])}.")


def dying(results: Results) -> dict:
    return results("relu-family/dying")


def came_back(layer: dict) -> str:
    revived = layer["revived"]
    return f"{revived['units']} of {revived['of']}"


def dead_relu_stays_dead(results: Results, ruler: Ruler) -> Finding:
    shifted = dying(results)["models"]["relu-shifted"]["layers"]
    stepped = results("relu-family/large-step")["models"]["relu"]["layers"]
    back = [ruler.above(f"hidden layer {index}, units back in both experiments",
                        a["revived"]["units"] + b["back"]["units"], 0.5, UNITS)
            for index, (a, b) in enumerate(zip(shifted, stepped, strict=True), start=1)]
    verdict = CONFIRMED if not any(back) else CONTRADICTED if all(back) else QUALIFIED
    return Finding(verdict, "ReLU units inactive on every point and active at the end, biases shifted: "
                   + "; ".join(f"hidden layer {index + 1}, {came_back(layer)}" for index, layer in enumerate(shifted))
                   + f" (over {dying(results)['settings']['seeds']} seeds, {dying(results)['settings']['epochs']} "
                   "epochs); killed by a large update: "
                   + "; ".join(f"hidden layer {index + 1}, {layer['back']['units']} of {layer['back']['of']}"
                               for index, layer in enumerate(stepped)) + ".")


def units_die_in_training(results: Results, ruler: Ruler) -> Finding:
    layers = dying(results)["models"]["relu"]["layers"]
    died = [layer["died"] for layer in layers]
    some = ruler.above("hidden layer 1, units that died", died[0]["units"], 0.5, UNITS)
    return Finding(CONFIRMED if some else CONTRADICTED,
                   "From the default initialisation at learning rate "
                   f"{dying(results)['settings']['learning_rate']}, units active at the start and inactive on "
                   "every point at the end: " + "; ".join(f"hidden layer {index + 1}, {d['units']} of {d['of']}"
                                           for index, d in enumerate(died)) + ".")


def leaky_relu_no_dying(results: Results, ruler: Ruler) -> Finding:
    numbers = results("relu-family/large-step")
    models = numbers["models"]
    back = [ruler.above(f"leaky ReLU, hidden layer {index}, killed units active again",
                        layer["back"]["units"], layer["back"]["of"] // 2 + 0.5, UNITS)
            for index, layer in enumerate(models["leaky-relu"]["layers"], start=1) if layer["back"]["of"]]
    verdict = INCONCLUSIVE if not back else CONFIRMED if all(back) else QUALIFIED

    def counts(slug: str) -> str:
        return ", ".join(f"{layer['back']['units']} of {layer['back']['of']}" for layer in models[slug]["layers"])

    return Finding(verdict, "Units the large update left inactive on every point that are active again "
                            f"{numbers['settings']['epochs_after']} epochs later, by hidden layer: leaky ReLU "
                            f"{counts('leaky-relu')}; ReLU {counts('relu')}; ELU {counts('elu')}.")


def seeds_ahead(ruler: Ruler, what: str, differences: list[float]) -> int:
    """+1, −1 or 0: the exact sign test on paired differences over seeds, for outcomes that are
    all-or-nothing on some seeds (where a mean ± t describes no seed). One side wins when it is
    ahead on as many of the seeds that do not tie as the test needs to rule out chance."""
    ahead, behind = signs(differences)
    needed = decisive_count(ahead + behind)
    if ruler.above(f"{what}: seeds ahead", ahead, needed - 0.5, SEED_COUNT):
        return 1
    return -1 if ruler.above(f"{what}: seeds behind", behind, needed - 0.5, SEED_COUNT) else 0


def leaky_relu_sometimes_better(results: Results, ruler: Ruler) -> Finding:
    held_out = results("relu-family/slopes")["slopes"]
    held_out_gap = difference(held_out["0.01"], held_out["0.0"])
    shifted = dying(results)["leaky_minus_relu_shifted"]["per_seed"]
    signs_of = [ruler.sign("leaky ReLU minus ReLU, held-out accuracy", held_out_gap),
                seeds_ahead(ruler, "leaky ReLU against ReLU, shifted biases", shifted)]
    verdict = direction(signs_of)
    by_more = (signs_of[0] > 0 and not ruler.below("leaky ReLU minus ReLU, held-out accuracy", spread(held_out_gap),
                                                    MINOR, POINTS)
               or signs_of[1] > 0 and median(shifted) > MINOR)  # a sign test's size: its median lead
    if verdict == CONFIRMED and by_more:
        verdict = QUALIFIED  # better, but by more than a little
    ahead, behind = signs(shifted)
    return Finding(verdict, f"Leaky ReLU (slope 0.01) minus ReLU, held-out accuracy on the spirals from the "
                            f"default initialisation: {points(held_out_gap)}. Shifted biases, training "
                            f"accuracy: leaky ReLU ahead on {ahead} of {len(shifted)} seeds, behind on "
                            f"{behind} (the exact sign test needs {decisive_count(ahead + behind)} of "
                            f"{ahead + behind}).")


def leaky_slope_small_difference(results: Results, ruler: Ruler) -> Finding:
    sweep = results("relu-family/slopes")
    common = [str(slope) for slope in sweep["settings"]["common_slopes"]]
    verdict = minor_gaps(ruler, {f"slope {a} minus slope {b}": difference(sweep["slopes"][a], sweep["slopes"][b])
                                 for a, b in combinations(common, 2)})
    means = {slope: sweep["slopes"][slope]["mean"] for slope in common}
    best, worst = max(means, key=means.get), min(means, key=means.get)
    steepest = max(sweep["slopes"], key=float)
    cost = difference(sweep["slopes"][best], sweep["slopes"][steepest])
    return Finding(verdict, f"The widest gap between two common slopes, {best} minus {worst}: "
                            f"{points(difference(sweep['slopes'][best], sweep['slopes'][worst]))}. "
                            f"Outside that range a slope of {steepest} costs {points(cost)}.")


def prelu_learns_slope(results: Results, ruler: Ruler) -> Finding:
    learned = results("relu-family/slopes")["learned"]
    layers = [learned[f"layer_{index}"]["per_seed"] for index in (1, 2)]
    moves = [abs(slope - learned["start"]) for slopes in layers for slope in slopes]
    moved = ruler.above("the smallest move of a slope from its start", min(moves), SLOPE_MOVED, PLAIN)
    return Finding(CONFIRMED if moved else CONTRADICTED,
                   f"From {learned['start']:g}, the slopes ended at "
                   + " and ".join(f"between {min(slopes):.2f} and {max(slopes):.2f} (hidden layer {index})"
                                  for index, slopes in enumerate(layers, start=1))
                   + f"; the smallest move of one slope on one seed was {min(moves):.2f}.")


def prelu_no_clear_gain(results: Results, ruler: Ruler) -> Finding:
    sweep = results("relu-family/slopes")
    gaps = {slope: difference(sweep["prelu"], numbers) for slope, numbers in sweep["slopes"].items()}
    ahead = [ruler.above(f"PReLU minus slope {slope}", spread(gap), 0, POINTS) for slope, gap in gaps.items()]
    verdict = CONTRADICTED if all(ahead) else CONFIRMED
    closest = min(gaps, key=lambda slope: spread(gaps[slope]).low)
    return Finding(verdict, f"PReLU minus the fixed slope that comes closest ({closest}), held-out accuracy "
                            f"on the spirals: {points(gaps[closest])}; PReLU is clearly ahead of "
                            f"{sum(ahead)} of the {len(gaps)} fixed slopes.")


def elu_is_smooth(results: Results, ruler: Ruler) -> Finding:
    jumps = results("relu-family/self-normalising")["elu_derivative_jump"]
    smooth = [ruler.below(f"the jump for α = {float(alpha):g}", jump, NO_JUMP, ORDERS) for alpha, jump in jumps.items()]
    verdict = CONFIRMED if all(smooth) else QUALIFIED if any(smooth) else CONTRADICTED
    return Finding(verdict, "Jump of ELU's derivative at 0: "
                   + ", ".join(f"{'below 10⁻⁶' if jump < NO_JUMP else f'{jump:.2g}'} for α = {float(alpha):g}"
                               for alpha, jump in jumps.items())
                   + " (the slope just left of 0 is α, right of it 1).")


def selu_self_normalises(results: Results, ruler: Ruler) -> Finding:
    stack = results("relu-family/self-normalising")
    selu = stack["selu"]
    holds = all([not ruler.above("SELU's largest mean", selu["largest_mean_offset"], SELU_MEAN, PLAIN),
                 not ruler.below("SELU's smallest variance", selu["smallest_variance"], SELU_VARIANCE[0], PLAIN),
                 not ruler.above("SELU's largest variance", selu["largest_variance"], SELU_VARIANCE[1], PLAIN)])
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"Over {selu['depth']} layers, SELU's mean stayed within ±{selu['largest_mean_offset']:.3f} and "
                   f"its variance between {selu['smallest_variance']:.3f} and {selu['largest_variance']:.3f}; "
                   f"with the same weights ReLU's variance fell to {stack['relu']['last_variance']:.0e}.")
