"""The ledger of the lecture's claims, as catalog.py is of functions: one entry a claim, in the
lecture's order — where the lecture makes it (its words), what it says in ours, the rule that
decides it (stated before any result), the JSON results its judge reads and the judge
(judges/<topic>.py). A claim that no experiment here can test is declared untested, with why.

A rule's thresholds come from the lecture's words, from what the claim needs to be true, or from a
95 % interval, never from where a number fell; the named lines live in figures_src/tolerances.py.
How the build judges them is in verdicts.py, how pages show them in presentation.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from figures_src.claims.evidence import Finding, Results
from figures_src.claims.judges import pytorch_api, relu_family, sigmoid_tanh, smooth_adversarial, xor
from figures_src.claims.rules import Ruler

# The lecture's order; a claim belongs to the topic the lecture makes it in. Keys are the pages'
# file names, values their titles in the navigation.
TOPICS = {
    "pytorch-api": "The PyTorch API",
    "xor": "The XOR problem",
    "sigmoid-tanh": "Sigmoid, tanh and hardtanh",
    "relu-family": "The ReLU family",
    "smooth-adversarial": "Smooth activations and adversarial training",
}

# A verdict that any one of m comparisons could decide gives chance m tries: each interval is
# widened to hold at 1 − 0.05/m (stats.family_level). One that needs all m to hold needs no widening.
FAMILY_LEVEL = ("With m comparisons, each interval is taken at 1 − 0.05/m, so that all m hold together "
                "at 95 % (Bonferroni). ")
# A claim about a kind (smooth functions) is decided by most of its members (rules.most).
FAMILY_RULE = ("Confirmed when more than half of them lie above zero and none below; contradicted "
               "when more than half lie below and none above; inconclusive otherwise: the claim is "
               "about smooth functions as a kind, so one member alone does not decide it (the "
               "evidence names any that differ).")


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str  # a key of TOPICS
    page: str  # where the site shows the evidence, e.g. "xor.md#three-models"
    lecture: str  # the lecture's words; with `ours`, the words that prompted the question
    says: str  # the claim in our words
    rule: str = ""  # how the verdict is decided; empty for an untested claim
    needs: tuple[str, ...] = ()  # the JSON results the judge reads
    judge: Callable[[Results, Ruler], Finding] | None = None
    untested_because: str = ""
    ours: bool = False  # a question the site asks, prompted by the lecture's words but not claimed there


CLAIMS = [
    # The PyTorch API
    Claim("cross-entropy-takes-logits", "pytorch-api", "pytorch-api.md#cross-entropy",
          lecture="Recall, we use this cross entropy loss, which already computes the softmax for us … "
                  "technically, you never have to use the probability if you use the cross entropy "
                  "function in pytorch for optimization.",
          says="`F.cross_entropy` applies `log_softmax` itself: a network returns logits, and "
               "training never needs the probabilities.",
          rule="Confirmed when `F.cross_entropy` on random logits and `F.nll_loss` on their "
               "`log_softmax` agree to within float32 rounding (10⁻⁶); contradicted otherwise.",
          needs=("pytorch-api/results",),
          judge=pytorch_api.cross_entropy_takes_logits),
    Claim("log-softmax-stable", "pytorch-api", "pytorch-api.md#log-softmax",
          lecture="we use the log softmax, because it's numerically more stable, if we were to use "
                  "the negative log likelihood loss. This is really the only if we want to use the "
                  "negative log likelihood loss.",
          says="`log_softmax` is numerically more stable than the logarithm of `softmax`; that is "
               "what matters when the loss is `F.nll_loss`.",
          rule="Confirmed when, for logit gaps from 10 to 1000 in float32, `torch.log(F.softmax(z))` "
               "loses more than 10⁻³ of relative precision or becomes infinite at some gap, while "
               "`F.log_softmax(z)` stays within 10⁻⁶ of the exact value (float64) at every gap.",
          needs=("pytorch-api/results",),
          judge=pytorch_api.log_softmax_stable),
    Claim("sequential-same-network", "pytorch-api", "pytorch-api.md#two-ways",
          lecture="So that's exactly the same network, except that here, we define it and sequential "
                  "can actually also run it.",
          says="Written with `nn.Sequential`, the lecture's network is the same network as the class: "
               "the same parameters and the same outputs.",
          rule="Confirmed when both have the same `state_dict` keys and, with the class's weights "
               "loaded into the Sequential, identical logits on a random batch; contradicted otherwise.",
          needs=("pytorch-api/results",),
          judge=pytorch_api.sequential_same_network),
    Claim("sequential-easier-to-read", "pytorch-api", "pytorch-api.md#two-ways",
          lecture="if I want to know what the linear one is, I have to go up and look it up here. "
                  "So it's a little bit more, I would say error prone",
          says="The `nn.Sequential` version is easier to read and less error-prone, because its "
               "layers run in the order they are written.",
          untested_because="A judgement about reading code; nothing a build measures can decide it."),

    # The XOR problem
    Claim("linear-mlp-is-linear", "xor", "xor.md#linear-layers-collapse",
          lecture="MLP with linear activation plus hidden layer, also linear boundary.",
          says="An MLP with a hidden layer but no nonlinear activation is one linear layer in "
               "disguise: its decision boundary is a straight line, and it cannot solve XOR.",
          rule="Confirmed when the trained MLP, multiplied out into one linear layer, gives the same "
               "logits to within 10⁻⁵ on every point, and no seed scores above the best that any "
               "straight line scores on the data.",
          needs=("xor/results",),
          judge=xor.linear_mlp_is_linear),
    Claim("logistic-regression-is-linear", "xor", "xor.md#three-models",
          lecture="No hidden layer. Plus, nonlinear activation gives us a linear boundary",
          says="Logistic regression, a nonlinear output but no hidden layer, draws a straight "
               "boundary and cannot solve XOR.",
          rule="Confirmed when no seed of logistic regression scores above the best that any "
               "straight line scores on the data (found by trying every line through two points).",
          needs=("xor/results",),
          judge=xor.logistic_regression_is_linear),
    Claim("both-solve-xor", "xor", "xor.md#three-models",
          lecture="we need both the hidden layers, and the nonlinear activation functions to make a "
                  "nonlinear decision boundary … the same number of weights, the only difference is "
                  "that I'm now using a nonlinear activation function",
          says="With a hidden layer *and* a nonlinear activation (ReLU), the same network, with the "
               "same number of weights, solves XOR.",
          rule="Confirmed when every seed of the ReLU MLP scores above the best straight line and "
               "the 95 % interval of its mean accuracy lies above 95 %; contradicted otherwise.",
          needs=("xor/results",),
          judge=xor.both_solve_xor),
    Claim("xor-results-reproduce", "xor", "xor.md#three-models",
          lecture="you can double check here under this link, that this is indeed the code is indeed "
                  "correct. So you can reproduce these results",
          says="The lecture's XOR results reproduce: its notebook reports a loss of about 0.693 for "
               "the MLP without activation, and about 0.36 with about 99 % training accuracy for the "
               "ReLU MLP.",
          rule="Confirmed when each reported value, at the precision the notebook reports it, lies "
               "within the range of the ten seeds here, rounded to the same precision (the data are an "
               "equivalent set generated here, not the notebook's file).",
          needs=("xor/results",),
          judge=xor.xor_results_reproduce),
    Claim("any-nonlinearity-solves-xor", "xor", "xor.md#every-activation",
          lecture="Actually, they are way more than just ReLU functions, ReLU just happens to be "
                  "popular because it's, it's quite simple and quite fast to compute",
          says="ReLU is not special: the other common nonlinear activations let the same network "
               "solve XOR too.",
          rule="Confirmed when, within the lecture's 25 steps, the 95 % interval of every catalogue "
               "activation's mean accuracy lies above the best straight line. Qualified when the ones "
               "that lag get there with a longer budget (the sigmoid page gives the sigmoid, the "
               "slowest, 1000 steps); contradicted when one does not; inconclusive when a laggard "
               "was not trained longer.",
          needs=("xor/results", "sigmoid-tanh/budget"), ours=True,
          judge=xor.any_nonlinearity_solves_xor),
    Claim("relu-fast-to-compute", "xor", "xor.md#every-activation",
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
          needs=("xor/operations",),
          judge=xor.relu_fast_to_compute),

    # Sigmoid, tanh and hardtanh
    Claim("sigmoid-saturates", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
          lecture="But again, it has this problem that these gradients saturate here.",
          says="The logistic sigmoid saturates: far from zero its derivative, and with it the "
               "gradient, vanishes.",
          rule="Confirmed when the sigmoid's slope at |x| = 10 is below 10⁻⁴, a 2500th "
               "of its largest value, 0.25; contradicted otherwise.",
          needs=("sigmoid-tanh/shapes",),
          judge=sigmoid_tanh.sigmoid_saturates),
    Claim("tanh-is-sigmoid-shaped", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
          lecture="Another very popular activation function for a while was the tanh function, it's "
                  "also a sigmoid … So both are sigmoid functions.",
          says="tanh is an S-shaped (sigmoid) function too: a rescaled logistic sigmoid.",
          rule="Confirmed when tanh(x) = 2σ(2x) − 1 holds to within 10⁻¹² on [−10, 10] in float64.",
          needs=("sigmoid-tanh/shapes",),
          judge=sigmoid_tanh.tanh_is_sigmoid_shaped),
    Claim("hardtanh-like-tanh", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
          lecture="There's also a hard tanh, which is essentially very similar to tanh, except that "
                  "it's thresholded here, similar to relu.",
          says="Hardtanh is very similar to tanh, except that it is thresholded: flat beyond ±1, as "
               "ReLU is flat below zero.",
          rule="Confirmed when hardtanh has tanh's slope at zero (1), is flat beyond |x| = 1 (slope "
               "exactly 0, as ReLU's below zero), and trains like tanh in the lecture's XOR network: "
               "the paired accuracy difference after its 25 steps within ±3 points (the site's line "
               "for a minor difference; 95 % interval). Qualified when the shapes are as described but "
               "the networks differ by more; contradicted when the shapes are not.",
          needs=("sigmoid-tanh/shapes", "xor/results"),
          judge=sigmoid_tanh.hardtanh_like_tanh),
    Claim("tanh-zero-centred", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
          lecture="the logistic sigmoid function is centered around zero, and the output is point "
                  "five. Whereas this one is centered at zero. And the output at zero is also zero. "
                  "So it's producing positive and negative values",
          says="tanh is centred on zero (tanh(0) = 0, outputs of both signs); the sigmoid outputs "
               "0.5 at zero and only positive values.",
          rule="Confirmed when tanh(0) = 0 and σ(0) = 0.5, and for standard-normal inputs tanh's mean "
               "output is zero (within 0.05 of its standard deviation) while the sigmoid's is not.",
          needs=("sigmoid-tanh/shapes", "gallery/normal-moments"),
          judge=sigmoid_tanh.tanh_zero_centred),
    Claim("tanh-larger-gradients", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
          lecture="And you can also see it's steeper. So here, the it's steeper than this one. So we "
                  "have larger gradients.",
          says="tanh is steeper than the sigmoid, so it has larger gradients.",
          rule="This claim and the next read one measure: each function's slope averaged over "
               "standard-normal inputs, a reference spread for a unit's input at the start of training. "
               "Confirmed when tanh's average slope is the larger and tanh′ ≥ σ′ at every input "
               "measured (−10 ≤ x ≤ 10); qualified when it is the larger on average but not at every "
               "input; contradicted when it is not the larger on average.",
          needs=("sigmoid-tanh/shapes",),
          judge=sigmoid_tanh.tanh_larger_gradients),
    Claim("sigmoid-slope-slightly-smaller", "sigmoid-tanh", "sigmoid-tanh.md#two-s-shapes",
          lecture="itself times one minus itself, so the derivative is slightly smaller, because it's "
                  "you're multiplying two numbers smaller than one with each other … So it's actually "
                  "not that different.",
          says="The sigmoid's derivative is only slightly smaller than tanh's; the two are not that "
               "different.",
          rule="The measure of the claim above: each slope averaged over standard-normal inputs. "
               "Confirmed when the sigmoid's is at least 80 % of tanh's; contradicted when it is less "
               "than half of it (50 %); qualified in between.",
          needs=("sigmoid-tanh/shapes",),
          judge=sigmoid_tanh.sigmoid_slope_slightly_smaller),
    Claim("sigmoid-gradients-vanish", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
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
          needs=("sigmoid-tanh/deep",),
          judge=sigmoid_tanh.sigmoid_gradients_vanish),
    Claim("tanh-saturates-too", "sigmoid-tanh", "sigmoid-tanh.md#saturation",
          lecture="So but both have the problem that … if you make a right or wrong prediction … you "
                  "saturate it. So that that can be a problem.",
          says="tanh shares the problem: it saturates too, and its gradients vanish like the "
               "sigmoid's.",
          rule="Confirmed when tanh saturates (tanh′ < 0.01 beyond some |x|) and less than 0.1 % of "
               "its last-layer gradient reaches the first layer of the same ten-layer networks. "
               "Qualified when it saturates but its gradient does reach the first layer (then the "
               "problem depends on where the inputs of the units lie).",
          needs=("sigmoid-tanh/shapes", "sigmoid-tanh/deep"),
          judge=sigmoid_tanh.tanh_saturates_too),
    Claim("sign-combinations", "sigmoid-tanh", "sigmoid-tanh.md#sign-combinations",
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
          needs=("sigmoid-tanh/zigzag",),
          judge=sigmoid_tanh.sign_combinations),
    Claim("sigmoid-tanh-minor-difference", "sigmoid-tanh", "sigmoid-tanh.md#in-practice",
          lecture="But yeah, I think also in practice, when I use them, and I recall, I only saw a "
                  "minor difference using one over the other",
          says="In practice, sigmoid and tanh make only a minor difference.",
          rule="Minor means within ±3 points, the site's line, taken from the lecture's remark on the "
               "leaky slope (\"a slight small difference … maybe 1, 2, 3 percentage points\"). Confirmed when the 95 % interval of the "
               "paired accuracy difference, tanh minus sigmoid, lies within ±3 points in every set-up "
               "measured (the lecture's shallow XOR network after its 25 steps and after 1000, and a "
               "ten-layer network); contradicted when it lies outside in every set-up; qualified "
               "otherwise, naming where it holds.",
          needs=("sigmoid-tanh/budget", "sigmoid-tanh/deep"),
          judge=sigmoid_tanh.sigmoid_tanh_minor_difference),
    Claim("relu-better-bang", "sigmoid-tanh", "sigmoid-tanh.md#in-practice",
          lecture="really, if you use a ReLU function that gives you a better bang for the buck, usually.",
          says="ReLU usually does better than sigmoid and tanh.",
          rule="In each set-up measured, ReLU against each of sigmoid and tanh: paired accuracy "
               "differences, two per set-up. " + FAMILY_LEVEL + "ReLU is ahead where an interval lies "
               "above +1 point, behind where it lies below −1 point. Confirmed when ReLU is ahead in "
               "more than half of the comparisons and behind in none; qualified when it is behind in "
               "none but ahead in fewer; contradicted when it is behind somewhere.",
          needs=("sigmoid-tanh/budget", "sigmoid-tanh/deep"),
          judge=sigmoid_tanh.relu_better_bang),

    # The ReLU family
    Claim("relu-most-used", "relu-family", "relu-family.md",
          lecture="it's I would say still the most widely used activation function in deep learning",
          says="ReLU is still the most widely used activation function in deep learning.",
          untested_because="A statement about the field's habits; nothing this build trains can measure it."),
    Claim("relu-keeps-gradient", "relu-family", "sigmoid-tanh.md#saturation",
          lecture="the derivative is one. So if you use the chain rule, and your derivative is one, "
                  "if the inputs are positive, then yeah, you don't diminish the product",
          says="ReLU's derivative is 1 for positive inputs, so the chain rule does not shrink the "
               "gradient on its way back through the layers.",
          rule="Confirmed when, in ten-layer ReLU networks at initialisation, the 95 % interval (on a "
               "log scale) of the first layer's gradient norm over the last layer's lies between 0.1 and 10 (no "
               "systematic shrinking), while for the sigmoid it lies below 10⁻³.",
          needs=("sigmoid-tanh/deep",),
          judge=relu_family.relu_keeps_gradient),
    Claim("dead-relu-stays-dead", "relu-family", "relu-family.md#dying-relus",
          lecture="you will never come into the positive region anymore. And then yeah, you will never "
                  "be able to update your weights again, because the derivative will always be zero",
          says="A ReLU unit whose input is negative on every example is dead: its derivative is "
               "always zero, its weights never change again, and it never comes back.",
          rule="In two experiments, one with hidden biases shifted so that many units start inactive "
               "on every training point, one with a single large update from the default "
               "initialisation that kills many: confirmed when none of those ReLU units is active at "
               "the end in any hidden layer (all seeds); qualified when none comes back in some layers "
               "but some do in others; contradicted when units come back in every layer.",
          needs=("relu-family/dying", "relu-family/large-step"),
          judge=relu_family.dead_relu_stays_dead),
    Claim("units-die-in-training", "relu-family", "relu-family.md#dying-relus",
          lecture="that happens usually when you have somehow updated the weights, such that you will "
                  "never come into the positive region anymore",
          says="Units die during training, when an update pushes their input below zero on every "
               "example.",
          rule="Confirmed when, from PyTorch's default initialisation, some first-layer ReLU units "
               "that were active at the start are inactive on every training point at the end (in "
               "the first layer such a unit can never return); contradicted when none is, in any seed.",
          needs=("relu-family/dying",),
          judge=relu_family.units_die_in_training),
    Claim("dead-units-prune", "relu-family", "relu-family.md#pruning",
          lecture="some people argue it can also be an advantage because it can help with pruning, "
                  "let's say, unnecessary neurons, like if you have an excessive number of neurons",
          says="Dead units can be an advantage: in a network with more units than it needs, they "
               "prune the unnecessary ones.",
          untested_because="It needs networks with units to spare in which the number of dead units changes "
                  "and nothing else, and a measure of what pruning gains. Here training kills few "
                  "units (the page counts them), and comparing ReLU with leaky ReLU would not vary "
                  "their number: leaky ReLU's units go inactive as often. This site has not built "
                  "such an experiment."),
    Claim("dead-units-prevent-overfitting", "relu-family", "relu-family.md#pruning",
          lecture="this way, you can get rid of some of them. And it may help with preventing overfitting.",
          says="By pruning the network, dead units may help prevent overfitting.",
          untested_because="It needs an experiment that changes the number of dead units and nothing else, "
                  "on a task where the networks overfit; comparing activation functions would "
                  "change more than that. This site has not built one yet."),
    Claim("leaky-relu-no-dying", "relu-family", "relu-family.md#dying-relus",
          lecture="the leaky ReLU, which doesn't have the problem of these dying neurons",
          says="Leaky ReLU does not have the dying-unit problem: its units keep a gradient and come "
               "back.",
          rule="In the large-step experiment: PyTorch's default initialisation, one update a "
               "thousand times too large, then 20 epochs at the usual rate, stopped before a few "
               "networks turn chaotic (a network that stays "
               "connected; with the shifted biases, ReLU's second layer starts almost wholly "
               "inactive, which would test a different network). The lecture's dying is a derivative "
               "of zero; leaky ReLU's is never zero, so the question is whether its units come back. "
               "Confirmed when, in every hidden layer where the large update left leaky ReLU units "
               "inactive on every training point, more than half of them are active again at the end; "
               "qualified otherwise (they keep a gradient, but it does not bring most of them back "
               "within the run); inconclusive when the update left none inactive.",
          needs=("relu-family/large-step",),
          judge=relu_family.leaky_relu_no_dying),
    Claim("leaky-relu-sometimes-better", "relu-family", "relu-family.md#leaky-slope",
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
          needs=("relu-family/slopes", "relu-family/dying"),
          judge=relu_family.leaky_relu_sometimes_better),
    Claim("leaky-slope-small-difference", "relu-family", "relu-family.md#leaky-slope",
          lecture="In practice, you will only see a slight small difference … But it can give you maybe "
                  "1, 2, 3 percentage points in terms of accuracy, if you're lucky.",
          says="The leaky slope makes only a small difference: one to three percentage points at "
               "most, if you are lucky.",
          rule="Among the slopes in common use, from PyTorch's default 0.01 to Keras's 0.3, compare "
               "every pair by held-out accuracy, paired by seed and held-out point. Confirmed when the "
               "95 % interval of every pair's difference lies within ±3 points (each pair must hold, "
               "so no correction applies); contradicted when some pair's interval lies beyond 3 "
               "points even at 1 − 0.05/m for m pairs (Bonferroni); inconclusive otherwise.",
          needs=("relu-family/slopes",),
          judge=relu_family.leaky_slope_small_difference),
    Claim("leaky-slope-wont-rescue", "relu-family", "relu-family.md#leaky-slope",
          lecture="So it's not something if your network that say doesn't perform very well, then "
                  "choosing different value here probably won't make a big difference. So you have "
                  "very bigger problems to fix.",
          says="When a network performs badly, another leaky slope probably won't make a big "
               "difference: it has bigger problems to fix.",
          untested_because="The answer depends on what makes a network perform badly, and \"probably\" is a "
                  "statement about networks in general, which no set of bad networks built here "
                  "would represent. The page shows one case: where the trouble is units that start "
                  "dead, the very thing a leaky slope exists for, larger slopes do change the "
                  "outcome."),
    Claim("keras-default-slope", "relu-family", "relu-family.md#leaky-slope",
          lecture="So in Keras, that's API for TensorFlow, I believe they use point three as the default value.",
          says="Keras's leaky ReLU uses a slope of 0.3 by default.",
          untested_because="A fact about another library, checked in its documentation (the `LeakyReLU` "
                  "layer's `negative_slope=0.3`), not by this build, which does not install Keras."),
    Claim("prelu-learns-slope", "relu-family", "relu-family.md#prelu",
          lecture="the people made alpha trainable parameter. So it's parameter that can be also "
                  "updated with gradient descent.",
          says="PReLU makes the slope a parameter that gradient descent learns.",
          rule="Confirmed when, on every seed and in every hidden layer, the learned slope ends more "
               "than 0.025 (a tenth of its start) away from its start, 0.25: gradient descent moved it, "
               "whichever way. Contradicted when some slope stays within 0.025 of its start.",
          needs=("relu-family/slopes",),
          judge=relu_family.prelu_learns_slope),
    Claim("prelu-no-clear-gain", "relu-family", "relu-family.md#prelu",
          lecture="I honestly never really have never really seen this being used. I'm not sure if "
                  "this is really that useful.",
          says="A learned slope (PReLU) is not clearly better than a well-chosen fixed one.",
          rule="PReLU's held-out accuracy against every fixed slope tried, paired by seed and held-out "
               "point. Contradicted when PReLU is ahead of every fixed slope (each 95 % interval of "
               "the difference above zero: beating all of them needs every comparison to hold, so no "
               "correction applies); confirmed otherwise, when some fixed slope does as well within "
               "the noise.",
          needs=("relu-family/slopes",),
          judge=relu_family.prelu_no_clear_gain),
    Claim("elu-is-smooth", "relu-family", "relu-family.md#elu-and-selu",
          lecture="There's also an elu an exponential linear unit. So it's getting around this kink "
                  "here. It's like a more like a smooth version here in this kink.",
          says="ELU removes ReLU's kink: it is a smooth version of it.",
          rule="Confirmed when ELU's derivative has no jump at 0 for every α tried (its values a "
               "billionth either side of 0 differ by less than 10⁻⁶); qualified when it has none for "
               "some α only; contradicted when it jumps for every α.",
          needs=("relu-family/self-normalising",),
          judge=relu_family.elu_is_smooth),
    Claim("selu-self-normalises", "relu-family", "relu-family.md#elu-and-selu",
          lecture="it stands for self normalizing exponential linear unit. So it has some nice "
                  "properties also.",
          says="SELU normalises itself: with suitable initial weights, activations keep mean 0 and "
               "variance 1 from layer to layer.",
          rule="Confirmed when, through 30 layers of 256 units with LeCun-normal weights and "
               "standard-normal inputs, SELU's mean activation stays within ±0.1 and its variance "
               "within 0.8 to 1.2 at every layer (a tenth of the mean and a fifth of the variance it "
               "promises: a drift any deeper stack would compound); contradicted otherwise.",
          needs=("relu-family/self-normalising",),
          judge=relu_family.selu_self_normalises),

    # Smooth activations and adversarial training
    Claim("small-changes-fool", "smooth-adversarial", "smooth-adversarial.md#adversarial-examples",
          lecture="there's some way you can exploit the network by just changing the image very "
                  "slightly making like a few pixel changes. But you find these pixel changes that "
                  "are able to fool the network",
          says="A network that classifies correctly can be fooled by a small, carefully chosen "
               "change to its input.",
          rule="Confirmed when PGD, moving each pixel by at most ε = 0.1 (a tenth of the pixel "
               "range), lowers the test accuracy of networks trained on clean digits by at least 30 "
               "points on every seed.",
          needs=("smooth-adversarial/undefended",),
          judge=smooth_adversarial.small_changes_fool),
    Claim("robustness-costs-accuracy", "smooth-adversarial", "smooth-adversarial.md#small-version",
          lecture="it is commonly believed that networks cannot be both accurate and robust … gaining "
                  "robustness means losing accuracy.",
          says="Robustness costs accuracy: adversarially trained networks are less accurate on clean "
               "inputs.",
          rule="Confirmed when adversarial training lowers the clean test accuracy of ReLU networks "
               "(the 95 % interval of clean-trained minus adversarially trained, paired by seed and "
               "test digit and counting the sampling of both, above zero); contradicted when it "
               "raises it (interval below zero); inconclusive otherwise.",
          needs=("smooth-adversarial/experiment", "smooth-adversarial/undefended"),
          judge=smooth_adversarial.robustness_costs_accuracy),
    Claim("relu-weakens-the-training-attack", "smooth-adversarial", "smooth-adversarial.md#attacker-strength",
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
          needs=("smooth-adversarial/experiment",),
          judge=smooth_adversarial.relu_weakens_the_training_attack),
    Claim("smooth-activations-more-robust", "smooth-adversarial", "smooth-adversarial.md#small-version",
          lecture="Hence, we propose smooth adversarial training, in which we replace relu with its "
                  "smooth approximations to strengthen adversarial training.",
          says="Smooth approximations of ReLU make adversarial training stronger: the networks "
               "become more robust.",
          rule="Tested on a small network on the digits (the paper's ImageNet result is a claim of "
               "its own, below): robust accuracy of each smooth function minus ReLU's, paired by seed "
               "and test digit and counting the sampling of both. " + FAMILY_LEVEL + FAMILY_RULE,
          needs=("smooth-adversarial/experiment",),
          judge=smooth_adversarial.smooth_activations_more_robust),
    Claim("smooth-gradient-is-the-cause", "smooth-adversarial", "smooth-adversarial.md#small-version",
          lecture="now maybe it has something to do with the gradients because here you have this big "
                  "difference whereas here you have also something in between.",
          says="The gain comes from the gradients: a smooth backward pass alone (ReLU going forward) "
               "already helps.",
          rule="Robust accuracy of ReLU networks trained with a smooth gradient (the derivative of "
               "softplus with β = 10) and attacked with ReLU's own gradient, minus ReLU's, paired by "
               "seed and test digit (one comparison, 95 % interval): confirmed when above zero, "
               "contradicted when below, inconclusive otherwise.",
          needs=("smooth-adversarial/experiment",),
          judge=smooth_adversarial.smooth_gradient_is_the_cause),
    Claim("paper-imagenet-gain", "smooth-adversarial", "smooth-adversarial.md#what-the-paper-found",
          lecture="there's a huge advantage in terms of adversarial robustness from 33%, up to 42%. "
                  "It's almost a 10% 10% difference",
          says="On ImageNet with ResNet-50, smooth activations raise robustness under attack from "
               "33 % to 42 %.",
          untested_because="Reported by the paper (its summary figure, redrawn on the page with its "
                  "citation); training ResNet-50 adversarially on ImageNet is far beyond this "
                  "site's build."),
    Claim("similar-activations-similar-accuracy", "smooth-adversarial", "smooth-adversarial.md#small-version",
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
          needs=("smooth-adversarial/experiment",),
          judge=smooth_adversarial.similar_activations_similar_accuracy),
    Claim("swapping-does-not-hurt", "smooth-adversarial", "smooth-adversarial.md#small-version",
          lecture="So it helps a little bit these some of these others perform actually better, a "
                  "little bit better. It's not huge, but it's a little bit better. So it's in a way it "
                  "doesn't hurt using them.",
          says="Swapping ReLU for a smooth approximation doesn't hurt accuracy.",
          rule="On the digits, adversarially trained, each smooth function's clean accuracy minus "
               "ReLU's, paired by seed and test digit. Confirmed when every 95 % interval lies above "
               "−3 points, none worse by more than a minor difference (every one must hold, so no "
               "correction applies); contradicted when some lies entirely below −3 points even at "
               "1 − 0.05/m for m functions (Bonferroni); inconclusive otherwise.",
          needs=("smooth-adversarial/experiment",),
          judge=smooth_adversarial.swapping_does_not_hurt),
]
