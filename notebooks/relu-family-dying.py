# %% [markdown]
# # Dying ReLUs, one network at a time
#
# The first experiment of the site's ReLU family page: inactive units, counted as networks train
# from PyTorch's default start and from biases started too low, written as a plain loop that
# trains one network after another. (The site trains many networks at once, as one big
# computation; the numbers come out the same, and this notebook shows each step.) The page's
# other experiments have notebooks of their own, linked from the same "Run it yourself" box on
# the page. This one needs only PyTorch and matplotlib: 70 networks, about half a minute on a
# laptop's CPU.
#
# Besides printing them, the notebook keeps its numbers in the dictionary `results["dying"]`,
# under the names the page's own data uses: for every model, each seed's share of inactive
# units at the start and at the end and its accuracy, and per layer the units revived and died.
# `results["dying"]["leaky_minus_relu_shifted"]` is each seed's accuracy difference between
# leaky ReLU and ReLU from the shifted start.

# %%
import time

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

start = time.perf_counter()
results = {}

# %% [markdown]
# ## Double precision
#
# This notebook computes in float64 (double precision) instead of PyTorch's default float32, as
# the site does. In float32 the last bits of a sum depend on your processor (PyTorch uses other
# low-level routines on processors of other kinds, and a GPU rounds differently again), and
# training amplifies those bits until some of the page's numbers come out different on your
# machine. In float64 the same differences start about a billion times smaller, too small to
# move any digit the page shows. Delete the line below to train in float32: the conclusions
# hold, some digits move.
#
# **What to expect.** With PyTorch 2.13 (the version the site is built with), every number this
# notebook computes agrees with the page's to one part in a million or better, and every count,
# accuracy and answer is exactly the page's. The site checks this each time it is built; it held
# as well with PyTorch 2.14.1 and with PyTorch's other low-level routines.

# %%
torch.set_default_dtype(torch.float64)

# %% [markdown]
# ## The spirals, and the network
#
# Three interleaved spiral arms of 200 points each, one class per arm, standardised to mean 0 and
# standard deviation 1. These lines make exactly the page's points.

# %%
def spirals(arms=3, points_per_arm=200, noise=0.35, seed=1):
    generator = torch.Generator().manual_seed(seed)
    radius = torch.linspace(0.05, 1.0, points_per_arm)
    features, labels = [], []
    for arm in range(arms):
        angle = (torch.linspace(0, 4.5, points_per_arm) + arm * 2 * torch.pi / arms
                 + noise * torch.randn(points_per_arm, generator=generator))
        features.append(torch.stack([radius * torch.sin(angle), radius * torch.cos(angle)], dim=1))
        labels.append(torch.full((points_per_arm,), arm))
    x, y = torch.cat(features), torch.cat(labels)
    return (x - x.mean(0)) / x.std(0), y


x, y = spirals()
for arm, marker in enumerate("s.^"):
    plt.scatter(*x[y == arm].T, marker=marker, s=10, label=f"class {arm}")
plt.gca().set_aspect("equal")
plt.legend()
plt.show()

# %% [markdown]
# Two hidden layers of 32 units. `bias_shift` moves every hidden bias away from PyTorch's
# default, to make units start inactive. Training is plain full-batch SGD, as in the lecture's XOR
# notebook: `torch.manual_seed(seed)` before building a network, then one step per epoch on all
# 600 points.

# %%
SEEDS = range(10)


def spiral_mlp(make_activation, width=32, bias_shift=0.0):
    first, second = nn.Linear(2, width), nn.Linear(width, width)
    with torch.no_grad():
        first.bias.add_(bias_shift)
        second.bias.add_(bias_shift)
    return nn.Sequential(first, make_activation(), second, make_activation(), nn.Linear(width, 3))


def seeded(build, seed):
    torch.manual_seed(seed)
    return build()


def train(model, epochs, learning_rate):
    """Full-batch SGD for some epochs; the loss before each step. Plain SGD keeps no state
    between steps, so training in several calls is the same as training in one."""
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    losses = []
    for _ in range(epochs):
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def accuracy(model):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def mean(values):
    return sum(values) / len(values)


# %% [markdown]
# ## Dying ReLUs
#
# A unit is *inactive* when its input is at most 0 on every training point: a ReLU unit there
# outputs 0 and gets no gradient from any point. We count them layer by layer, every 10 epochs of
# 600 at learning rate 0.3, for networks started with every hidden bias shifted by -0.6 (so that
# many units start inactive) and, for ReLU and leaky ReLU, from PyTorch's default start. Two more
# shifted networks use larger leaky slopes (0.1 and 0.3): can another slope rescue a network that
# starts badly?

# %%
EPOCHS, LEARNING_RATE, COUNT_EVERY, BIAS_SHIFT = 600, 0.3, 10, -0.6
RESCUE_SLOPES = (0.1, 0.3)
ACTIVATIONS = {"relu": nn.ReLU, "leaky-relu": nn.LeakyReLU, "elu": nn.ELU,
               **{f"leaky-relu-{slope}": (lambda slope=slope: nn.LeakyReLU(slope)) for slope in RESCUE_SLOPES}}
DYING_MODELS = {"relu": ("relu", 0.0), "leaky-relu": ("leaky-relu", 0.0), "relu-shifted": ("relu", BIAS_SHIFT),
                "leaky-relu-shifted": ("leaky-relu", BIAS_SHIFT), "elu-shifted": ("elu", BIAS_SHIFT),
                **{f"leaky-relu-{slope}-shifted": (f"leaky-relu-{slope}", BIAS_SHIFT) for slope in RESCUE_SLOPES}}
