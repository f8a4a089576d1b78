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
from dataclasses import dataclass
from typing import Callable, Mapping

from figures_src.rules import (CONFIRMED, CONTRADICTED, INCONCLUSIVE, NOT_TESTED, ORDERS, PERCENT, PLAIN,
                                POINTS, QUALIFIED, UNITS, Ruler, Unit, direction, margin_text)
from figures_src.stats import (below_power_of_ten, difference, format_interval, interval, paired, percent, points,
                                 quoted, rounding_level, spread, superscript)
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


CLAIMS: list[Claim] = []


def claim(id: str, topic: str, page: str, lecture: str, says: str, rule: str, needs: tuple[str, ...]):
    """Register the decorated function as the judge of a claim, in the order of this file."""
    def register(judge: Callable[[Results, Ruler], Finding]) -> Callable[[Results, Ruler], Finding]:
        CLAIMS.append(Claim(id, topic, page, lecture, says, rule, needs, judge))
        return judge
    return register


def untested(id: str, topic: str, page: str, lecture: str, says: str, because: str) -> None:
    CLAIMS.append(Claim(id, topic, page, lecture, says, rule="", untested_because=because))


# ---------------------------------------------------------------- shared lines, and numbers as page text

# "Minor", "slight", "a little": within ±3 points, the lecture's own range for "a slight small
# difference" (of the leaky slope: "1, 2, 3 percentage points"). Every such rule uses it.
MINOR = 0.03
STEPS = Unit("steps")


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
    return Finding(verdict, f"Of the gaps tried ({gaps}), `log(softmax)` is off by more than 10⁻³ at "
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
       needs=("xor/results", "sigmoid-tanh/budget"))
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
                            f"activations are above the best straight line ({100 * best_line(results):.1f} %)"
                            + (f"; not yet: {behind}. {later}." if lagging else "."))


untested("relu-fast-to-compute", "xor", "xor.md#every-activation",
         lecture="ReLU … just happens to be popular because it's, it's quite simple and quite fast to compute",
         says="ReLU is popular because it is simple and fast to compute.",
         because="Popularity is not measurable here, and timings on a shared two-core machine change "
                 "from run to run, while every number on this site must come out the same on every build.")


# ---------------------------------------------------------------- sigmoid and tanh


