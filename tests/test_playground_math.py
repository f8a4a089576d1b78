"""The playground's math (docs/javascripts/playground/: activations, random, network, trainer)
against PyTorch, without a browser: PyTorch computes the reference numbers here, at test time,
from the project's own code, and Node's own test runner checks the JavaScript against them
(tests/js/*.test.mjs, which read the file PLAYGROUND_REFERENCE names).

To run the JavaScript alone while editing it: `python -m tests.test_playground_math reference.json`
writes the numbers once, then `PLAYGROUND_REFERENCE=reference.json node --test tests/js/`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from figures_src.figures.playground import DATA, playground
from figures_src.science.catalog import CATALOG, evaluate, parameters
from figures_src.science.training import seeded_model

ROOT = Path(__file__).resolve().parent.parent
JS_TESTS = ROOT / "tests" / "js"
MODULES = ["activations", "random", "network", "trainer"]  # each has tests/js/<module>.test.mjs

# Every kink, and where softplus (beta 1 and 10, threshold 20) switches to x, exactly on the grid.
GRID = torch.cat([torch.linspace(-8, 8, 3201, dtype=torch.float64),
                  torch.tensor([0.0, -1.0, 1.0, 2.0, 20.0, -20.0], dtype=torch.float64)])
SEEDS = (0, 123, 2**31 + 5, 2**32 - 1)  # the ends of torch.manual_seed's 32-bit range among them
SIZES = ([2, 50, 2], [2, 32, 32, 3], [2, 1, 1, 1, 2], [2, 64, 64, 64, 3])  # networks the page can make


def activation_values() -> dict:
    """f and the derivative autograd takes (at the kinks too), for the arguments the site builds
    each module with."""
    functions = {}
    for activation in CATALOG:
        f, df = evaluate(activation, GRID)
        functions[activation.slug] = {"parameters": parameters(activation), "f": f.tolist(), "df": df.tolist()}
    return {"grid": GRID.tolist(), "functions": functions}


def linear_layers(model: nn.Module) -> list[dict]:
    return [{"weight": m.weight.detach().flatten().tolist(), "bias": m.bias.detach().tolist()}
            for m in model.modules() if isinstance(m, nn.Linear)]


def random_draws() -> dict:
    """What torch.manual_seed(seed) draws: the raw 32-bit numbers, float64 uniform_, and nn.Linear
    layers in order. torch.randint over the whole int64 range takes two 32-bit draws a number (the
    first the high word, as random64 does), so its numbers are the raw draws in pairs."""
    draws = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        # 1000 pairs: past the Mersenne Twister's 624-number state three times
        words = [(value + 2**63) % 2**64 for value in torch.randint(-2**63, 2**63 - 1, (1000,)).tolist()]
        draws.append({"seed": seed, "values": [half for word in words for half in divmod(word, 2**32)]})
    uniform = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        values = torch.empty(1000, dtype=torch.float64).uniform_(-0.25, 0.25)
        uniform.append({"seed": seed, "bound": 0.25, "values": values.tolist()})
    linear = []
    for sizes in SIZES:
        for seed in SEEDS:
            torch.manual_seed(seed)
            layers = nn.Sequential(*[nn.Linear(i, o, dtype=torch.float64) for i, o in zip(sizes, sizes[1:])])
            linear.append({"sizes": sizes, "seed": seed, "layers": linear_layers(layers)})
    return {"draws": draws, "uniform": uniform, "linear": linear}


def network_pass(set_up, slug: str, x: torch.Tensor, y: torch.Tensor) -> dict:
    """One forward and backward pass of a page's network with a catalogue function: its initial
    weights (so that the JavaScript network starts from them, whatever random.js draws), then
    the logits, softmax, mean cross-entropy and every parameter's gradient."""
    model = seeded_model(slug, set_up.seed, set_up.model)
    initial = linear_layers(model)
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    prelus = [m for m in model.modules() if isinstance(m, nn.PReLU)]
    return {"slug": slug, "layers": initial, "logits": logits.detach().flatten().tolist(),
            "probabilities": logits.detach().softmax(1).flatten().tolist(), "loss": float(loss.detach()),
            "gradients": [{"weight": m.weight.grad.flatten().tolist(), "bias": m.bias.grad.tolist()}
                          for m in model.modules() if isinstance(m, nn.Linear)],
            "slope_gradients": [float(m.weight.grad) for m in prelus] if prelus else None}


def network_passes() -> dict:
    """Each data set's network as its page trains it, with every catalogue function."""
    passes = {}
    for name, (make, set_up) in DATA.items():
        x, y = make()
        passes[name] = [network_pass(set_up, activation.slug, x, y) for activation in CATALOG]
    return passes


def reference() -> dict:
    """Everything the JavaScript tests compare with; `playground` is the page's own data file,
    with PyTorch's losses over the first steps of each data set's network, as the build writes it."""
    export = json.loads(playground()["playground/playground.json"])
    return {"catalogue": [a.slug for a in CATALOG], "activations": activation_values(),
            "random": random_draws(), "networks": network_passes(), "playground": export}


@pytest.fixture(scope="module")
def reference_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("playground-math") / "reference.json"
    path.write_text(json.dumps(reference()))
    return path


def node_test(files: list[Path], reference: Path) -> subprocess.CompletedProcess:
    """`node --test` on the files, with the reference numbers at hand. Node 20.19 and later load
    the playground's modules as ES modules by their syntax (the project's package.json has no
    "type", as site_hooks/katex_render.js is CommonJS); the warning it gives for that says only
    that the detection costs a moment."""
    node = shutil.which("node")
    assert node, "Node.js is needed (the site build needs it too, for KaTeX)"
    return subprocess.run([node, "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test",
                           "--test-reporter=spec", *map(str, files)],
                          cwd=ROOT, env=dict(os.environ, PLAYGROUND_REFERENCE=str(reference)),
                          capture_output=True, text=True, timeout=300)


def test_every_javascript_test_file_is_run_here():
    assert sorted(JS_TESTS.glob("*.test.mjs")) == sorted(JS_TESTS / f"{m}.test.mjs" for m in MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_the_playgrounds_math_equals_pytorchs(reference_file, module):
    """activations: f and f' of every catalogue function; random: the weights torch.manual_seed
    and nn.Linear give; network: logits, loss and every gradient; trainer: 25 SGD steps of each
    data set's network, through the worker's messages, step for step as PyTorch trains it."""
    result = node_test([JS_TESTS / f"{module}.test.mjs"], reference_file)
    assert result.returncode == 0, result.stdout + result.stderr


if __name__ == "__main__":  # writes the reference numbers to the path given, for node --test alone
    from figures_src.engine.runner import fixed_numerics

    fixed_numerics()  # float64 and one thread, as under pytest (tests/conftest.py)
    Path(sys.argv[1]).write_text(json.dumps(reference()))
