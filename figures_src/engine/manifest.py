"""The output folder: every file of a run, described in manifest.json, with the figure index and
the claims' verdicts derived from them.

Imports only the standard library, the claims catalogue and the drawing style's names, so that a
warm MkDocs build can check its outputs without loading torch or matplotlib.
"""

from __future__ import annotations

import json
from pathlib import Path

from figures_src.claims.presentation import claims_page
from figures_src.drawing.style import SLIDE_SUFFIX
from figures_src.claims.verdicts import ClaimFailed, judge
from figures_src.engine.cache import read_verified, sha256, write_atomic
from figures_src.engine.keys import tree_key
from figures_src.engine.runner import FigureFailed, Result

# Markdown fragments are included into pages; every other output is published under figures/.
FRAGMENT_SUFFIX = ".md"
INDEX_PAGE = "all-figures.md"  # written beside the manifest, included by the Reproduce page
CLAIM_VERDICTS = "claims/verdicts.json"  # the claims judged on every run; pages read them
CLAIMS_PAGE = "claims/claims.md"  # included by the claims page


class ClaimNotJudged(FigureFailed, ClaimFailed):
    """A claim's rule could not read the build's numbers: the build fails as when a figure fails
    (a FigureFailed, which the command line and MkDocs report in a line), and a caller can still
    tell it from a figure's failure (it is a ClaimFailed)."""


def write_outputs(results: list[Result], out: Path, device: str, key: str, numerics: dict) -> dict:
    """Write the results into `out` and describe them in out/manifest.json, with the numeric
    backend that computed them (keys.numeric_backend)."""
    out.mkdir(parents=True, exist_ok=True)
    previous = previous_paths(out)
    entries = []
    for result in results:
        for relative, data in sorted(result.files.items()):
            target = out / relative
            if read_verified(target, sha256(data)) is None:
                write_atomic(target, data)
            entry = {
                "figure": result.figure.name, "path": relative, "sha256": sha256(data),
                "bytes": len(data), "key": result.key, "seconds": round(result.seconds, 3),
                "device": device if result.figure.takes_device else None,
                "source": result.figure.source, "cached": result.cached,
            }
            pixels = image_pixels(data)
            entries.append(entry if pixels is None else dict(entry, pixels=list(pixels)))
    derived = {INDEX_PAGE: (figure_index(entries).encode(), f"{__name__}.figure_index"),
               **claim_outputs(results)}
    for relative, (data, source) in derived.items():
        write_atomic(out / relative, data)
        entries.append({"figure": None, "path": relative, "sha256": sha256(data), "bytes": len(data),
                        "key": key, "seconds": 0.0, "device": None, "source": source, "cached": False})
    manifest = {"tree_key": key, "numerics": numerics, "files": entries}
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=1).encode())
    remove_outdated(out, previous - {entry["path"] for entry in entries})
    return manifest


def claim_outputs(results: list[Result]) -> dict[str, tuple[bytes, str]]:
    """The verdict on each of the lecture's claims, judged from the figures' own JSON results,
    and the claims page's Markdown: {path: (bytes, what made them)}."""
    files = {relative: data for result in results for relative, data in result.files.items()}
    try:
        verdicts = judge(files)
    except ClaimFailed as failure:
        raise ClaimNotJudged(str(failure)) from failure
    source = f"{judge.__module__}.judge"
    return {CLAIM_VERDICTS: (json.dumps(verdicts, indent=1, ensure_ascii=False).encode(), source),
            CLAIMS_PAGE: (claims_page(verdicts).encode(), source)}


def figure_index(entries: list[dict]) -> str:
    """A Markdown table of every published file: the Reproduce page's gallery of all figures."""
    rows = ["| Figure | Made by | Files |", "|---|---|---|"]
    for figure in dict.fromkeys(entry["figure"] for entry in entries):
        files = [entry for entry in entries if entry["figure"] == figure
                 and not entry["path"].endswith(FRAGMENT_SUFFIX)]
        if not files:
            continue
        links = " ".join(filter(None, (thumbnail(figure, entry) for entry in files)))
        rows.append(f"| `{figure}` | `{files[0]['source']}` | {links} |")
    return "\n".join(rows) + "\n"


def thumbnail(figure: str, entry: dict, width: int = 160) -> str | None:
    """A small image for each light and dark pair of pictures (the site's figure markup shows the
    reader's scheme; the dark file gives none); a link for everything else (videos, numbers, and
    the slide version, which the thumbnail of its pair stands for)."""
    path = entry["path"]
    if "pixels" not in entry or path.endswith(SLIDE_SUFFIX):
        return f"[{path}](figures/{path})"
    stem, _, suffix = path.rpartition(".")
    if stem.endswith("-dark"):
        return None
    return (f'![Thumbnail of {figure}](figures/{stem.removesuffix("-light")}.{suffix})'
            f'{{ width="{width}" }}')


def image_pixels(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG header, without an imaging library."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def read_manifest(out: Path) -> dict | None:
    """out/manifest.json if it can be read and has the shape write_outputs gives it, else None
    (then the outputs are made again, never trusted)."""
    try:
        manifest = json.loads((Path(out) / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    shaped = (isinstance(manifest, dict) and isinstance(manifest.get("files"), list)
              and all(isinstance(entry, dict) and isinstance(entry.get("path"), str)
                      and isinstance(entry.get("sha256"), str) for entry in manifest["files"]))
    return manifest if shaped else None


def previous_paths(out: Path) -> set[str]:
    manifest = read_manifest(out)
    return {entry["path"] for entry in manifest["files"]} if manifest else set()


def remove_outdated(out: Path, outdated: set[str]) -> None:
    """Delete files an earlier run wrote that this run did not; never anything else in `out`."""
    for relative in outdated:
        path = out / relative
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == out or any(folder.iterdir()):
                break
            folder.rmdir()


def current_manifest(out: Path, device: str = "cpu") -> dict | None:
    """The manifest of `out` if it holds every output of the current code, verified; else None."""
    manifest = read_manifest(out)
    if manifest is None or manifest.get("tree_key") != tree_key(device, None):
        return None
    for entry in manifest["files"]:
        if read_verified(Path(out) / entry["path"], entry["sha256"]) is None:
            return None
    return manifest


def published(manifest: dict) -> list[dict]:
    """Manifest entries that the site serves as files (fragments are included into pages)."""
    return [entry for entry in manifest["files"] if not entry["path"].endswith(FRAGMENT_SUFFIX)]
