"""The lecture's claims, checked: the catalogue of claims, as catalog.py is of functions.

Each claim says where the lecture makes it, what it says in our words, the rule that decides
it and the page that shows the evidence. A rule's thresholds come from the lecture's words, from
what the claim needs to be true, or from a 95 % interval, never from where a number fell. Its judge
reads this build's own JSON results, asks a Ruler (rules.py) each comparison its rule makes, and
returns a Finding: a verdict and the numbers behind it. The ruler keeps how far the evidence stood
from each line: the verdict's margin, which the claims page shows.
A claim that no experiment here can test is declared untested, with the reason.

A page shows a claim's verdict with the `claim` macro (site_hooks/results.py), naming the verdict
its text was written for; when a change to an experiment flips the verdict, the build fails and
names the claim and the page, so that no page keeps a sentence its data no longer supports.

Standard library only: the pipeline judges the claims each time it writes its outputs, and a
warm MkDocs build never imports torch.
"""

from __future__ import annotations

import json
import math
from itertools import combinations
from statistics import median
from dataclasses import dataclass
from typing import Callable, Mapping

from figures_src.rules import (CONFIRMED, CONTRADICTED, INCONCLUSIVE, NOT_TESTED, ORDERS, PERCENT, PLAIN,
                                POINTS, QUALIFIED, SEED_COUNT, UNITS, Ruler, Unit, direction, margin_text, most)
from figures_src.stats import (CHANCE_BAND, LEVEL, below_power_of_ten,
                               decisive_count, difference, family_level, format_interval, interval, log_interval, paired,
                               percent, points, quoted, rounding_level, signs, spread, superscript)

VERDICTS = {  # what each verdict means, for the claims page
    CONFIRMED: "the measurement agrees with the claim as stated",
    QUALIFIED: "it holds only under the conditions given",
    CONTRADICTED: "the measurement goes against it",
    INCONCLUSIVE: "tested, but the spread of the measurement allows no decision either way",
    NOT_TESTED: "nothing this site builds can test it; the reason is given",
}
# The lecture's order; a claim belongs to the topic the lecture makes it in. Keys are the pages'
# file names, values their titles in the navigation.
TOPICS = {
    "pytorch-api": "The PyTorch API",
    "xor": "The XOR problem",
    "sigmoid-tanh": "Sigmoid, tanh and hardtanh",
    "relu-family": "The ReLU family",
    "smooth-adversarial": "Smooth activations and adversarial training",
}


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


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str  # a key of TOPICS
    page: str  # where the site shows the evidence, e.g. "xor.md#three-models"
    lecture: str  # the lecture's words
    says: str  # the claim in our words
    rule: str  # how the verdict is decided; empty for an untested claim
    needs: tuple[str, ...] = ()  # the JSON results the judge reads
    judge: Callable[[Results, Ruler], Finding] | None = None
    untested_because: str = ""
    ours: bool = False  # a question the site asks, prompted by the lecture's words but not claimed there


CLAIMS: list[Claim] = []


def claim(id: str, topic: str, page: str, lecture: str, says: str, rule: str, needs: tuple[str, ...],
          ours: bool = False):
    """Register the decorated function as the judge of a claim, in the order of this file. With
    `ours`, the claim is the site's own question: `lecture` holds the words that prompted it."""
    def register(judge: Callable[[Results, Ruler], Finding]) -> Callable[[Results, Ruler], Finding]:
        CLAIMS.append(Claim(id, topic, page, lecture, says, rule, needs, judge, ours=ours))
        return judge
    return register


def untested(id: str, topic: str, page: str, lecture: str, says: str, because: str) -> None:
    CLAIMS.append(Claim(id, topic, page, lecture, says, rule="", untested_because=because))


# ---------------------------------------------------------------- shared lines, and numbers as page text

# "Minor", "slight", "a little": within ±3 points. The site's line, taken from the lecture's remark
# on the leaky slope: "only a slight small difference … maybe 1, 2, 3 percentage points … if you're
# lucky". Every such rule uses it.
MINOR = 0.03
STEPS = Unit("steps")
OPERATIONS = Unit("operations", counted=True)
# A verdict that any one of m comparisons could decide gives chance m tries: each interval is
# widened to hold at 1 − 0.05/m (stats.family_level). One that needs all m to hold needs no widening.
FAMILY_LEVEL = ("With m comparisons, each interval is taken at 1 − 0.05/m, so that all m hold together "
                "at 95 % (Bonferroni). ")


def choice(ruler: Ruler, what: str, means: dict[str, float], pick=max) -> str:
    """The best (or, with pick=min, the worst) of several by mean. Picking is a comparison too: the
    ruler keeps the chosen one's lead over the runner-up, so that a near tie shows in the margin."""
    chosen = pick(means, key=means.get)
    runner_up = pick((name for name in means if name != chosen), key=means.get)
    ruler.above(f"{what}: {chosen}'s lead over {runner_up}", abs(means[chosen] - means[runner_up]), 0, POINTS)
    return chosen



# ---------------------------------------------------------------- the PyTorch API


@claim("cross-entropy-takes-logits", "pytorch-api", "pytorch-api.md#cross-entropy",
       lecture="Recall, we use this cross entropy loss, which already computes the softmax for us … "
               "technically, you never have to use the probability if you use the cross entropy "
               "function in pytorch for optimization.",
       says="`F.cross_entropy` applies `log_softmax` itself: a network returns logits, and "
            "training never needs the probabilities.",
       rule="Confirmed when `F.cross_entropy` on random logits and `F.nll_loss` on their "
            "`log_softmax` agree to within float32 rounding (10⁻⁶); contradicted otherwise.",
       needs=("pytorch-api/results",))
def cross_entropy_takes_logits(results: Results, ruler: Ruler) -> Finding:
    losses = results("pytorch-api/results")["losses"]
    agree = not ruler.above("the two losses' difference", rounding_level(losses["difference"]), 1e-6, ORDERS)
    return Finding(CONFIRMED if agree else CONTRADICTED,
                   f"On 16 random examples of 10 classes, `cross_entropy` gives "
                   f"{losses['cross_entropy']:.4f} and `nll_loss` of `log_softmax` "
                   f"{losses['nll_of_log_softmax']:.4f}: a difference {below_power_of_ten(losses['difference'])}.")


@claim("log-softmax-stable", "pytorch-api", "pytorch-api.md#log-softmax",
       lecture="we use the log softmax, because it's numerically more stable, if we were to use "
               "the negative log likelihood loss. This is really the only if we want to use the "
               "negative log likelihood loss.",
       says="`log_softmax` is numerically more stable than the logarithm of `softmax`; that is "
            "what matters when the loss is `F.nll_loss`.",
       rule="Confirmed when, for logit gaps from 10 to 1000 in float32, `torch.log(F.softmax(z))` "
            "loses more than 10⁻³ of relative precision or becomes infinite at some gap, while "
            "`F.log_softmax(z)` stays within 10⁻⁶ of the exact value (float64) at every gap.",
       needs=("pytorch-api/results",))
