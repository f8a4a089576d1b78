"""The claims catalogue: every claim judged by the build and shown where it is discussed, the
decision rules doing what they say, and a flipped verdict stopping the build."""

from __future__ import annotations

import ast
import dataclasses
import html
import inspect
import json
import math
import re
import subprocess
import sys

import pytest

from conftest import figures_env, nav_pages, page_url

from figures_src import tolerances
from figures_src.claims import evidence, ledger, presentation, rules, verdicts
from figures_src.claims.judges import relu_family, smooth_adversarial
from figures_src.science import stats


def built_verdicts(built_site) -> dict:
    return json.loads((built_site["out"] / "claims" / "verdicts.json").read_text())


def page_html(built_site, page: str) -> str:
    return (built_site["site"] / page_url(page).lstrip("/") / "index.html").read_text()


def claim_titles(page: str) -> list[str]:
    """The plain text of every claim box's title on a built page."""
    titles = re.findall(r'<div class="admonition [a-z]+ claim"[^>]*>\s*<p class="admonition-title">(.*?)</p>',
                        page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", title)) for title in titles]


def plain(markdown: str) -> str:
    return markdown.replace("`", "").replace("*", "")


def test_every_claim_is_judged_and_at_least_thirty_by_measurement(built_site):
    judged = built_verdicts(built_site)
    assert list(judged) == [claim.id for claim in ledger.CLAIMS]  # all of them, in the lecture's order
    measured = [record for record in judged.values() if record["verdict"] != rules.NOT_TESTED]
    assert len(measured) >= 30
    for id, record in judged.items():
        assert record["evidence"], id
        assert bool(record["rule"]) == (record["verdict"] != rules.NOT_TESTED), id


def test_every_claim_is_shown_with_its_verdict_on_its_page_and_on_the_claims_page(built_site):
    judged = built_verdicts(built_site)
    claims_page = page_html(built_site, "claims.md")
    listed = claim_titles(claims_page)
    for number, (id, record) in enumerate(judged.items(), start=1):
        expected = plain(presentation.headline(record))
        page = record["page"].partition("#")[0]
        assert expected in claim_titles(page_html(built_site, page)), f"{id} is not shown on {page}"
        assert f"{number}. {expected}" in listed, id
        assert f'id="{id}"' in claims_page


def test_every_page_links_to_the_claims_page(built_site):
    for page in nav_pages():
        if page != "claims.md":
            content = page_html(built_site, page).split('<article', 1)[1]
            assert re.search(r'href="(\.\./)*claims/(#[^"]*)?"', content), page


def test_no_page_claims_that_nothing_on_the_site_is_typed_in(built_site):
    """The paper's numbers are typed in, with their citation: no page may say otherwise."""
    for page in nav_pages():
        text = page_html(built_site, page)
        assert "nothing is pasted in" not in text and "drawn by hand or pasted in" not in text, page


# ---------------------------------------------------------------- the decision rules


def judge(id: str, results: dict, ruler: rules.Ruler | None = None) -> evidence.Finding:
    item = next(claim for claim in ledger.CLAIMS if claim.id == id)
    files = {f"{name}.json": json.dumps(value).encode() for name, value in results.items()}
    return item.judge(evidence.Results(files), ruler or rules.Ruler())


def seeds(*values: float) -> dict:
    return {"mean": sum(values) / len(values), "per_seed": list(values), "min": min(values), "max": max(values)}


def test_direction_reads_the_signs_of_several_comparisons():
    assert rules.direction([1, 0]) == rules.CONFIRMED
    assert rules.direction([-1, 0]) == rules.CONTRADICTED
    assert rules.direction([1, -1]) == rules.QUALIFIED
    assert rules.direction([0, 0]) == rules.INCONCLUSIVE
    ruler = rules.Ruler()
    assert ruler.sign("none", [0.0, 0.0, 0.0]) == 0
    assert ruler.sign("gain", [0.02, 0.03, 0.025]) == 1
    assert ruler.sign("open", [0.02, -0.03, 0.01]) == 0


# ---------------------------------------------------------------- margins


def test_a_margin_is_the_distance_from_the_nearest_line_in_the_rules_units():
    """An interval stands at its nearer end; a share's distance is in percentage points, a count's
    in the units that would have to change, a ratio's in orders of magnitude, an identity has none."""
    ruler = rules.Ruler()
    assert ruler.above("accuracy", rules.Interval(0.97, 0.96, 0.98, 10), 0.95)  # 1 point above, at its low end
    assert not ruler.above("count", 0, 0.5, rules.UNITS)  # none: one unit more would cross "more than 0"
    assert ruler.below("ratio", 1e-6, 1e-3, rules.ORDERS)
    assert ruler.exactly("identity", 0.5, 0.5)
    distances = [line.distance for line in ruler.lines]
    assert distances[0] == pytest.approx(1.0) and distances[1] == 1.0 and distances[2] == pytest.approx(3.0)
    assert distances[3] == math.inf
    assert [line.what for line in ruler.margin()] == ["accuracy", "count", "ratio", "identity"]  # nearest per kind
    ruler.within("gap", rules.Interval(0.0, -0.025, 0.025, 10), -0.03, 0.03, rules.POINTS)
    assert ruler.margin()[0].what == "gap" and ruler.margin()[0].distance == pytest.approx(0.5)


def test_a_directional_line_is_measured_from_the_end_that_decides_it():
    """"Behind" asks the whole interval to lie below the line: its high end decides, however close
    its low end comes. A sign can flip either way: the nearer end decides."""
    ruler = rules.Ruler()
    assert not ruler.below("behind", rules.Interval(0.01, -0.0096, 0.03, 10), -0.01, rules.POINTS)
    assert ruler.lines[-1].value == 0.03 and ruler.lines[-1].distance == pytest.approx(4.0)
    assert not ruler.above("ahead", rules.Interval(0.01, -0.0096, 0.03, 10), 0.01, rules.POINTS)
    assert ruler.lines[-1].value == -0.0096
    assert ruler.sign("gap", [-0.03, -0.02, 0.052, 0.001]) == 0
    measured = stats.spread([-0.03, -0.02, 0.052, 0.001])
    assert ruler.lines[-1].value == min(measured.low, measured.high, key=abs)


def test_two_builds_are_compared_claim_by_claim_with_margin_and_spread():
    def verdicts(low: float) -> dict:
        ruler = rules.Ruler()
        verdict = "confirmed" if ruler.above("gap", rules.Interval(low + 0.01, low, low + 0.02, 10), 0, rules.POINTS) \
            else "inconclusive"
        return {"claim": {"verdict": verdict, "margin": [line.as_record() for line in ruler.margin()],
                          "lines": [line.as_record() for line in ruler.lines]}}

    row = rules.compared(verdicts(0.010), verdicts(0.012))["claim"]
    assert row["verdicts"] == ("confirmed", "confirmed") and row["lines_match"]
    assert row["margin"]["points"] == pytest.approx(1.0) and row["spread"]["points"] == pytest.approx(0.2)
    assert rules.compared(verdicts(0.001), verdicts(-0.001))["claim"]["verdicts"] == ("confirmed", "inconclusive")


def test_every_measured_claim_shows_its_margin_on_the_claims_page(built_site):
    judged = built_verdicts(built_site)
    page = page_html(built_site, "claims.md")
    for id, record in judged.items():
        box = page.split(f'id="{id}"', 1)[1].split("</div>", 1)[0]
        assert ("Margin:" in box) == (record["verdict"] != rules.NOT_TESTED), id
        assert bool(record["margin"]) == (record["verdict"] != rules.NOT_TESTED), id


@pytest.mark.parametrize("steep, verdict", [
    ((0.96, 0.96, 0.961, 0.959), rules.CONFIRMED),  # a point behind the others: small, as claimed
    ((0.92, 0.92, 0.921, 0.919), rules.CONTRADICTED),  # five points: more than claimed
    ((0.97, 0.91, 0.96, 0.93), rules.INCONCLUSIVE)])  # the interval straddles 3 points
def test_the_leaky_slope_rule_compares_every_pair_of_common_slopes(steep, verdict):
    """No best and worst picked by their means: every pair is compared, the steepest slope here
    is the one that differs."""
    sweep = {"settings": {"common_slopes": [0.01, 0.1, 0.3]},
             "slopes": {"0.01": seeds(0.97, 0.97, 0.971, 0.969), "0.1": seeds(0.97, 0.969, 0.97, 0.97),
                        "0.3": seeds(*steep), "0.5": seeds(0.9, 0.9, 0.9, 0.9)}}
    assert judge("leaky-slope-small-difference", {"relu-family/slopes": sweep}).verdict == verdict


@pytest.mark.parametrize("revived, back, verdict", [
    ((0, 0), (0, 0), rules.CONFIRMED), ((0, 5), (0, 0), rules.QUALIFIED), ((0, 0), (0, 2), rules.QUALIFIED),
    ((3, 0), (0, 5), rules.CONTRADICTED), ((0, 0), (1, 1), rules.CONTRADICTED)])
def test_the_dead_relu_rule(revived, back, verdict):
    """Units that come back in either experiment count: the large update's as the shifted biases'."""
    layers = [{"revived": {"units": units, "of": 50}} for units in revived]
    dying = {"models": {"relu-shifted": {"layers": layers}}, "settings": {"seeds": 10, "epochs": 1000}}
    stepped = {"models": {"relu": {"layers": [{"back": {"units": units, "of": 60}} for units in back]}}}
    assert judge("dead-relu-stays-dead", {"relu-family/dying": dying, "relu-family/large-step": stepped}).verdict == verdict


@pytest.mark.parametrize("cost, verdict", [((0.02, 0.03, 0.025), rules.CONFIRMED),
                                           ((-0.02, -0.03, -0.025), rules.CONTRADICTED),
                                           ((0.02, -0.01, 0.0), rules.INCONCLUSIVE)])
def test_the_robustness_costs_accuracy_rule(cost, verdict):
    preset = {"seeds": 3, "epochs": 100}
    adversarially = (0.95, 0.96, 0.97)
    experiment = {"preset": preset, "models": {"relu": {"clean": seeds(*adversarially), "robust": seeds(0.7, 0.75, 0.72)}}}
    undefended = {"preset": preset, "clean": seeds(*(a + c for a, c in zip(adversarially, cost))),
                  "robust": seeds(0.4, 0.5, 0.45)}
    results = {"smooth-adversarial/experiment": experiment, "smooth-adversarial/undefended": undefended}
    assert judge("robustness-costs-accuracy", results).verdict == verdict


@pytest.mark.parametrize("best_seed, verdict", [(0.528, rules.CONFIRMED), (0.56, rules.CONFIRMED),
                                                (0.59, rules.CONTRADICTED)])
def test_the_vanishing_gradient_rule_allows_a_network_that_learned_nothing_a_few_lucky_points(best_seed, verdict):
    """Learned nothing: within 5 points of the majority class's share (52.8 % here), a band set
    before the result, so that a point more or less right is no knife edge."""
    ratios = seeds(1e-6, 2e-6, 1.5e-6)
    deep = {"epochs": 300, "majority_class_share": 0.528,
            "first_over_last": {"sigmoid": ratios}, "accuracy": {"sigmoid": seeds(0.528, 0.528, best_seed)}}
    assert judge("sigmoid-gradients-vanish", {"sigmoid-tanh/deep": deep}).verdict == verdict


@pytest.mark.parametrize("slopes, verdict", [
    (((0.1, 0.6, -0.3), (-1.0, -1.5, -0.9)), rules.CONFIRMED),  # every slope moved, whichever way: the mean may stay
    (((0.26, 0.6, -0.3), (-1.0, -1.5, -0.9)), rules.CONTRADICTED)])  # one stayed within 0.025 of 0.25
def test_the_prelu_rule_asks_every_slope_to_move(slopes, verdict):
    learned = {"start": 0.25, **{f"layer_{index}": seeds(*values) for index, values in enumerate(slopes, start=1)}}
    assert judge("prelu-learns-slope", {"relu-family/slopes": {"learned": learned}}).verdict == verdict


@pytest.mark.parametrize("relu_minus_tanh, verdict", [
    ((0.0, 0.0, 0.0, 0.0), rules.CONFIRMED),  # the same on every seed: not behind (ahead in the other two)
    ((-0.004, -0.005, -0.004, -0.005), rules.CONFIRMED),  # clearly behind, but by less than a point
    ((-0.03, -0.03, -0.031, -0.029), rules.CONTRADICTED)])  # behind by more than a point
def test_relu_is_behind_only_when_more_than_a_point_behind(relu_minus_tanh, verdict):
    tanh = (0.9, 0.92, 0.91, 0.93)
    setup = {"sigmoid": seeds(0.5, 0.5, 0.5, 0.5), "tanh": seeds(*tanh),
             "relu": seeds(*(t + d for t, d in zip(tanh, relu_minus_tanh)))}
    ahead = {"sigmoid": seeds(0.5, 0.5, 0.5, 0.5), "tanh": seeds(*tanh), "relu": seeds(*(t + 0.05 for t in tanh))}
    budget = {"settings": {"short_budget": 25, "epochs": 1000},
              **{slug: {"accuracy_after_25": ahead[slug], "accuracy_after_1000": setup[slug]} for slug in setup}}
    deep = {"epochs": 300, "accuracy": ahead}
    assert judge("relu-better-bang", {"sigmoid-tanh/budget": budget, "sigmoid-tanh/deep": deep}).verdict == verdict


@pytest.mark.parametrize("gap, verdict", [((-0.02, -0.021, -0.019), rules.CONFIRMED),  # two points: minor
                                          ((-0.05, -0.051, -0.049), rules.CONTRADICTED),
                                          ((-0.01, -0.05, -0.03), rules.INCONCLUSIVE)])
def test_similar_activations_are_within_the_sites_minor_difference(gap, verdict):
    relu = (0.95, 0.96, 0.97)
    models = {"relu": {"label": "ReLU", "clean": seeds(*relu)},
              "silu": {"label": "SiLU", "clean": seeds(*(r + g for r, g in zip(relu, gap)))}}
    experiment = {"preset": {"seeds": 3, "epochs": 100}, "models": models}
    assert judge("similar-activations-similar-accuracy", {"smooth-adversarial/experiment": experiment}).verdict == verdict


def outcomes(*rows: str) -> dict:
    """A summary that kept which test examples each seed's network got right."""
    return {**seeds(*(row.count("1") / len(row) for row in rows)), "per_example": list(rows)}


def test_a_gain_every_seed_agrees_on_is_no_gain_when_the_test_set_is_small():
    """Smooth networks that get the same two extra digits right on every seed, out of 40: the
    seeds agree perfectly, but another draw of 40 digits could well show no gain, so the verdict
    stays open. Out of 400 digits with the same extra share it is a gain."""
    def verdict(digits: int) -> str:
        relu = "1" * (digits // 2) + "0" * (digits // 2)
        smooth = "1" * (digits // 2 + digits // 20) + "0" * (digits // 2 - digits // 20)
        models = {"relu": {"label": "ReLU", "robust": outcomes(relu, relu, relu)},
                  "silu": {"label": "SiLU", "robust": outcomes(smooth, smooth, smooth)}}
        experiment = {"preset": {"seeds": 3, "epochs": 100}, "models": models}
        return judge("smooth-activations-more-robust", {"smooth-adversarial/experiment": experiment}).verdict

    assert verdict(40) == rules.INCONCLUSIVE
    assert verdict(400) == rules.CONFIRMED


def test_the_training_attack_rule_compares_the_strength_at_the_end_of_training():
    def strength(*values: float) -> dict:
        return {"relu": seeds(0.66, 0.67, 0.68), "gelu": seeds(*values)}

    def verdict(at_end: dict, ablation: tuple = (0.72, 0.73, 0.74)) -> str:
        """GELU and the smooth-backward ablation, a family of two: both must be ahead."""
        models = {"relu": {"label": "ReLU"}, "gelu": {"label": "GELU"}, smooth_adversarial.ABLATION: {"label": "smooth backward"}}
        at_end = {**at_end, smooth_adversarial.ABLATION: seeds(*ablation)}
        experiment = {"preset": {"seeds": 3, "epochs": 100}, "models": models, "attacker_strength": {"at_end": at_end}}
        return judge("relu-weakens-the-training-attack", {"smooth-adversarial/experiment": experiment}).verdict

    assert verdict(strength(0.72, 0.73, 0.74)) == rules.CONFIRMED
    assert verdict(strength(0.60, 0.61, 0.62), ablation=(0.60, 0.61, 0.62)) == rules.CONTRADICTED
    assert verdict(strength(0.60, 0.73, 0.68)) == rules.INCONCLUSIVE  # one of two ahead is not most


def test_a_family_is_judged_as_a_kind_with_widened_intervals():
    """Six smooth functions against ReLU: one clearly worse and five within the noise leave the
    kind undecided; and a gain that a single 95 % interval shows can vanish in a family's."""
    assert rules.most([-1, 0, 0, 0, 0, 0]) == rules.INCONCLUSIVE
    assert rules.most([1, 1, 1, 1, 0, -1]) == rules.INCONCLUSIVE
    assert rules.most([1, 1, 1, 1, 0, 0]) == rules.CONFIRMED
    assert rules.most([1, 0, 0, 0]) == rules.INCONCLUSIVE  # one member alone does not decide
    assert rules.most([-1, -1, 0]) == rules.CONTRADICTED
    gain = [0.02, 0.04, 0.03]
    assert rules.Ruler().sign("one", gain) == 1
    assert rules.Ruler().sign("one of six", gain, level=stats.family_level(6)) == 0


def zigzag(sigmoid_apart, tanh_apart, sigmoid_together, tanh_together) -> dict:
    def model(apart, together):
        return {"steps_to_target": seeds(*apart), "steps_to_control": seeds(*together),
                "same_sign_share": seeds(1.0, 1.0, 1.0)}
    return {"settings": {"close_enough": 0.1},
            "sigmoid": model(sigmoid_apart, sigmoid_together), "tanh": model(tanh_apart, tanh_together)}


@pytest.mark.parametrize("sigmoid_together, verdict", [
    ((12, 10, 14), rules.CONFIRMED),  # slow only where the weights must move apart
    ((120, 100, 140), rules.QUALIFIED),  # as slow towards (1, 1): not the sign's fault
])
def test_the_sign_combinations_rule_needs_its_control(sigmoid_together, verdict):
    numbers = zigzag((120, 100, 140), (12, 10, 14), sigmoid_together, (12, 10, 14))
    assert judge("sign-combinations", {"sigmoid-tanh/zigzag": numbers}).verdict == verdict
    faster = zigzag((10, 12, 11), (12, 10, 14), (10, 12, 11), (12, 10, 14))
    assert judge("sign-combinations", {"sigmoid-tanh/zigzag": faster}).verdict == rules.CONTRADICTED


@pytest.mark.parametrize("back, verdict", [((30, 80), rules.CONFIRMED), ((0, 11), rules.QUALIFIED),
                                           ((29, 75), rules.CONFIRMED), ((28, 75), rules.QUALIFIED),
                                           ((40, 2), rules.QUALIFIED)])
def test_leaky_relu_units_must_mostly_come_back_after_the_large_update(back, verdict):
    """More than half of the killed units in every layer that lost any (57 and 148 here)."""
    def layers(counts):
        return [{"back": {"units": units, "of": of}} for units, of in zip(counts, (57, 148))]
    large_step = {"settings": {"epochs_after": 20},
                  "models": {"leaky-relu": {"layers": layers(back)}, "relu": {"layers": layers((0, 13))},
                             "elu": {"layers": layers((1, 11))}}}
    assert judge("leaky-relu-no-dying", {"relu-family/large-step": large_step}).verdict == verdict


def test_the_sign_test_counts_seeds_for_all_or_nothing_outcomes():
    """Nine seeds of ten are needed (two-sided, 5 %); ties drop out of the count."""
    assert stats.decisive_count(10) == 9 and stats.decisive_count(9) == 8 and stats.decisive_count(5) == 6
    ruler = rules.Ruler()
    assert relu_family.seeds_ahead(ruler, "x", [0.6, 0.01, 0.02, 0.03, 0.01, 0.02, 0.01, 0.04, 0.02, -0.01]) == 1
    assert relu_family.seeds_ahead(ruler, "x", [0.6, 0.01, 0.02, 0.03, 0.01, 0.02, 0.01, 0.04, -0.02, -0.01]) == 0
    assert relu_family.seeds_ahead(ruler, "x", [0.6, 0.01, 0.02, 0.03, 0.01, 0.02, 0.01, 0.04, 0.0, -0.01]) == 1  # 8 of 9
    assert ruler.margin()[0].unit == rules.SEED_COUNT


@pytest.mark.parametrize("prelu, verdict", [((0.98, 0.981, 0.979, 0.98), rules.CONTRADICTED),
                                            ((0.971, 0.969, 0.97, 0.97), rules.CONFIRMED)])
def test_prelu_must_beat_every_fixed_slope_to_be_a_clear_gain(prelu, verdict):
    sweep = {"prelu": seeds(*prelu), "slopes": {"0.0": seeds(0.97, 0.97, 0.971, 0.969),
                                                "0.3": seeds(0.95, 0.95, 0.951, 0.949)}}
    assert judge("prelu-no-clear-gain", {"relu-family/slopes": sweep}).verdict == verdict


def test_both_slope_claims_read_the_average_slope():
    """One measure for the two claims: what the derivatives give averaged over the inputs a unit
    meets, not the steepest point of one and the whole range of the other."""
    def shapes(sigmoid: float, tanh: float) -> dict:
        return {"sigmoid-tanh/shapes": {"mean_slope_normal": {"sigmoid": sigmoid, "tanh": tanh},
                                        "largest_slope": {"sigmoid": 0.25, "tanh": 1.0}, "tanh_steeper_within": 1.66}}
    assert judge("tanh-larger-gradients", shapes(0.21, 0.61)).verdict == rules.QUALIFIED  # not beyond |x| = 1.66
    assert judge("sigmoid-slope-slightly-smaller", shapes(0.21, 0.61)).verdict == rules.CONTRADICTED
    assert judge("sigmoid-slope-slightly-smaller", shapes(0.55, 0.61)).verdict == rules.CONFIRMED
    assert judge("tanh-larger-gradients", shapes(0.61, 0.55)).verdict == rules.CONTRADICTED


def test_relu_is_cheap_when_it_needs_no_transcendental_operation():
    def counted(relu: list[str]) -> dict:
        def entry(names):
            return {"operations": len(names), "names": names,
                    "transcendental": sum(name in ("exp", "tanh") for name in names)}
        return {"xor/operations": {"functions": {"relu": entry(relu), "sigmoid": entry(["neg", "exp", "add", "div"]),
                                                 "tanh": entry(["tanh"])}}}
    assert judge("relu-fast-to-compute", counted(["le", "where"])).verdict == rules.CONFIRMED
    assert judge("relu-fast-to-compute", counted(["exp", "where"])).verdict == rules.CONTRADICTED


def test_the_sites_own_questions_are_marked_apart_on_the_claims_page(built_site):
    judged = built_verdicts(built_site)
    ours = {id for id, record in judged.items() if record["ours"]}
    assert ours == {"any-nonlinearity-solves-xor"}
    page = page_html(built_site, "claims.md")
    for id in judged:
        box = page.split(f'id="{id}"', 1)[1].split("</div>", 1)[0]
        assert (presentation.OURS in box) == (id in ours), id
        assert ("The lecture:" in box) == (id not in ours), id


def test_a_rule_that_cannot_read_its_numbers_names_its_claim():
    files = {f"{name}.json": b"{}" for claim in ledger.CLAIMS for name in claim.needs}
    with pytest.raises(verdicts.ClaimFailed, match="claim 'cross-entropy-takes-logits' could not be judged"):
        verdicts.judge(files)


def test_a_claim_the_build_cannot_judge_fails_it_as_a_claim():
    """The build stops as when a figure fails (the command line and MkDocs report a FigureFailed
    in a line), and a caller can still tell a claim's failure from a figure's."""
    from figures_src.engine.manifest import claim_outputs
    from figures_src.engine.runner import FigureFailed, Result

    files = {f"{name}.json": b"{}" for claim in ledger.CLAIMS for name in claim.needs}
    with pytest.raises(verdicts.ClaimFailed, match="claim 'cross-entropy-takes-logits' could not be judged") as raised:
        claim_outputs([Result(figure=None, key="", files=files, seconds=0.0, cached=False)])
    assert isinstance(raised.value, FigureFailed)


def test_a_partial_build_judges_only_the_claims_whose_numbers_it_made():
    """A build of some figures (--only) judges every claim whose results it made, and lists those
    that need none (untested, with the reason); the others it leaves out rather than fail them."""
    def entry(names):
        return {"operations": len(names), "names": names,
                "transcendental": sum(name in ("exp", "tanh") for name in names)}
    operations = {"functions": {"relu": entry(["le", "where"]), "sigmoid": entry(["neg", "exp", "add", "div"]),
                                "tanh": entry(["tanh"])}}
    untested = {claim.id for claim in ledger.CLAIMS if not claim.needs}
    assert untested and all(claim.untested_because for claim in ledger.CLAIMS if not claim.needs)
    judged = verdicts.judge({"xor/operations.json": json.dumps(operations).encode()})
    from_operations = {claim.id for claim in ledger.CLAIMS if claim.needs and set(claim.needs) <= {"xor/operations"}}
    assert "relu-fast-to-compute" in from_operations and set(judged) == untested | from_operations
    assert judged["relu-fast-to-compute"]["verdict"] == rules.CONFIRMED
    assert {judged[id]["verdict"] for id in untested} == {rules.NOT_TESTED}
    assert set(verdicts.judge({})) == untested


# ---------------------------------------------------------------- a flipped verdict stops the build


def test_flipping_an_experiments_outcome_fails_the_build_naming_the_claim_and_the_page(warm_project_copy):
    """Said at any verbosity: the build runs with -q, which hides MkDocs' warnings."""
    module = warm_project_copy / "figures_src" / "figures" / "pytorch_api.py"
    source = module.read_text()
    broken = "loss_b = F.nll_loss(F.softmax(logits, dim=1), targets)"  # probabilities, not log-probabilities
    module.write_text(source.replace("loss_b = F.nll_loss(F.log_softmax(logits, dim=1), targets)", broken))
    assert broken in module.read_text()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=warm_project_copy,
                            env=figures_env(warm_project_copy / ".cache" / "figures", pythonpath=warm_project_copy),
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "pytorch-api.md: the claim 'cross-entropy-takes-logits' now comes out 'contradicted'" in result.stderr
    assert not (warm_project_copy / "site" / "pytorch-api" / "index.html").exists()


def renderings(value) -> set[str]:
    """How a rule's text may write a line: 0.025, 80 %, 3 points, 5-point, 10⁻⁶."""
    if isinstance(value, tuple):
        return {text for part in value for text in renderings(part)}
    texts = {f"{value:g}", f"{100 * value:g} %", f"{100 * value:g} point", f"{100 * value:g}-point"}
    exponent = math.log10(value)
    if exponent == round(exponent):
        texts.add(f"10{stats.superscript(round(exponent))}")
    return texts


def test_every_line_a_judge_draws_is_the_one_its_rule_states():
    """A line is defined once, in tolerances.py; a claim's rule states it in words. Each named line
    a judge compares with must be written in its claim's rule, so that changing tolerances.py
    without the rule (or the rule without tolerances.py) fails here."""
    lines = {name for name in dir(tolerances) if name.isupper()}
    unstated = []
    for claim in ledger.CLAIMS:
        if claim.judge is None:
            continue
        used = {node.id for node in ast.walk(ast.parse(inspect.getsource(claim.judge)))
                if isinstance(node, ast.Name) and node.id in lines}
        unstated += [f"{claim.id}: {name} = {getattr(tolerances, name)}" for name in sorted(used)
                     if not any(text in claim.rule for text in renderings(getattr(tolerances, name)))]
    assert unstated == []


def test_a_claim_placed_off_the_topic_pages_is_named_in_one_line(monkeypatch):
    """The claims page names each claim's page by its topic: a claim on another page stops the
    build with a ClaimFailed naming it, not with a KeyError from deep in the page's Markdown."""
    elsewhere = dataclasses.replace(ledger.CLAIMS[0], id="made-up-claim", page="gallery.md#relu")
    monkeypatch.setattr(verdicts, "CLAIMS", [*ledger.CLAIMS, elsewhere])
    with pytest.raises(verdicts.ClaimFailed, match="'made-up-claim' is placed on 'gallery.md#relu'"):
        verdicts.judge({})
