"""Times the video encoders' settings on the frames the site really encodes, and what each setting
gives: bytes, and how close the decoded frames are to the drawn ones.

    python benchmarks/encoder_settings.py frames      # draw the frames once (about half a minute)
    python benchmarks/encoder_settings.py table [CANDIDATE ...] [-- ANIMATION ...]
    python benchmarks/encoder_settings.py encode PAIR|CANDIDATE[+CANDIDATE ...]|none [ANIMATION ...]

`frames` runs the figure code of the animations (the dance routine, one of the 17 dance moves, the
XOR training animation and the three ReLU-family sweeps) in both schemes, with render.video
replaced by one that keeps the frames it is given, and saves them under .cache/encoder-frames/
(1.3 GB). `table` encodes them with each candidate (one codec's settings; all of CANDIDATES unless
named) and prints, per animation: the seconds to encode both schemes (one process, in-process
clock: a first look; time with `encode` for numbers to quote), the larger file of the two against
its budget (tests/test_audits.py's VIDEO_BUDGETS), whether a second encoding gives the same bytes,
PSNR of the light scheme over all pixels and over lines and text (benchmarks/animation_formats.py's
measure of sharpness), and the closeness checks the tests hold: for a sweep, the mean difference
between its second frame and its last (test_activation_pages.py: under 1 level), and for each of
PAIRS the mean difference between its AV1 and H.264 frames (test_pipeline.py: under 2 levels).
`encode` does nothing but read the frames and encode every video the build makes of them with a
pair ("before": the settings before this benchmark, "site": figures_src/drawing/style.py's), or with the
candidates named ("none": the fixed cost, reading and importing only), for timing as a whole
process from outside, e.g. `/usr/bin/time -v python benchmarks/encoder_settings.py encode site routine`.
"""

from __future__ import annotations

import fnmatch
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's figures_src, whichever one the environment installed
from figures_src.drawing.style import VIDEO_ENCODERS  # light: no matplotlib, no torch

FRAMES = ROOT / ".cache" / "encoder-frames"
SCHEMES = ("light", "dark")

# The animations and the figure functions that make them: each encodes (schemes x codecs) videos.
ANIMATIONS = {  # name: (file stem, figure module, function, its arguments)
    "routine": ("dance/routine", "dance_moves", "full_routine", {}),
    "move-relu": ("dance/relu", "dance_moves", "move", {"slug": "relu"}),  # one of 17
    "xor-training": ("xor/training", "xor", "training_animation", {"device": "cpu"}),
    "leaky-slope": ("relu-family/leaky-slope", "relu_family", "parameter_animation", {"stem": "leaky-slope"}),
    "elu-alpha": ("relu-family/elu-alpha", "relu_family", "parameter_animation", {"stem": "elu-alpha"}),
    "softplus-beta": ("relu-family/softplus-beta", "relu_family", "parameter_animation", {"stem": "softplus-beta"}),
}
AV1, H264 = "av1.mp4", "h264.mp4"


def svt(preset: int, crf: int = 46, params: str = "lp=1:scm=1") -> tuple[str, str, list[str]]:
    return AV1, "libsvtav1", ["-preset", str(preset), "-crf", str(crf), "-svtav1-params", params]


def x264(preset: str, *extra: str, crf: int = 32) -> tuple[str, str, list[str]]:
    return H264, "libx264", ["-preset", preset, "-tune", "animation", "-crf", str(crf), *extra]


CANDIDATES = {  # name: (suffix, encoder, settings)
    **{f"site-{suffix.split('.')[0]}": (suffix, encoder, settings)
       for suffix, (encoder, settings, _) in VIDEO_ENCODERS.items()},
    "svt-p6": svt(6),
    "svt-p7": svt(7),
    "svt-p8": svt(8),
    "svt-p9": svt(9),
    "svt-p10": svt(10),
    "svt-p8-tf0": svt(8, params="lp=1:scm=1:enable-tf=0"),
    "svt-p9-tf0": svt(9, params="lp=1:scm=1:enable-tf=0"),
    "svt-p8-scm0": svt(8, params="lp=1:scm=0"),
    "x264-veryslow": x264("veryslow"),
    "x264-slower": x264("slower"),
    "x264-slow": x264("slow"),
    "x264-medium": x264("medium"),
    "x264-fast": x264("fast"),
    "x264-veryfast": x264("veryfast"),
    "x264-veryslow-subme9": x264("veryslow", "-x264-params", "subme=9"),
    "x264-slower-ref8": x264("slower", "-x264-params", "ref=8"),
    "x264-slow-crf31": x264("slow", crf=31),
}
# Pairs as the site would serve them (AV1 first), for the tests' check that both show the same frames.
PAIRS = {"before": ("svt-p6", "x264-veryslow"), "site": ("site-av1", "site-h264")}


