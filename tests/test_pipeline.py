"""The figure cache: hits, misses, invalidation, damage, concurrent and killed runs, and reproducible
bytes."""

from __future__ import annotations

import glob
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from conftest import figures_env, made, read_manifest, run_cli, video_frames

from figures_src.drawing import render
from figures_src.drawing.style import DPI, GIF_SUFFIX, LIGHT, SLIDE_DPI, SLIDE_SUFFIX, VIDEO_ENCODERS
from figures_src.engine import keys
from figures_src.engine.cache import Cache, read_verified, sha256
from figures_src.engine.keys import PACKAGE_DIR, tree_key
from figures_src.engine.manifest import current_manifest, previous_paths
from figures_src.engine.registry import discover
from figures_src.science.catalog import CATALOG

# One figure from each page module, both cheap: enough to see which module invalidates what.
GALLERY_FIGURE, HOME_FIGURE = "activation-relu", "activation-overview"


def build_copy(package: Path, tmp: Path, *names: str) -> dict:
    result = run_cli("build", "--jobs", "1", "--only", *names, cache=tmp / "cache",
                     out=tmp / "out", cwd=package, pythonpath=package)
    assert result.returncode == 0, result.stderr
    return read_manifest(tmp / "out")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_cache_hit_miss_and_invalidation_follow_the_source(project_copy, tmp_path):
    figures = project_copy / "figures_src"
    assert made(build_copy(project_copy, tmp_path, GALLERY_FIGURE, HOME_FIGURE)) == {
        GALLERY_FIGURE, HOME_FIGURE}
    assert made(build_copy(project_copy, tmp_path, GALLERY_FIGURE, HOME_FIGURE)) == set()

    # A comment changes no syntax tree: nothing is made again.
    edit(figures / "figures" / "gallery.py", '"""Figures and', '# a comment\n"""Figures and')
    assert made(build_copy(project_copy, tmp_path, GALLERY_FIGURE, HOME_FIGURE)) == set()

    # Editing one page module remakes only that page's figures, with the edited code.
    before = {e["path"]: e["sha256"] for e in read_manifest(tmp_path / "out")["files"]}
    edit(figures / "figures" / "gallery.py", "linewidth=2.2", "linewidth=4.0")
    manifest = build_copy(project_copy, tmp_path, GALLERY_FIGURE, HOME_FIGURE)
    assert made(manifest) == {GALLERY_FIGURE}
    after = {e["path"]: e["sha256"] for e in manifest["files"]}
    assert after["gallery/relu-light.png"] != before["gallery/relu-light.png"]
    assert after["index/relu-light.png"] == before["index/relu-light.png"]

    # A shared module that both import invalidates both.
    edit(figures / "science" / "catalog.py", "x_range=(-3.0, 3.0),\n        note=\"PyTorch returns a gradient of 0 exactly at x = 0.\"",
         "x_range=(-2.0, 2.0),\n        note=\"PyTorch returns a gradient of 0 exactly at x = 0.\"")
    assert made(build_copy(project_copy, tmp_path, GALLERY_FIGURE, HOME_FIGURE)) == {
        GALLERY_FIGURE, HOME_FIGURE}


def test_damaged_cache_entry_is_made_again(project_copy, tmp_path):
    first = build_copy(project_copy, tmp_path, GALLERY_FIGURE)
    entry = next(e for e in first["files"] if e["path"] == "gallery/relu-dark.png")
    damaged = tmp_path / "cache" / "objects" / entry["key"] / "files" / entry["path"]
    damaged.write_bytes(damaged.read_bytes()[:100])  # truncated, as by a full disk
    (tmp_path / "out" / entry["path"]).write_bytes(b"not a png")

    second = build_copy(project_copy, tmp_path, GALLERY_FIGURE)
    assert made(second) == {GALLERY_FIGURE}
    assert sha256((tmp_path / "out" / entry["path"]).read_bytes()) == entry["sha256"]