CHANCE = 1 / 3  # three classes of 200 points: answering one class gets a third right


def inactive_units(model):
    """Per hidden layer, which units have an input <= 0 on every training point."""
    inactive, h = [], x
    with torch.no_grad():
        for layer in model:
            if not isinstance(layer, nn.Linear):
                inactive.append((h <= 0).all(dim=0))
            h = layer(h)
    return inactive


def share(units):
    return units.float().mean().item()


counts, accuracies, experiment_start = {}, {}, time.perf_counter()
for name, (slug, shift) in DYING_MODELS.items():
    counts[name], accuracies[name] = [], []
    for seed in SEEDS:
        model = seeded(lambda: spiral_mlp(ACTIVATIONS[slug], bias_shift=shift), seed)
        history = [inactive_units(model)]
        for _ in range(EPOCHS // COUNT_EVERY):
            train(model, COUNT_EVERY, LEARNING_RATE)
            history.append(inactive_units(model))
        counts[name].append(history)
        accuracies[name].append(accuracy(model))
print(f"{len(DYING_MODELS) * len(SEEDS)} networks trained in {time.perf_counter() - experiment_start:.0f} s")

# %% [markdown]
# The share of each layer's units inactive over training, averaged over the seeds (shifted
# biases):

# %%
epochs = range(0, EPOCHS + 1, COUNT_EVERY)
figure, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True)
for layer, ax in enumerate(axes):
    for name in ("relu-shifted", "leaky-relu-shifted", "elu-shifted"):
        curve = [100 * mean([share(history[count][layer]) for history in counts[name]]) for count in range(len(epochs))]
        ax.plot(epochs, curve, label=name.removesuffix("-shifted"))
    ax.set(title=f"hidden layer {layer + 1}", xlabel="epoch")
axes[0].set_ylabel("units inactive on every point (%)")
axes[1].legend()
plt.show()

# %% [markdown]
# The page's table: units inactive at the start and at the end (over both layers), and the
# training accuracy; then, per layer, how many inactive units came back (*revived*) and how many
# active ones died, counted over all seeds.

# %%
def layer_changes(histories, layer):
    start_units = [history[0][layer] for history in histories]
    end_units = [history[-1][layer] for history in histories]
    return {"inactive_start": [share(units) for units in start_units],
            "inactive_end": [share(units) for units in end_units],
            "revived": {"units": sum(int((s & ~e).sum()) for s, e in zip(start_units, end_units)),
                        "of": sum(int(s.sum()) for s in start_units)},
            "died": {"units": sum(int((~s & e).sum()) for s, e in zip(start_units, end_units)),
                     "of": sum(int((~s).sum()) for s in start_units)}}


results["dying"] = {"settings": {"epochs": EPOCHS, "learning_rate": LEARNING_RATE, "bias_shift": BIAS_SHIFT,
                                  "seeds": len(SEEDS), "count_every": COUNT_EVERY,
                                  "rescue_slopes": list(RESCUE_SLOPES), "chance": CHANCE},
                    "models": {}}
print(f"{'model':<26} {'inactive at start':>18} {'at end':>8} {'accuracy':>9}  seeds at chance  revived (layer 1, layer 2)")
for name, histories in counts.items():
    numbers = {"inactive_start": [share(torch.cat(history[0])) for history in histories],
               "inactive_end": [share(torch.cat(history[-1])) for history in histories],
               "accuracy": accuracies[name],
               "layers": [layer_changes(histories, layer) for layer in (0, 1)]}
    results["dying"]["models"][name] = numbers
    revived = ", ".join(f"{layer['revived']['units']} of {layer['revived']['of']}" for layer in numbers["layers"])
    at_chance = sum(value <= CHANCE + 0.05 for value in numbers["accuracy"])  # learned nothing
    print(f"{name:<26} {mean(numbers['inactive_start']):18.1%} {mean(numbers['inactive_end']):8.1%}"
          f" {mean(numbers['accuracy']):9.1%}  {at_chance:>15}  {revived}")
# paired by seed: the same initial weights, only the activation differs
for slug in ("leaky", "elu"):
    minuend = accuracies["leaky-relu-shifted" if slug == "leaky" else "elu-shifted"]
    results["dying"][f"{slug}_minus_relu_shifted"] = [a - b for a, b in zip(minuend, accuracies["relu-shifted"])]
print(f"the whole notebook ran in {time.perf_counter() - start:.0f} s")

# %% [markdown]
# ## What to try next
#
# - **Biases started lower still.** Set `BIAS_SHIFT = -1.5`. Expect about 82 % of the hidden units
#   to start inactive and none of them to come back, and the ReLU networks to end at about 33 %
#   accuracy, what guessing one of the three classes gives, because a unit inactive on every point
#   gets no gradient and the few units left cannot fit the spirals. Leaky ReLU does barely better
#   (about 38 %): its slope of 0.01 passes back a gradient a hundred times too weak to revive them in
#   600 epochs. ELU, whose slope on negative inputs is large near zero, still ends near 99 %.
# - **A gentler learning rate.** Set `LEARNING_RATE = 0.1`. Expect the networks started with
#   shifted biases to end far lower after the same 600 epochs (mean accuracy about 53 % for ReLU
#   instead of 83 %, about 56 % for leaky ReLU instead of 91 %: means over seeds of which some stay
#   at chance, so count those seeds in the printed table too), with more units still inactive (about 53 %
#   instead of 43 % for ReLU), because every step is a third as large: in the same number of
#   epochs the layers change less, and fewer inactive units are brought back.

