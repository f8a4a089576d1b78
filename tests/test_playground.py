"""The playground's browser code against PyTorch (docs/javascripts/playground/)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import torch
from conftest import ROOT
from torch import nn

from figures_src.science.catalog import CATALOG

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# f and f′ of every catalogue function, PyTorch's generator and the initial weights it draws are
# checked against PyTorch in Node (tests/test_playground_math.py); here the served page is.
PLAYGROUND = "/playground/"
TRAINED_IN_THE_PAGE = """async (reference) => {
    const { Network, dataset } = await import("/javascripts/playground/network.js");
    const parameters = Object.fromEntries(reference.activations.map(a => [a.slug, a.parameters]));
    const trained = {};
    for (const [name, { x, y, set_up, pytorch }] of Object.entries(reference.data)) {
        const data = dataset(x, y), sizes = [2, ...Array(set_up.layers).fill(set_up.width), data.classes];
        for (const slug of Object.keys(pytorch)) {
            const network = Network.seeded(slug, parameters[slug], sizes, set_up.seed), losses = [];
            for (let step = 0; step < reference.steps_compared; step++) losses.push(network.step(data, set_up.learning_rate));
            const { loss, accuracy } = network.evaluate(data);
            trained[`${name} ${slug}`] = { losses: [...losses, loss], correct: Math.round(accuracy * data.n) };
        }
    }
    return trained;
}"""


def test_the_page_trains_every_network_step_for_step_as_pytorch(browser, site_server, built_site):
    """Each data set's network as its page trains it (XOR: the XOR page's seed-123 network, 50
    units, learning rate 0.1; spirals: the ReLU family page's two layers of 32, seed 0) with every
    catalogue function, 25 full-batch steps from the weights the page draws: every step's loss
    within 1e-12 of PyTorch's, the same points right at the end (both train in float64; the
    browser's exp and log round the last bit otherwise than PyTorch's)."""
    reference = json.loads((built_site["out"] / "playground" / "playground.json").read_text())
    assert reference["steps_compared"] == 25
    assert {name: set(d["pytorch"]) for name, d in reference["data"].items()} \
        == {"xor": {a.slug for a in CATALOG}, "spirals": {a.slug for a in CATALOG}}
    page = browser.new_page()
    page.goto(site_server + PLAYGROUND)
    trained = page.evaluate(TRAINED_IN_THE_PAGE, reference)
    page.close()
    expected = {f"{name} {slug}": (run["losses"], round(run["accuracy"] * len(d["y"])))
                for name, d in reference["data"].items() for slug, run in d["pytorch"].items()}
    differences = {key: max(abs(a - b) for a, b in zip(trained[key]["losses"], losses))
                   for key, (losses, _) in expected.items()}
    assert {key: d for key, d in differences.items() if not d <= 1e-12} == {}
    assert {key: (trained[key]["correct"], correct) for key, (_, correct) in expected.items()
            if trained[key]["correct"] != correct} == {}


def test_the_page_says_where_prelus_slope_starts_and_in_which_precision(built_site):
    """The comparison starts PReLU from the catalogue's slope, the one the page names: what
    nn.PReLU holds made in float64 (and, for this slope, in float32 too, as the page says); a slope
    typed in is held as a float64, as nn.PReLU holds it in float64, and the page's float32 example
    is float32's own rounding of 0.05."""
    reference = json.loads((built_site["out"] / "playground" / "playground.json").read_text())
    start = next(a for a in reference["activations"] if a["slug"] == "prelu")["parameters"]["init"]
    assert start == nn.PReLU(dtype=torch.float64).weight.item() == nn.PReLU(dtype=torch.float32).weight.item()
    assert nn.PReLU(init=0.05, dtype=torch.float64).weight.item() == 0.05
    float32 = nn.PReLU(init=0.05, dtype=torch.float32).weight.item()
    assert float32 != 0.05
    page = (built_site["site"] / PLAYGROUND.strip("/") / "index.html").read_text()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    assert f"starts where you set it, {start} unless you change it, held as a float64" in text
    assert f"for a slope such as 0.05 is {float32!r}" in text
    assert f"(PReLU from {start})" in text


def status(page) -> str:
    return page.locator("[role=status]").text_content()


def wait_for_step(page, step: int) -> None:
    page.wait_for_function(f"document.querySelector('[role=status]').dataset.step === '{step}'")


