"""The catalogue's stated formulas and properties hold for the PyTorch modules themselves."""

from __future__ import annotations

import inspect
import math

import pytest
import torch

from figures_src.catalog import CATALOG, evaluate

ENTRIES = pytest.mark.parametrize("activation", CATALOG, ids=lambda a: a.slug)
WIDE = torch.linspace(-60, 60, 240_001, dtype=torch.float64)


def away_from_kinks(activation, x: torch.Tensor, margin: float = 1e-3) -> torch.Tensor:
    keep = torch.ones_like(x, dtype=torch.bool)
    for kink in activation.kinks:
        keep &= (x - kink).abs() > margin
    return x[keep]


def test_catalogue_has_the_seventeen_entries_of_the_lecture_survey():
    assert len(CATALOG) == 17
    assert len({a.slug for a in CATALOG}) == 17


@ENTRIES
def test_autograd_derivative_equals_closed_form(activation):
    x = away_from_kinks(activation, torch.linspace(-8, 8, 16_001, dtype=torch.float64))
    _, autograd = evaluate(activation, x)
    closed_form = activation.derivative(x)
    torch.testing.assert_close(autograd, closed_form, rtol=1e-6, atol=1e-9)


@ENTRIES
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


@ENTRIES
def test_zero_centred_means_f0_is_zero_with_outputs_of_both_signs(activation):
    y, _ = evaluate(activation, WIDE)
    f0, _ = evaluate(activation, torch.zeros(1))
    both_signs = bool((y < -1e-6).any() and (y > 1e-6).any())
    assert (abs(float(f0)) < 1e-12 and both_signs) == activation.zero_centred


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