def test_output_folder_keeps_files_the_pipeline_did_not_write(project_copy, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    build_copy(project_copy, tmp_path, GALLERY_FIGURE, "activation-elu")
    assert (tmp_path / "out" / "gallery" / "elu-dark.png").is_file()
    build_copy(project_copy, tmp_path, GALLERY_FIGURE)  # elu is no longer selected
    assert not (tmp_path / "out" / "gallery" / "elu-dark.png").exists()
    assert (tmp_path / "out" / "gallery" / "relu-dark.png").is_file()
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"


def test_damaged_output_is_not_served_as_current(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.png").write_bytes(b"complete")
    manifest = {"tree_key": tree_key("cpu", None),
                "files": [{"path": "a.png", "sha256": sha256(b"complete")}]}
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert current_manifest(out) is not None
    (out / "a.png").write_bytes(b"compl")
    assert current_manifest(out) is None


@pytest.mark.parametrize("entry", ["[]", '{"files": {}, "secs": 1.0}', '{"files": ["a.png"], "seconds": 1.0}',
                                   '{"files": {"a.png": 7}, "seconds": 1.0}'])
def test_a_cache_entry_of_the_wrong_shape_is_made_again(tmp_path, entry):
    cache = Cache(tmp_path)
    cache.store("key", {"a.png": b"picture"}, 1.0)
    assert cache.load("key") == ({"a.png": b"picture"}, 1.0)
    (cache.objects / "key" / "entry.json").write_text(entry)
    assert cache.load("key") is None
    assert not (cache.objects / "key").exists()  # removed, so the next build stores it afresh


@pytest.mark.parametrize("manifest", ["[]", "{}", '{"tree_key": "x", "files": [{"path": 1}]}', "not json"])
def test_a_manifest_of_the_wrong_shape_is_not_trusted(tmp_path, manifest):
    (tmp_path / "manifest.json").write_text(manifest)
    assert current_manifest(tmp_path) is None
    assert previous_paths(tmp_path) == set()


def test_remembered_syntax_trees_give_the_same_keys_without_parsing(tmp_path, monkeypatch):
    figures = discover()
    fresh = keys.figure_keys(figures, "cpu")
    memo = tmp_path / "syntax-trees.json"
    assert keys.figure_keys(figures, "cpu", memo) == fresh  # parses, and keeps what it found

    def no_parsing(source):
        raise AssertionError("parsed a module the memo knew")

    with monkeypatch.context() as patched:
        patched.setattr(keys, "read_module", no_parsing)
        assert keys.figure_keys(figures, "cpu", memo) == fresh


def test_keys_hold_the_numeric_backend(monkeypatch):
    """Another processor's kernels, or a variable that chooses other kernels, give other keys for
    every figure (its bytes differ in the last bits), and another tree key for the warm build."""
    figures = discover()[:3]
    plain, tree = keys.figure_keys(figures, "cpu"), tree_key("cpu", None)
    monkeypatch.setenv("MKL_CBWR", "COMPATIBLE")
    assert all(a != b for a, b in zip(plain, keys.figure_keys(figures, "cpu"))) and tree_key("cpu", None) != tree
    monkeypatch.delenv("MKL_CBWR")
    import torch

    monkeypatch.setattr(torch.backends.cpu, "get_cpu_capability", lambda: "AVX2")
    assert all(a != b for a, b in zip(plain, keys.figure_keys(figures, "cpu")))


def third_party_distributions_imported_by_figure_code() -> set[str]:
    """The distributions (canonical names) that the modules any figure's key covers import: the
    figure modules and every project module they reach (keys.source_closure)."""
    import ast
    from importlib import metadata

    from packaging.utils import canonicalize_name

    modules = {name for figure in discover() for name in keys.source_closure(figure.make.__module__)}
    imported = set()
    for name in modules:
        for node in ast.walk(ast.parse(keys.module_path(name).read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    imported -= {*sys.stdlib_module_names, "figures_src", "__future__"}
    providers = metadata.packages_distributions()
    return {canonicalize_name(distribution) for module in imported for distribution in providers[module]}


def test_every_library_the_figure_code_imports_is_in_the_keys():
    """A library a figure's code imports can change its bytes with its release (scikit-learn's
    digits feed the adversarial experiment): its version is part of every key."""
    from packaging.utils import canonicalize_name

    imported = third_party_distributions_imported_by_figure_code()
    assert {"torch", "matplotlib", "scikit-learn"} <= imported  # the scan finds what the code imports
    assert imported - {canonicalize_name(name) for name in keys.KEYED_LIBRARIES} == set()


def test_another_scikit_learn_gives_the_digits_figures_other_keys(monkeypatch):
    figures = [figure for figure in discover() if figure.name.startswith("smooth-adversarial")]
    assert figures
    before = keys.figure_keys(figures, "cpu")
    real_version = keys.metadata.version
    monkeypatch.setattr(keys.metadata, "version",
                        lambda name: "0.0.1" if name == "scikit-learn" else real_version(name))
    assert all(a != b for a, b in zip(before, keys.figure_keys(figures, "cpu")))


@pytest.mark.parametrize("memo", [
    "{", "[]", '{"valid_for": "x"}', '{"modules": {}}',
    json.dumps({"valid_for": keys.MEMO_VALID_FOR, "modules": {"a": ["digest"]}}),
    json.dumps({"valid_for": keys.MEMO_VALID_FOR, "modules": {"a": ["digest", "not a list"]}}),
], ids=["cut short", "a list", "no modules", "no validity", "a short entry", "names not a list"])
def test_a_damaged_syntax_memo_is_made_again(tmp_path, memo):
    figures = discover()
    path = tmp_path / "syntax-trees.json"
    path.write_text(memo)
    assert keys.figure_keys(figures, "cpu", path) == keys.figure_keys(figures, "cpu")
    assert keys.load_memo(path)  # replaced by a sound one


def test_a_syntax_memo_from_other_code_is_not_trusted(tmp_path):
    """Entries made by another Python or another keys.py (here: every digest wrong) are ignored."""
    figures = discover()
    path = tmp_path / "syntax-trees.json"
    keys.figure_keys(figures, "cpu", path)
    memo = json.loads(path.read_text())
    wrong = {checksum: ["0" * 64, named] for checksum, (_, named) in memo["modules"].items()}
    path.write_text(json.dumps({"valid_for": "another Python", "modules": wrong}))
    assert keys.figure_keys(figures, "cpu", path) == keys.figure_keys(figures, "cpu")


def test_concurrent_stores_of_one_entry_all_succeed(tmp_path):
    """Two builds sharing a cache may store the same entry at the same moment (the same code
    gives the same key): both succeed, one complete entry stays, no staging folder is left."""
    cache = Cache(tmp_path)
    files = {f"figure-{index}.png": bytes([index]) * 5000 for index in range(8)}
    errors: list[BaseException] = []
    for _ in range(30):
        start = threading.Barrier(4)

        def store() -> None:
            start.wait()
            try:
                cache.store("key", files, 1.0)
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)

        threads = [threading.Thread(target=store) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors[:3]
    assert cache.load("key") == (files, 1.0)
    assert not list(cache.objects.glob(".*"))


def test_staging_left_by_an_interrupted_store_is_swept(project_copy, tmp_path):
    objects = tmp_path / "cache" / "objects"
    old, recent = objects / ".abc.0123.tmp", objects / ".def.4567.tmp"
    for folder in (old, recent):
        (folder / "files").mkdir(parents=True)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    build_copy(project_copy, tmp_path, GALLERY_FIGURE)
    assert not old.exists()
    assert recent.exists()  # it may belong to a build running now


def every_entry_verifies(cache: Path) -> None:
    store = Cache(cache)
    for folder in store.objects.glob("*"):
        if not folder.name.startswith("."):  # staging folders are never read
            assert store.load(folder.name) is not None, f"entry {folder.name} is corrupt"


# The build run by the test below: `python -m figures_src` with Path.write_bytes and write_text
# made to stop the process (SIGSTOP) halfway through the first write that matches argv[1]: half the
# bytes on disk, the rest never written, until the test kills it.
STOPPED_MID_WRITE = """
import fnmatch, os, pathlib, runpy, signal, sys

pattern = sys.argv.pop(1)
write_bytes, write_text = pathlib.Path.write_bytes, pathlib.Path.write_text


def stop_halfway(path, data):
    with open(path, "wb") as file:
        file.write(data[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGSTOP)


def stopping_write_bytes(path, data):
    if fnmatch.fnmatch(str(path), pattern):
        stop_halfway(path, data)
    return write_bytes(path, data)


def stopping_write_text(path, text, *args, **kwargs):
    if fnmatch.fnmatch(str(path), pattern):
        stop_halfway(path, text.encode())
    return write_text(path, text, *args, **kwargs)


pathlib.Path.write_bytes, pathlib.Path.write_text = stopping_write_bytes, stopping_write_text
sys.argv[0] = "figures_src"
runpy.run_module("figures_src", run_name="__main__", alter_sys=True)
"""


def test_killed_run_leaves_nothing_that_is_served(built_site, project_copy, tmp_path):
    """A build killed while it writes a cache entry (one of its files half-written, or its
    checksums) or an output leaves nothing that a later build would serve, and that build gives
    the right bytes. The build stops itself halfway through that write and is killed there."""
    names = [f"activation-{slug}" for slug in ("sigmoid", "tanh", "relu", "elu", "selu", "gelu")]
    reference = {e["path"]: e["sha256"] for e in read_manifest(built_site["out"])["files"] if e["figure"] in names}
    objects, out = tmp_path / "cache" / "objects", tmp_path / "out"
    # a file of an entry, an entry's checksums, an output (written under a temporary name)
    for writing in (f"{glob.escape(str(objects))}/*/files/*", f"{glob.escape(str(objects))}/*/entry.json",
                    f"{glob.escape(str(out))}/*/.*.tmp"):
        with open(tmp_path / "stderr", "w+") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", STOPPED_MID_WRITE, writing, "build", "--jobs", "1", "--force", "--only", *names],
                cwd=project_copy, env=figures_env(tmp_path / "cache", out, project_copy),
                stdout=subprocess.DEVNULL, stderr=stderr)
            deadline = threading.Timer(300, process.kill)  # neither stopped nor done: fails below
            deadline.start()
            _, status = os.waitpid(process.pid, os.WUNTRACED)  # until it stops mid-write (or ends)
            deadline.cancel()
            stderr.seek(0)
            assert os.WIFSTOPPED(status), f"the build ended without writing {writing}:\n{stderr.read()}"
        process.kill()
        process.wait()
        every_entry_verifies(tmp_path / "cache")
        manifest = current_manifest(out)
        assert manifest is None or all(read_verified(out / e["path"], e["sha256"]) for e in manifest["files"])

    final = build_copy(project_copy, tmp_path, *names)
    assert {e["path"]: e["sha256"] for e in final["files"] if e["figure"]} == reference


def quickest_figure_per_module(manifest: dict) -> list[str]:
    """For each page module, the figure the site build made fastest (from its manifest)."""
    quickest: dict[str, tuple[float, str]] = {}
    for entry in manifest["files"]:
        if entry["figure"]:
            module = entry["source"].rsplit(".", 1)[0]
            quickest[module] = min(quickest.get(module, (float("inf"), "")), (entry["seconds"], entry["figure"]))
    return sorted(figure for _, figure in quickest.values())


def quickest_animation(manifest: dict) -> str:
    return min((entry["seconds"], entry["figure"]) for entry in manifest["files"] if entry["path"].endswith(".mp4"))[1]


def test_serial_and_parallel_cold_builds_give_identical_bytes(built_site, tmp_path):
    """The site's cold build (parallel workers) and a serial CLI cold build agree on every file of
    one figure per page module, and of one animation (its videos too): a figure's bytes do not
    depend on the process that makes it, nor on the run."""
    parallel_manifest = read_manifest(built_site["out"])
    names = quickest_figure_per_module(parallel_manifest)
    assert len(names) == len(list((PACKAGE_DIR / "figures").glob("[!_]*.py")))
    names.append(quickest_animation(parallel_manifest))
    result = run_cli("build", "--jobs", "1", "--only", *names, cache=tmp_path / "cache", out=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    serial = {e["path"]: e["sha256"] for e in read_manifest(tmp_path / "out")["files"] if e["figure"]}
    parallel = {e["path"]: e["sha256"] for e in parallel_manifest["files"] if e["figure"] in names}
    assert serial == parallel and serial


def test_manifest_describes_every_file(built_site):
    manifest = read_manifest(built_site["out"])
    for entry in manifest["files"]:
        assert {"figure", "path", "sha256", "bytes", "key", "seconds", "device"} <= entry.keys()
        data = (built_site["out"] / entry["path"]).read_bytes()
        assert (len(data), sha256(data)) == (entry["bytes"], entry["sha256"])


def colour_tables(gif: bytes) -> tuple[bool, int]:
    """Whether a GIF has a global colour table, and how many of its frames carry a local one
    (walking its blocks as the GIF89a specification lays them out)."""
    def table_size(packed: int) -> int:
        return 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0

    def skip_sub_blocks(at: int) -> int:
        while gif[at]:
            at += gif[at] + 1
        return at + 1

    has_global, at, local = bool(gif[10] & 0x80), 13 + table_size(gif[10]), 0
    while gif[at] != 0x3B:  # the trailer
        if gif[at] == 0x21:  # an extension: label, then data sub-blocks
            at = skip_sub_blocks(at + 2)
        else:  # an image: descriptor, its local colour table if any, LZW code size, data
            local += bool(gif[at + 9] & 0x80)
            at = skip_sub_blocks(at + 10 + table_size(gif[at + 9]) + 1)
    return has_global, local


def test_a_gif_has_one_colour_table():
    """render.gif hands its shared palette to the writer once. Pillow's writer, given frames
    alone, gives every frame after the first a local table of its own."""
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "green", "blue", "white")]
    assert colour_tables(render.gif(frames, [100] * len(frames))) == (True, 0)


def test_a_gif_loops_forever_and_keeps_its_background_exactly():
    """A figure's background, most of every frame, keeps its exact colour (white stays white on a
    white slide), however median cut averages the colours around it."""
    x, y = np.meshgrid(np.arange(128), np.arange(24))
    near_whites = np.stack([255 - (x + y) % 7, 255 - (3 * x + y) % 5, 255 - (x + 2 * y) % 4], axis=-1)
    frames = []
    for index in range(3):
        pixels = np.full((64, 128, 3), 255)
        pixels[:24] = near_whites  # the faint edges of lines, far more of them than the palette has room for
        pixels[40:50] = np.stack([2 * x[0], 255 - 2 * x[0], (7 * x[0] + 40 * index) % 256], axis=-1)  # a moving rainbow
        frames.append(Image.fromarray(pixels.astype(np.uint8)))
    with Image.open(io.BytesIO(render.gif(frames, [100] * len(frames)))) as image:
        assert image.info["loop"] == 0 and image.n_frames == 3
        assert all(gif_frame(image, index)[30, 60].tolist() == [255, 255, 255] for index in range(3))


def test_a_themed_figure_has_a_slide_version_in_the_light_scheme_at_the_slides_resolution():
    def draw(theme):
        fig = plt.figure(figsize=(2, 1))
        fig.text(0.1, 0.5, theme.name)
        return fig

    files = render.themed("page/thing", draw)
    assert set(files) == {"page/thing-light.png", "page/thing-dark.png", "page/thing-slide.png"}
    with Image.open(io.BytesIO(files["page/thing-slide.png"])) as slide:
        assert slide.size == (2 * SLIDE_DPI, SLIDE_DPI) == (400, 200)
        assert slide.convert("RGB").getpixel((0, 0)) == (255, 255, 255)
    assert set(render.themed("page/thing", draw, slides=False)) == {"page/thing-light.png", "page/thing-dark.png"}


def test_both_encodings_of_every_animation_show_the_same_frames(built_site):
    """What a browser that plays AV1 and one that plays only H.264 show: the same frames at the
    same rate, close in colour (light scheme; the dark one is made by the same code)."""
    first_suffix, second_suffix = VIDEO_ENCODERS
    animations = sorted(built_site["out"].rglob(f"*-light.{first_suffix}"))
    assert len(animations) > len(CATALOG)  # a dance move per function, and more
    for path in animations:
        stem = path.name.removesuffix(first_suffix)
        (first, first_rate), (second, second_rate) = (video_frames(path.with_name(stem + suffix))
                                                      for suffix in (first_suffix, second_suffix))
        assert len(first) == len(second) and first_rate == second_rate, stem
        difference = np.mean([np.abs(a.astype(int) - b).mean() for a, b in zip(first, second)])
        assert difference < 2, f"{stem}: mean difference {difference:.1f} levels"


def gif_frame(image: Image.Image, index: int) -> np.ndarray:
    image.seek(index)
    return np.asarray(image.convert("RGB"))


def test_every_animation_has_a_gif_that_loops_forever_and_shows_its_frames(built_site):
    """The GIF a reader downloads is the light animation: its first and last frames are the
    video's (the video holds each frame for a whole number of its periods), and it loops."""
    videos = sorted(built_site["out"].rglob("*-light.h264.mp4"))
    gifs = sorted(built_site["out"].rglob(f"*{GIF_SUFFIX}"))
    assert len(gifs) == len(videos) > len(CATALOG)
    for video in videos:
        stem = video.name.removesuffix("-light.h264.mp4")
        gif = video.with_name(stem + GIF_SUFFIX)
        frames, _ = video_frames(video)
        with Image.open(gif) as image:
            assert image.info["loop"] == 0, stem  # forever
            shown = [gif_frame(image, 0), gif_frame(image, image.n_frames - 1)]
        for drawn, played in zip(shown, (frames[0], frames[-1])):
            assert drawn.shape == played.shape, stem
            assert np.abs(drawn.astype(int) - played).mean() < 3, stem


def shrunk(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(image.convert("RGB").resize(size, Image.Resampling.BOX), dtype=int)


def test_a_slide_is_the_light_figure_on_white_at_twice_its_size_on_the_page(built_site):
    """The slide PNG is the light figure (not the dark one, nor a blank canvas) on white, at SLIDE_DPI:
    shrunk to a quarter of the page file's size, where text drawn at another resolution differs
    little, it is within 15 levels of the light file (the scatter plot of the XOR data, its many
    markers snapped to other pixels, differs most, by 11) and ten times closer to it than to the dark."""
    slides = sorted(built_site["out"].rglob(f"*{SLIDE_SUFFIX}"))
    assert slides
    for slide in slides:
        light, dark = (slide.with_name(slide.name.replace(SLIDE_SUFFIX, f"-{scheme}.png")) for scheme in ("light", "dark"))
        with Image.open(slide) as big, Image.open(light) as page, Image.open(dark) as other:
            assert big.size == tuple(round(side * SLIDE_DPI / DPI) for side in page.size), slide.name
            assert big.convert("RGB").getpixel((0, 0)) == (255, 255, 255) == tuple(
                int(LIGHT.background[i:i + 2], 16) for i in (1, 3, 5)), slide.name
            small = (page.width // 4, page.height // 4)
            to_light, to_dark = (np.abs(shrunk(big, small) - shrunk(image, small)).mean() for image in (page, other))
            assert to_light < min(15, to_dark / 10), f"{slide.name}: {to_light:.1f} levels from its light figure"


def test_themed_figures_come_in_light_and_dark_pairs(built_site):
    images = [e["path"] for e in read_manifest(built_site["out"])["files"]
              if "pixels" in e and not e["path"].endswith(SLIDE_SUFFIX)]
    assert images
    for path in images:
        assert "-light." in path or "-dark." in path
        twin = path.replace("-light.", "-dark.") if "-light." in path else path.replace("-dark.", "-light.")
        assert twin in images


def test_code_edited_while_the_figures_are_made_is_named_as_the_reason_the_build_failed(tmp_path, monkeypatch):
    """MkDocs asks for figures; while they are made, a figure module is saved: the outputs are for
    the code as it was, and the error says so rather than calling them incomplete."""
    from figures_src.engine import on_demand
    from figures_src.engine.runner import FigureFailed

    def build_of_older_code(argv, quiet=False):
        (tmp_path / "manifest.json").write_text(json.dumps({"tree_key": "the code before the edit", "files": []}))
        return 0

    monkeypatch.setattr(on_demand.STARTER, "build", build_of_older_code)
    with pytest.raises(FigureFailed, match="changed while the figures were being made"):
        on_demand.ensure_built(tmp_path)