def open_playground(browser, site_server, query="", before=None, **context):
    """The playground, drawn, in a new browser context; `before`: a script run before the page's own."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # there, as the browser fixture is

    page = browser.new_context(**context).new_page()
    if before:
        page.add_init_script(before)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_server + PLAYGROUND + query)
    try:
        page.wait_for_selector("#playground[data-frames]")  # drawn: the trainer has taken the steps asked for
    except PlaywrightTimeout:
        raise AssertionError(f"the playground was never drawn; the page's errors: {errors}") from None
    page.errors = errors
    return page


def assert_trains_to_pytorchs_loss(page, reference) -> None:
    """25 presses of "One step" on the XOR page's ReLU network show PyTorch's final loss and accuracy."""
    relu = reference["data"]["xor"]["pytorch"]["relu"]
    for _ in range(25):
        page.get_by_role("button", name="One step").click()
    wait_for_step(page, 25)
    assert status(page) == (f"Step 25: loss {relu['losses'][-1]:.4f}, {100 * relu['accuracy']:.1f}% "
                            f"of the {len(reference['data']['xor']['y'])} points right.")


def test_the_lecture_set_up_in_the_page_ends_at_pytorchs_loss(browser, site_server, built_site):
    """The page itself, driven as a reader drives it: 25 steps of the XOR page's ReLU network
    show PyTorch's final loss and accuracy."""
    reference = json.loads((built_site["out"] / "playground" / "playground.json").read_text())
    page = open_playground(browser, site_server)
    assert_trains_to_pytorchs_loss(page, reference)
    assert page.errors == []
    page.context.close()


# Which of the given colours (#rrggbb) a canvas holds somewhere, exactly.
COLOURS_DRAWN = """([selector, colours]) => {
    const canvas = document.querySelector(selector);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const drawn = new Set();
    for (let p = 0; p < pixels.length; p += 4) {
        if (pixels[p + 3] === 255) drawn.add("#" + [0, 1, 2].map(i => pixels[p + i].toString(16).padStart(2, "0")).join(""));
    }
    return colours.filter(colour => drawn.has(colour.toLowerCase()));
}"""


@pytest.mark.parametrize("offscreen", [True, False], ids=["OffscreenCanvas", "no-OffscreenCanvas"])
def test_the_page_draws_and_trains_with_or_without_offscreen_canvas(browser, site_server, built_site, offscreen):
    """Without OffscreenCanvas (deleted before the page's scripts run), the views' pictures are
    painted on canvas elements off the page instead: the regions show the data points in their
    classes' colours on the regions' tints, each hidden unit is drawn, and the network trains
    to PyTorch's loss."""
    reference = json.loads((built_site["out"] / "playground" / "playground.json").read_text())
    light = reference["themes"]["light"]
    page = open_playground(browser, site_server, color_scheme="light",
                           before=None if offscreen else "delete globalThis.OffscreenCanvas")
    assert page.evaluate("typeof OffscreenCanvas") == ("function" if offscreen else "undefined")
    assert_trains_to_pytorchs_loss(page, reference)
    assert page.evaluate(COLOURS_DRAWN, ["canvas[data-view=regions]", light["classes"][:2]]) == light["classes"][:2]
    corner = page.evaluate("() => [...document.querySelector('canvas[data-view=regions]').getContext('2d')"
                           ".getImageData(1, 1, 1, 1).data]")
    assert corner[3] == 255 and corner[:3] != [0, 0, 0], corner  # the regions painted under the points
    painted = page.evaluate("""() => { const canvas = document.querySelector('.playground-units canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels.filter((alpha, i) => i % 4 === 3 && alpha > 0).length / (pixels.length / 4); }""")
    assert painted > 0.5  # the hidden units' tiles, most of the canvas
    assert page.errors == []
    page.context.close()


LINKED = "?data=spirals&activation=leaky-relu&negative_slope=0.2&layers=3&width=7&lr=0.05&seed=9&steps=40"


def test_a_link_round_trips_the_whole_state_and_reproduces_the_network(browser, site_server):
    """The URL holds data, function and its argument, depth, width, learning rate, seed and steps:
    the page shows them, writes the same URL back, and a reload reaches the very same loss."""
    page = open_playground(browser, site_server, LINKED)
    controls = {name: page.locator(f"[name={name}]").input_value()
                for name in ("data", "activation", "parameter-negative_slope", "layers", "width", "lr", "seed")}
    assert controls == {"data": "spirals", "activation": "leaky-relu", "parameter-negative_slope": "0.2",
                        "layers": "3", "width": "7", "lr": "0.05", "seed": "9"}
    assert page.evaluate("location.search") == LINKED
    at_40 = status(page)
    assert at_40.startswith("Step 40: loss ")
    page.get_by_role("button", name="One step").click()
    wait_for_step(page, 41)
    assert page.evaluate("location.search") == LINKED.replace("steps=40", "steps=41")
    at_41 = status(page)
    page.reload()
    wait_for_step(page, 41)
    assert status(page) == at_41 != at_40
    page.goto(site_server + PLAYGROUND + LINKED)
    wait_for_step(page, 40)
    assert status(page) == at_40
    page.context.close()


