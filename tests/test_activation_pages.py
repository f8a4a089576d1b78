"""The sigmoid/tanh and ReLU-family pages: what their experiments must show, read from the JSON
the build wrote (the training itself is repeated, one network at a time, by the pages' notebooks in
test_notebooks)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from figures_src.figures import relu_family

from conftest import video_frames


def numbers(built_site, name: str) -> dict:
    return json.loads((built_site["out"] / f"{name}.json").read_text())


def test_tanh_is_a_rescaled_sigmoid_with_four_times_the_slope(built_site):
    shapes = numbers(built_site, "sigmoid-tanh/shapes")
    assert shapes["identity_max_difference"] < 1e-12
    assert shapes["largest_slope"] == {"sigmoid": pytest.approx(0.25), "tanh": pytest.approx(1.0)}
    # 1 / cosh(x)^2 = 1 / (4 cosh(x/2)^2) where cosh(x) = 2 cosh(x/2); with c = cosh(x/2),
    # 2c^2 - 1 = 2c, so c = (1 + sqrt 3) / 2
    crossing = 2 * math.acosh((1 + math.sqrt(3)) / 2)
    assert shapes["tanh_steeper_within"] == pytest.approx(crossing, abs=2e-4)


def test_sigmoid_gradient_vanishes_through_ten_layers_and_relus_does_not(built_site):
    deep = numbers(built_site, "sigmoid-tanh/deep")
    first = {slug: values["per_seed"] for slug, values in deep["first_layer_gradient"].items()}
    for sigmoid, tanh, relu in zip(first["sigmoid"], first["tanh"], first["relu"]):
        assert sigmoid * 10 <= min(tanh, relu)
    assert max(deep["first_over_last"]["sigmoid"]["per_seed"]) < 1e-3
    assert 0.1 < min(deep["first_over_last"]["relu"]["per_seed"])


def test_deep_sigmoid_net_stays_at_the_majority_class_where_tanh_and_relu_learn(built_site):
    deep = numbers(built_site, "sigmoid-tanh/deep")
    assert deep["accuracy"]["sigmoid"]["max"] <= deep["majority_class_share"] < 0.6
    assert min(deep["accuracy"]["tanh"]["min"], deep["accuracy"]["relu"]["min"]) > 0.95


def test_same_sign_share_counts_the_steps_that_move_both_weights_alike():
    """On a path worked out by hand: one step moves both weights up, one moves them apart, one
    moves only w2 (not counted), then the path stays at the target (not counted)."""
    import torch

    from figures_src.figures.sigmoid_tanh import CLOSE_ENOUGH, TARGET, same_sign_share

    unit = 4 * CLOSE_ENOUGH
    start = torch.tensor(TARGET) - torch.tensor([2 * unit, 0.5 * unit])
    steps = torch.tensor([[0.0, 0.0], [unit, unit], [unit, -unit], [0.0, 0.5 * unit], [0.0, 0.0], [0.0, 0.0]])
    assert same_sign_share(start + steps.cumsum(0)) == pytest.approx(0.5)


def test_positive_inputs_give_same_sign_updates_and_a_slower_path(built_site):
    zigzag = numbers(built_site, "sigmoid-tanh/zigzag")
    assert zigzag["sigmoid"]["same_sign_share"]["min"] == 1.0
    assert 0.3 < zigzag["tanh"]["same_sign_share"]["mean"] < 0.7  # random signs: about half
    assert zigzag["tanh"]["steps_to_target"]["max"] < zigzag["sigmoid"]["steps_to_target"]["min"]


def test_a_longer_budget_closes_the_gap_between_sigmoid_and_tanh(built_site):
    budget = numbers(built_site, "sigmoid-tanh/budget")
    gap = {steps: budget["tanh"][f"accuracy_after_{steps}"]["mean"] - budget["sigmoid"][f"accuracy_after_{steps}"]["mean"]
           for steps in (25, budget["settings"]["epochs"])}
    assert gap[25] > 0.3 and abs(gap[budget["settings"]["epochs"]]) < 0.02


def test_dead_first_layer_relu_units_never_return(built_site):
    """A first-layer ReLU unit inactive on every point gets no gradient and sees fixed data: it
    can never come back. Second-layer units can, when the first layer changes their input."""
    models = numbers(built_site, "relu-family/dying")["models"]
    for name in ("relu", "relu-shifted"):
        assert models[name]["layers"][0]["revived"]["units"] == 0, name
    shifted = models["relu-shifted"]["layers"]
    assert shifted[0]["revived"]["of"] > 0 and shifted[1]["revived"]["units"] > 0


def test_shifted_biases_put_many_units_out_of_action_and_elu_recovers_most(built_site):
    models = numbers(built_site, "relu-family/dying")["models"]
    assert models["relu-shifted"]["inactive_start"]["mean"] > 0.3
    elu = models["elu-shifted"]
    assert sum(layer["revived"]["units"] for layer in elu["layers"]) > sum(layer["revived"]["of"] for layer in elu["layers"]) / 2
    assert models["relu-shifted"]["inactive_end"]["mean"] > models["leaky-relu-shifted"]["inactive_end"]["mean"] \
        > elu["inactive_end"]["mean"]


def test_selu_keeps_mean_zero_and_variance_one_through_thirty_layers(built_site):
    stack = numbers(built_site, "relu-family/self-normalising")
    assert stack["selu"]["depth"] == 30
    assert stack["selu"]["largest_mean_offset"] <= 0.1
    assert 0.8 <= stack["selu"]["smallest_variance"] and stack["selu"]["largest_variance"] <= 1.2
    assert stack["relu"]["last_variance"] < 0.01  # while ReLU's signal fades with the same weights
    # ELU's left slope is alpha at 0-, 1 at 0+: a jump of |alpha - 1|
    for alpha, jump in stack["elu_derivative_jump"].items():
        assert jump == pytest.approx(abs(float(alpha) - 1), abs=1e-6)


def test_prelu_learns_one_slope_per_layer_and_seed(built_site):
    learned = numbers(built_site, "relu-family/slopes")["learned"]
    assert learned["start"] == 0.25
    for layer in ("layer_1", "layer_2"):
        slopes = learned[layer]["per_seed"]
        assert len(slopes) == len(relu_family.SEEDS) and len(set(slopes)) == len(slopes)  # each seed its own
        assert all(slope != learned["start"] for slope in slopes)  # and every one moved


def test_parameter_animations_sweep_forth_and_back(built_site):
    for stem in relu_family.ANIMATIONS:
        frames, _ = video_frames(built_site["out"] / "relu-family" / f"{stem}-light.h264.mp4")
        assert len(frames) == 2 * relu_family.STEPS - 2
        assert np.abs(frames[1].astype(int) - frames[-1]).mean() < 1  # the way back ends where it began


def test_pages_quote_this_builds_numbers_with_their_interval(built_site):
    from figures_src.science.stats import format_interval, measurement

    selu = numbers(built_site, "relu-family/self-normalising")["selu"]
    html = (built_site["site"] / "relu-family" / "index.html").read_text()
    assert f"between {selu['smallest_variance']:.3f} and {selu['largest_variance']:.3f}" in html
    prelu = measurement(numbers(built_site, "relu-family/slopes")["prelu"])  # seeds × held-out points
    assert format_interval(prelu, 100, "%", 1) in html
    deep = numbers(built_site, "sigmoid-tanh/deep")
    html = (built_site["site"] / "sigmoid-tanh" / "index.html").read_text()
    assert format_interval(deep["accuracy"]["tanh"]["per_seed"], 100, "%", 1) in html