def log_softmax_stable(results: Results, ruler: Ruler) -> Finding:
    rows = results("pytorch-api/results")["stability"]

    def error(row: dict, key: str) -> float:
        return abs(row[key] - row["exact"]) / abs(row["exact"])

    broken = [row["gap"] for row in rows
              if ruler.above(f"log(softmax)'s error at a gap of {row['gap']}", error(row, "log_of_softmax"), 1e-3, ORDERS)]
    worst_stable = max(error(row, "log_softmax") for row in rows)
    stable = not ruler.above("log_softmax's largest error", rounding_level(worst_stable), 1e-6, ORDERS)
    verdict = CONFIRMED if broken and stable else CONTRADICTED
    infinite = [row["gap"] for row in rows if row["log_of_softmax"] == float("-inf")]
    gaps = ", ".join(str(row["gap"]) for row in rows)
    return Finding(verdict, f"Of the gaps tried ({gaps}), `log(softmax)`'s relative error exceeds 10⁻³ at "
                            f"{', '.join(map(str, broken)) or 'none'}, returning −∞ from {infinite[0] if infinite else '–'} "
                            f"on; `log_softmax`'s relative error stays {below_power_of_ten(worst_stable)} at every gap.")


@claim("sequential-same-network", "pytorch-api", "pytorch-api.md#two-ways",
       lecture="So that's exactly the same network, except that here, we define it and sequential "
               "can actually also run it.",
       says="Written with `nn.Sequential`, the lecture's network is the same network as the class: "
            "the same parameters and the same outputs.",
       rule="Confirmed when both have the same `state_dict` keys and, with the class's weights "
            "loaded into the Sequential, identical logits on a random batch; contradicted otherwise.",
       needs=("pytorch-api/results",))
def sequential_same_network(results: Results, ruler: Ruler) -> Finding:
    two_ways = results("pytorch-api/results")["two_ways"]
    same = ruler.exactly("the two networks' logits, their largest difference", two_ways["max_abs_difference"], 0)
    verdict = CONFIRMED if same else CONTRADICTED
    return Finding(verdict, f"Both hold the same {len(two_ways['keys'])} tensors "
                            f"({two_ways['parameters']:,} parameters); their logits differ by "
                            f"{two_ways['max_abs_difference']:g}.")


untested("sequential-easier-to-read", "pytorch-api", "pytorch-api.md#two-ways",
         lecture="if I want to know what the linear one is, I have to go up and look it up here. "
                 "So it's a little bit more, I would say error prone",
         says="The `nn.Sequential` version is easier to read and less error-prone, because its "
              "layers run in the order they are written.",
         because="A judgement about reading code; nothing a build measures can decide it.")


# ---------------------------------------------------------------- XOR


def span(numbers: dict, decimals: int, scale: float = 1) -> str:
    """The range of a quantity over seeds, or its one value when every seed agrees."""
    low, high = (f"{scale * numbers[end]:.{decimals}f}" for end in ("min", "max"))
    return f"{low} on every seed" if low == high else f"{low} to {high}"


def best_line(results: Results) -> float:
    return results("xor/results")["best_line_accuracy"]


@claim("linear-mlp-is-linear", "xor", "xor.md#linear-layers-collapse",
       lecture="MLP with linear activation plus hidden layer, also linear boundary.",
       says="An MLP with a hidden layer but no nonlinear activation is one linear layer in "
            "disguise: its decision boundary is a straight line, and it cannot solve XOR.",
       rule="Confirmed when the trained MLP, multiplied out into one linear layer, gives the same "
            "logits to within 10⁻⁵ on every point, and no seed scores above the best that any "
            "straight line scores on the data.",
       needs=("xor/results",))
def linear_mlp_is_linear(results: Results, ruler: Ruler) -> Finding:
    xor = results("xor/results")
    folded, linear = xor["folded"]["max_abs_difference"], xor["models"]["linear"]["accuracy"]
    same = not ruler.above("the folded layer's largest change of a logit", rounding_level(folded), 1e-5, ORDERS)
    straight = not ruler.above("the linear MLP's best seed", linear["max"], best_line(results))
    verdict = CONFIRMED if same and straight else CONTRADICTED
    return Finding(verdict, f"Multiplied out, the trained MLP's logits change by {below_power_of_ten(folded)}; "
                            f"its accuracy, {percent(linear)}, stays below the "
                            f"{100 * best_line(results):.1f} % that the best straight line reaches.")


@claim("logistic-regression-is-linear", "xor", "xor.md#three-models",
       lecture="No hidden layer. Plus, nonlinear activation gives us a linear boundary",
       says="Logistic regression, a nonlinear output but no hidden layer, draws a straight "
            "boundary and cannot solve XOR.",
       rule="Confirmed when no seed of logistic regression scores above the best that any "
            "straight line scores on the data (found by trying every line through two points).",
       needs=("xor/results",))
def logistic_regression_is_linear(results: Results, ruler: Ruler) -> Finding:
    accuracy = results("xor/results")["models"]["logistic-regression"]["accuracy"]
    above = ruler.above("logistic regression's best seed", accuracy["max"], best_line(results))
    verdict = CONTRADICTED if above else CONFIRMED
    return Finding(verdict, f"Logistic regression: {percent(accuracy)}, at most "
                            f"{100 * accuracy['max']:.1f} % on one seed; the best straight line: "
                            f"{100 * best_line(results):.1f} %.")


@claim("both-solve-xor", "xor", "xor.md#three-models",
       lecture="we need both the hidden layers, and the nonlinear activation functions to make a "
               "nonlinear decision boundary … the same number of weights, the only difference is "
               "that I'm now using a nonlinear activation function",
       says="With a hidden layer *and* a nonlinear activation (ReLU), the same network, with the "
            "same number of weights, solves XOR.",
       rule="Confirmed when every seed of the ReLU MLP scores above the best straight line and "
            "the 95 % interval of its mean accuracy lies above 95 %; contradicted otherwise.",
       needs=("xor/results",))
def both_solve_xor(results: Results, ruler: Ruler) -> Finding:
    accuracy = results("xor/results")["models"]["relu"]["accuracy"]
    every_seed = ruler.above("the ReLU MLP's worst seed", accuracy["min"], best_line(results))
    solved = ruler.above("the ReLU MLP's mean accuracy", interval(accuracy["per_seed"]), 0.95) and every_seed
    return Finding(CONFIRMED if solved else CONTRADICTED,
                   f"ReLU MLP: {percent(accuracy)}, its worst seed {100 * accuracy['min']:.1f} %, "
                   f"against {100 * best_line(results):.1f} % for the best straight line.")


@claim("xor-results-reproduce", "xor", "xor.md#three-models",
       lecture="you can double check here under this link, that this is indeed the code is indeed "
               "correct. So you can reproduce these results",
       says="The lecture's XOR results reproduce: its notebook reports a loss of about 0.693 for "
            "the MLP without activation, and about 0.36 with about 99 % training accuracy for the "
            "ReLU MLP.",
       rule="Confirmed when each reported value, at the precision the notebook reports it, lies "
            "within the range of the ten seeds here, rounded to the same precision (the data are an "
            "equivalent set generated here, not the notebook's file).",
       needs=("xor/results",))
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


@claim("any-nonlinearity-solves-xor", "xor", "xor.md#every-activation",
       lecture="Actually, they are way more than just ReLU functions, ReLU just happens to be "
               "popular because it's, it's quite simple and quite fast to compute",
       says="ReLU is not special: the other common nonlinear activations let the same network "
            "solve XOR too.",
       rule="Confirmed when, within the lecture's 25 steps, the 95 % interval of every catalogue "
            "activation's mean accuracy lies above the best straight line. Qualified when the ones "
            "that lag get there with a longer budget (the sigmoid page gives the sigmoid, the "
            "slowest, 1000 steps); contradicted when one does not; inconclusive when a laggard "
            "was not trained longer.",
       needs=("xor/results", "sigmoid-tanh/budget"), ours=True)
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


