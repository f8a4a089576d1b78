"""Light and dark themes matching Material for MkDocs' default and slate schemes."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

# Every static figure has the same size, so pages can reserve its space before it loads.
FIGURE_SIZE = (6.4, 3.6)  # inches; no figure is wider, so a desktop page shows it at full size
# Points, the smallest text of a figure: a 6.4-inch figure squeezed onto a 390-pixel phone (358
# CSS pixels of content) still shows it 9 CSS pixels high (tests/test_browser.py checks every figure).
TEXT_SIZE = 12
DISPLAY_DPI = 100  # CSS pixels per inch: a figure is shown 640 x 360
DPI = 150  # pixels per inch in the file: sharp on high-density screens
ANIMATION_DPI = 2 * DISPLAY_DPI  # animations: sharp on phones' screens, and small as video
PNG_COLOURS = 64  # line plots need few colours; a palette makes files about 3x smaller
GIF_COLOURS = 64  # one palette shared by every frame of a GIF (benchmarks/animation_formats.py)
# For teachers' slides: every figure also as "<stem>-slide.png", in the light scheme on white, at
# twice its size on the page (1280 x 720 pixels, a 16:9 slide's full width on a 1280-pixel
# projector); and every animation also as "<stem>-light.gif", a loop for slides, chats and READMEs.
# Pages link to them under the figure and never load them (site_hooks/figure_outputs.py).
SLIDE_DPI = 2 * DISPLAY_DPI
SLIDE_SUFFIX = "-slide.png"

# The animations' videos, in the order a browser tries them: AV1, the smallest (Chrome, Edge,
# Firefox; Safari where the device decodes it), then H.264, which every browser plays. Chosen by
# benchmarks/animation_formats.py (benchmarks/README.md); render.py writes "<stem>-<scheme>.<suffix>".
# Presets from benchmarks/encoder_settings.py: SVT-AV1's 8 and x264's slow encode in about half
# the time of 6 and veryslow, PSNR within 0.8 dB, 3-14 % (AV1) and 2-28 % (H.264) more bytes, within
# every budget; SVT-AV1's 9 makes the XOR animation half as large again, which the XOR page's
# budget cannot take. One thread each (lp=1 here, -threads 1 in render.py): two workers fill two cores.
VIDEO_ENCODERS = {  # suffix: (ffmpeg encoder, its settings, the type a <source> declares)
    "av1.mp4": ("libsvtav1", ["-preset", "8", "-crf", "46", "-svtav1-params", "lp=1:scm=1"],
                'video/mp4; codecs="av01.0.08M.08"'),
    "h264.mp4": ("libx264", ["-preset", "slow", "-tune", "animation", "-crf", "32"],
                 'video/mp4; codecs="avc1.640028"'),
}


def css_size(pixels: tuple[int, int]) -> tuple[int, int]:
    """The size in CSS pixels at which a picture of this many pixels is shown (an animation has
    the size of its still)."""
    density = DPI / DISPLAY_DPI
    return round(pixels[0] / density), round(pixels[1] / density)


INK_CONTRAST = 3.3  # what Theme.colour aims at: a little above WCAG's 3:1 for graphics


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21."""
    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def ink(colour: str, background: str) -> str:
    """The colour, its hue and saturation kept, made darker (on a light background) or lighter (on
    a dark one) in small steps until it stands out from the background by INK_CONTRAST."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    step = -0.01 if luminance(background) > 0.5 else 0.01
    while contrast(colour, background) < INK_CONTRAST and 0 <= lightness + step <= 1:
        lightness += step
        colour = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(hue, lightness, saturation))
    return colour


@dataclass(frozen=True)
class Theme:
    name: str  # also the suffix of the file names: sigmoid-light.png, sigmoid-dark.png
    background: str
    foreground: str
    grid: str
    function: str  # colour of f(x)
    derivative: str  # colour of f'(x)
    # the lecture's orange squares and blue dots, and green triangles where there is a third class
    classes: tuple[str, ...] = ("#d9730d", "#4e79a7", "#3d8c40")
    regions: tuple[str, ...] = ("#fde3c8", "#d3e1ee", "#d6ebd4")  # decision regions, tints of the classes
    neutral: str = "#6a737d"  # series that are context, not the point (e.g. the other activations)

    def colour(self, slug: str) -> str:
        """The colour of a catalogue function in this scheme: its hue (catalog.py), darkened on the
        light background and lightened on the dark one until the line stands out by at least
        INK_CONTRAST, a little above the 3:1 that WCAG 1.4.11 asks of the parts of a graphic that
        carry its meaning."""
        from figures_src.science.catalog import by_slug  # here: MkDocs reads this module without torch

        return ink(by_slug(slug).hue, self.background)


LIGHT = Theme("light", background="#ffffff", foreground="#1f2328", grid="#d8dde3",
              function="#3949ab", derivative="#e8710a")
# Material's slate background is hsl(232, 15%, 14%).
DARK = Theme("dark", background="#1e2029", foreground="#e3e5ea", grid="#3a3f4d",
             function="#9fa8f5", derivative="#ffb74d", classes=("#ffa24d", "#6fa8dc", "#7cc47f"),
             regions=("#4a3524", "#243a4f", "#263f29"), neutral="#8b929c")
THEMES = (LIGHT, DARK)
SLIDE_THEME = LIGHT  # the scheme of slides, handouts and GIFs: projectors and paper are light
GIF_SUFFIX = f"-{SLIDE_THEME.name}.gif"


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
        "font.size": TEXT_SIZE,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "path.simplify": False,
    }