def frames() -> None:
    """Run the animations' figure functions with render.video replaced by one that keeps what it
    is given, and save each scheme's frames (not repeated: the durations say how long each is held)."""
    import importlib

    from figures_src.drawing import render
    from figures_src.engine.runner import fixed_numerics

    fixed_numerics()  # as a build's worker does: one thread, float64
    kept = []
    render.video = lambda images, durations_ms, suffix: kept.append((images, durations_ms, suffix)) or b""
    FRAMES.mkdir(parents=True, exist_ok=True)
    for name, (stem, module, function, arguments) in ANIMATIONS.items():
        started = time.perf_counter()
        kept.clear()
        files = getattr(importlib.import_module(f"figures_src.figures.{module}"), function)(**arguments)
        videos = [path for path in files if path.endswith(".mp4")]
        assert len(videos) == len(kept) and all(path.startswith(stem) for path in videos), videos
        for path, (images, durations_ms, suffix) in zip(videos, kept):
            scheme = path.removeprefix(f"{stem}-").split(".")[0]
            if suffix == AV1:  # each scheme's frames are the same for both codecs
                np.save(FRAMES / f"{name}-{scheme}.npy", np.stack([np.asarray(image) for image in images]))
                (FRAMES / f"{name}-{scheme}.json").write_text(json.dumps({"stem": stem, "durations_ms": durations_ms}))
        print(f"{name}: {len(kept[0][0])} frames of {kept[0][0][0].size} in {time.perf_counter() - started:.1f} s",
              flush=True)


def load(name: str, scheme: str) -> tuple[np.ndarray, list[int], str]:
    meta = json.loads((FRAMES / f"{name}-{scheme}.json").read_text())
    return np.load(FRAMES / f"{name}-{scheme}.npy"), meta["durations_ms"], meta["stem"]


def encode_all(candidates: list[str], name: str) -> dict[tuple[str, str], bytes]:
    """Every video the build makes of one animation with these candidates' settings (a codec no
    candidate names is not encoded), both schemes: {(scheme, candidate): bytes}."""
    from figures_src.drawing import render

    videos = {}
    for scheme in SCHEMES:
        images, durations_ms, _ = load(name, scheme)
        for candidate in candidates:
            _, encoder, settings = CANDIDATES[candidate]
            videos[scheme, candidate] = render.encoded(list(images), durations_ms, encoder, settings)
    return videos


def decoded(data: bytes, durations_ms: list[int]) -> list[np.ndarray]:
    """A video's frames, the first of each held frame's repeats."""
    import imageio.v3 as iio

    from figures_src.drawing import render

    every = iio.imread(data, extension=".mp4", plugin="FFMPEG", index=None)
    starts = np.cumsum([0, *render.constant_rate(durations_ms)[1][:-1]])
    return [every[start] for start in starts]


SWEEPS = ("leaky-slope", "elu-alpha", "softplus-beta")


def table(names: list[str], animations: list[str]) -> None:
    sys.path[:0] = [str(Path(__file__).parent), str(ROOT / "tests")]
    from animation_formats import lines_and_text, psnr
    from test_audits import VIDEO_BUDGETS

    print("| animation | candidate | encode s, both schemes | largest KB (budget) | same bytes twice "
          "| PSNR dB, all | PSNR dB, lines and text | 2nd - last frame, levels |")
    print("|---|---|---|---|---|---|---|---|")
    for name in animations:
        images, durations_ms, stem = load(name, "light")
        reference = list(images)
        edges = [lines_and_text(frame) for frame in reference]
        budget = next(size for pattern, size in VIDEO_BUDGETS.items() if fnmatch.fnmatch(f"{stem}-light", pattern))
        light = {}
        for candidate in names:
            started = time.perf_counter()
            videos = encode_all([candidate], name)
            seconds = time.perf_counter() - started
            same = encode_all([candidate], name) == videos
            largest = max(len(data) for data in videos.values())
            shown = light[candidate] = decoded(videos["light", candidate], durations_ms)
            loop = f"{np.abs(shown[1].astype(int) - shown[-1]).mean():.2f}" if name in SWEEPS else ""
            print(f"| {name} | {candidate} | {seconds:.2f} | {largest / 1000:.1f} ({budget / 1000:.0f}) "
                  f"| {'yes' if same else 'NO'} | {psnr(reference, shown):.1f} | {psnr(reference, shown, edges):.1f} "
                  f"| {loop} |", flush=True)
        for pair, (first, second) in PAIRS.items():
            if first in light and second in light:
                difference = np.mean([np.abs(a.astype(int) - b).mean() for a, b in zip(light[first], light[second])])
                print(f"| {name} | {pair}: {first} - {second}, mean difference (under 2) | | | | | "
                      f"| {difference:.2f} |")


def main() -> None:
    command, *rest = sys.argv[1:] or ["table"]
    if command == "frames":
        frames()
    elif command == "table":  # table [CANDIDATE ...] [-- ANIMATION ...]
        split = rest.index("--") if "--" in rest else len(rest)
        table(rest[:split] or list(CANDIDATES), rest[split + 1:] or list(ANIMATIONS))
    elif command == "encode":  # encode PAIR|CANDIDATE[+CANDIDATE ...]|none [ANIMATION ...]
        chosen, *names = rest
        candidates = list(PAIRS[chosen]) if chosen in PAIRS else chosen.split("+")
        for name in names or ANIMATIONS:
            if chosen == "none":  # the fixed cost: start, imports, frames read
                from figures_src.drawing import render  # noqa: F401
                [list(load(name, scheme)[0]) for scheme in SCHEMES]
            else:
                videos = encode_all(candidates, name)
                print(name, {f"{scheme}.{candidate}": len(data) for (scheme, candidate), data in videos.items()})
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