@claim("sigmoid-saturates", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="But again, it has this problem that these gradients saturate here.",
       says="The logistic sigmoid saturates: far from zero its derivative, and with it the "
            "gradient, vanishes.",
       rule="Confirmed when the sigmoid's slope at |x| = 10 is below 10⁻⁴, less than a two-thousandth "
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


@claim("tanh-larger-gradients", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="And you can also see it's steeper. So here, the it's steeper than this one. So we "
               "have larger gradients.",
       says="tanh is steeper than the sigmoid, so it has larger gradients.",
       rule="Confirmed when tanh′(x) > σ′(x) over the whole range measured, −10 ≤ x ≤ 10; qualified "
            "when tanh′ is the larger only on part of it; contradicted when it is nowhere larger.",
       needs=("sigmoid-tanh/shapes",))
def tanh_larger_gradients(results: Results, ruler: Ruler) -> Finding:
    shapes = results("sigmoid-tanh/shapes")
    within, steepest = shapes["tanh_steeper_within"], shapes["largest_slope"]
    what = "the |x| up to which tanh′ is the larger"
    nowhere = not ruler.above(what, within, 0, PLAIN)
    verdict = CONTRADICTED if nowhere else QUALIFIED if ruler.below(what, within, 10, PLAIN) else CONFIRMED
    return Finding(verdict, f"At 0, tanh′ = {steepest['tanh']:g} and σ′ = {steepest['sigmoid']:g}, but tanh′ "
                            f"is the larger only for |x| < {within:.2f}; beyond, tanh saturates first "
                            f"(slope below 0.01 for |x| > {shapes['saturated_beyond']['tanh']:.2f}, the "
                            f"sigmoid's for |x| > {shapes['saturated_beyond']['sigmoid']:.2f}).")


@claim("sigmoid-slope-slightly-smaller", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
       lecture="itself times one minus itself, so the derivative is slightly smaller, because it's "
               "you're multiplying two numbers smaller than one with each other … So it's actually "
               "not that different.",
       says="The sigmoid's derivative is only slightly smaller than tanh's; the two are not that "
            "different.",
       rule="Confirmed when the sigmoid's largest slope is at least 80 % of tanh's; contradicted "
            "when it is less than half of it; qualified in between.",
       needs=("sigmoid-tanh/shapes",))
def sigmoid_slope_slightly_smaller(results: Results, ruler: Ruler) -> Finding:
    steepest = results("sigmoid-tanh/shapes")["largest_slope"]
    ratio = steepest["sigmoid"] / steepest["tanh"]
    what = "the sigmoid's largest slope as a share of tanh's"
    verdict = (CONTRADICTED if ruler.below(what, ratio, 0.5) else
               QUALIFIED if ruler.below(what, ratio, 0.8) else CONFIRMED)
    return Finding(verdict, f"Largest slopes: σ′(0) = {steepest['sigmoid']:g}, tanh′(0) = "
                            f"{steepest['tanh']:g}: the sigmoid's is {100 * ratio:.0f} % of tanh's.")


def ratio(numbers: dict) -> str:
    """A ratio over seeds with its interval; a tiny one as a multiple of a power of ten."""
    exponent = min(0, math.floor(math.log10(abs(numbers["mean"]))))
    if exponent > -3:
        return format_interval(numbers["per_seed"], max_decimals=2)
    return f"({format_interval(numbers['per_seed'], 10 ** -exponent, max_decimals=2)}) × 10{superscript(exponent)}"


CHANCE_BAND = 0.05  # how far above the majority class's share a network that learned nothing may score


@claim("sigmoid-gradients-vanish", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
       lecture="you end up with a very small partial derivative … And then when you compute the "
               "partial derivatives in the chain rule, then yeah, you will get very small gradients "
               "and the learning will be very slow",
       says="Through the chain rule, the sigmoid's small derivatives make the gradient vanish on "
            "its way back through a deep network, and learning becomes very slow.",
       rule="Confirmed when, in ten-layer networks at initialisation, less than 0.1 % of the "
            "sigmoid's last-layer gradient reaches the first layer (95 % interval), and after 300 "
            "SGD steps no seed scores more than 5 points above the share of the majority class (a "
            "network that has learned nothing answers the majority class, or guesses, and scores "
            "about that share).",
       needs=("sigmoid-tanh/deep",))
def sigmoid_gradients_vanish(results: Results, ruler: Ruler) -> Finding:
    deep = results("sigmoid-tanh/deep")
    first_over_last, accuracy = deep["first_over_last"]["sigmoid"], deep["accuracy"]["sigmoid"]
    vanishes = ruler.below("the sigmoid's first layer over its last", interval(first_over_last["per_seed"]), 1e-3, ORDERS)
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
    vanishes = ruler.below("tanh's first layer over its last", interval(first_over_last["per_seed"]), 1e-3, ORDERS)
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
       rule="For a neuron learning the weights (1, −1) by per-example SGD: confirmed when, with "
            "sigmoid inputs, every step that moves both weights moves them the same way (every "
            "seed); with tanh inputs the share is compatible with random signs (its 95 % interval "
            "includes 50 %); and tanh inputs reach the target in fewer steps (paired interval below "
            "zero).",
       needs=("sigmoid-tanh/zigzag",))
