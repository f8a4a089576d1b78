"""Files on disk: atomic writes, verified reads, and the content-addressed figure cache."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path

# A store writes its staging folder in well under a second: one this old was left by a killed run.
STALE_STAGING_SECONDS = 600


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary name, then rename: readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def read_verified(path: Path, digest: str) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if sha256(data) == digest else None


class Cache:
    """objects/<key>/ holds one figure's files and entry.json with their checksums.

    An entry is assembled in a temporary folder and renamed into place only when complete, and
    every read verifies the checksums: a killed run or a damaged file is never served.
    """

    def __init__(self, root: Path):
        self.objects = Path(root) / "objects"
        self.syntax_memo = Path(root) / "syntax-trees.json"  # keys.py's, between builds

    def load(self, key: str) -> tuple[dict[str, bytes], float] | None:
        """The entry's files and the seconds they took, or None. A damaged entry is removed, so
        that it is made again."""
        loaded = self.read_entry(self.objects / key)
        if loaded is None:
            shutil.rmtree(self.objects / key, ignore_errors=True)
        return loaded

    @staticmethod
    def read_entry(folder: Path) -> tuple[dict[str, bytes], float] | None:
        """An entry's files, each verified against its checksum, or None if anything is missing,
        damaged or of another shape than store() writes."""
        try:
            entry = json.loads((folder / "entry.json").read_text())
            digests, seconds = dict(entry["files"]), float(entry["seconds"])
        except (OSError, ValueError, TypeError, KeyError):
            return None
        files = {relative: read_verified(folder / "files" / relative, digest)
                 for relative, digest in digests.items() if isinstance(digest, str)}
        if len(files) != len(digests) or None in files.values():
            return None
        return files, seconds

    def store(self, key: str, files: dict[str, bytes], seconds: float) -> None:
        self.objects.mkdir(parents=True, exist_ok=True)
        staging = self.objects / f".{key}.{uuid.uuid4().hex}.tmp"
        for relative, data in files.items():
            target = staging / "files" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        entry = {"files": {relative: sha256(data) for relative, data in files.items()},
                 "seconds": seconds}
        (staging / "entry.json").write_text(json.dumps(entry, indent=1, sort_keys=True))
        self.place(staging, self.objects / key)

    @staticmethod
    def place(staging: Path, target: Path) -> None:
        """Rename a complete entry into place. An entry already there (from before a --force
        run, or stored meanwhile by another build of the same code) is first moved aside and
        removed: a folder cannot be renamed over one that is not empty."""
        while True:
            try:
                os.replace(staging, target)
                return
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
            aside = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
            try:
                os.replace(target, aside)
            except FileNotFoundError:
                continue  # another build moved it aside first
            shutil.rmtree(aside, ignore_errors=True)

    def sweep(self, older_than: float = STALE_STAGING_SECONDS) -> None:
        """Remove staging folders that interrupted stores left behind (never a recent one: it
        may belong to a build running now)."""
        now = time.time()
        for folder in self.objects.glob(".*"):
            try:
                if now - folder.stat().st_mtime > older_than:
                    shutil.rmtree(folder, ignore_errors=True)
            except FileNotFoundError:
                pass  # removed by another build meanwhile