@claim("relu-fast-to-compute", "xor", "xor.md#every-activation",
       lecture="ReLU … just happens to be popular because it's, it's quite simple and quite fast to compute",
       says="ReLU is simple and quick to compute: unlike the sigmoid and tanh, it needs no "
            "transcendental operation.",
       rule="Counted, not timed: a timing depends on the machine, and where moving memory dominates "
            "the difference vanishes; the work each input needs does not. The forward pass of each "
            "function as PyTorch's own reference implementation (torch._refs) writes it, traced to "
            "primitive operations. Confirmed when ReLU's needs no transcendental operation (exp, "
            "log, tanh, erf and their kin, each many multiplications in a math library) while the "
            "sigmoid's and tanh's each need at least one; contradicted otherwise. (ReLU's two "
            "operations, a comparison and a selection, take one instruction each.) That this is why ReLU is popular "
            "is not something a build can measure.",
       needs=("xor/operations",))
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


# ---------------------------------------------------------------- sigmoid and tanh


@claim("sigmoid-saturates", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="But again, it has this problem that these gradients saturate here.",
       says="The logistic sigmoid saturates: far from zero its derivative, and with it the "
            "gradient, vanishes.",
       rule="Confirmed when the sigmoid's slope at |x| = 10 is below 10⁻⁴, a 2500th "
            "of its largest value, 0.25; contradicted otherwise.",
       needs=("sigmoid-tanh/shapes",))
def sigmoid_saturates(results: Results, ruler: Ruler) -> Finding:
    shapes = results("sigmoid-tanh/shapes")
    beyond, at_10 = shapes["saturated_beyond"]["sigmoid"], shapes["slope_at_10"]["sigmoid"]
    return Finding(CONFIRMED if ruler.below("σ′(10)", at_10, 1e-4, ORDERS) else CONTRADICTED,
                   f"σ′ < 0.01 for |x| > {beyond:.2f}, and σ′(10) = {at_10:.1e}.")


@claim("tanh-is-sigmoid-shaped", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
       lecture="Another very popular activation function for a while was the tanh function, it's "
               "also a sigmoid … So both are sigmoid functions.",
       says="tanh is an S-shaped (sigmoid) function too: a rescaled logistic sigmoid.",
       rule="Confirmed when tanh(x) = 2σ(2x) − 1 holds to within 10⁻¹² on [−10, 10] in float64.",
       needs=("sigmoid-tanh/shapes",))
def tanh_is_sigmoid_shaped(results: Results, ruler: Ruler) -> Finding:
    error = results("sigmoid-tanh/shapes")["identity_max_difference"]
    holds = not ruler.above("the largest difference between the two sides", rounding_level(error), 1e-12, ORDERS)
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"The largest difference between tanh(x) and 2σ(2x) − 1 is {below_power_of_ten(error)}.")


@claim("hardtanh-like-tanh", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
       lecture="There's also a hard tanh, which is essentially very similar to tanh, except that "
               "it's thresholded here, similar to relu.",
       says="Hardtanh is very similar to tanh, except that it is thresholded: flat beyond ±1, as "
            "ReLU is flat below zero.",
       rule="Confirmed when hardtanh has tanh's slope at zero (1), is flat beyond |x| = 1 (slope "
            "exactly 0, as ReLU's below zero), and trains like tanh in the lecture's XOR network: "
            "the paired accuracy difference after its 25 steps within ±3 points (the site's line "
            "for a minor difference; 95 % interval). Qualified when the shapes are as described but "
            "the networks differ by more; contradicted when the shapes are not.",
       needs=("sigmoid-tanh/shapes", "xor/results"))
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


@claim("tanh-zero-centred", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
       lecture="the logistic sigmoid function is centered around zero, and the output is point "
               "five. Whereas this one is centered at zero. And the output at zero is also zero. "
               "So it's producing positive and negative values",
       says="tanh is centred on zero (tanh(0) = 0, outputs of both signs); the sigmoid outputs "
            "0.5 at zero and only positive values.",
       rule="Confirmed when tanh(0) = 0 and σ(0) = 0.5, and for standard-normal inputs tanh's mean "
            "output is zero (within 0.05 of its standard deviation) while the sigmoid's is not.",
       needs=("sigmoid-tanh/shapes", "gallery/normal-moments"))
def tanh_zero_centred(results: Results, ruler: Ruler) -> Finding:
    at_zero, moments = results("sigmoid-tanh/shapes")["at_zero"], results("gallery/normal-moments")

    def centred(slug: str, name: str) -> bool:
        offset = abs(moments[slug]["mean"]) / moments[slug]["std"]
        return not ruler.above(f"{name}'s mean output over its standard deviation", offset, 0.05, ORDERS)

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


@claim("tanh-larger-gradients", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="And you can also see it's steeper. So here, the it's steeper than this one. So we "
               "have larger gradients.",
       says="tanh is steeper than the sigmoid, so it has larger gradients.",
       rule="This claim and the next read one measure: each function's slope averaged over "
            "standard-normal inputs, a reference spread for a unit's input at the start of training. "
            "Confirmed when tanh's average slope is the larger and tanh′ ≥ σ′ at every input "
            "measured (−10 ≤ x ≤ 10); qualified when it is the larger on average but not at every "
            "input; contradicted when it is not the larger on average.",
       needs=("sigmoid-tanh/shapes",))
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


@claim("sigmoid-slope-slightly-smaller", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
       lecture="itself times one minus itself, so the derivative is slightly smaller, because it's "
               "you're multiplying two numbers smaller than one with each other … So it's actually "
               "not that different.",
       says="The sigmoid's derivative is only slightly smaller than tanh's; the two are not that "
            "different.",
       rule="The measure of the claim above: each slope averaged over standard-normal inputs. "
            "Confirmed when the sigmoid's is at least 80 % of tanh's; contradicted when it is less "
            "than half of it; qualified in between.",
       needs=("sigmoid-tanh/shapes",))
def sigmoid_slope_slightly_smaller(results: Results, ruler: Ruler) -> Finding:
    slopes, steepest = average_slopes(results), results("sigmoid-tanh/shapes")["largest_slope"]
    share = slopes["sigmoid"] / slopes["tanh"]
    what = "the sigmoid's average slope as a share of tanh's"
    verdict = (CONTRADICTED if ruler.below(what, share, 0.5) else
               QUALIFIED if ruler.below(what, share, 0.8) else CONFIRMED)
    return Finding(verdict, f"Averaged over standard-normal inputs, σ′ is {slopes['sigmoid']:.3f} and tanh′ "
                            f"{slopes['tanh']:.3f}: the sigmoid's is {100 * share:.0f} % of tanh's "
                            f"(at 0, where both are steepest, {100 * steepest['sigmoid'] / steepest['tanh']:.0f} %).")


def ratio(numbers: dict) -> str:
    """A ratio over seeds: its geometric mean and 95 % interval on a log scale, and its range,
    each to one significant digit (a tiny one as a multiple of a power of ten)."""
    spread = log_interval(numbers["per_seed"])
    return (f"about {scientific(spread.mean)} (95 % interval {scientific(spread.low)} to {scientific(spread.high)}, "
            f"on a log scale; seeds from {scientific(numbers['min'])} to {scientific(numbers['max'])})")