def sign_combinations(results: Results, ruler: Ruler) -> Finding:
    zigzag = results("sigmoid-tanh/zigzag")
    sigmoid, tanh = zigzag["sigmoid"], zigzag["tanh"]
    faster = paired(tanh["steps_to_target"]["per_seed"], sigmoid["steps_to_target"]["per_seed"])
    checks = [
        ruler.exactly("sigmoid inputs, the share of same-way steps on its lowest seed", sigmoid["same_sign_share"]["min"], 1),
        ruler.includes("tanh inputs, the share of same-way steps", interval(tanh["same_sign_share"]["per_seed"]), 0.5),
        ruler.below("tanh minus sigmoid inputs, steps to the target", faster, 0, STEPS)]
    holds = all(checks)
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"Steps that move both weights the same way: sigmoid inputs "
                   f"{percent(sigmoid['same_sign_share'])}, tanh inputs {percent(tanh['same_sign_share'])}. "
                   f"Steps to come within {zigzag['settings']['close_enough']} of the target: "
                   f"{format_interval(sigmoid['steps_to_target']['per_seed'], max_decimals=0)} against "
                   f"{format_interval(tanh['steps_to_target']['per_seed'], max_decimals=0)}.")


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
       rule="Minor means within ±3 points: the lecture calls one to three points of accuracy \"a "
            "slight small difference\" (of the leaky slope). Confirmed when the 95 % interval of the "
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
       rule="In each set-up measured, compare ReLU with the better of sigmoid and tanh by mean "
            "accuracy (paired accuracy difference). Confirmed when ReLU is ahead by more than a "
            "point (the 95 % interval of the difference above +1 point) in most set-ups and behind "
            "by more than a point (interval below −1 point) in none; qualified when it is behind by "
            "more than a point in none but ahead by more than a point in fewer; contradicted when "
            "it is behind by more than a point somewhere.",
       needs=("sigmoid-tanh/budget", "sigmoid-tanh/deep"))
def relu_better_bang(results: Results, ruler: Ruler) -> Finding:
    ahead, behind, quoted = 0, False, []
    for setup, models in accuracy_setups(results).items():
        tanh_leads = ruler.above(f"tanh minus sigmoid, mean, {setup}", models["tanh"]["mean"] - models["sigmoid"]["mean"],
                                 0, POINTS)
        rival = "tanh" if tanh_leads else "sigmoid"
        gap = interval(difference(models["relu"], models[rival]))
        ahead += ruler.above(f"ReLU minus {rival}, {setup}", gap, 0.01, POINTS)
        behind |= ruler.below(f"ReLU minus {rival}, {setup}", gap, -0.01, POINTS)
        quoted.append(f"{setup}, against {rival}: {points(difference(models['relu'], models[rival]))}")
    setups = len(quoted)
    verdict = CONTRADICTED if behind else CONFIRMED if ahead > setups / 2 else QUALIFIED
    return Finding(verdict, "ReLU minus the better of sigmoid and tanh: " + "; ".join(quoted) + ".")


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
       rule="Confirmed when, in ten-layer ReLU networks at initialisation, the 95 % interval of the "
            "first layer's gradient norm over the last layer's lies between 0.1 and 10 (no "
            "systematic shrinking), while for the sigmoid it lies below 10⁻³.",
       needs=("sigmoid-tanh/deep",))
def relu_keeps_gradient(results: Results, ruler: Ruler) -> Finding:
    ratios = results("sigmoid-tanh/deep")["first_over_last"]
    kept = ruler.within("ReLU's first layer over its last", interval(ratios["relu"]["per_seed"]), 0.1, 10, ORDERS)
    holds = kept and ruler.below("the sigmoid's first layer over its last", interval(ratios["sigmoid"]["per_seed"]),
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
                   f"{dying(results)['settings']['learning_rate']}, units active at the start and dead at "
                   "the end: " + "; ".join(f"hidden layer {index + 1}, {d['units']} of {d['of']}"
                                           for index, d in enumerate(died)) + ".")


@claim("dead-units-prune", "relu-family", "relu-family.md#pruning",
       lecture="some people argue it can also be an advantage because it can help with pruning, "
               "let's say, unnecessary neurons, like if you have an excessive number of neurons",
       says="Dead units can be harmless, even useful: in a network with more units than it needs, "
            "they prune the extra ones.",
       rule="Confirmed when ReLU networks that end training with dead units fit the training data "
            "as well as leaky ReLU networks from the same start (the 95 % interval of the paired "
            "difference not above zero), both from PyTorch's default initialisation and with many "
            "units dead (shifted biases); qualified when that holds with few dead units only; "
            "contradicted otherwise.",
       needs=("relu-family/dying",))
