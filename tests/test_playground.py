"""The playground's browser code against PyTorch (docs/javascripts/playground/)."""

from __future__ import annotations

import json

import torch

from figures_src.catalog import CATALOG, evaluate, parameters

# Every kink, and where softplus (beta 1 and 10, threshold 20) switches to x, exactly on the grid.
GRID = torch.cat([torch.linspace(-8, 8, 3201, dtype=torch.float64),
                  torch.tensor([0.0, -1.0, 1.0, 2.0, 20.0, -20.0], dtype=torch.float64)])
BROWSER_VALUES = """async ([grid, parameters]) => {
    const { ACTIVATIONS } = await import("/javascripts/playground/activations.js");
    return Object.fromEntries(Object.entries(parameters).filter(([slug]) => slug in ACTIVATIONS)
        .map(([slug, p]) => [slug, [grid.map(x => ACTIVATIONS[slug].f(x, p)),
                                    grid.map(x => ACTIVATIONS[slug].df(x, p))]]));
}"""


def test_every_catalogue_function_has_a_browser_f_and_derivative_equal_to_pytorch(browser, site_server):
    """f and the derivative PyTorch's autograd takes (at kinks too), within 1e-6 (relative
    beyond 1), for the parameters the site builds each module with."""
    page = browser.new_page()
    page.goto(site_server + "/")
    browser_values = page.evaluate(BROWSER_VALUES, [GRID.tolist(), {a.slug: parameters(a) for a in CATALOG}])
    page.close()
    assert [a.slug for a in CATALOG if a.slug not in browser_values] == []  # each has its browser twin
    errors = {}
    for activation in CATALOG:
        for name, expected, computed in zip(("f", "f'"), evaluate(activation, GRID), browser_values[activation.slug]):
            error = ((torch.tensor(computed, dtype=torch.float64) - expected).abs() / expected.abs().clamp(min=1)).max()
            errors[f"{activation.slug} {name}"] = float(error)
    assert {name: error for name, error in errors.items() if not error <= 1e-6} == {}


TRAINED_IN_THE_BROWSER = """async (reference) => {
    const { Network } = await import("/javascripts/playground/network.js");
    return Object.fromEntries(Object.entries(reference.networks).map(([slug, network]) => {
        const trained = new Network(slug, network.parameters, network.initial);
        const losses = [];
        for (let step = 0; step < reference.epochs; step++)
            losses.push(trained.step(reference.x, reference.y, reference.learning_rate));
        losses.push(trained.evaluate(reference.x, reference.y, false).loss);
        return [slug, { losses, accuracy: trained.accuracy(reference.x, reference.y) }];
    }));
}"""


def test_the_browser_trains_every_xor_network_step_for_step_as_pytorch(browser, site_server, built_site):
    """The XOR page's seed-123 network with every catalogue function, 25 full-batch steps at the
    lecture's learning rate: every step's loss within 1e-5 of PyTorch's, the same points right
    at the end (PyTorch trains in float32, the browser in float64)."""
    reference = json.loads((built_site["out"] / "playground" / "xor.json").read_text())
    assert set(reference["networks"]) == {a.slug for a in CATALOG} and reference["epochs"] == 25
    page = browser.new_page()
    page.goto(site_server + "/")
    trained = page.evaluate(TRAINED_IN_THE_BROWSER, reference)
    page.close()
    differences = {slug: max(abs(a - b) for a, b in zip(trained[slug]["losses"], network["losses"]))
                   for slug, network in reference["networks"].items()}
    assert {slug: d for slug, d in differences.items() if not d <= 1e-5} == {}
    points = len(reference["y"])
    correct = {slug: (round(trained[slug]["accuracy"] * points), round(network["accuracy"] * points))
               for slug, network in reference["networks"].items()}
    assert {slug: counts for slug, counts in correct.items() if counts[0] != counts[1]} == {}