def test_changing_a_control_starts_a_new_network_and_says_so_in_the_url(browser, site_server):
    page = open_playground(browser, site_server, "?steps=5")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("+document.querySelector('[role=status]').dataset.step > 5")  # played on from the link's
    page.locator("[name=activation]").select_option("elu")  # while playing: it stops and starts anew, from step 0
    assert page.evaluate("location.search") == \
        "?data=xor&activation=elu&alpha=1&layers=1&width=50&lr=0.1&seed=123&steps=0"
    page.get_by_role("button", name="Play").wait_for()
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('Step 0: ')")
    page.locator("[name=parameter-alpha]").fill("0.5")
    page.locator("[name=parameter-alpha]").dispatch_event("change")
    page.locator("[name=width]").fill("12")
    page.locator("[name=width]").dispatch_event("change")
    assert page.evaluate("location.search") == \
        "?data=xor&activation=elu&alpha=0.5&layers=1&width=12&lr=0.1&seed=123&steps=0"
    page.wait_for_function("document.querySelector('.playground-units canvas').ariaLabel.includes('its 12 units')")
    assert status(page).startswith("Step 0: ") and page.errors == []
    assert page.locator(".playground-problems").is_hidden()
    page.context.close()


def test_the_other_data_set_comes_with_its_pages_set_up(browser, site_server, built_site):
    """Spirals: the ReLU family page's network (two layers of 32, learning rate 0.2, seed 0), with
    PyTorch's losses drawn as rings."""
    page = open_playground(browser, site_server, "?activation=tanh&width=8")
    page.locator("[name=data]").select_option("spirals")
    assert page.evaluate("location.search") == \
        "?data=spirals&activation=tanh&layers=2&width=32&lr=0.2&seed=0&steps=0"
    page.wait_for_function("document.querySelector('canvas[data-view=loss]').ariaLabel.includes('rings')")
    page.context.close()


@pytest.mark.parametrize("query, problems", [
    ("?width=999&activation=softmax&lr=-1&layers=2",
     'no activation "softmax"; width=999 is not a whole number from 1 to 64; lr=-1 is not a number above 0, at most 10'),
    ("?data=toString&activation=constructor&steps=20001",
     'no data set "toString"; no activation "constructor"; steps=20001 is not a whole number from 0 to 20000'),
    ("?activation=celu&alpha=-1", "alpha must be above 0"),
    ("?activation=relu&alpha=2", "ReLU has no argument alpha"),
])
def test_values_that_do_not_fit_are_named_and_replaced(browser, site_server, query, problems):
    page = open_playground(browser, site_server, query)
    assert page.locator(".playground-problems:not([hidden])").text_content() == f"Not used: {problems}."
    defaults = parse_qs("data=xor&layers=1&width=50&lr=0.1&seed=123&steps=0")
    shown = parse_qs(page.evaluate("location.search")[1:])
    assert {name: shown[name] for name in defaults if name != "layers"} == \
        {name: value for name, value in defaults.items() if name != "layers"}
    assert shown.get("alpha") in (None, ["1.0"], ["1"]) and status(page).startswith("Step 0: ")
    page.context.close()


def test_playing_stops_where_a_link_could_no_longer_follow(browser, site_server):
    page = open_playground(browser, site_server, "?data=xor&layers=1&width=1&steps=19990")
    page.locator("[name=speed]").select_option("1000")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Play").wait_for()
    wait_for_step(page, 20000)
    assert page.locator(".playground-problems").text_content() == \
        "Paused at step 20000, the most a link can hold; Reset starts again."
    assert page.evaluate("location.search").endswith("&steps=20000")
    page.context.close()


