"""Colours: one per catalogue function (its hue in its catalogue entry, darkened or lightened per
scheme by figures_src/drawing/style.py), every series
colour standing out from both schemes' backgrounds by 3:1 (WCAG 1.4.11, for the lines and markers
that carry a graphic's meaning), and functions drawn together told apart.

Contrast and colour difference are computed from their definitions (WCAG 2's relative
luminance, CIE L*a*b*; the helpers are conftest's, shared with the browser tests), not with the
helpers style.py uses to choose the colours."""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import re

import pytest
from conftest import ciede2000, contrast_ratio, lab
from PIL import Image

from figures_src.drawing.style import THEMES
from figures_src.engine.registry import discover
from figures_src.science.catalog import CATALOG

SCHEMES = pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
SERIES = ("foreground", "function", "derivative", "neutral")  # the themes' colours for series
PAGE_MODULES = sorted({figure.make.__module__ for figure in discover()})  # every module that makes figures


def functions_named(module: str) -> set[str]:
    """The catalogue functions a page module names: every string in its code that is a slug (in a
    theme.colour call, a tuple of the functions it compares, a model it trains). A module that
    draws a function names it, or takes it from the catalogue in a loop that draws one function a
    picture (the gallery, the home page, the dance moves)."""
    slugs = {activation.slug for activation in CATALOG}
    return {node.value for node in ast.walk(ast.parse(inspect.getsource(importlib.import_module(module))))
            if isinstance(node, ast.Constant) and node.value in slugs}


# The functions each page draws, and so may draw together, as its module names them: read from
# the modules, so that a figure added to a page is checked with the others.
DRAWN_TOGETHER = {module: functions_named(module) for module in PAGE_MODULES}
MIN_DIFFERENCE = 20  # CIE76 ΔE between two functions drawn together: clearly different colours


def difference(first: str, second: str) -> float:
    return sum((a - b) ** 2 for a, b in zip(lab(first), lab(second))) ** 0.5


def test_ciede2000_gives_the_published_differences():
    """Pairs from Sharma, Wu and Dalal's test data (a hue angle near 270°, the blue region's
    rotation term, a grey against a colour, larger differences)."""
    pairs = [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425), ((50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0),
             ((50, 0, 0), (50, -1, 2), 2.3669), ((50, 2.5, 0), (73, 25, -18), 27.1492),
             ((50, 2.5, 0), (61, -5, 29), 22.8977), ((50, 2.5, 0), (56, -27, -3), 31.9030)]
    assert [round(ciede2000(first, second), 4) for first, second, _ in pairs] == [d for _, _, d in pairs]


@SCHEMES
def test_every_function_and_series_colour_stands_out_from_the_background_by_3_to_1(theme):
    colours = {activation.slug: theme.colour(activation.slug) for activation in CATALOG}
    colours |= {name: getattr(theme, name) for name in SERIES}
    colours |= {f"class {index}": colour for index, colour in enumerate(theme.classes)}
    weak = {name: round(contrast_ratio(colour, theme.background), 2) for name, colour in colours.items()
            if contrast_ratio(colour, theme.background) < 3}
    assert weak == {}


@SCHEMES
def test_functions_drawn_together_have_clearly_different_colours(theme):
    assert max(map(len, DRAWN_TOGETHER.values())) >= 3  # the modules' names are found
    alike = {}
    for figure, slugs in DRAWN_TOGETHER.items():
        for first, second in itertools.combinations(sorted(slugs), 2):
            if (gap := difference(theme.colour(first), theme.colour(second))) < MIN_DIFFERENCE:
                alike[f"{figure}: {first} and {second}"] = round(gap, 1)
    assert alike == {}


@SCHEMES
def test_each_function_has_a_colour_of_its_own(theme):
    colours = [theme.colour(activation.slug) for activation in CATALOG]
    assert len(set(colours)) == len(CATALOG)


COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}|C[0-9]|tab(?:10|20)[bc]?")


def test_page_modules_choose_no_colours_of_their_own():
    """A page module draws a function in theme.colour(slug) and other series in the theme's
    colours; a colour written in the module (a hex code, matplotlib's C0–C9, a qualitative colour
    map) would give a function another colour on that page."""
    assert PAGE_MODULES  # every module that makes figures, wherever it lives (not a folder's files)
    chosen = {}
    for module in PAGE_MODULES:
        for node in ast.walk(ast.parse(inspect.getsource(importlib.import_module(module)))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and COLOUR_LITERAL.fullmatch(node.value):
                chosen.setdefault(module, []).append(f"line {node.lineno}: {node.value!r}")
    assert chosen == {}


def colours_in(file) -> list[tuple[int, int, int]]:
    with Image.open(file) as image:
        return [colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16)]


@pytest.mark.parametrize("folder", ["gallery", "index"])
def test_pictures_of_one_function_draw_it_in_its_colour(built_site, folder):
    """The gallery's plots and the home page's panels each draw one function: its colour (to the
    rounding of the file's 64-colour palette) is in the picture, in both schemes."""
    missing = {}
    for activation in CATALOG:
        for theme in THEMES:
            expected = tuple(int(theme.colour(activation.slug)[i:i + 2], 16) for i in (1, 3, 5))
            file = built_site["out"] / folder / f"{activation.slug}-{theme.name}.png"
            nearest = min(sum(abs(a - b) for a, b in zip(colour, expected)) for colour in colours_in(file))
            if nearest > 12:
                missing[file.name] = nearest
    assert missing == {}