def scientific(value: float) -> str:
    """One significant digit: 0.5, 3, 20, or 2 × 10⁻⁶ below a thousandth."""
    exponent = math.floor(math.log10(value))
    if exponent >= -3:
        return f"{round(value, -exponent):.{max(0, -exponent)}f}"
    mantissa = round(value / 10**exponent)
    if mantissa == 10:
        mantissa, exponent = 1, exponent + 1
    return f"{mantissa} × 10{superscript(exponent)}"


@claim("sigmoid-gradients-vanish", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="you end up with a very small partial derivative … And then when you compute the "
               "partial derivatives in the chain rule, then yeah, you will get very small gradients "
               "and the learning will be very slow",
       says="Through the chain rule, the sigmoid's small derivatives make the gradient vanish on "
            "its way back through a deep network, and learning becomes very slow.",
       rule="Confirmed when, in ten-layer networks at initialisation, less than 0.1 % of the "
            "sigmoid's last-layer gradient reaches the first layer (95 % interval, on a log scale: "
            "such ratios spread over orders of magnitude), and after 300 "
            "SGD steps no seed scores more than 5 points above the share of the majority class (a "
            "network that has learned nothing answers the majority class, or guesses, and scores "
            "about that share).",
       needs=("sigmoid-tanh/deep",))
def sigmoid_gradients_vanish(results: Results, ruler: Ruler) -> Finding:
    deep = results("sigmoid-tanh/deep")
    first_over_last, accuracy = deep["first_over_last"]["sigmoid"], deep["accuracy"]["sigmoid"]
    vanishes = ruler.below("the sigmoid's first layer over its last", log_interval(first_over_last["per_seed"]), 1e-3, ORDERS)
    learned = ruler.above("the sigmoid network's best seed", accuracy["max"], deep["majority_class_share"] + CHANCE_BAND)
    holds = vanishes and not learned
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"First layer's gradient norm over the last layer's: {ratio(first_over_last)}; "
                   f"after {deep['epochs']} steps the network scores {percent(accuracy)}, the share of "
                   f"the majority class being {100 * deep['majority_class_share']:.1f} %.")


@claim("tanh-saturates-too", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="So but both have the problem that … if you make a right or wrong prediction … you "
               "saturate it. So that that can be a problem.",
       says="tanh shares the problem: it saturates too, and its gradients vanish like the "
            "sigmoid's.",
       rule="Confirmed when tanh saturates (tanh′ < 0.01 beyond some |x|) and less than 0.1 % of "
            "its last-layer gradient reaches the first layer of the same ten-layer networks. "
            "Qualified when it saturates but its gradient does reach the first layer (then the "
            "problem depends on where the inputs of the units lie).",
       needs=("sigmoid-tanh/shapes", "sigmoid-tanh/deep"))
def tanh_saturates_too(results: Results, ruler: Ruler) -> Finding:
    shapes, deep = results("sigmoid-tanh/shapes"), results("sigmoid-tanh/deep")
    first_over_last = deep["first_over_last"]["tanh"]
    vanishes = ruler.below("tanh's first layer over its last", log_interval(first_over_last["per_seed"]), 1e-3, ORDERS)
    return Finding(CONFIRMED if vanishes else QUALIFIED,
                   f"tanh′ < 0.01 for |x| > {shapes['saturated_beyond']['tanh']:.2f}, sooner than the "
                   f"sigmoid; yet with Glorot-normal weights the first layer's gradient norm over the "
                   f"last layer's is {ratio(first_over_last)}, and the network learns ({percent(deep['accuracy']['tanh'])} "
                   f"after {deep['epochs']} steps).")


@claim("sign-combinations", "sigmoid-tanh", "sigmoid-tanh.md#sign-combinations",
       lecture="you have four different ways you can combine these signs. Whereas if you have a "
               "activation function that can only produce positive numbers, you're a little bit "
               "more limited.",
       says="With inputs of both signs (tanh), a neuron's weights can move in all sign "
            "combinations; with only positive inputs (sigmoid) they cannot, and learning zig-zags.",
       rule="A neuron with two weights learns by per-example SGD from random inputs passed "
            "through the sigmoid (all positive) or tanh (both signs), the same draws for both on "
            "each seed. Towards the weights (1, −1) the two weights must move apart; the control, "
            "(1, 1), asks them to move together. Confirmed when sigmoid inputs need more steps "
            "than tanh inputs to come near (1, −1) (95 % interval of the paired difference above "
            "zero) and this handicap is larger than the one towards (1, 1) (interval of the "
            "difference of the two differences above zero); qualified when sigmoid inputs are "
            "slower but no more so than towards (1, 1) (then the inputs' size, not their sign, "
            "would be to blame); contradicted when they are not slower. That a step with positive "
            "inputs moves both weights the same way is algebra (a step is the error times the "
            "input), shown on the page, not a measurement.",
       needs=("sigmoid-tanh/zigzag",))
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


@claim("sigmoid-tanh-minor-difference", "sigmoid-tanh", "sigmoid-tanh.md#in-practice",
       lecture="But yeah, I think also in practice, when I use them, and I recall, I only saw a "
               "minor difference using one over the other",
       says="In practice, sigmoid and tanh make only a minor difference.",
       rule="Minor means within ±3 points, the site's line, taken from the lecture's remark on the "
            "leaky slope (\"a slight small difference … maybe 1, 2, 3 percentage points\"). Confirmed when the 95 % interval of the "
            "paired accuracy difference, tanh minus sigmoid, lies within ±3 points in every set-up "
            "measured (the lecture's shallow XOR network after its 25 steps and after 1000, and a "
            "ten-layer network); contradicted when it lies outside in every set-up; qualified "
            "otherwise, naming where it holds.",
       needs=("sigmoid-tanh/budget", "sigmoid-tanh/deep"))
def sigmoid_tanh_minor_difference(results: Results, ruler: Ruler) -> Finding:
    gaps = {setup: difference(models["tanh"], models["sigmoid"]) for setup, models in accuracy_setups(results).items()}
    minor = {setup: ruler.within(f"tanh minus sigmoid, {setup}", interval(gap), -MINOR, MINOR)
             for setup, gap in gaps.items()}
    verdict = CONFIRMED if all(minor.values()) else CONTRADICTED if not any(minor.values()) else QUALIFIED
    return Finding(verdict, "tanh minus sigmoid, training accuracy: "
                   + "; ".join(f"{setup}: {points(gap)}" for setup, gap in gaps.items()) + ".")


@claim("relu-better-bang", "sigmoid-tanh", "sigmoid-tanh.md#in-practice",
       lecture="really, if you use a ReLU function that gives you a better bang for the buck, usually.",
       says="ReLU usually does better than sigmoid and tanh.",
       rule="In each set-up measured, ReLU against each of sigmoid and tanh: paired accuracy "
            "differences, two per set-up. " + FAMILY_LEVEL + "ReLU is ahead where an interval lies "
            "above +1 point, behind where it lies below −1 point. Confirmed when ReLU is ahead in "
            "more than half of the comparisons and behind in none; qualified when it is behind in "
            "none but ahead in fewer; contradicted when it is behind somewhere.",
       needs=("sigmoid-tanh/budget", "sigmoid-tanh/deep"))