# The page's trainer (a Worker), kept where the test can reach it, with a count of the snapshots
# it sends that hold no new losses. It answers each "pause" with a snapshot, in the order the
# messages came, and sends nothing unasked once paused: a second "pause", sent after the page's,
# is answered by such a snapshot, after the answer to the page's.
TRAINER_WATCHED = """window.Worker = class extends Worker {
    constructor(...args) {
        super(...args);
        window.trainer = this;
        window.idleSnapshots = 0;
        this.addEventListener("message", ({ data }) => { if (data.losses?.length === 0) window.idleSnapshots++; });
    }
};"""
PAUSE_ANSWERED = """() => { window.idleSnapshots = 0; window.trainer.postMessage({ type: "pause" }); }"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_nothing_trains_until_the_reader_asks_and_the_keyboard_runs_it(browser, site_server, motion):
    """No training and no redrawing on its own (reduced motion or not); Play, reached with the
    keyboard, trains and redraws until pressed again."""
    context = browser.new_context(reduced_motion=motion)
    context.add_init_script(TRAINER_WATCHED)
    page = context.new_page()
    page.goto(site_server + PLAYGROUND)
    page.wait_for_selector("#playground[data-frames]")  # drawn: the trainer has taken the steps asked for
    frames = page.locator("#playground").get_attribute("data-frames")
    page.wait_for_timeout(500)
    assert page.locator("#playground").get_attribute("data-frames") == frames and status(page).startswith("Step 0:")
    page.get_by_role("button", name="Play").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("+document.querySelector('[role=status]').dataset.step >= 10")
    page.get_by_role("button", name="Pause").wait_for()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Play").wait_for()
    page.evaluate(PAUSE_ANSWERED)
    page.wait_for_function("() => window.idleSnapshots > 0")  # the pause's snapshot has arrived, and was drawn
    stopped = status(page)
    page.wait_for_timeout(500)
    assert status(page) == stopped
    assert page.evaluate("location.search").endswith(f"&steps={page.locator('[role=status]').get_attribute('data-step')}")
    page.context.close()


def test_without_scripts_the_page_says_what_it_needs(browser, site_server):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(site_server + PLAYGROUND)
    assert "needs JavaScript" in page.locator("noscript").first.inner_text() or \
        page.get_by_text("needs JavaScript").is_visible()
    page.context.close()


DATA_FILE = "**/figures/playground/playground.json"
NO_DATA = {  # how the request for the page's data can fail, and the reason the page gives
    "no answer": (lambda route: route.abort(), "the request did not go through: Failed to fetch"),
    "not found": (lambda route: route.fulfill(status=404, body="Not found"), "the server answered 404 Not Found"),
    "a page instead": (lambda route: route.fulfill(body="<!doctype html><title>Sign in</title>", content_type="text/html"),
                       "what the server sent is not JSON"),
    "other JSON": (lambda route: route.fulfill(json={"steps_compared": 25}),
                   "what the server sent is not the playground's data"),
}


@pytest.mark.parametrize("failure", NO_DATA)
def test_without_its_data_the_page_says_so_where_the_playground_would_be(browser, site_server, failure):
    """A failed request for playground.json leaves no dead controls: in their place, a sentence
    (an alert) that says what went wrong and what to do, and the same error in the console."""
    answer, reason = NO_DATA[failure]
    page = browser.new_context().new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error.message))
    page.route(DATA_FILE, answer)
    page.goto(site_server + PLAYGROUND)
    alert = page.locator("#playground [role=alert]")
    alert.wait_for()  # visible
    sentence = f"The playground's data could not be loaded ({reason}). Reload the page to try again."
    assert alert.text_content() == sentence
    assert page.locator("#playground :is(form, button, canvas, [role=status])").count() == 0
    assert errors == [sentence]
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_playground_has_no_accessibility_violations(browser, site_server, scheme):
    """axe, every rule, with a function's arguments shown and the network trained a little."""
    page = open_playground(browser, site_server, "?activation=hardtanh&steps=3", color_scheme=scheme)
    page.add_script_tag(path=AXE)
    violations = page.evaluate("""async () => (await axe.run(document)).violations
        .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))""")
    assert violations == []
    page.context.close()


def test_the_regions_follow_the_colour_scheme(browser, site_server):
    """Switching the scheme with the site's toggle redraws in the other scheme's colours."""
    page = open_playground(browser, site_server, color_scheme="light")
    corner = "() => [...document.querySelector('canvas[data-view=regions]').getContext('2d').getImageData(1, 1, 1, 1).data]"
    light = page.evaluate(corner)
    page.locator("[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    dark = page.evaluate(corner)
    assert sum(light[:3]) > 3 * 180 and sum(dark[:3]) < 3 * 110, (light, dark)
    page.context.close()


def playground_links(site: Path) -> dict[str, set[str]]:
    """The query strings of the site's links to the playground, by the page they are on."""
    links = {}
    for page in site.rglob("index.html"):
        queries = set(re.findall(r'href="(?:\.\./)*playground/(\?[^"#]+)"', page.read_text()))
        if queries:
            links[str(page.parent.relative_to(site))] = {html.unescape(query) for query in queries}
    return links


def test_every_link_to_the_playground_opens_the_state_it_names(browser, site_server, built_site):
    """The training pages link to their own set-ups: each link's values are taken as they are."""
    links = playground_links(built_site["site"])
    assert set(links) >= {"xor", "sigmoid-tanh", "relu-family", "smooth-adversarial"}
    refused = {}
    for query in set().union(*links.values()):
        page = open_playground(browser, site_server, query)
        shown = parse_qs(page.evaluate("location.search")[1:])
        asked = parse_qs(query[1:])
        if page.locator(".playground-problems:not([hidden])").count() or any(shown[k] != v for k, v in asked.items()):
            refused[query] = page.evaluate("location.search")
        page.context.close()
    assert refused == {}
