# %% [markdown]
# # The PyTorch API, checked by hand
#
# The code of the site's PyTorch API page, to run and change: the lecture's network written as a
# class and as `nn.Sequential`, logits and softmax, `cross_entropy` against `nll_loss`, and why
# `log_softmax` beats `log(softmax)`. It needs only PyTorch and matplotlib and runs in seconds.
#
# Besides printing them, the notebook keeps its numbers in the dictionary `results`, one entry per
# section (`"two_ways"`, `"softmax"`, `"losses"`, `"stability"`), under the names the page's own
# data uses.
#
# It computes in float32, PyTorch's default, as the page does: the page is about PyTorch as you
# meet it. **What to expect:** with PyTorch 2.13 (the version the site is built with) every
# number is the page's exactly. The site checks this each time it is built; it held as well with
# PyTorch 2.14.1 and with PyTorch's other low-level routines. (Another processor could round a
# float32 result in its last digit; these computations are small enough that none we tried did.)

# %%
import math
from collections import OrderedDict

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

results = {}

# %% [markdown]
# ## One network, written two ways
#
# The lecture's two-hidden-layer perceptron as a class, and the same layers in `nn.Sequential`.
# Named like the class's attributes, the layers give both the same `state_dict` keys, so one
# network's weights load into the other, and both compute the same logits.

# %%
class MultilayerPerceptron(nn.Module):
    def __init__(self, num_features, num_hidden_1, num_hidden_2, num_classes):
        super().__init__()
        self.linear_1 = nn.Linear(num_features, num_hidden_1)
        self.linear_2 = nn.Linear(num_hidden_1, num_hidden_2)
        self.linear_out = nn.Linear(num_hidden_2, num_classes)

    def forward(self, x):
        out = F.relu(self.linear_1(x))
        out = F.relu(self.linear_2(out))
        logits = self.linear_out(out)
        log_probas = F.log_softmax(logits, dim=1)
        return logits, log_probas


def sequential_perceptron(num_features, num_hidden_1, num_hidden_2, num_classes):
    return nn.Sequential(OrderedDict(
        linear_1=nn.Linear(num_features, num_hidden_1),
        relu_1=nn.ReLU(),
        linear_2=nn.Linear(num_hidden_1, num_hidden_2),
        relu_2=nn.ReLU(),
        linear_out=nn.Linear(num_hidden_2, num_classes),
    ))


SIZES = dict(num_features=784, num_hidden_1=128, num_hidden_2=256, num_classes=10)  # MNIST-sized
torch.manual_seed(123)
class_based = MultilayerPerceptron(**SIZES)
sequential = sequential_perceptron(**SIZES)
sequential.load_state_dict(class_based.state_dict())

features = torch.randn(8, SIZES["num_features"])
with torch.no_grad():
    logits, log_probas = class_based(features)
    difference = (logits - sequential(features)).abs().max()
results["two_ways"] = {
    "keys": list(class_based.state_dict()),
    "max_abs_difference": difference.item(),
    "parameters": sum(p.numel() for p in class_based.parameters()),
    "log_probas_match": torch.allclose(log_probas, F.log_softmax(logits, dim=1)),
}
print(results["two_ways"])

# %% [markdown]
# ## Logits, softmax and log_softmax
#
# A network outputs logits; softmax turns them into probabilities, log_softmax into their logs.

# %%
example = [2.0, 1.0, 0.1]
results["softmax"] = {"logits": example, "softmax": F.softmax(torch.tensor([example]), dim=1)[0].tolist(),
                      "log_softmax": F.log_softmax(torch.tensor([example]), dim=1)[0].tolist()}
print(results["softmax"])

# %% [markdown]
# ## cross_entropy and nll_loss
#
# `F.cross_entropy` takes logits; `F.nll_loss` takes log-probabilities. Given the log_softmax of
# the same logits, the two are the same loss.

# %%
torch.manual_seed(0)
logits, targets = 3 * torch.randn(16, 10), torch.randint(0, 10, (16,))
loss_a = F.cross_entropy(logits, targets)
loss_b = F.nll_loss(F.log_softmax(logits, dim=1), targets)
results["losses"] = {"cross_entropy": loss_a.item(), "nll_of_log_softmax": loss_b.item(),
                     "difference": (loss_a - loss_b).abs().item()}
print(results["losses"])

# %% [markdown]
# ## Why log_softmax and not log(softmax)
#
# For two logits (gap, 0), the losing class's log-probability is -gap - log(1 + e^-gap). In
# single precision, softmax rounds that probability to 0 once the gap passes about 103, and its
# log becomes -inf; log_softmax stays exact.

# %%
def losing_class(gap):
    logits = torch.tensor([[float(gap), 0.0]])
    return {"gap": gap, "exact": -gap - math.log1p(math.exp(-gap)),
            "log_of_softmax": torch.log(F.softmax(logits, dim=1))[0, 1].item(),
            "log_softmax": F.log_softmax(logits, dim=1)[0, 1].item()}


results["stability"] = [losing_class(gap) for gap in (10, 50, 87, 90, 100, 103, 104, 110, 1000)]
for row in results["stability"]:
    print(f"gap {row['gap']:5}: exact {row['exact']:.6g}, log(softmax) {row['log_of_softmax']:.6g}, "
          f"log_softmax {row['log_softmax']:.6g}")

gaps = range(1, 121)
for key in ("log_of_softmax", "log_softmax"):
    errors = [abs(row[key] - row["exact"]) / abs(row["exact"]) for row in map(losing_class, gaps)]
    plt.semilogy(gaps, [max(error, 1e-10) for error in errors], label=key)
plt.xlabel("logit gap (float32)")
plt.ylabel("relative error of log p(losing class)")
plt.legend()
plt.show()

# %% [markdown]
# ## What to try next
#
# - **A smaller network.** Set `num_hidden_1=64` in `SIZES`. Expect `parameters` to fall from
#   136,074 to 69,450 (784 × 64 + 64 weights and biases into the first hidden layer,
#   64 × 256 + 256 into the second, 256 × 10 + 10 out), and the two networks still to agree
#   exactly, because both are built from the same `SIZES` and load the same `state_dict`.
# - **Shift every logit.** Set `example = [102.0, 101.0, 100.1]`. Expect the same
#   softmax probabilities and log-probabilities as for `[2.0, 1.0, 0.1]`, apart from float32
#   rounding in the seventh digit or so, because softmax depends only on the differences between
#   logits: adding the same number to all of them multiplies every exponential by the same
#   factor, which cancels.
# - **Sharper logits.** Set `example = [20.0, 10.0, 1.0]`, ten times the gaps. Expect almost all
#   the probability on the first class (about 0.99995), because each gap of 10 in the logits
#   makes a class e^10, about 22,000, times less likely.