def relu_better_bang(results: Results, ruler: Ruler) -> Finding:
    setups = accuracy_setups(results)
    comparisons = [(setup, rival) for setup in setups for rival in ("sigmoid", "tanh")]
    level = family_level(len(comparisons))
    ahead, behind, quoted = 0, 0, []
    for setup, rival in comparisons:
        gap = difference(setups[setup]["relu"], setups[setup][rival])
        measured = spread(gap, level)
        ahead += ruler.above(f"ReLU minus {rival}, {setup}", measured, 0.01, POINTS)
        behind += ruler.below(f"ReLU minus {rival}, {setup}", measured, -0.01, POINTS)
        quoted.append(f"{setup}, against {rival}: {points(gap, level)}")
    verdict = CONTRADICTED if behind else CONFIRMED if ahead > len(comparisons) / 2 else QUALIFIED
    return Finding(verdict, "ReLU minus each rival, training accuracy (intervals at "
                   f"{100 * level:.1f} %): " + "; ".join(quoted) + f". Ahead in {ahead} of {len(comparisons)}.")


# ---------------------------------------------------------------- the ReLU family


untested("relu-most-used", "relu-family", "relu-family.md",
         lecture="it's I would say still the most widely used activation function in deep learning",
         says="ReLU is still the most widely used activation function in deep learning.",
         because="A statement about the field's habits; nothing this build trains can measure it.")


@claim("relu-keeps-gradient", "relu-family", "sigmoid-tanh.md#saturation",
       lecture="the derivative is one. So if you use the chain rule, and your derivative is one, "
               "if the inputs are positive, then yeah, you don't diminish the product",
       says="ReLU's derivative is 1 for positive inputs, so the chain rule does not shrink the "
            "gradient on its way back through the layers.",
       rule="Confirmed when, in ten-layer ReLU networks at initialisation, the 95 % interval (on a "
            "log scale) of the first layer's gradient norm over the last layer's lies between 0.1 and 10 (no "
            "systematic shrinking), while for the sigmoid it lies below 10⁻³.",
       needs=("sigmoid-tanh/deep",))
def relu_keeps_gradient(results: Results, ruler: Ruler) -> Finding:
    ratios = results("sigmoid-tanh/deep")["first_over_last"]
    kept = ruler.within("ReLU's first layer over its last", log_interval(ratios["relu"]["per_seed"]), 0.1, 10, ORDERS)
    holds = kept and ruler.below("the sigmoid's first layer over its last", log_interval(ratios["sigmoid"]["per_seed"]),
                                 1e-3, ORDERS)
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"First layer's gradient norm over the last layer's: ReLU {ratio(ratios['relu'])}, "
                   f"sigmoid {ratio(ratios['sigmoid'])}.")


def dying(results: Results) -> dict:
    return results("relu-family/dying")


def came_back(layer: dict) -> str:
    revived = layer["revived"]
    return f"{revived['units']} of {revived['of']}"


@claim("dead-relu-stays-dead", "relu-family", "relu-family.md#dying-relus",
       lecture="you will never come into the positive region anymore. And then yeah, you will never "
               "be able to update your weights again, because the derivative will always be zero",
       says="A ReLU unit whose input is negative on every example is dead: its derivative is "
            "always zero, its weights never change again, and it never comes back.",
       rule="In two experiments, one with hidden biases shifted so that many units start inactive "
            "on every training point, one with a single large update from the default "
            "initialisation that kills many: confirmed when none of those ReLU units is active at "
            "the end in any hidden layer (all seeds); qualified when none comes back in some layers "
            "but some do in others; contradicted when units come back in every layer.",
       needs=("relu-family/dying", "relu-family/large-step"))
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


@claim("units-die-in-training", "relu-family", "relu-family.md#dying-relus",
       lecture="that happens usually when you have somehow updated the weights, such that you will "
               "never come into the positive region anymore",
       says="Units die during training, when an update pushes their input below zero on every "
            "example.",
       rule="Confirmed when, from PyTorch's default initialisation, some first-layer ReLU units "
            "that were active at the start are inactive on every training point at the end (in "
            "the first layer such a unit can never return); contradicted when none is, in any seed.",
       needs=("relu-family/dying",))
def units_die_in_training(results: Results, ruler: Ruler) -> Finding:
    layers = dying(results)["models"]["relu"]["layers"]
    died = [layer["died"] for layer in layers]
    some = ruler.above("hidden layer 1, units that died", died[0]["units"], 0.5, UNITS)
    return Finding(CONFIRMED if some else CONTRADICTED,
                   "From the default initialisation at learning rate "
                   f"{dying(results)['settings']['learning_rate']}, units active at the start and inactive on "
                   "every point at the end: " + "; ".join(f"hidden layer {index + 1}, {d['units']} of {d['of']}"
                                           for index, d in enumerate(died)) + ".")


untested("dead-units-prune", "relu-family", "relu-family.md#pruning",
         lecture="some people argue it can also be an advantage because it can help with pruning, "
                 "let's say, unnecessary neurons, like if you have an excessive number of neurons",
         says="Dead units can be an advantage: in a network with more units than it needs, they "
              "prune the unnecessary ones.",
         because="It needs networks with units to spare in which the number of dead units changes "
                 "and nothing else, and a measure of what pruning gains. Here training kills few "
                 "units (the page counts them), and comparing ReLU with leaky ReLU would not vary "
                 "their number: leaky ReLU's units go inactive as often. This site has not built "
                 "such an experiment.")


untested("dead-units-prevent-overfitting", "relu-family", "relu-family.md#pruning",
         lecture="this way, you can get rid of some of them. And it may help with preventing overfitting.",
         says="By pruning the network, dead units may help prevent overfitting.",
         because="It needs an experiment that changes the number of dead units and nothing else, "
                 "on a task where the networks overfit; comparing activation functions would "
                 "change more than that. This site has not built one yet.")


@claim("leaky-relu-no-dying", "relu-family", "relu-family.md#dying-relus",
       lecture="the leaky ReLU, which doesn't have the problem of these dying neurons",
       says="Leaky ReLU does not have the dying-unit problem: its units keep a gradient and come "
            "back.",
       rule="In the large-step experiment: PyTorch's default initialisation, one update a "
            "thousand times too large, then 150 epochs at the usual rate (a network that stays "
            "connected; with the shifted biases, ReLU's second layer starts almost wholly "
            "inactive, which would test a different network). The lecture's dying is a derivative "
            "of zero; leaky ReLU's is never zero, so the question is whether its units come back. "
            "Confirmed when, in every hidden layer where the large update left leaky ReLU units "
            "inactive on every training point, more than half of them are active again at the end; "
            "qualified otherwise (they keep a gradient, but it does not bring most of them back "
            "within the run); inconclusive when the update left none inactive.",
       needs=("relu-family/large-step",))
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


@claim("leaky-relu-sometimes-better", "relu-family", "relu-family.md#leaky-slope",
       lecture="A version of ReLU that some people find to perform sometimes a little bit better is "
               "the leaky ReLU",
       says="Leaky ReLU sometimes performs a little better than ReLU.",
       rule="A little means up to 3 points, the site's line taken from the lecture's remark on the leaky slope. Two "
            "set-ups: held-out accuracy on the spirals from the default initialisation (paired by "
            "seed and held-out point; 95 % interval), and training accuracy from shifted biases, "
            "where some ReLU networks never leave chance, so the seeds are counted (exact sign "
            "test; the size of a lead there is its median). Confirmed when leaky ReLU is ahead in "
            "some set-up, by no more than 3 points, "
            "and behind in none; qualified when it is ahead by more, or ahead somewhere and behind "
            "elsewhere; contradicted when it is behind somewhere and ahead nowhere; inconclusive "
            "when no set-up shows a difference.",
       needs=("relu-family/slopes", "relu-family/dying"))
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


