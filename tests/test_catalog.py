"""The catalogue's stated formulas and properties hold for the PyTorch modules themselves."""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest
import torch

from figures_src.science.catalog import CATALOG, evaluate, normal_moments
from figures_src.tolerances import ZERO_CENTRED

ENTRIES = pytest.mark.parametrize("activation", CATALOG, ids=lambda a: a.slug)
WIDE = torch.linspace(-60, 60, 240_001, dtype=torch.float64)


def away_from_kinks(activation, x: torch.Tensor, margin: float = 1e-3) -> torch.Tensor:
    keep = torch.ones_like(x, dtype=torch.bool)
    for kink in activation.kinks:
        keep &= (x - kink).abs() > margin
    return x[keep]


# The functions the lecture's topics are about; the catalogue may hold more (a new entry needs no
# edit here).
LECTURE_FUNCTIONS = {"sigmoid", "tanh", "hardtanh", "relu", "leaky-relu", "prelu", "elu", "selu", "softplus",
                     "smooth-relu"}


def test_catalogue_holds_the_lectures_functions_each_once_under_a_file_name_slug():
    slugs = [a.slug for a in CATALOG]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    assert LECTURE_FUNCTIONS <= set(slugs)


@ENTRIES
def test_autograd_derivative_equals_closed_form(activation):
    x = away_from_kinks(activation, torch.linspace(-8, 8, 16_001, dtype=torch.float64))
    _, autograd = evaluate(activation, x)
    closed_form = activation.derivative(x)
    torch.testing.assert_close(autograd, closed_form, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("activation", [a for a in CATALOG if a.kinks], ids=lambda a: a.slug)
def test_closed_form_is_not_a_copy_of_autograd_at_the_kinks(activation):
    """At each kink the one-sided slopes really differ: the kink list is not decoration."""
    for kink in activation.kinks:
        left, right = activation.derivative(torch.tensor([kink - 1e-6, kink + 1e-6], dtype=torch.float64))
        assert abs(float(left - right)) > 1e-3


@ENTRIES
def test_slope_at_zero_is_what_pytorch_returns(activation):
    _, slope = evaluate(activation, torch.zeros(1))
    assert float(slope) == pytest.approx(activation.slope_at_zero, abs=1e-4)


@ENTRIES
def test_largest_slope(activation):
    x = torch.linspace(-1000, 1000, 2_000_001, dtype=torch.float64)
    _, slope = evaluate(activation, x)
    largest = float(slope.abs().max())
    assert largest <= activation.max_slope + 1e-4
    assert largest >= activation.max_slope - 5e-3  # attained, or approached within the grid


@ENTRIES
def test_output_range(activation):
    y, _ = evaluate(activation, WIDE)
    far, _ = evaluate(activation, torch.tensor([-1e6, 1e6]))
    low, high = activation.output_range
    for bound, reached, extreme in ((low, float(y.min()), far[0]), (high, float(y.max()), far[1])):
        if math.isinf(bound):
            assert abs(float(extreme)) > 1e3  # unbounded on that side
        else:
            assert reached == pytest.approx(bound, abs=1e-4)


def moments_by_quadrature(activation) -> tuple[float, float]:
    """E f(z) and sd f(z) for z ~ N(0, 1), by SciPy's adaptive quadrature of the module itself
    (an independent method: the catalogue uses the trapezoidal rule on a grid)."""
    from scipy import integrate, stats

    module = activation.build().double()

    def f(z: float) -> float:
        with torch.no_grad():
            return float(module(torch.tensor([z], dtype=torch.float64)))

    mean = integrate.quad(lambda z: f(z) * stats.norm.pdf(z), -np.inf, np.inf, limit=200)[0]
    variance = integrate.quad(lambda z: (f(z) - mean) ** 2 * stats.norm.pdf(z), -np.inf, np.inf, limit=200)[0]
    return mean, math.sqrt(variance)


@ENTRIES
def test_zero_centred_means_mean_output_zero_for_standard_normal_inputs(activation):
    mean, std = moments_by_quadrature(activation)
    assert (abs(mean) <= ZERO_CENTRED * std) == activation.zero_centred
    assert normal_moments(activation) == pytest.approx((mean, std), abs=1e-6)


def test_outputs_of_both_signs_do_not_make_a_function_zero_centred():
    """The reason for the definition: leaky ReLU has negative outputs, yet its mean output is
    almost ReLU's (0.40 = 1/sqrt(2 pi))."""
    leaky, relu = (next(a for a in CATALOG if a.slug == slug) for slug in ("leaky-relu", "relu"))
    assert leaky.output_range[0] < 0 and not leaky.zero_centred
    assert moments_by_quadrature(relu)[0] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-7)
    assert moments_by_quadrature(leaky)[0] > 0.38


@ENTRIES
def test_monotonic(activation):
    y, _ = evaluate(activation, WIDE)
    assert bool((y.diff() >= -1e-12).all()) == activation.monotonic


@ENTRIES
def test_smooth_means_the_derivative_has_no_jump(activation):
    x = torch.linspace(-5, 5, 1_000_001, dtype=torch.float64)  # steps of 1e-5
    _, slope = evaluate(activation, x)
    largest_jump = float(slope.diff().abs().max())
    assert (largest_jump < 1e-3) == activation.smooth


@ENTRIES
def test_saturation_sides(activation):
    _, slope = evaluate(activation, torch.tensor([-60.0, 60.0]))
    left, right = (abs(float(s)) < 1e-6 for s in slope)
    expected = {(True, True): "both sides", (True, False): "left", (False, False): "neither"}
    assert expected[(left, right)] == activation.saturates


@ENTRIES
def test_stated_defaults_are_pytorchs(activation):
    module = activation.build()
    if activation.slug == "prelu":  # PReLU keeps its initial slope as a weight
        assert module.weight.numel() == activation.defaults["num_parameters"]
        return
    signature = inspect.signature(type(module).__init__)
    # inplace changes no value; None marks deprecated aliases (Hardtanh's min_value, max_value)
    actual = {name: p.default for name, p in signature.parameters.items()
              if p.default not in (inspect.Parameter.empty, None) and name != "inplace"}
    assert actual == activation.defaults


def test_prelu_initial_slope_is_the_stated_default():
    prelu = next(a for a in CATALOG if a.slug == "prelu")
    assert float(prelu.build().weight.detach()) == pytest.approx(prelu.defaults["init"])
