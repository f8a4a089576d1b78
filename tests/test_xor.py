"""The PyTorch API recap and the XOR experiment: the claims of both pages, checked."""

from __future__ import annotations

import json
import re

import pytest
import torch
from torch.nn import functional as F

from figures_src.figures import pytorch_api
from figures_src.science.data import xor_data
from figures_src.science.models import (XOR_MODELS, MultilayerPerceptron, fold_linear_mlp,
                                        sequential_perceptron, xor_mlp)
from figures_src.science.stats import below_power_of_ten, format_interval
from figures_src.science.training import Settings, ModelStack, seeded_model, train, train_one

from conftest import video_frames


@pytest.fixture(scope="module")
def xor():
    return xor_data()


@pytest.fixture(scope="module")
def batched_run(xor):
    settings = Settings()
    return train(ModelStack(XOR_MODELS, settings.seeds), *xor, settings), settings


def test_class_based_and_sequential_give_identical_outputs():
    sizes = dict(num_features=20, num_hidden_1=30, num_hidden_2=40, num_classes=5)
    torch.manual_seed(0)
    class_based, sequential = MultilayerPerceptron(**sizes), sequential_perceptron(**sizes)
    assert not torch.equal(class_based(torch.ones(1, 20))[0], sequential(torch.ones(1, 20)))
    sequential.load_state_dict(class_based.state_dict())
    features = torch.randn(64, 20)
    logits, log_probas = class_based(features)
    assert torch.equal(logits, sequential(features))
    torch.testing.assert_close(log_probas.exp().sum(1), torch.ones(64))


def test_cross_entropy_equals_nll_of_log_softmax():
    torch.manual_seed(1)
    logits, targets = 5 * torch.randn(100, 7), torch.randint(0, 7, (100,))
    torch.testing.assert_close(F.cross_entropy(logits, targets),
                               F.nll_loss(F.log_softmax(logits, dim=1), targets), rtol=0, atol=1e-6)
    assert not torch.isclose(F.cross_entropy(logits, targets),
                             F.nll_loss(F.softmax(logits, dim=1), targets))


def test_log_of_softmax_breaks_where_log_softmax_does_not():
    small, large = pytorch_api.losing_class(10), pytorch_api.losing_class(110)
    assert small["log_of_softmax"] == pytest.approx(small["exact"], rel=1e-5)
    assert large["log_of_softmax"] == float("-inf")
    assert large["log_softmax"] == pytest.approx(large["exact"], rel=1e-6)
    subnormal = pytorch_api.losing_class(100)  # past float32's smallest normal number
    assert abs(subnormal["log_of_softmax"] - subnormal["exact"]) > 1e-3


def test_xor_data_is_shaped_like_the_lecture_set(xor):
    """The lecture's xor.csv, as its notebook describes it: 750 points, 2 features, 376 and 374
    of each class (shared/reference/facts.md), blobs in the four quadrants, standardised."""
    x, y = xor
    assert x.shape == (750, 2) and y.bincount().tolist() == [376, 374]
    torch.testing.assert_close(x.mean(0), torch.zeros(2), atol=1e-5, rtol=0)
    torch.testing.assert_close(x.std(0), torch.ones(2), atol=1e-5, rtol=0)
    quadrant_class = ((x[:, 0] > 0) != (x[:, 1] > 0)).long()  # XOR of the signs
    assert (quadrant_class == y).float().mean() > 0.97


def test_linear_models_stay_at_chance_and_relu_solves_xor(built_site):
    numbers = json.loads((built_site["out"] / "xor" / "results.json").read_text())
    assert len(numbers["settings"]["seeds"]) >= 10
    for name in ("logistic-regression", "linear"):
        accuracy = numbers["models"][name]["accuracy"]
        assert 0.40 <= accuracy["mean"] <= 0.60 and accuracy["max"] <= numbers["best_line_accuracy"], name
    assert numbers["models"]["relu"]["accuracy"]["min"] >= 0.95


def test_best_line_is_what_a_brute_force_over_directions_finds(xor):
    """The best straight line, found independently: every direction in steps of 0.1 degrees,
    every threshold between two projected points. It can only do as well as the exact search
    through pairs of points (which adds the two points on its line), and should come close."""
    from figures_src.figures.xor import best_line_accuracy

    x, y = xor
    angles = torch.arange(0, 180, 0.1) * torch.pi / 180
    directions = torch.stack([angles.cos(), angles.sin()], dim=1)
    best = 0
    for projected in (x @ directions.T).T:  # one direction at a time
        order = projected.argsort()
        labels = y[order].float()
        ones_left = torch.cat([torch.zeros(1), labels.cumsum(0)])  # class 1 below each threshold
        zeros_left = torch.arange(len(y) + 1) - ones_left
        ones_right, zeros_right = labels.sum() - ones_left, (len(y) - labels.sum()) - zeros_left
        right = torch.maximum(zeros_left + ones_right, ones_left + zeros_right)
        best = max(best, int(right.max()))
    exact = best_line_accuracy(x, y)
    assert best / len(y) <= exact <= best / len(y) + 4 / len(y)
    assert exact < 0.75  # three blobs of four, at most


def test_prelu_slopes_are_learned_per_model(batched_run):
    run, settings = batched_run
    slopes = torch.cat([run.model("prelu", seed)[1].weight.detach() for seed in settings.seeds])
    assert not torch.allclose(slopes, torch.full_like(slopes, 0.25))  # trained away from init
    assert len(set(slopes.tolist())) == len(slopes)  # each seed its own


def test_folded_linear_layer_matches_the_linear_mlp(xor):
    x, y = xor
    mlp = seeded_model("linear", 123)
    train_one(mlp, x, y, Settings())
    folded = fold_linear_mlp(mlp)
    with torch.no_grad():
        torch.testing.assert_close(folded(x), mlp(x), rtol=0, atol=1e-5)
    with pytest.raises(ValueError):
        fold_linear_mlp(xor_mlp(torch.nn.ReLU()))


def test_training_animation_shows_every_epoch_and_holds_the_last(built_site):
    for scheme in ("light", "dark"):
        frames, rate = video_frames(built_site["out"] / "xor" / f"training-{scheme}.av1.mp4")
        assert rate == 4  # an epoch every 250 ms
        assert len(frames) == Settings().epochs + 8  # every state before the last, and 2 s of the last


def test_xor_page_quotes_the_numbers_of_this_build(built_site):
    numbers = json.loads((built_site["out"] / "xor" / "results.json").read_text())
    html = (built_site["site"] / "xor" / "index.html").read_text()
    for name in ("relu", "linear", "logistic-regression"):
        assert format_interval(numbers["models"][name]["accuracy"]["per_seed"], 100, "%", 1) in html
    # the folded layer's difference, rounding error, quoted as its bound (the claim's box says it too)
    assert re.search(rf'is\s+{below_power_of_ten(numbers["folded"]["max_abs_difference"])}: rounding', html)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_training_matches_cpu(xor):
    settings = Settings()
    cpu = train(ModelStack(XOR_MODELS, settings.seeds), *xor, settings)
    stack = ModelStack(XOR_MODELS, settings.seeds).cuda()
    cuda = train(stack, xor[0].cuda(), xor[1].cuda(), settings)
    torch.testing.assert_close(cuda.losses.cpu(), cpu.losses, rtol=0, atol=1e-4)
