"""The command line: python -m figures_src list | build [--out DIR] [--only NAME ...] [...]

Exit status: 0 on success, 2 with a one-line reason for bad input, 1 when a figure fails (its
name and traceback are printed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from figures_src.engine import pipeline
from figures_src.engine.registry import PipelineError, discover
from figures_src.engine.runner import FigureFailed, Result


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def parser() -> argparse.ArgumentParser:
    root = OneLineParser(prog="python -m figures_src", description=__doc__.splitlines()[0])
    commands = root.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    commands.add_parser("list", help="print the name of every figure, one a line")
    build = commands.add_parser("build", help="make the figures (cached ones are reused)")
    build.add_argument("--out", type=Path, default=pipeline.OUT_DIR,
                       help=f"output folder (default {pipeline.OUT_DIR})")
    build.add_argument("--only", nargs="+", metavar="NAME", help="make only these figures")
    build.add_argument("--device", choices=("auto", "cpu", "cuda"), default="cpu",
                       help="where figures that train models run (default cpu)")
    build.add_argument("--jobs", type=positive_int, default=None,
                       help="worker processes (default: one per core)")
    build.add_argument("--force", action="store_true", help="ignore the cache and make everything")
    return root


class Progress:
    """A bar on a terminal, one plain line per figure otherwise (CI logs, MkDocs output)."""

    def __init__(self, stream=sys.stderr):
        self.done, self.stream = 0, stream
        self.bar = stream.isatty()

    def __call__(self, result: Result, total: int) -> None:
        self.done += 1
        how = "cached" if result.cached else f"made in {result.seconds:.1f} s"
        if self.bar:
            filled = round(30 * self.done / total)
            line = f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{total} {result.figure.name}"
            self.stream.write(f"{line:<80}" + ("\n" if self.done == total else ""))
        else:
            self.stream.write(f"figures [{self.done}/{total}] {result.figure.name}: {how}\n")
        self.stream.flush()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "list":
            print("\n".join(figure.name for figure in discover()))
            return 0
        manifest = pipeline.build(args.only, args.out, args.device, args.jobs, args.force,
                                  progress=Progress())
    except PipelineError as error:
        print(f"python -m figures_src: error: {error}", file=sys.stderr)
        return 2
    except FigureFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    figures = {entry["figure"] for entry in manifest["files"] if entry["figure"]}
    made = {entry["figure"] for entry in manifest["files"] if entry["figure"] and not entry["cached"]}
    print(f"done: {len(made)} made, {len(figures) - len(made)} from the cache, in {args.out}",
          file=sys.stderr)
    return 0