def dead_units_prune(results: Results, ruler: Ruler) -> Finding:
    models = dying(results)["models"]
    harmless = {}
    for suffix, start in (("", "default initialisation"), ("-shifted", "shifted biases")):
        gap = difference(models[f"leaky-relu{suffix}"]["accuracy"], models[f"relu{suffix}"]["accuracy"])
        harmless[suffix] = ruler.sign(f"leaky ReLU minus ReLU, {start}", gap) <= 0
    verdict = CONFIRMED if all(harmless.values()) else QUALIFIED if harmless[""] else CONTRADICTED
    default, shifted = models["relu"], models["relu-shifted"]
    return Finding(verdict, f"Default initialisation: {percent(default['inactive_end'])} of the ReLU units "
                            f"dead at the end, training accuracy {percent(default['accuracy'])} "
                            f"(leaky ReLU {percent(models['leaky-relu']['accuracy'])}). Shifted biases: "
                            f"{percent(shifted['inactive_end'])} dead, {percent(shifted['accuracy'])}, with "
                            f"{sum(a < 0.34 for a in shifted['accuracy']['per_seed'])} of "
                            f"{len(shifted['accuracy']['per_seed'])} seeds at chance, a third "
                            f"(leaky ReLU {percent(models['leaky-relu-shifted']['accuracy'])}).")


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
       rule="With shifted biases: confirmed when most (over half) of the leaky ReLU units inactive "
            "at the start are active at the end, in every hidden layer; qualified when more come "
            "back than with ReLU and the networks fit better (paired accuracy interval above zero), "
            "but not most of them; contradicted when leaky ReLU does no better than ReLU.",
       needs=("relu-family/dying",))