@claim("leaky-slope-small-difference", "relu-family", "relu-family.md#leaky-slope",
       lecture="In practice, you will only see a slight small difference … But it can give you maybe "
               "1, 2, 3 percentage points in terms of accuracy, if you're lucky.",
       says="The leaky slope makes only a small difference: one to three percentage points at "
            "most, if you are lucky.",
       rule="Among the slopes in common use, from PyTorch's default 0.01 to Keras's 0.3, compare "
            "every pair by held-out accuracy, paired by seed and held-out point. Confirmed when the "
            "95 % interval of every pair's difference lies within ±3 points (each pair must hold, "
            "so no correction applies); contradicted when some pair's interval lies beyond 3 "
            "points even at 1 − 0.05/m for m pairs (Bonferroni); inconclusive otherwise.",
       needs=("relu-family/slopes",))
def leaky_slope_small_difference(results: Results, ruler: Ruler) -> Finding:
    sweep = results("relu-family/slopes")
    common = [str(slope) for slope in sweep["settings"]["common_slopes"]]
    pairs = list(combinations(common, 2))
    level = family_level(len(pairs))
    small, large = [], []
    for a, b in pairs:
        gap = difference(sweep["slopes"][a], sweep["slopes"][b])
        small.append(ruler.within(f"slope {a} minus slope {b}", spread(gap), -MINOR, MINOR))
        wide = spread(gap, level)  # a contradiction any pair could make: the family's level
        large.append(ruler.above(f"slope {a} minus slope {b}, family level", wide, MINOR, POINTS)
                     or ruler.below(f"slope {a} minus slope {b}, family level", wide, -MINOR, POINTS))
    verdict = CONFIRMED if all(small) else CONTRADICTED if any(large) else INCONCLUSIVE
    means = {slope: sweep["slopes"][slope]["mean"] for slope in common}
    best, worst = max(means, key=means.get), min(means, key=means.get)
    steepest = max(sweep["slopes"], key=float)
    cost = difference(sweep["slopes"][best], sweep["slopes"][steepest])
    return Finding(verdict, f"The widest gap between two common slopes, {best} minus {worst}: "
                            f"{points(difference(sweep['slopes'][best], sweep['slopes'][worst]))}. "
                            f"Outside that range a slope of {steepest} costs {points(cost)}.")


untested("leaky-slope-wont-rescue", "relu-family", "relu-family.md#leaky-slope",
         lecture="So it's not something if your network that say doesn't perform very well, then "
                 "choosing different value here probably won't make a big difference. So you have "
                 "very bigger problems to fix.",
         says="When a network performs badly, another leaky slope probably won't make a big "
              "difference: it has bigger problems to fix.",
         because="The answer depends on what makes a network perform badly, and \"probably\" is a "
                 "statement about networks in general, which no set of bad networks built here "
                 "would represent. The page shows one case: where the trouble is units that start "
                 "dead, the very thing a leaky slope exists for, larger slopes do change the "
                 "outcome.")


untested("keras-default-slope", "relu-family", "relu-family.md#leaky-slope",
         lecture="So in Keras, that's API for TensorFlow, I believe they use point three as the default value.",
         says="Keras's leaky ReLU uses a slope of 0.3 by default.",
         because="A fact about another library, checked in its documentation (the `LeakyReLU` "
                 "layer's `negative_slope=0.3`), not by this build, which does not install Keras.")


SLOPE_MOVED = 0.025  # a tenth of PReLU's starting slope


@claim("prelu-learns-slope", "relu-family", "relu-family.md#prelu",
       lecture="the people made alpha trainable parameter. So it's parameter that can be also "
               "updated with gradient descent.",
       says="PReLU makes the slope a parameter that gradient descent learns.",
       rule="Confirmed when, on every seed and in every hidden layer, the learned slope ends more "
            "than 0.025 (a tenth of its start) away from its start, 0.25: gradient descent moved it, "
            "whichever way. Contradicted when some slope stays within 0.025 of its start.",
       needs=("relu-family/slopes",))
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


@claim("prelu-no-clear-gain", "relu-family", "relu-family.md#prelu",
       lecture="I honestly never really have never really seen this being used. I'm not sure if "
               "this is really that useful.",
       says="A learned slope (PReLU) is not clearly better than a well-chosen fixed one.",
       rule="PReLU's held-out accuracy against every fixed slope tried, paired by seed and held-out "
            "point. Contradicted when PReLU is ahead of every fixed slope (each 95 % interval of "
            "the difference above zero: beating all of them needs every comparison to hold, so no "
            "correction applies); confirmed otherwise, when some fixed slope does as well within "
            "the noise.",
       needs=("relu-family/slopes",))
def prelu_no_clear_gain(results: Results, ruler: Ruler) -> Finding:
    sweep = results("relu-family/slopes")
    gaps = {slope: difference(sweep["prelu"], numbers) for slope, numbers in sweep["slopes"].items()}
    ahead = [ruler.above(f"PReLU minus slope {slope}", spread(gap), 0, POINTS) for slope, gap in gaps.items()]
    verdict = CONTRADICTED if all(ahead) else CONFIRMED
    closest = min(gaps, key=lambda slope: spread(gaps[slope]).low)
    return Finding(verdict, f"PReLU minus the fixed slope that comes closest ({closest}), held-out accuracy "
                            f"on the spirals: {points(gaps[closest])}; PReLU is clearly ahead of "
                            f"{sum(ahead)} of the {len(gaps)} fixed slopes.")


@claim("elu-is-smooth", "relu-family", "relu-family.md#elu-and-selu",
       lecture="There's also an elu an exponential linear unit. So it's getting around this kink "
               "here. It's like a more like a smooth version here in this kink.",
       says="ELU removes ReLU's kink: it is a smooth version of it.",
       rule="Confirmed when ELU's derivative has no jump at 0 for every α tried; qualified when it "
            "has none for some α only; contradicted when it jumps for every α.",
       needs=("relu-family/self-normalising",))
def elu_is_smooth(results: Results, ruler: Ruler) -> Finding:
    jumps = results("relu-family/self-normalising")["elu_derivative_jump"]
    smooth = [ruler.below(f"the jump for α = {float(alpha):g}", jump, 1e-6, ORDERS) for alpha, jump in jumps.items()]
    verdict = CONFIRMED if all(smooth) else QUALIFIED if any(smooth) else CONTRADICTED
    return Finding(verdict, "Jump of ELU's derivative at 0: "
                   + ", ".join(f"{'below 10⁻⁶' if jump < 1e-6 else f'{jump:.2g}'} for α = {float(alpha):g}"
                               for alpha, jump in jumps.items())
                   + " (the slope just left of 0 is α, right of it 1).")


@claim("selu-self-normalises", "relu-family", "relu-family.md#elu-and-selu",
       lecture="it stands for self normalizing exponential linear unit. So it has some nice "
               "properties also.",
       says="SELU normalises itself: with suitable initial weights, activations keep mean 0 and "
            "variance 1 from layer to layer.",
       rule="Confirmed when, through 30 layers of 256 units with LeCun-normal weights and "
            "standard-normal inputs, SELU's mean activation stays within ±0.1 and its variance "
            "within 0.8 to 1.2 at every layer (a tenth of the mean and a fifth of the variance it "
            "promises: a drift any deeper stack would compound); contradicted otherwise.",
       needs=("relu-family/self-normalising",))
