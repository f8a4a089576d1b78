"""A warm starter for figure builds: a process that imports torch and matplotlib once, then forks
a fresh child for every build.

A build in a new interpreter spends about two seconds importing torch before it draws anything;
under `mkdocs serve`, which rebuilds on every save, that is most of the wait for a quick figure.
The starter imports libraries, never the figure code, and each child forgets every figures_src
module it inherited before it imports them afresh from disk: no build draws with a module as it
was before an edit.

    python -m figures_src.engine.starter

reads one JSON request a line on stdin, {"argv": [...], "env": {...}, "cwd": "...", "stdout": path
or null, "stderr": path or null}; a child runs `python -m figures_src <argv>` in that environment
and folder, writing its output to those files (to the starter's stderr where null), and the starter
answers with the child's exit status on a line of stdout. It exits when its stdin closes, that is,
when the process that started it ends. Under `mkdocs serve` one starter serves every rebuild; the
tests keep one for the command-line runs they make.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
import threading
import traceback
from pathlib import Path

from figures_src.engine.runner import WORKER_START

# What every figure build imports and takes long to: imported once, shared by every child.
LIBRARIES = ("torch", "numpy", "matplotlib.pyplot", "matplotlib.patches", "PIL.Image", "imageio.v3")


def preload() -> None:
    import matplotlib

    matplotlib.use("Agg")  # as figures_src.drawing.render does, before pyplot is imported
    for name in LIBRARIES:
        importlib.import_module(name)


def child(request: dict) -> int:
    """Run one build as `python -m figures_src` would, with the project's modules read afresh."""
    redirect_output(request["stdout"], request["stderr"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    # As for `python -m`: the folder first, then PYTHONPATH, so that a copy of the project run
    # from its own folder imports its own figures_src, not the one the starter was started in.
    pythonpath = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    sys.path[:0] = [request["cwd"], *pythonpath]
    sys.pycache_prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    for name in [name for name in sys.modules if name.split(".")[0] == "figures_src"]:
        del sys.modules[name]
    importlib.invalidate_caches()
    try:
        from figures_src.engine.cli import main

        return main(request["argv"])
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    except BaseException:  # noqa: BLE001 (a child must always answer)
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def redirect_output(stdout: str | None, stderr: str | None) -> None:
    """A child's output into the named files; where none is named, to the starter's stderr (never
    its stdout, which carries the answers)."""
    if stderr:
        os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    os.dup2(os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644) if stdout else 2, 1)


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
    """The other end: runs `python -m figures_src <argv>` through one starter process, kept while
    this process lives, where forking is safe (Linux), else in a new interpreter.
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
        (unless it runs already, or forking is not safe here).

        It imports the libraries with this process's environment, not the builds': with their
        PYTHONPYCACHEPREFIX, a new cache folder would hold no bytecode of torch and matplotlib,
        and the starter would compile them from source (about four seconds) before it answers.
        """
        if WORKER_START == "fork" and (self.process is None or self.process.poll() is not None):
            self.process = subprocess.Popen([sys.executable, "-m", "figures_src.engine.starter"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def build(self, argv: list[str], quiet: bool = False) -> int:
        """The exit status of a build in this folder and environment (its output dropped if quiet)."""
        output = os.devnull if quiet else None
        return self.run(argv, self.environment(), os.getcwd(), output, output)

    def wait(self) -> None:
        """Until no build runs."""
        with self.lock:
            pass

    def run(self, argv: list[str], env: dict[str, str], cwd: str | Path,
            stdout: str | Path | None = None, stderr: str | Path | None = None) -> int:
        """The exit status of `python -m figures_src <argv>` run in `cwd` with `env`, its output
        written to the files `stdout` and `stderr` (where None, to this process's stderr)."""
        request = {"argv": argv, "env": env, "cwd": str(cwd),
                   "stdout": stdout and str(stdout), "stderr": stderr and str(stderr)}
        with self.lock:
            status = self.through_starter(request) if WORKER_START == "fork" else None
            return status if status is not None else in_new_interpreter(request)

    def through_starter(self, request: dict) -> int | None:
        """The child's exit status, or None if the starter died (killed?), to be started afresh."""
        self.start()
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except BrokenPipeError:
            answer = ""
        if answer:
            return int(answer)
        self.process = None
        return None


def in_new_interpreter(request: dict) -> int:
    """What the starter does, done the slow way."""
    with contextlib.ExitStack() as files:
        stdout, stderr = (files.enter_context(open(request[name], "w")) if request[name] else None
                          for name in ("stdout", "stderr"))
        return subprocess.run([sys.executable, "-m", "figures_src", *request["argv"]], cwd=request["cwd"],
                              env=request["env"], stdout=stdout or stderr or sys.stderr,
                              stderr=stderr).returncode


if __name__ == "__main__":
    preload()
    try:
        serve(sys.stdin, sys.stdout)
    except KeyboardInterrupt:  # Ctrl-C in `mkdocs serve` reaches the starter too
        pass
