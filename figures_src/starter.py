"""A warm starter for figure builds: a process that imports torch and matplotlib once, then forks
a fresh child for every build.

A build in a new interpreter spends about two seconds importing torch before it draws anything;
under `mkdocs serve`, which rebuilds on every save, that is most of the wait for a quick figure.
The starter imports libraries, never the figure code, and each child forgets every figures_src
module it inherited before it imports them afresh from disk: no build draws with a module as it
was before an edit.

    python -m figures_src.starter

reads one JSON request a line on stdin, {"argv": [...], "env": {...}, "cwd": "...", "quiet": bool};
a child runs `python -m figures_src <argv>` in that environment and folder, printing to the
starter's stderr (nowhere if quiet), and the starter answers with the child's exit status on a line of stdout. It exits when
its stdin closes, that is, when the process that started it ends.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
import traceback
from pathlib import Path

from figures_src.runner import WORKER_START

# What every figure build imports and takes long to: imported once, shared by every child.
LIBRARIES = ("torch", "numpy", "matplotlib.pyplot", "matplotlib.patches", "PIL.Image")


def preload() -> None:
    import matplotlib

    matplotlib.use("Agg")  # as figures_src.render does, before pyplot is imported
    for name in LIBRARIES:
        importlib.import_module(name)


def child(request: dict) -> int:
    """Run one build as `python -m figures_src` would, with the project's modules read afresh."""
    if request.get("quiet"):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    os.dup2(2, 1)  # the build's own output goes to stderr, never into the starter's answers
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    sys.pycache_prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    for name in [name for name in sys.modules if name.split(".")[0] == "figures_src"]:
        del sys.modules[name]
    importlib.invalidate_caches()
    try:
        from figures_src.__main__ import main

        return main(request["argv"])
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    except BaseException:  # noqa: BLE001 (a child must always answer)
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def serve(requests, answers) -> None:
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            os._exit(child(request))
        _, status = os.waitpid(pid, 0)
        answers.write(f"{os.waitstatus_to_exitcode(status)}\n")
        answers.flush()


class Starter:
    """The other end: runs `python -m figures_src <argv>` for the MkDocs process, through one
    starter process kept while it lives where forking is safe (Linux), else in a new interpreter.
    """

    def __init__(self, cache: Path):
        self.cache = cache
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()  # one build at a time: builds on save and MkDocs' own

    def environment(self) -> dict[str, str]:
        # Bytecode goes to the cache, not into figures_src/, which `mkdocs serve` watches.
        return dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(self.cache, "pycache").resolve()))

    def start(self) -> None:
        """Start the starter process now, so that it imports torch while nothing waits for it
        (unless it runs already, or forking is not safe here)."""
        if WORKER_START == "fork" and (self.process is None or self.process.poll() is not None):
            self.process = subprocess.Popen([sys.executable, "-m", "figures_src.starter"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            env=self.environment(), text=True)

    def build(self, argv: list[str], quiet: bool = False) -> int:
        """The exit status of the build (its output is dropped if quiet)."""
        with self.lock:
            return self.build_now(argv, quiet)

    def wait(self) -> None:
        """Until no build runs."""
        with self.lock:
            pass

    def build_now(self, argv: list[str], quiet: bool) -> int:
        command = [sys.executable, "-m", "figures_src", *argv]
        output = subprocess.DEVNULL if quiet else None
        if WORKER_START != "fork":
            return subprocess.run(command, env=self.environment(), stdout=output, stderr=output).returncode
        self.start()
        request = {"argv": argv, "env": self.environment(), "cwd": os.getcwd(), "quiet": quiet}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except BrokenPipeError:
            answer = ""
        if answer:
            return int(answer)
        self.process = None  # the starter died (killed?): build in a new interpreter instead
        return subprocess.run(command, env=self.environment(), stdout=output, stderr=output).returncode


if __name__ == "__main__":
    preload()
    try:
        serve(sys.stdin, sys.stdout)
    except KeyboardInterrupt:  # Ctrl-C in `mkdocs serve` reaches the starter too
        pass
