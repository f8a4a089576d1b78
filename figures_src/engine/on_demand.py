"""What MkDocs asks of the figure build: current outputs, made in another process when they are
not (ensure_built), and, under `mkdocs serve`, a build started the moment a figure module is saved
(build_on_save). Both go through one warm starter process (starter.py) that lives as long as the
MkDocs process.

Like pipeline.py, this imports no torch: a warm MkDocs build only checks its outputs.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from figures_src.engine.keys import PACKAGE_DIR, tree_key
from figures_src.engine.manifest import current_manifest, read_manifest
from figures_src.engine.pipeline import CACHE_DIR, OUT_DIR
from figures_src.engine.runner import FigureFailed
from figures_src.engine.starter import Starter


def ensure_built(out: Path = OUT_DIR, device: str = "cpu") -> dict:
    """What the MkDocs build calls: serve current outputs, or regenerate them in another process.

    That process always imports the figure code afresh, so `mkdocs serve` never draws with a
    stale module, and the MkDocs process itself never loads torch.
    """
    STARTER.wait()  # under serve, a build started on save may be making these very outputs
    manifest = current_manifest(out, device)
    if manifest is not None:
        return manifest
    if STARTER.build(["build", "--out", str(out), "--device", device]) != 0:
        raise FigureFailed("figure generation failed (see the figure named above)")
    manifest = current_manifest(out, device)
    if manifest is None:
        written = read_manifest(out)
        if written is not None and written.get("tree_key") != tree_key(device, None):
            raise FigureFailed("the figure code or a notebook changed while the figures were being made "
                               "(their outputs are for the code as it was): build again")
        raise FigureFailed(f"figure generation left incomplete outputs in {out}")
    return manifest


# Under `mkdocs serve` one starter serves every rebuild: it lives as long as the MkDocs process.
STARTER = Starter(CACHE_DIR)


def build_on_save(out: Path = OUT_DIR, device: str = "cpu", poll_seconds: float = 0.05) -> None:
    """Under `mkdocs serve`: start making the figures the moment a figure module is saved.

    MkDocs' own watcher polls every half second and then reloads its configuration before it asks
    for figures; a build started on save is done that much sooner. It is only a head start: the
    rebuild waits for it (STARTER.wait) and then checks the outputs as every build does, making
    them itself if they do not match the code on disk. Its output is dropped (a figure that fails
    is reported by the rebuild's own build), and it runs in a thread for the life of the process.
    """
    def sources() -> dict[str, int]:
        return {str(path): path.stat().st_mtime_ns for path in sorted(PACKAGE_DIR.rglob("*.py"))}

    def watch() -> None:
        seen = sources()
        while True:
            time.sleep(poll_seconds)
            try:
                now = sources()
            except FileNotFoundError:  # a file renamed or removed while looked at
                continue
            if now != seen:
                seen = now
                if current_manifest(out, device) is None:
                    STARTER.build(["build", "--out", str(out), "--device", device], quiet=True)

    threading.Thread(target=watch, name="figures-on-save", daemon=True).start()