def selu_self_normalises(results: Results, ruler: Ruler) -> Finding:
    stack = results("relu-family/self-normalising")
    selu = stack["selu"]
    holds = all([not ruler.above("SELU's largest mean", selu["largest_mean_offset"], 0.1, PLAIN),
                 not ruler.below("SELU's smallest variance", selu["smallest_variance"], 0.8, PLAIN),
                 not ruler.above("SELU's largest variance", selu["largest_variance"], 1.2, PLAIN)])
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"Over {selu['depth']} layers, SELU's mean stayed within ±{selu['largest_mean_offset']:.3f} and "
                   f"its variance between {selu['smallest_variance']:.3f} and {selu['largest_variance']:.3f}; "
                   f"with the same weights ReLU's variance fell to {stack['relu']['last_variance']:.0e}.")


# ---------------------------------------------------------------- smooth activations, adversarial training


def experiment(results: Results) -> dict:
    return results("smooth-adversarial/experiment")


def scale(numbers: dict) -> str:
    """The size of the run behind a page's results (experiment.json or undefended.json)."""
    preset = numbers["preset"]
    return f"{preset['seeds']} seeds, {preset['epochs']} epochs"


@claim("small-changes-fool", "smooth-adversarial", "smooth-adversarial.md#adversarial-examples",
       lecture="there's some way you can exploit the network by just changing the image very "
               "slightly making like a few pixel changes. But you find these pixel changes that "
               "are able to fool the network",
       says="A network that classifies correctly can be fooled by a small, carefully chosen "
            "change to its input.",
       rule="Confirmed when PGD, moving each pixel by at most ε = 0.1 (a tenth of the pixel "
            "range), lowers the test accuracy of networks trained on clean digits by at least 30 "
            "points on every seed.",
       needs=("smooth-adversarial/undefended",))
def small_changes_fool(results: Results, ruler: Ruler) -> Finding:
    undefended = results("smooth-adversarial/undefended")
    drop = [clean - robust for clean, robust in zip(undefended["clean"]["per_seed"], undefended["robust"]["per_seed"],
                                                    strict=True)]
    fooled = not ruler.below("the attack's smallest cost to a seed's accuracy", min(drop), 0.3, POINTS)
    return Finding(CONFIRMED if fooled else CONTRADICTED,
                   f"Networks trained on clean digits: {percent(undefended['clean'])} accurate, "
                   f"{percent(undefended['robust'])} under attack ({scale(undefended)}).")


@claim("robustness-costs-accuracy", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="it is commonly believed that networks cannot be both accurate and robust … gaining "
               "robustness means losing accuracy.",
       says="Robustness costs accuracy: adversarially trained networks are less accurate on clean "
            "inputs.",
       rule="Confirmed when adversarial training lowers the clean test accuracy of ReLU networks "
            "(the 95 % interval of clean-trained minus adversarially trained, paired by seed and "
            "test digit and counting the sampling of both, above zero); contradicted when it "
            "raises it (interval below zero); inconclusive otherwise.",
       needs=("smooth-adversarial/experiment", "smooth-adversarial/undefended"))
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


FAMILY_RULE = ("Confirmed when more than half of them lie above zero and none below; contradicted "
               "when more than half lie below and none above; inconclusive otherwise: the claim is "
               "about smooth functions as a kind, so one member alone does not decide it (the "
               "evidence names any that differ).")


@claim("relu-weakens-the-training-attack", "smooth-adversarial", "smooth-adversarial.md#attacker-strength",
       lecture="Our key observation is that the widely used relu activation function significantly "
               "weakens adversarial training due to its non smooth nature.",
       says="ReLU's kink weakens adversarial training from the inside: on ReLU networks, the "
            "training's own one-step attack finds less of what a strong attack finds than on "
            "networks with smooth activations.",
       rule="At the end of training, the share of PGD-20's loss gain that the one-step training "
            "attack reaches on 256 training digits, minus ReLU's, paired by seed and digit (each "
            "digit's part in the share, so that the interval also counts the sampling of the "
            "digits), for each smooth function and for ReLU trained with a smooth backward pass "
            "(which tests the mechanism itself: ReLU going forward, a smooth gradient back). "
            + FAMILY_LEVEL + FAMILY_RULE,
       needs=("smooth-adversarial/experiment",))
def relu_weakens_the_training_attack(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, smooth_activations(results) + (ABLATION,), final_attacker_strength,
                        "Share of PGD-20's loss gain reached by the training attack", "", PLAIN)


@claim("smooth-activations-more-robust", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="Hence, we propose smooth adversarial training, in which we replace relu with its "
               "smooth approximations to strengthen adversarial training.",
       says="Smooth approximations of ReLU make adversarial training stronger: the networks "
            "become more robust.",
       rule="Tested on a small network on the digits (the paper's ImageNet result is a claim of "
            "its own, below): robust accuracy of each smooth function minus ReLU's, paired by seed "
            "and test digit and counting the sampling of both. " + FAMILY_LEVEL + FAMILY_RULE,
       needs=("smooth-adversarial/experiment",))
def smooth_activations_more_robust(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, smooth_activations(results), robust_accuracy, "Robust accuracy", "points",
                        POINTS)


@claim("smooth-gradient-is-the-cause", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="now maybe it has something to do with the gradients because here you have this big "
               "difference whereas here you have also something in between.",
       says="The gain comes from the gradients: a smooth backward pass alone (ReLU going forward) "
            "already helps.",
       rule="Robust accuracy of ReLU networks trained with a smooth gradient (the derivative of "
            "softplus with β = 10) and attacked with ReLU's own gradient, minus ReLU's, paired by "
            "seed and test digit (one comparison, 95 % interval): confirmed when above zero, "
            "contradicted when below, inconclusive otherwise.",
       needs=("smooth-adversarial/experiment",))
def smooth_gradient_is_the_cause(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, (ABLATION,), robust_accuracy, "Robust accuracy", "points", POINTS)


untested("paper-imagenet-gain", "smooth-adversarial", "smooth-adversarial.md#what-the-paper-found",
         lecture="there's a huge advantage in terms of adversarial robustness from 33%, up to 42%. "
                 "It's almost a 10% 10% difference",
         says="On ImageNet with ResNet-50, smooth activations raise robustness under attack from "
              "33 % to 42 %.",
         because="Reported by the paper (its summary figure, redrawn on the page with its "
                 "citation); training ResNet-50 adversarially on ImageNet is far beyond this "
                 "site's build.")


def clean_against_relu(results: Results) -> dict[str, list]:
    """Each smooth function's clean accuracy minus ReLU's, paired by seed and test digit."""
    models = experiment(results)["models"]
    return {name: difference(models[name]["clean"], models["relu"]["clean"]) for name in smooth_activations(results)}


def labelled(results: Results, gaps: dict[str, list], level: float = LEVEL) -> str:
    models = experiment(results)["models"]
    return "; ".join(f"{models[name]['label']} {points(gap, level)}" for name, gap in gaps.items())


@claim("similar-activations-similar-accuracy", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="choosing different activation functions that are relatively similar, it doesn't "
               "make a big impact in practice. So also what they see here, it's just one "
               "percentage point.",
       says="Similar activation functions give similar accuracy: ReLU's smooth approximations land "
            "within a minor difference of it (on ImageNet, the paper's one percentage point).",
       rule="On the digits, adversarially trained: confirmed when every smooth approximation's "
            "clean accuracy minus ReLU's (paired by seed and test digit) has its 95 % interval, "
            "which counts the sampling of both, within ±3 points, the line every \"minor difference\" "
            "rule here uses (every one must hold, so no correction applies; the lecture's one point "
            "is what the paper measured on ImageNet, not a bound that three seeds on 450 digits "
            "could resolve); contradicted when some interval lies entirely outside even at "
            "1 − 0.05/m for m functions (Bonferroni); inconclusive otherwise.",
       needs=("smooth-adversarial/experiment",))
