"""Compares the ways of serving an animation, on the dance routine, one dance move and the XOR
training animation (light scheme):

    python benchmarks/animation_formats.py

For each candidate it prints the bytes, the seconds to encode, whether two encodings give the same
bytes, and how close the decoded frames are to the drawn ones (PSNR in dB, over every pixel and
over the pixels of lines and text alone, where a soft or smeared encoding shows first). Every
candidate but the old GIF is drawn at twice the density of the page. The site's choice
(figures_src/drawing/style.py, VIDEO_ENCODERS) and the table in benchmarks/README.md come from
this script.
"""

from __future__ import annotations

import io
import time
from typing import Callable

import imageio.v3 as iio
import numpy as np
from PIL import Image, ImageFilter, ImageSequence

from figures_src.drawing import render
from figures_src.drawing.style import DISPLAY_DPI, THEMES, VIDEO_ENCODERS, rc_params
from figures_src.figures import dance_moves, xor
from figures_src.science.catalog import by_slug

LIGHT = THEMES[0]
VP9 = ["-crf", "40", "-b:v", "0", "-deadline", "good", "-cpu-used", "1", "-row-mt", "0"]
EDGE = 48  # a pixel whose 3 x 3 neighbourhood spans this many grey levels is part of a line or text


def animations():
    """(name, frame figures for a dpi, durations in ms) of the three animations compared."""
    run = xor.trained("cpu", xor.ANIMATED, snapshot_every=1)
    routine_frames = len(dance_moves.CATALOG) * (dance_moves.HOLD_FRAMES + dance_moves.BLEND_FRAMES)
    return [
        ("dance routine", lambda: dance_moves.routine(LIGHT), [dance_moves.FRAME_MS] * routine_frames),
        ("one dance move (ReLU)", lambda: dance_moves.single_move(by_slug("relu"), LIGHT),
         [dance_moves.FRAME_MS] * dance_moves.BEAT_FRAMES),
        ("XOR training", lambda: xor.training_frames(run, xor.shown_regions(run), LIGHT), [250] * (len(run.losses) - 1) + [2000]),
    ]


def pillow_frames(data: bytes) -> list[np.ndarray]:
    with Image.open(io.BytesIO(data)) as image:
        return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(image)]


def video_frames(durations_ms: list[int], extension: str = ".mp4") -> Callable[[bytes], list[np.ndarray]]:
    """Decodes a video and keeps the first of each held frame's repeats."""
    def decode(data: bytes) -> list[np.ndarray]:
        decoded = iio.imread(data, extension=extension, plugin="FFMPEG", index=None)
        starts = np.cumsum([0, *render.constant_rate(durations_ms)[1][:-1]])
        return [decoded[start] for start in starts]
    return decode


def candidates(durations_ms: list[int]):
    """(name, pixel density, encoder of frames, decoder of its bytes)."""
    def pillow(extension: str, **options):
        return lambda frames: iio.imwrite("<bytes>", np.stack([np.asarray(f) for f in frames]),
                                          extension=extension, plugin="pillow", duration=durations_ms,
                                          loop=0, **options)
    return [
        ("GIF, 64 colours, 1x (served before)", 1, lambda frames: render.gif(frames, durations_ms), pillow_frames),
        ("GIF, 64 colours, 2x", 2, lambda frames: render.gif(frames, durations_ms), pillow_frames),
        ("WebP, lossless, 2x", 2, pillow(".webp", lossless=True, method=4), pillow_frames),
        ("AVIF, quality 60, 2x", 2, pillow(".avif", quality=60, speed=6, max_threads=1), pillow_frames),
        *[(f"{VIDEO_ENCODERS[suffix][0]}, MP4, 2x (served)", 2,
           lambda frames, suffix=suffix: render.video(frames, durations_ms, suffix), video_frames(durations_ms))
          for suffix in VIDEO_ENCODERS],
        ("libvpx-vp9, WebM, 2x", 2,
         lambda frames: render.encoded(frames, durations_ms, "libvpx-vp9", VP9, ".webm"),
         video_frames(durations_ms, ".webm")),
    ]


def psnr(drawn: list[np.ndarray], decoded: list[np.ndarray], where: list[np.ndarray] | None = None) -> float:
    errors = [((a.astype(float) - b.astype(float)) ** 2)[mask if where is not None else slice(None)]
              for a, b, mask in zip(drawn, decoded, where or drawn)]
    mean = np.mean(np.concatenate([error.ravel() for error in errors]))
    return float("inf") if mean == 0 else 10 * np.log10(255 ** 2 / mean)


def lines_and_text(frame: np.ndarray) -> np.ndarray:
    grey = Image.fromarray(frame).convert("L")
    spread = np.asarray(grey.filter(ImageFilter.MaxFilter(3)), dtype=int) - np.asarray(
        grey.filter(ImageFilter.MinFilter(3)), dtype=int)
    return spread >= EDGE


def main() -> None:
    print("| animation | format | KB | encode s | same bytes twice | PSNR dB, all | PSNR dB, lines and text |")
    print("|---|---|---|---|---|---|---|")
    with __import__("matplotlib").rc_context(rc_params(LIGHT)):
        for name, figures, durations_ms in animations():
            drawn = {density: render.drawn(figures(), dpi=density * DISPLAY_DPI)[0] for density in (1, 2)}
            for label, density, encode, decode in candidates(durations_ms):
                frames = drawn[density]
                started = time.perf_counter()
                data = encode(frames)
                seconds = time.perf_counter() - started
                same = encode(frames) == data
                reference = [np.asarray(frame) for frame in frames]
                decoded = decode(data)
                edges = [lines_and_text(frame) for frame in reference]
                print(f"| {name} | {label} | {len(data) / 1000:.0f} | {seconds:.2f} | {'yes' if same else 'no'} "
                      f"| {psnr(reference, decoded):.1f} | {psnr(reference, decoded, edges):.1f} |", flush=True)


if __name__ == "__main__":
    main()