def leaky_relu_no_dying(results: Results, ruler: Ruler) -> Finding:
    numbers = dying(results)
    leaky, relu = numbers["models"]["leaky-relu-shifted"], numbers["models"]["relu-shifted"]
    most_back = all([ruler.above(f"leaky ReLU, hidden layer {index}, units back", layer["revived"]["units"],
                                 layer["revived"]["of"] // 2 + 0.5, UNITS)
                     for index, layer in enumerate(leaky["layers"], start=1)])
    more_back = ruler.above("leaky ReLU's units back minus ReLU's",
                            sum(layer["revived"]["units"] for layer in leaky["layers"])
                            - sum(layer["revived"]["units"] for layer in relu["layers"]), 0.5, UNITS)
    better = ruler.above("leaky ReLU minus ReLU, training accuracy",
                         interval(numbers["leaky_minus_relu_shifted"]["per_seed"]), 0, POINTS)
    verdict = CONFIRMED if most_back else QUALIFIED if more_back and better else CONTRADICTED
    return Finding(verdict, "Units inactive at the start and active at the end, by hidden layer: leaky ReLU "
                   + ", ".join(came_back(layer) for layer in leaky["layers"])
                   + "; ReLU " + ", ".join(came_back(layer) for layer in relu["layers"])
                   + "; ELU " + ", ".join(came_back(layer) for layer in numbers["models"]["elu-shifted"]["layers"])
                   + f". Training accuracy, leaky ReLU minus ReLU: {points(numbers['leaky_minus_relu_shifted']['per_seed'])}.")


@claim("leaky-relu-sometimes-better", "relu-family", "relu-family.md#leaky-slope",
       lecture="A version of ReLU that some people find to perform sometimes a little bit better is "
               "the leaky ReLU",
       says="Leaky ReLU sometimes performs a little better than ReLU.",
       rule="A little means up to 3 points, the lecture's own range for the leaky slope. "
            "Confirmed when leaky ReLU beats ReLU (95 % interval of the paired difference above "
            "zero) in some set-up measured, by no more than 3 points, and loses in none; qualified "
            "when it wins by more, or wins somewhere and loses elsewhere; contradicted when it "
            "loses in some set-up and wins in none; inconclusive when no set-up shows a difference.",
       needs=("relu-family/slopes", "relu-family/dying"))
def leaky_relu_sometimes_better(results: Results, ruler: Ruler) -> Finding:
    held_out = results("relu-family/slopes")["compared"]["leaky_minus_relu"]["per_seed"]
    shifted = dying(results)["leaky_minus_relu_shifted"]["per_seed"]
    gaps = {"held-out accuracy, default initialisation": held_out, "training accuracy, shifted biases": shifted}
    signs = {what: ruler.sign(f"leaky ReLU minus ReLU, {what}", gap) for what, gap in gaps.items()}
    verdict = direction(list(signs.values()))
    if verdict == CONFIRMED and any(not ruler.below(f"leaky ReLU minus ReLU, {what}", interval(gaps[what]), MINOR, POINTS)
                                    for what, gap_sign in signs.items() if gap_sign > 0):
        verdict = QUALIFIED  # better, but by more than a little
    return Finding(verdict, f"Leaky ReLU (slope 0.01) minus ReLU: held-out accuracy on the spirals from "
                            f"the default initialisation, {points(held_out)}; training accuracy with "
                            f"shifted biases, where many units start dead, {points(shifted)}.")


@claim("leaky-slope-small-difference", "relu-family", "relu-family.md#leaky-slope",
       lecture="In practice, you will only see a slight small difference … But it can give you maybe "
               "1, 2, 3 percentage points in terms of accuracy, if you're lucky.",
       says="The leaky slope makes only a small difference: one to three percentage points at "
            "most, if you are lucky.",
       rule="Among the slopes in common use, from PyTorch's default 0.01 to Keras's 0.3, compare "
            "the best with the worst (by mean held-out accuracy, paired by seed). Confirmed when "
            "the 95 % interval of the difference lies below 3 points; contradicted when it lies "
            "above 3 points; inconclusive otherwise.",
       needs=("relu-family/slopes",))
def leaky_slope_small_difference(results: Results, ruler: Ruler) -> Finding:
    sweep = results("relu-family/slopes")
    gap = sweep["compared"]["best_minus_worst_common"]
    common = {str(slope): sweep["slopes"][str(slope)]["mean"] for slope in sweep["settings"]["common_slopes"]}
    if (choice(ruler, "the best common slope", common), choice(ruler, "the worst common slope", common, min)) \
            != (gap["best"], gap["worst"]):
        raise ValueError("the sweep's best and worst common slopes are not the ones with the highest and lowest means")
    measured, what = interval(gap["per_seed"]), "best minus worst common slope"
    verdict = (CONFIRMED if ruler.below(what, measured, MINOR, POINTS) else
               CONTRADICTED if ruler.above(what, measured, MINOR, POINTS) else INCONCLUSIVE)
    steepest = max(sweep["slopes"], key=float)
    cost = difference(sweep["slopes"][gap["best"]], sweep["slopes"][steepest])
    return Finding(verdict, f"Best common slope ({gap['best']}) minus worst ({gap['worst']}): "
                            f"{points(gap['per_seed'])}. Outside that range a slope of {steepest} costs "
                            f"{points(cost)}.")


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
                   + " and ".join(f"{format_interval(slopes, max_decimals=2)} (hidden layer {index})"
                                  for index, slopes in enumerate(layers, start=1))
                   + f"; the smallest move of one slope on one seed was {min(moves):.2f}.")


@claim("prelu-no-clear-gain", "relu-family", "relu-family.md#prelu",
       lecture="I honestly never really have never really seen this being used. I'm not sure if "
               "this is really that useful.",
       says="A learned slope (PReLU) is not clearly better than a well-chosen fixed one.",
       rule="Confirmed when the 95 % interval of PReLU's held-out accuracy minus that of the best "
            "fixed slope (paired by seed) includes zero or lies below it; contradicted when it lies "
            "above zero. Choosing the best slope on the same test set favours the fixed slope.",
       needs=("relu-family/slopes",))
