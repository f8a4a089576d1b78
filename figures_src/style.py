"""Light and dark themes matching Material for MkDocs' default and slate schemes."""

from __future__ import annotations

from dataclasses import dataclass

# Every static figure has the same size, so pages can reserve its space before it loads.
FIGURE_SIZE = (6.4, 3.6)  # inches
DISPLAY_DPI = 100  # CSS pixels per inch: a figure is shown 640 x 360
DPI = 150  # pixels per inch in the file: sharp on high-density screens
GIF_DPI = DISPLAY_DPI  # animations are drawn at screen resolution: GIFs are large already
PNG_COLOURS = 64  # line plots need few colours; a palette makes files about 3x smaller
GIF_COLOURS = 64  # one palette shared by every frame of an animation


def css_size(path: str, pixels: tuple[int, int]) -> tuple[int, int]:
    """The size in CSS pixels at which a figure file of this many pixels is shown."""
    density = (GIF_DPI if path.endswith(".gif") else DPI) / DISPLAY_DPI
    return round(pixels[0] / density), round(pixels[1] / density)


@dataclass(frozen=True)
class Theme:
    name: str  # also the suffix of the file names: sigmoid-light.png, sigmoid-dark.png
    background: str
    foreground: str
    grid: str
    function: str  # colour of f(x)
    derivative: str  # colour of f'(x)
    classes: tuple[str, str] = ("#f28e2b", "#4e79a7")  # the lecture's orange squares, blue dots
    regions: tuple[str, str] = ("#fde3c8", "#d3e1ee")  # decision regions, tints of the classes


LIGHT = Theme("light", background="#ffffff", foreground="#1f2328", grid="#d8dde3",
              function="#3949ab", derivative="#e8710a")
# Material's slate background is hsl(232, 15%, 14%).
DARK = Theme("dark", background="#1e2029", foreground="#e3e5ea", grid="#3a3f4d",
             function="#9fa8f5", derivative="#ffb74d", classes=("#ffa24d", "#6fa8dc"),
             regions=("#4a3524", "#243a4f"))
THEMES = (LIGHT, DARK)


def rc_params(theme: Theme) -> dict:
    """Matplotlib settings for one theme, including those that make the bytes reproducible."""
    return {
        "figure.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "axes.facecolor": theme.background,
        "axes.edgecolor": theme.foreground,
        "axes.labelcolor": theme.foreground,
        "axes.titlecolor": theme.foreground,
        "text.color": theme.foreground,
        "xtick.color": theme.foreground,
        "ytick.color": theme.foreground,
        "grid.color": theme.grid,
        "legend.facecolor": theme.background,
        "legend.edgecolor": theme.grid,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "font.size": 11,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "path.simplify": False,
    }