def similar_activations_similar_accuracy(results: Results, ruler: Ruler) -> Finding:
    models, gaps = experiment(results)["models"], clean_against_relu(results)
    level = family_level(len(gaps))
    similar, apart = [], []
    for name, gap in gaps.items():
        what = f"{models[name]['label']} minus ReLU, clean accuracy"
        similar.append(ruler.within(what, spread(gap), -MINOR, MINOR))
        wide = spread(gap, level)
        apart.append(ruler.below(f"{what}, family level", wide, -MINOR, POINTS)
                     or ruler.above(f"{what}, family level", wide, MINOR, POINTS))
    verdict = CONFIRMED if all(similar) else CONTRADICTED if any(apart) else INCONCLUSIVE
    return Finding(verdict, f"Clean accuracy minus ReLU's: {labelled(results, gaps)} ({scale(experiment(results))}).")


@claim("swapping-does-not-hurt", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="So it helps a little bit these some of these others perform actually better, a "
               "little bit better. It's not huge, but it's a little bit better. So it's in a way it "
               "doesn't hurt using them.",
       says="Swapping ReLU for a smooth approximation doesn't hurt accuracy.",
       rule="On the digits, adversarially trained, each smooth function's clean accuracy minus "
            "ReLU's, paired by seed and test digit. Confirmed when every 95 % interval lies above "
            "−3 points, none worse by more than a minor difference (every one must hold, so no "
            "correction applies); contradicted when some lies entirely below −3 points even at "
            "1 − 0.05/m for m functions (Bonferroni); inconclusive otherwise.",
       needs=("smooth-adversarial/experiment",))
def swapping_does_not_hurt(results: Results, ruler: Ruler) -> Finding:
    models, gaps = experiment(results)["models"], clean_against_relu(results)
    level = family_level(len(gaps))
    harmless = [ruler.above(f"{models[name]['label']} minus ReLU, clean accuracy", spread(gap), -MINOR, POINTS)
                for name, gap in gaps.items()]
    hurts = [ruler.below(f"{models[name]['label']} minus ReLU, clean accuracy, family level", spread(gap, level),
                         -MINOR, POINTS) for name, gap in gaps.items()]
    verdict = CONFIRMED if all(harmless) else CONTRADICTED if any(hurts) else INCONCLUSIVE
    return Finding(verdict, f"Clean accuracy minus ReLU's: {labelled(results, gaps)} ({scale(experiment(results))}).")


# ---------------------------------------------------------------- verdicts, and how pages show them


class ClaimFailed(Exception):
    """A claim's judge raised, or returned no verdict: the message names the claim."""


def judge(files: Mapping[str, bytes]) -> dict[str, dict]:
    """Every claim whose results are among `files` (a build's outputs by path), judged: its
    fields, verdict, evidence and margin (the line its evidence came nearest, per kind of
    distance), and every line its rule drew, by id in the lecture's order."""
    results, verdicts = Results(files), {}
    for item in CLAIMS:
        if not all(f"{name}.json" in files for name in item.needs):
            continue  # a partial build (--only) did not make its experiment
        ruler = Ruler()
        try:
            finding = item.judge(results, ruler) if item.judge else Finding(NOT_TESTED, item.untested_because)
        except Exception as error:
            raise ClaimFailed(f"claim {item.id!r} could not be judged: {type(error).__name__}: {error}") from error
        if finding.verdict not in VERDICTS:
            raise ClaimFailed(f"claim {item.id!r} returned the unknown verdict {finding.verdict!r}")
        verdicts[item.id] = {"topic": item.topic, "page": item.page, "lecture": item.lecture, "ours": item.ours,
                             "says": item.says, "rule": item.rule, "verdict": finding.verdict,
                             "evidence": finding.evidence, "data": [f"{name}.json" for name in item.needs],
                             "margin": [line.as_record() for line in ruler.margin()],
                             "lines": [line.as_record() for line in ruler.lines]}
    return verdicts


ADMONITION = {CONFIRMED: "confirmed", QUALIFIED: "qualified", CONTRADICTED: "contradicted",
              INCONCLUSIVE: "inconclusive", NOT_TESTED: "untested"}


OURS = "Our question"  # how the site's own questions are marked apart from the lecture's claims


def headline(record: dict) -> str:
    mark = f" ({OURS.lower()}, not the lecture's)" if record.get("ours") else ""
    return f"{record['verdict'].capitalize()}{mark}: {record['says']}"


def box(record: dict, title: str, body: str = "", link: str = "", id: str = "") -> str:
    """A claim as Material admonition markup: its title, the page's own words about it (`body`),
    the evidence, then `link` (Markdown) and, with `id`, an anchor."""
    measured = "Why not" if record["verdict"] == NOT_TESTED else "Measured"
    anchor = f' id="{id}"' if id else ""
    return "\n".join([
        f'<div class="admonition {ADMONITION[record["verdict"]]} claim"{anchor} markdown>',
        f'<p class="admonition-title" markdown="span">{title}</p>',
        "", body.strip(), "",
        f"**{measured}:** {record['evidence']} {link}".rstrip(),
        "", "</div>", ""])


def claims_page(verdicts: dict[str, dict]) -> str:
    """The Markdown of the claims page: a count of verdicts, then every claim by topic."""
    counts = {verdict: sum(record["verdict"] == verdict for record in verdicts.values()) for verdict in VERDICTS}
    lines = ["| Verdict | Claims | Meaning |", "|---|---|---|"]
    lines += [f"| {verdict.capitalize()} | {count} | {VERDICTS[verdict]} |" for verdict, count in counts.items()]
    ours = sum(bool(record.get("ours")) for record in verdicts.values())
    if ours:
        lines += ["", f"{ours} of the {len(verdicts)} are the site's own questions, marked “{OURS}”: words of "
                      "the lecture prompted them, but the lecture does not claim them."]
    numbered = {id: number for number, id in enumerate(verdicts, start=1)}
    for topic, title in TOPICS.items():
        records = {id: record for id, record in verdicts.items() if record["topic"] == topic}
        lines += ["", f"## {title}", ""] if records else []
        for id, record in records.items():
            page = record["page"].partition(".md")[0]
            data = ", ".join(f"[{path}](figures/{path})" for path in record["data"])
            quote = (f"**{OURS}**, prompted by the lecture: “{record['lecture']}”" if record.get("ours")
                     else f"**The lecture:** “{record['lecture']}”")
            body = "\n\n".join(filter(None, [
                quote,
                f"**Decision rule:** {record['rule']}" if record["rule"] else ""]))
            margin = f"**Margin:** {margin_text(record['margin'])}" if record["margin"] else ""
            shown = f"*Shown on [{TOPICS[page]}]({record['page']})" + (f"; numbers in {data}*" if data else "*")
            after = "".join(f"\n\n{part}" for part in (margin, shown) if part)  # below what was measured
            lines.append(box(record, f"{numbered[id]}. {headline(record)}", body, link=after, id=id))
    return "\n".join(lines) + "\n"