def prelu_no_clear_gain(results: Results, ruler: Ruler) -> Finding:
    sweep = results("relu-family/slopes")
    gap = sweep["compared"]["prelu_minus_best_fixed"]
    if choice(ruler, "the best fixed slope", {slope: numbers["mean"] for slope, numbers in sweep["slopes"].items()}) \
            != gap["best"]:
        raise ValueError("the sweep's best fixed slope is not the one with the highest mean")
    gain = ruler.above("PReLU minus the best fixed slope", interval(gap["per_seed"]), 0, POINTS)
    verdict = CONTRADICTED if gain else CONFIRMED
    return Finding(verdict, f"PReLU minus the best fixed slope ({gap['best']}), held-out accuracy on the "
                            f"spirals: {points(gap['per_seed'])}.")


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
            "within 0.8 to 1.2 at every layer; contradicted otherwise.",
       needs=("relu-family/self-normalising",))
def selu_self_normalises(results: Results, ruler: Ruler) -> Finding:
    stack = results("relu-family/self-normalising")
    selu = stack["selu"]
    holds = all([not ruler.above("SELU's largest mean", selu["largest_mean_offset"], 0.1, PLAIN),
                 not ruler.below("SELU's smallest variance", selu["smallest_variance"], 0.8, PLAIN),
                 not ruler.above("SELU's largest variance", selu["largest_variance"], 1.2, PLAIN)])
    return Finding(CONFIRMED if holds else CONTRADICTED,
                   f"Over {selu['depth']} layers, SELU's mean stayed within ±{selu['largest_mean_offset']:.2f} and "
                   f"its variance between {selu['smallest_variance']:.2f} and {selu['largest_variance']:.2f}; "
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
    by test digit where both kept their outcomes."""
    numbers = experiment(results)
    gaps = {name: difference(measure(numbers, name), measure(numbers, "relu")) for name in names}
    signs = [ruler.sign(f"{numbers['models'][name]['label']} minus ReLU", gap, ruled_in) for name, gap in gaps.items()]
    return Finding(direction(signs), f"{what} minus ReLU's (paired): "
                   + "; ".join(f"{numbers['models'][name]['label']} {quoted(gap, unit)}" for name, gap in gaps.items())
                   + f" ({scale(experiment(results))}).")


@claim("relu-weakens-the-training-attack", "smooth-adversarial", "smooth-adversarial.md#attacker-strength",
       lecture="Our key observation is that the widely used relu activation function significantly "
               "weakens adversarial training due to its non smooth nature.",
       says="ReLU's kink weakens adversarial training from the inside: on ReLU networks, the "
            "training's own one-step attack finds less of what a strong attack finds than on "
            "networks with smooth activations.",
       rule="At the end of training, the share of PGD-20's loss gain that the one-step training "
            "attack reaches on 256 training digits, smooth activation minus ReLU, paired by seed "
            "and digit (each digit's part in the share, so that the 95 % interval also counts the "
            "sampling of the digits): confirmed when some smooth activation's interval lies above "
            "zero and none below; contradicted when some lie below and none above; qualified when "
            "both; inconclusive otherwise.",
       needs=("smooth-adversarial/experiment",))
def relu_weakens_the_training_attack(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, smooth_activations(results), final_attacker_strength,
                        "Share of PGD-20's loss gain reached by the training attack", "", PLAIN)


@claim("smooth-activations-more-robust", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="Hence, we propose smooth adversarial training, in which we replace relu with its "
               "smooth approximations to strengthen adversarial training.",
       says="Smooth approximations of ReLU make adversarial training stronger, in a small network "
            "too: the networks become more robust.",
       rule="Confirmed when some smooth activation's robust accuracy is above ReLU's (the 95 % "
            "interval of the difference, paired by seed and test digit and counting the sampling "
            "of both, above zero) and none is below; contradicted when some are below and none "
            "above; qualified when both; inconclusive when none differs clearly.",
       needs=("smooth-adversarial/experiment",))
def smooth_activations_more_robust(results: Results, ruler: Ruler) -> Finding:
    return against_relu(results, ruler, smooth_activations(results), robust_accuracy, "Robust accuracy", "points",
                        POINTS)


@claim("smooth-gradient-is-the-cause", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="now maybe it has something to do with the gradients because here you have this big "
               "difference whereas here you have also something in between.",
       says="The gain comes from the gradients: a smooth backward pass alone (ReLU going forward) "
            "already helps.",
       rule="As for the claim above, for ReLU networks trained with a smooth gradient (the "
            "derivative of softplus with β = 10) and attacked with ReLU's own gradient.",
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


@claim("similar-activations-similar-accuracy", "smooth-adversarial", "smooth-adversarial.md#small-version",
       lecture="choosing different activation functions that are relatively similar, it doesn't "
               "make a big impact in practice. So also what they see here, it's just one "
               "percentage point.",
       says="Similar activation functions give similar accuracy: about a percentage point between "
            "ReLU and its smooth approximations.",
       rule="On the digits, adversarially trained: confirmed when every smooth approximation's "
            "clean accuracy minus ReLU's (paired by seed and test digit) has its 95 % interval, "
            "which counts the sampling of both, within ±3 points, the line every \"minor difference\" "
            "rule here uses (the lecture's one point is what the paper measured on ImageNet, not a "
            "bound that three seeds on 450 digits could resolve); contradicted when some interval "
            "lies entirely outside; inconclusive otherwise.",
       needs=("smooth-adversarial/experiment",))
def similar_activations_similar_accuracy(results: Results, ruler: Ruler) -> Finding:
    models = experiment(results)["models"]
    gaps = {name: difference(models[name]["clean"], models["relu"]["clean"]) for name in smooth_activations(results)}
    similar, apart = [], []
    for name, gap in gaps.items():
        measured, what = spread(gap), f"{models[name]['label']} minus ReLU, clean accuracy"
        similar.append(ruler.within(what, measured, -MINOR, MINOR))
        apart.append(measured.below(-MINOR) or measured.above(MINOR))
    if all(similar):
        verdict = CONFIRMED
    elif any(apart):
        verdict = CONTRADICTED
    else:
        verdict = INCONCLUSIVE
    return Finding(verdict, "Clean accuracy minus ReLU's: "
                   + "; ".join(f"{models[name]['label']} {points(gap)}" for name, gap in gaps.items())
                   + f" ({scale(experiment(results))}).")


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
        verdicts[item.id] = {"topic": item.topic, "page": item.page, "lecture": item.lecture,
                             "says": item.says, "rule": item.rule, "verdict": finding.verdict,
                             "evidence": finding.evidence, "data": [f"{name}.json" for name in item.needs],
                             "margin": [line.as_record() for line in ruler.margin()],
                             "lines": [line.as_record() for line in ruler.lines]}
    return verdicts


ADMONITION = {CONFIRMED: "confirmed", QUALIFIED: "qualified", CONTRADICTED: "contradicted",
              INCONCLUSIVE: "inconclusive", NOT_TESTED: "untested"}


def headline(record: dict) -> str:
    return f"{record['verdict'].capitalize()}: {record['says']}"


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
    numbered = {id: number for number, id in enumerate(verdicts, start=1)}
    for topic, title in TOPICS.items():
        records = {id: record for id, record in verdicts.items() if record["topic"] == topic}
        lines += ["", f"## {title}", ""] if records else []
        for id, record in records.items():
            page = record["page"].partition(".md")[0]
            data = ", ".join(f"[{path}](figures/{path})" for path in record["data"])
            body = "\n\n".join(filter(None, [
                f"**The lecture:** “{record['lecture']}”",
                f"**Decision rule:** {record['rule']}" if record["rule"] else ""]))
            margin = f"**Margin:** {margin_text(record['margin'])}" if record["margin"] else ""
            shown = f"*Shown on [{TOPICS[page]}]({record['page']})" + (f"; numbers in {data}*" if data else "*")
            after = "".join(f"\n\n{part}" for part in (margin, shown) if part)  # below what was measured
            lines.append(box(record, f"{numbered[id]}. {headline(record)}", body, link=after, id=id))
    return "\n".join(lines) + "\n"
