# %% [markdown]
# # Units killed by one large step, one network at a time
#
# The second experiment of the site's ReLU family page: from PyTorch's default start, one update
# far too large kills units, and we watch which come back. It is written as a plain loop that
# trains one network after another. (The site trains many networks at once, as one big
# computation; the numbers come out the same, and this notebook shows each step.) The page's
# other experiments have notebooks of their own, linked from the same "Run it yourself" box on
# the page. This one needs only PyTorch and matplotlib: 30 networks, about 20 seconds on a
# laptop's CPU.
#
# Besides printing them, the notebook keeps its numbers in the dictionary
# `results["large-step"]`, under the names the page's own data uses: for every activation, per
# layer, each seed's share of inactive units before the step, after it and at the end, the units
# killed and back, and each seed's loss just before and just after the step.

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
# Two hidden layers of 32 units. Training is plain full-batch SGD, as in the lecture's XOR
# notebook: `torch.manual_seed(seed)` before building a network, then one step per epoch on all
# 600 points.

# %%
SEEDS = range(10)


def spiral_mlp(make_activation, width=32):
    return nn.Sequential(nn.Linear(2, width), make_activation(), nn.Linear(width, width), make_activation(),
                         nn.Linear(width, 3))


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


def mean(values):
    return sum(values) / len(values)


# %% [markdown]
# ## Inactive units
#
# A unit is *inactive* when its input is at most 0 on every training point: a ReLU unit there
# outputs 0 and gets no gradient from any point, dead unless the layers before it change. Leaky
# ReLU and ELU units there still pass some gradient.

# %%
LEARNING_RATE = 0.3
ACTIVATIONS = {"relu": nn.ReLU, "leaky-relu": nn.LeakyReLU, "elu": nn.ELU}


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


# %% [markdown]
# ## One large step
#
# From PyTorch's default start: 50 epochs at learning rate 0.3, one step at 300, then 20 epochs
# at 0.3 again. Inactive units are counted after every epoch; the step's epoch is counted twice,
# just before the step and just after it. Training stops that soon after the step because a few
# of the networks then turn chaotic (see "A longer wait" at the end).

# %%
BEFORE, AFTER, LARGE_RATE, UPHEAVAL = 50, 20, 300.0, 10

stepped = {}
for slug, activation in ACTIVATIONS.items():
    stepped[slug] = []
    for seed in SEEDS:
        model = seeded(lambda: spiral_mlp(activation), seed)
        history, losses = [inactive_units(model)], []
        for _ in range(BEFORE):  # an epoch at a time, to count after each one
            losses += train(model, 1, LEARNING_RATE)
            history.append(inactive_units(model))
        losses += train(model, 1, LARGE_RATE)
        history.append(inactive_units(model))
        for _ in range(AFTER):
            losses += train(model, 1, LEARNING_RATE)
            history.append(inactive_units(model))
        stepped[slug].append({"history": history, "losses": losses})

step_epochs = [*range(BEFORE + 1), *range(BEFORE, BEFORE + AFTER + 1)]
figure, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True)
for layer, ax in enumerate(axes):
    ax.axvline(BEFORE, color="grey", linestyle=":")
    for slug, runs in stepped.items():
        curve = [100 * mean([share(run["history"][count][layer]) for run in runs]) for count in range(len(step_epochs))]
        ax.plot(step_epochs, curve, label=slug)
    ax.set(title=f"hidden layer {layer + 1}", xlabel="epoch")
axes[0].set_ylabel("units inactive on every point (%)")
axes[1].legend()
plt.show()

# %% [markdown]
# Per layer: the share inactive just before the step, `UPHEAVAL` epochs after it and at the end;
# the units killed (active before, inactive after the upheaval) and how many of them are back at
# the end; and the loss just before the step and just after it.

# %%
def step_changes(runs, layer):
    before = [run["history"][BEFORE][layer] for run in runs]
    upheaval = [run["history"][BEFORE + 1 + UPHEAVAL][layer] for run in runs]  # BEFORE + 1: just after the step
    end = [run["history"][-1][layer] for run in runs]
    killed = [~b & u for b, u in zip(before, upheaval)]
    return {"inactive_before": [share(units) for units in before],
            "inactive_after": [share(units) for units in upheaval],
            "inactive_end": [share(units) for units in end],
            "killed": {"units": sum(int(k.sum()) for k in killed), "of": sum(int((~b).sum()) for b in before)},
            "back": {"units": sum(int((k & ~e).sum()) for k, e in zip(killed, end)),
                     "of": sum(int(k.sum()) for k in killed)}}


results["large-step"] = {"settings": {"epochs_before": BEFORE, "epochs_after": AFTER, "learning_rate": LEARNING_RATE,
                                       "large_step_rate": LARGE_RATE, "upheaval": UPHEAVAL, "seeds": len(SEEDS)},
                          "models": {}}
for slug, runs in stepped.items():
    numbers = {"layers": [step_changes(runs, layer) for layer in (0, 1)],
               # train() keeps the loss before each step: BEFORE is the large step's, so just before it
               "loss_before_step": [run["losses"][BEFORE] for run in runs],
               "loss_after_step": [run["losses"][BEFORE + 1] for run in runs]}
    results["large-step"]["models"][slug] = numbers
    for layer, changes in enumerate(numbers["layers"]):
        print(f"{slug:<11} layer {layer + 1}: killed {changes['killed']['units']:3} of {changes['killed']['of']},"
              f" back at the end {changes['back']['units']}")
    print(f"{'':<11} loss {mean(numbers['loss_before_step']):.3f} before the step,"
          f" {mean(numbers['loss_after_step']):.0f} just after it")
print(f"the whole notebook ran in {time.perf_counter() - start:.0f} s")

# %% [markdown]
# ## What to try next
#
# - **A smaller large step.** Set `LARGE_RATE = 30.0`. Expect only about 10 of the 594 ReLU units
#   that were active before the step to be killed, instead of about 210, and the loss just after
#   the step to stay near 0.6 instead of jumping to about 300, because a tenth of the step moves
#   the biases a tenth as far, and most units' inputs stay positive on some points.
# - **A longer wait.** Set `AFTER = 400`. Expect the killed units of the first layer still not to
#   be back (none of about 74 for ReLU, of about 57 for leaky ReLU), and in the second layer more
#   back for all three (about 11, 16 and 15 for ReLU, leaky ReLU and ELU, instead of 1, 4 and 2),
#   because a second-layer unit's input changes whenever the first layer learns, while a
#   first-layer unit that is inactive on every point gets no gradient (ReLU), or one too weak to
#   bring it back in 400 epochs (leaky ReLU), and nothing before it can change its input.
#   Those counts may differ from another machine's by a unit or two: from about 40 epochs after
#   the step a few networks (ReLU seeds 5 and 7, leaky ReLU seed 7) turn chaotic, and the smallest
#   rounding difference, in the last of float64's digits, grows until it changes which units come
#   back. Print `stepped["relu"][5]["losses"]` on two machines, or after deleting the float64
#   line, to watch the paths part.
