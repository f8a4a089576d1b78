"""Every line the site's rules and properties draw, in one place, each with where it comes from.

A line comes from the lecture's words, from what a claim needs to be true, from the precision of
floating-point numbers or from a convention of statistics — never from where a number fell. The
rules that use them are in figures_src/claims/ (the ledger states each in words, the judges
compare with it); the catalogue's properties use the zero-centred line.

No figure reads this module, so a line changed here re-judges the claims without remaking any
figure. The two conventions that the figures' own numbers follow are defined with the statistics
that use them (science/stats.py) and named here, so that every line can be read in one place.
"""

from figures_src.science.stats import CHANCE_BAND, LEVEL  # noqa: F401 (named here, defined there)

# "Minor", "slight", "a little": within ±3 points. The site's line, taken from the lecture's remark
# on the leaky slope: "only a slight small difference … maybe 1, 2, 3 percentage points … if you're
# lucky". Every such rule uses it.
MINOR = 0.03
# "Ahead" and "behind" for ReLU's "better bang for the buck": more than a point either way.
AHEAD = 0.01
# A network "solves" XOR: its mean accuracy's interval above 95 %.
SOLVED = 0.95
# Small changes "fool" a network: every seed loses more than 30 points under attack.
FOOLED = 0.30
# "Slightly smaller": the sigmoid's average slope at least 80 % of tanh's; below half, not slight.
SLIGHTLY_SMALLER, NOT_SLIGHT = 0.8, 0.5

# Floating-point precision: what counts as "the same number".
FLOAT32_ROUNDING = 1e-6  # float32 keeps about 7 significant digits
FLOAT64_ROUNDING = 1e-12  # float64 about 16; sums of a few terms lose a few
FOLDED_ROUNDING = 1e-5  # the logits of two float32 networks folded into one, over many products
LOST_PRECISION = 1e-3  # log(softmax) "unstable": a relative error above a thousandth
# A derivative has "no jump" where its values a billionth either side of a point differ by less than
# 10⁻⁶ (a smooth curve's own change over that step is about 10⁻⁹; ELU's jump, for α ≠ 1, is |1 − α|).
NO_JUMP = 1e-6

# Gradients: a slope "vanishes" below 10⁻⁴ (σ′(10) is 4.5 × 10⁻⁵); a layer's gradient has
# "vanished" when the first layer's is below a thousandth of the last's; it is "kept" within a
# factor of ten either way.
SATURATED = 1e-4
VANISHED = 1e-3
KEPT = (0.1, 10.0)

# A PReLU slope "moves" when it changes by more than a tenth of its start (0.25).
SLOPE_MOVED = 0.025

# Zero-centred outputs: the mean output over standard-normal inputs within this many standard
# deviations of the output of zero. Outputs of both signs are not enough: leaky ReLU has them, yet
# its mean output, 0.39, is almost ReLU's 0.40; the next layer sees inputs that are nearly always
# positive, which is what the sigmoid page's argument is about.
ZERO_CENTRED = 0.05

# SELU "self-normalises": across depth, means within ±0.1 and variances within [0.8, 1.2].
SELU_MEAN, SELU_VARIANCE = 0.1, (0.8, 1.2)
