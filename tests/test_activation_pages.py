"""The sigmoid/tanh and ReLU-family pages: each experiment's outcome, not just its files."""

from __future__ import annotations

import json

import pytest
import torch
from PIL import Image

from figures_src.figures import relu_family, sigmoid_tanh


def test_tanh_is_a_rescaled_sigmoid_with_four_times_the_slope():
    numbers = json.loads(sigmoid_tanh.shapes()["sigmoid-tanh/shapes.json"])
    assert numbers["identity_max_difference"] < 1e-12
    assert numbers["largest_slope"] == {"sigmoid": pytest.approx(0.25), "tanh": pytest.approx(1.0)}


def test_sigmoid_first_layer_gradient_is_far_smaller_than_relus():
    norms = sigmoid_tanh.deep_gradients()
    first_layer = {slug: float(values[:, 0].mean()) for slug, values in norms.items()}
    assert first_layer["sigmoid"] * 10 <= first_layer["relu"]
    assert first_layer["sigmoid"] * 10 <= first_layer["tanh"]
    sigmoid = norms["sigmoid"].mean(0)
    assert bool((sigmoid.diff() > 0).all())  # shrinking on every layer on the way to the input


def test_deep_sigmoid_net_learns_slowly_where_tanh_and_relu_learn():
    run = sigmoid_tanh.deep_training("cpu")
    accuracy = {slug: float(run.accuracies[run.stack.rows(slug)].mean()) for slug in sigmoid_tanh.DEEP}
    assert accuracy["sigmoid"] < 0.6 < 0.95 < min(accuracy["tanh"], accuracy["relu"])


def test_positive_inputs_give_same_sign_updates_and_a_slower_path():
    sigmoid = sigmoid_tanh.zigzag_numbers(sigmoid_tanh.zigzag("sigmoid"))
    tanh = sigmoid_tanh.zigzag_numbers(sigmoid_tanh.zigzag("tanh"))
    assert sigmoid["same_sign_steps"] == 1.0
    assert tanh["same_sign_steps"] < 0.5
    assert tanh["steps_to_target"] < sigmoid["steps_to_target"]


def test_relu_units_stay_dead_more_than_leaky_and_elu_units():
    run, fractions = relu_family.dying_run("cpu")
    end = {name: float(fractions[-1, run.stack.rows(name)].mean())
           for name in ("relu-shifted", "leaky-relu-shifted", "elu-shifted")}
    assert end["relu-shifted"] > end["leaky-relu-shifted"] > end["elu-shifted"]
    start = float(fractions[0, run.stack.rows("relu-shifted")].mean())
    assert start > 0.3  # the shift really put many units out of action


def test_selu_keeps_mean_zero_and_variance_one_through_thirty_layers():
    statistics = relu_family.layer_statistics("selu")
    assert len(statistics) == 30
    assert float(statistics[:, 0].abs().max()) <= 0.1
    assert 0.8 <= float(statistics[:, 1].min()) and float(statistics[:, 1].max()) <= 1.2
    relu = relu_family.layer_statistics("relu")
    assert float(relu[-1, 1]) < 0.01  # while ReLU's signal fades with the same weights


def test_prelu_learns_one_slope_per_layer_and_seed():
    run, _ = relu_family.sweep_run("cpu")
    slopes = relu_family.prelu_slopes(run)
    assert slopes.shape == (relu_family.SWEEP.epochs + 1, len(relu_family.SEEDS), 2)
    torch.testing.assert_close(slopes[0], torch.full_like(slopes[0], 0.25))
    assert float((slopes[-1] - 0.25).abs().min()) > 0.01  # every one of them moved


def test_parameter_animations_loop_forever(built_site):
    for stem in relu_family.ANIMATIONS:
        with Image.open(built_site["out"] / "relu-family" / f"{stem}-light.gif") as gif:
            assert gif.info["loop"] == 0
            assert gif.n_frames == 2 * relu_family.STEPS - 2


def test_pages_quote_this_builds_numbers(built_site):
    selu = json.loads((built_site["out"] / "relu-family" / "self-normalising.json").read_text())["selu"]
    html = (built_site["site"] / "relu-family" / "index.html").read_text()
    assert f"{selu['last_variance']:.3f}" in html
    deep = json.loads((built_site["out"] / "sigmoid-tanh" / "deep.json").read_text())
    html = (built_site["site"] / "sigmoid-tanh" / "index.html").read_text()
    assert f"{deep['first_layer_gradient']['sigmoid']:.1e}" in html
